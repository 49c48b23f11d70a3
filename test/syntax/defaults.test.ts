/**
 * Default and optional parameters of exported functions: every entry point takes the argument
 * left out, the default (constant, or computed from earlier parameters) holds in the derivative
 * code too, and the .d.ts marks the parameter optional.
 */
import { describe, expect, it } from 'vitest';
import { numericGradientFlat } from '../../src/runtime/index.js';
import { compileOrThrow, importJs } from '../util/load.js';
import { checkCase, errorsOf, transpile, vec, viaCli, type Case } from './harness.js';

const cases: Case[] = [
  {
    name: 'constant default, given and left out',
    src: `export function power(x: number, k = 2): number { return Math.abs(x) ** k + k * x; }`,
    args: (r) => (r() < 0.5 ? [0.5 + r(), undefined] : [0.5 + r(), 1 + r()]),
    wrt: ['x'],
  },
  {
    name: 'constant default, given, differentiated',
    src: `export function power(x: number, k = 2): number { return Math.abs(x) ** k + k * x; }`,
    args: (r) => [0.5 + r(), 1 + r()],
  },
  {
    name: 'optional parameter read with ??',
    src: `export function scaled(x: number, k?: number): number { return Math.sin(x) * (k ?? 3) + (k === undefined ? x : x * x); }`,
    args: (r) => (r() < 0.5 ? [r(), undefined] : [r(), 1 + r()]),
    wrt: ['x'],
  },
  {
    name: 'default computed from an earlier parameter',
    src: `export function f(x: number, y = x * x, z = y + 1): number { return Math.exp(0.3 * x) * y + z * z; }`,
    args: (r) => [r(), r() < 0.5 ? undefined : r(), r() < 0.5 ? undefined : r()],
    wrt: ['x'],
  },
  {
    name: 'default count on an array function',
    src: `export function head(xs: Float64Array, n = xs.length - 1, w = 2): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += w * xs[i] * xs[i + 1];
  return s;
}`,
    args: (r) => [vec(r, 5), r() < 0.5 ? undefined : 3, undefined],
    wrt: ['xs'],
  },
  {
    name: 'vector-valued with a default',
    src: `export function grow(x: number[], rate = 0.5): number[] { return x.map((v) => v * Math.exp(rate * v)); }`,
    args: (r) => [vec(r, 3), r() < 0.5 ? undefined : r()],
    wrt: ['x'],
  },
];

describe.each(cases)('$name', (cs) => {
  it('primal and derivatives agree with the source and the oracles', async () => checkCase(cs));
});

describe('left-out arguments', () => {
  const src = `export function f(x: number, y = x * x): number { return Math.sin(x) * y; }`;
  it('a default computed from a differentiated parameter carries its derivative', async () => {
    const mod = await importJs(compileOrThrow(src).js);
    const original = await importJs(transpile(src));
    const x = 0.7;
    const { value, grad } = mod.f_grad(x);
    expect(value).toBe(original.f(x));
    // d/dx sin(x)·x² through the default; y, left out, has gradient 0.
    const fd = numericGradientFlat((t: number) => original.f(t), [x]);
    expect(grad[0]).toBeCloseTo(fd[0], 6);
    expect(grad[0]).toBeCloseTo(Math.cos(x) * x * x + 2 * x * Math.sin(x), 12);
    expect(grad[1]).toBe(0);
    expect(mod.f_jvp(x, undefined, 1, 5).tangent).toBeCloseTo(grad[0], 12);
    const h = mod.f_hessian(x).hessian;
    const d2 = -Math.sin(x) * x * x + 4 * x * Math.cos(x) + 2 * Math.sin(x);
    expect(h[0][0]).toBeCloseTo(d2, 10);
    expect(mod.f_hvp(x, undefined, 1, 0).hvp[0]).toBeCloseTo(d2, 10);
    // Given explicitly, y is its own input again.
    expect(mod.f_grad(x, 2).grad[1]).toBeCloseTo(Math.sin(x), 14);
  });

  it('through the CLI: the .d.ts marks left-out parameters optional', async () => {
    const { js, dts, stderr } = viaCli(`export function g(x: number, k = 2, s?: number): number { return x ** k * (s ?? 1); }\n`);
    expect(stderr).toBe('');
    expect(dts).toContain('export declare function g(x: number, k?: number, s?: number): number;');
    expect(dts).toContain('g_grad(x: number, k?: number, s?: number)');
    expect(dts).toContain('g_jvp(x: number, k: number | undefined, s: number | undefined, x_dot: number');
    const mod = await importJs(js);
    expect(mod.g(3)).toBe(9);
    expect(mod.g_grad(3).grad[0]).toBe(6);
    expect(mod.g_grad(3, 3, 2).grad[0]).toBe(54);
  });
});

describe('what stays refused', () => {
  it('an array parameter with a default is a located error', () => {
    expect(errorsOf(`export function f(x: number, w: number[] = [1, 2]): number { return x * w[0]; }`)).toEqual([
      'bad.ts:1:30: error: parameter w of the exported function f has a default but is not a number: only number parameters of exported functions may be left out',
    ]);
  });
  it('typeof of an optional parameter points at === undefined', () => {
    const [e] = errorsOf(`export function f(x: number, k?: number): number { return typeof k === 'number' ? x * k : x; }`);
    expect(e).toMatch(/^bad\.ts:1:59: error: typeof of the optional parameter k: test k === undefined instead/);
  });
});
