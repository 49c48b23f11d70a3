// The allocating wrappers (f_grad, f_hvp, f_hessian, f_vjp) hand out results the caller owns:
// numbers, or Float64Arrays of exactly the parameter's length with a buffer of their own, that a
// later call does not overwrite (the wrappers write into reused module scratch buffers and copy
// out; see flatOut in src/codegen/wrapper.ts). Each shape of active parameters is covered:
// scalars only, one array, and mixes. Values agree with the allocation-free `_into` entry points.
import { describe, expect, it } from 'vitest';
import { compileAndImport } from '../util/load.js';

/** An array result: its own buffer, exactly `length` long. */
function owned(a: unknown, length: number): Float64Array {
  expect(a).toBeInstanceOf(Float64Array);
  const f = a as Float64Array;
  expect(f.length).toBe(length);
  expect(f.byteOffset).toBe(0);
  expect(f.buffer.byteLength).toBe(8 * length);
  return f;
}

const flat = (grad: (number | Float64Array)[]) => grad.flatMap((g) => (typeof g === 'number' ? [g] : Array.from(g)));

describe('allocating wrappers own their results', () => {
  const cases = [
    ['scalars only', 'export function f(x: number, y: number): number { return x * x * y + Math.sin(y); }', () => [1.5, 0.5], () => [0.25, -2]],
    ['one array', 'export function f(a: Float64Array): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * a[i] * a[0]; return s; }',
      () => [Float64Array.of(1, 2, 3)], () => [Float64Array.of(-1, 0.5, 4)]],
    ['scalar and array', 'export function f(a: Float64Array, y: number): number { let s = y; for (let i = 0; i < a.length; i++) s += a[i] * a[i] * y; return s; }',
      () => [Float64Array.of(1, 2), 3], () => [Float64Array.of(-1, 0.5), -2]],
    ['two arrays', 'export function f(a: Float64Array, b: Float64Array): number { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i] * b[i]; return s; }',
      () => [Float64Array.of(1, 2), Float64Array.of(3, 4)], () => [Float64Array.of(5, 6), Float64Array.of(-7, 8)]],
  ] as const;

  it.each(cases)('%s: f_grad, f_hvp, f_hessian', async (_, src, args1, args2) => {
    const m = await compileAndImport(src);
    const n = flat(args1() as unknown as (number | Float64Array)[]).length;
    const shapes = (args1() as readonly (number | Float64Array)[]).map((a) => (typeof a === 'number' ? -1 : a.length));
    const check = (grad: unknown[]) => grad.forEach((g, k) => (shapes[k] < 0 ? expect(typeof g).toBe('number') : owned(g, shapes[k])));

    const g1 = m.f_grad(...args1());
    const h1 = m.f_hessian(...args1());
    const v = (args1() as readonly (number | Float64Array)[]).map((a) => (typeof a === 'number' ? 1 : Float64Array.from(a, () => 1)));
    const hv1 = m.f_hvp(...args1(), ...v);
    const saved = { g: flat(g1.grad), h: h1.hessian.map((r: Float64Array) => Array.from(r)), hg: flat(h1.grad), hv: flat(hv1.hvp), hvg: flat(hv1.grad) };
    // Later calls on other inputs must not change what the caller already holds.
    m.f_grad(...args2());
    m.f_hessian(...args2());
    m.f_hvp(...args2(), ...v);
    expect(flat(g1.grad)).toEqual(saved.g);
    expect(h1.hessian.map((r: Float64Array) => Array.from(r))).toEqual(saved.h);
    expect(flat(h1.grad)).toEqual(saved.hg);
    expect(flat(hv1.hvp)).toEqual(saved.hv);
    expect(flat(hv1.grad)).toEqual(saved.hvg);
    check(g1.grad);
    check(h1.grad);
    check(hv1.grad);
    check(hv1.hvp);
    expect(h1.hessian).toHaveLength(n);
    h1.hessian.forEach((r: unknown) => owned(r, n));

    const out = new Float64Array(n);
    expect(m.f_grad_into(...args1(), out)).toBe(g1.value);
    expect(Array.from(out)).toEqual(saved.g);
    const hOut = new Float64Array(n * n);
    m.f_hessian_into(...args1(), new Float64Array(n), hOut);
    expect(saved.h.flat()).toEqual(Array.from(hOut));
    expect(saved.hv).toEqual(saved.h.map((r: number[]) => r.reduce((s, x) => s + x, 0)).map((x: number) => expect.closeTo(x, 12)));
  });

  it('f_vjp of a vector function (scalar and array)', async () => {
    const m = await compileAndImport('export function f(a: Float64Array, y: number): number[] { return [a[0] * y, a[1] * a[0]]; }');
    const r1 = m.f_vjp(Float64Array.of(2, 3), 5, Float64Array.of(1, 1));
    m.f_vjp(Float64Array.of(7, 11), 13, Float64Array.of(1, 1));
    expect(Array.from(owned(r1.grad[0], 2))).toEqual([5 + 3, 2]);
    expect(r1.grad[1]).toBe(2);
  });
});

describe('f_hessian by HVP columns on arrays the function writes', () => {
  it('a passive array read then written: every column sees the caller\'s array, left as one primal run leaves it', async () => {
    const m = await compileAndImport(`/** @wrt x, y */
export function f(x: number, y: number, a: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) { a[i] = a[i] + x * y; s += a[i] * a[i]; }
  return s;
}`);
    const called = Float64Array.of(1, 2);
    const r = m.f_hessian(0.5, 3, called);
    // s = Σ (aᵢ + xy)² over 2 entries: ∂²/∂x² = Σ 2y² = 36, ∂²/∂y² = Σ 2x² = 1, ∂²/∂x∂y = Σ (4xy + 2aᵢ) = 18.
    expect(r.hessian.map((row: Float64Array) => Array.from(row))).toEqual([[36, 18], [18, 1]]);
    const primal = Float64Array.of(1, 2);
    expect(r.value).toBe(m.f(0.5, 3, primal));
    expect(Array.from(called)).toEqual(Array.from(primal));
  });

  it('an empty active array: the value is the primal\'s and the array is as the primal leaves it', async () => {
    const m = await compileAndImport('export function f(a: Float64Array): number { let s = 1; for (let i = 0; i < a.length; i++) { a[i] = a[i] * 2; s += a[i]; } return s; }');
    expect(m.f_hessian(new Float64Array(0))).toMatchObject({ value: 1, hessian: [] });
    const called = Float64Array.of(3);
    expect(m.f_hessian(called).value).toBe(7);
    expect(Array.from(called)).toEqual([6]);
  });
});

describe('f_jacobian on arrays the function writes', () => {
  // f = [a₀ + xy, (a₁ + xy)·x] with a = (1, 1) written to a + xy; at x = 2, y = 3.
  const body = 'for (let i = 0; i < a.length; i++) a[i] = a[i] + x * y;';
  it.each([
    ['by JVPs (n ≤ m)', `return [a[0], a[1] * x];`, [[3, 2], [13, 4]]],
    ['by VJPs (m < n)', `return [a[1] * x];`, [[13, 4]]],
  ])('%s: every run sees the caller\'s array, left as one primal run leaves it', async (_, ret, expected) => {
    const m = await compileAndImport(`export function f(x: number, y: number, a: Float64Array): number[] { ${body} ${ret} }`, { wrt: ['x', 'y'] });
    const called = Float64Array.of(1, 1);
    const r = m.f_jacobian(2, 3, called);
    expect(r.jacobian.map((row: Float64Array) => Array.from(row))).toEqual(expected);
    const primal = Float64Array.of(1, 1);
    expect(Array.from(r.value)).toEqual(m.f(2, 3, primal));
    expect(Array.from(called)).toEqual(Array.from(primal));
  });
});
