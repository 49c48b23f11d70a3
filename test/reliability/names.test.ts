/**
 * Source names can never collide with generated ones: parameters, locals and helpers named like
 * the compiler's temporaries (t, t_1, _t1, $), its derivative names (x_bar, x_dot, dx, grad,
 * value, tangent, hessian, tape), Math function names (sin, exp), the module's own entry points
 * (a parameter named f_grad) and unicode identifiers. Each module is compiled, imported and
 * checked against the source run as JavaScript and against central differences.
 */
import { describe, expect, it } from 'vitest';
import { numericGradientFlat } from '../../src/runtime/index.js';
import { compileOrThrow, importJs } from '../util/load.js';
import { assertNoDynamicCode } from './programs.js';

const cases: [string, string, number[]][] = [
  ['temporaries', `export function f(t: number, t_1: number, _t1: number, $: number): number {
  const t_2 = t * t_1;
  let t_3 = t_2 + _t1 * $;
  for (let i = 0; i < 2; i++) t_3 = t_3 * Math.sin(t_2 + $);
  return t_3 + t_1 * $;
}`, [0.3, -0.7, 1.1, 0.4]],
  ['derivative names', `export function f(x: number, x_bar: number, x_dot: number, dx: number): number {
  const grad = x * x_bar;
  const value = grad + x_dot * dx;
  let tangent = value * x;
  const hessian = tangent - dx;
  const tape = hessian * x_dot;
  const seed = tape + 1;
  const gradOut = seed * x;
  tangent = gradOut * tangent;
  return tangent + value;
}`, [0.5, 1.5, -0.5, 2]],
  ['Math-like and module-like names', `function sin(exp: number): number {
  return Math.sin(exp) * 2;
}
export function f(sin_: number, exp: number, f_grad: number, f_hvp: number): number {
  const cos = Math.cos(exp);
  const sqrt = sin(sin_) * f_grad;
  return sqrt + cos * f_hvp + Math.exp(exp);
}`, [0.2, 0.3, 0.4, 0.5]],
  ['array names', `export function f(out: Float64Array, gradOut: Float64Array, n: number): number {
  let s = 0;
  const last = out.length - 1;
  for (let i = 0; i < out.length; i++) {
    const k = i;
    s += out[k] * gradOut[last - k] * n;
  }
  return s;
}`, [0.7]],
  ['unicode', `export function f(π: number, αβ: number, ñ: number): number {
  const σ = π * αβ;
  let Δ = 0;
  for (let i = 0; i < 3; i++) Δ += Math.sin(σ + i) * ñ;
  return Δ + αβ ** 2;
}`, [0.1, 0.9, -1.2]],
  ['names of generated functions as helpers', `function f_jvp(a: number): number {
  return a * a;
}
function f_hessian_into(a: number, b: number): number {
  return a - b;
}
export function f(x: number, y: number): number {
  return f_jvp(x) + f_hessian_into(y, x) * y;
}`, [0.6, -0.4]],
];

describe('names', () => {
  it.each(cases)('%s: compiles, imports, agrees with the source and with finite differences', async (_, src, scalars) => {
    const arrays = src.includes('Float64Array');
    const args = arrays ? [Float64Array.of(0.3, -0.2, 0.5), Float64Array.of(1.5, 0.1, -0.7), ...scalars] : scalars;
    const { js, dts } = compileOrThrow(src);
    assertNoDynamicCode(js);
    expect(dts).toContain('export declare function f(');
    const m = await importJs(js);
    const plain = src.replace(/: (number|Float64Array)/g, '').replace(/^export /gm, '');
    // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source as JavaScript, the oracle
    const ref = new Function(`${plain}\nreturn f;`)() as (...a: unknown[]) => number;
    const copy = () => args.map((a) => (typeof a === 'number' ? a : Float64Array.from(a)));
    expect(m.f(...copy())).toBe(ref(...copy()));
    const { value, grad } = m.f_grad(...copy());
    expect(value).toBe(ref(...copy()));
    const flat = (grad as (number | Float64Array)[]).flatMap((g) => (typeof g === 'number' ? [g] : Array.from(g)));
    const fd = numericGradientFlat(ref, copy());
    flat.forEach((g, i) => expect(g).toBeCloseTo(fd[i], 6));
    const n = flat.length;
    const v = Array.from({ length: n }, (_, i) => (i % 3) - 0.5);
    const H = m.f_hessian(...copy()).hessian as Float64Array[];
    const dirs: (number | Float64Array)[] = [];
    let k = 0;
    for (const a of args) {
      if (typeof a === 'number') dirs.push(v[k++]);
      else dirs.push(Float64Array.from(v.slice(k, (k += a.length))));
    }
    const hv = (m.f_hvp(...copy(), ...dirs).hvp as (number | Float64Array)[]).flatMap((x) => (typeof x === 'number' ? [x] : Array.from(x)));
    H.forEach((row, i) => expect(hv[i]).toBeCloseTo(row.reduce((s, h, j) => s + h * v[j], 0), 9));
  });
});
