// A vector-valued primal returns what the source returns (src/codegen/primal-return.ts): a plain
// array for tuples and number[] (declared, or an unannotated array literal), a Float32Array when
// declared so, the caller's own array when the source returns a parameter, a Float64Array
// otherwise. The derivative entry points keep Float64Array values. The .d.ts states the same.
import { describe, expect, it } from 'vitest';
import { compileOrThrow, importJs } from '../util/load.js';

const cases: [string, string, (r: unknown) => void][] = [
  ['a tuple', 'export function f(x: number, y: number): [number, number, number] { return [x * y, x + y, x]; }', (r) => {
    expect(Array.isArray(r)).toBe(true);
    expect(r).toEqual([6, 5, 2]);
  }],
  ['a tuple of a run-time length (Array.from)', 'export function f(x: number, y: number): [number, number, number] { const o = new Float64Array(3 + 0 * x); o[0] = x * y; o[1] = x + y; o[2] = x; return o; }', (r) => {
    expect(r).toEqual([6, 5, 2]);
  }],
  ['number[]', 'export function f(x: number, y: number): number[] { return [x * y, x + y, x]; }', (r) => expect(r).toEqual([6, 5, 2])],
  ['an unannotated literal', 'export function f(x: number, y: number) { return [x * y, x + y, x]; }', (r) => expect(r).toEqual([6, 5, 2])],
  ['Float64Array', 'export function f(x: number, y: number): Float64Array { return Float64Array.of(x * y, x + y, x); }', (r) => {
    expect(r).toBeInstanceOf(Float64Array);
    expect(Array.from(r as Float64Array)).toEqual([6, 5, 2]);
  }],
  ['Float32Array', 'export function f(x: number, y: number): Float32Array { const o = new Float32Array(3); o[0] = x * y; o[1] = x + y; o[2] = x; return o; }', (r) => {
    expect(r).toBeInstanceOf(Float32Array);
    expect(Array.from(r as Float32Array)).toEqual([6, 5, 2]);
  }],
];

describe('vector-valued primal: the value has the declared type', () => {
  it.each(cases)('%s', async (_, src, check) => {
    const { js, dts } = compileOrThrow(src);
    const m = await importJs(js);
    check(m.f(2, 3));
    const jac = m.f_jacobian(2, 3);
    expect(jac.value).toBeInstanceOf(Float64Array);
    expect(Array.from(jac.value)).toEqual([6, 5, 2]);
    expect(m.f_jvp(2, 3, 1, 0).value).toBeInstanceOf(Float64Array);
    expect(m.f_vjp(2, 3, Float64Array.of(1, 0, 0)).value).toBeInstanceOf(Float64Array);
    const declared = /^export declare function f\(.*\): (.*);$/m.exec(dts)?.[1];
    expect(declared).toBe(/\)(?::\s*([^{]+?))?\s*\{/.exec(src)?.[1] ?? 'number[]');
  });

  it('a returned parameter is the caller\'s own array', async () => {
    const m = await importJs(compileOrThrow('export function f(a: number[], y: number): number[] { a[0] = a[0] * y; return a; }').js);
    const a = [2, 3];
    expect(m.f(a, 5)).toBe(a);
    expect(a).toEqual([10, 3]);
  });
});
