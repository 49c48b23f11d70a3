/**
 * Custom rules over arrays: a helper taking a Float64Array or number[] (and numbers) whose @vjp
 * rule returns the array cotangent, or whose @jvp rule takes array tangents. Gradients, JVPs and
 * Hessians against central differences of the primal (which runs the body, so a rule that
 * disagrees with its body fails), and a deliberately wrong rule that the output must follow.
 */
import { describe, expect, it } from 'vitest';
import { numericGradientFlat } from '../../src/runtime/index.js';
import { compileAndImport } from '../util/load.js';
import { uncompiled } from '../util/uncompiled.js';

const SOURCE = `
/** Σ wᵢ·xᵢ² / s, reverse rule. @vjp wsqVjp */
function wsq(x: Float64Array, w: number[], s: number): number {
  let t = 0;
  for (let i = 0; i < x.length; i++) t += w[i] * x[i] * x[i];
  return t / s;
}
function wsqVjp(x: Float64Array, w: number[], s: number, g: number, y: number): Float64Array {
  const n = x.length;
  const out = new Float64Array(2 * n + 1);
  for (let i = 0; i < n; i++) out[i] = (g * 2 * w[i] * x[i]) / s;
  for (let i = 0; i < n; i++) out[n + i] = (g * x[i] * x[i]) / s;
  out[2 * n] = (-g * y) / s;
  return out;
}

/** log Σ exp(xᵢ) · a, forward rule with array tangents. @jvp lseJvp */
function lse(x: Float64Array, a: number): number {
  let m = -Infinity;
  for (let i = 0; i < x.length; i++) m = Math.max(m, x[i]);
  let s = 0;
  for (let i = 0; i < x.length; i++) s += Math.exp(x[i] - m);
  return a * (m + Math.log(s));
}
function lseJvp(x: Float64Array, a: number, dx: Float64Array, da: number, y: number): number {
  let t = 0;
  for (let i = 0; i < x.length; i++) t += Math.exp(x[i] - y / a) * dx[i];
  return a * t + (y / a) * da;
}

export function both(x: Float64Array, w: Float64Array, s: number): number {
  return Math.sin(wsq(x, Array.from(w), s)) + lse(x, s) * wsq(x, Array.from(w), 2);
}

/** The same lse, its rule deliberately wrong: ∂/∂xᵢ = i + 1, ∂/∂a = 0. @jvp fakeJvp */
function fakeLse(x: Float64Array, a: number): number { return lse(x, a); }
function fakeJvp(x: Float64Array, a: number, dx: Float64Array, da: number): number {
  let t = 0;
  for (let i = 0; i < x.length; i++) t += (i + 1) * dx[i];
  return t;
}
export function fake(x: Float64Array, a: number): number { return 3 * fakeLse(x, a); }
`;

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const flat = (g: (number | Float64Array)[]) => g.flatMap((x) => (typeof x === 'number' ? [x] : [...x]));
const inputs: [Float64Array, Float64Array, number][] = [
  [Float64Array.of(0.3, -1.2, 0.8), Float64Array.of(1, 2, 0.5), 1.7],
  [Float64Array.of(2, 0.1, -0.4), Float64Array.of(0.3, 1, 1.5), -0.9],
];

const SOLVER = `
/**
 * x = A⁻¹ b for a 2×2 A (row-major) by 200 Jacobi sweeps; its VJP by the implicit function
 * theorem (A x = b): λ = A⁻ᵀ x̄, Ā = −λ xᵀ, b̄ = λ. @vjp solveVjp
 */
function solve(a: Float64Array, b: Float64Array): Float64Array {
  const x = new Float64Array(2);
  for (let it = 0; it < 200; it++) {
    const x0 = (b[0] - a[1] * x[1]) / a[0];
    const x1 = (b[1] - a[2] * x[0]) / a[3];
    x[0] = x0;
    x[1] = x1;
  }
  return x;
}
function solveVjp(a: Float64Array, b: Float64Array, g: Float64Array, x: Float64Array): Float64Array {
  const det = a[0] * a[3] - a[1] * a[2];
  const l0 = (a[3] * g[0] - a[2] * g[1]) / det;
  const l1 = (-a[1] * g[0] + a[0] * g[1]) / det;
  return Float64Array.of(-l0 * x[0], -l0 * x[1], -l1 * x[0], -l1 * x[1], l0, l1);
}
export function energy(a: Float64Array, b: Float64Array, s: number): number {
  const x = solve(a, b);
  return s * x[0] * x[0] + Math.sin(x[1]) * x[0];
}

/** The same solve by a forward rule: A ẋ = ḃ − Ȧ x. @jvp solveJvp */
function solveF(a: Float64Array, b: Float64Array): Float64Array { return solve(a, b); }
function solveJvp(a: Float64Array, b: Float64Array, da: Float64Array, db: Float64Array, x: Float64Array): Float64Array {
  const r0 = db[0] - (da[0] * x[0] + da[1] * x[1]);
  const r1 = db[1] - (da[2] * x[0] + da[3] * x[1]);
  const det = a[0] * a[3] - a[1] * a[2];
  return Float64Array.of((a[3] * r0 - a[1] * r1) / det, (-a[2] * r0 + a[0] * r1) / det);
}
export function energyF(a: Float64Array, b: Float64Array, s: number): number {
  const x = solveF(a, b);
  return s * x[0] * x[0] + Math.sin(x[1]) * x[0];
}

/** The same solve with a deliberately wrong rule: ∂xₖ/∂bₖ = 10 and every other partial 0. @vjp fakeVjp */
function fakeSolve(a: Float64Array, b: Float64Array): Float64Array { return solve(a, b); }
function fakeVjp(a: Float64Array, b: Float64Array, g: Float64Array): Float64Array { return Float64Array.of(0, 0, 0, 0, 10 * g[0], 10 * g[1]); }
export function fake(a: Float64Array, b: Float64Array): number { const x = fakeSolve(a, b); return x[0] + 2 * x[1]; }
`;

describe('custom rules of helpers returning arrays', () => {
  const args: [Float64Array, Float64Array, number] = [Float64Array.of(4, 1, -0.5, 3), Float64Array.of(1.5, -2), 0.7];

  it('a solver differentiated by the implicit function theorem agrees with central differences, to second order', async () => {
    const m = await compileAndImport(SOLVER);
    const fd = numericGradientFlat(m.energy, args as never, { central: true });
    const g = flat(m.energy_grad(...args).grad);
    g.forEach((x, i) => close(x, fd[i], 1e-6));
    const t = [Float64Array.of(0.1, -0.2, 0.3, 0.05), Float64Array.of(1, -1), 0.5];
    close(m.energy_jvp(...args, ...t).tangent, flat(t as never).reduce((sum, x, i) => sum + x * g[i], 0), 1e-10);
    const h = m.energy_hessian(...args).hessian;
    for (let i = 0; i < g.length; i++) {
      const row = numericGradientFlat((...a: never[]) => flat(m.energy_grad(...a).grad)[i], args as never, { central: true });
      row.forEach((x, j) => close(h[i][j], x, 1e-5));
    }
  });

  it('a forward rule of the same solver gives the same derivatives, to second order', async () => {
    const m = await compileAndImport(SOLVER);
    const g = flat(m.energy_grad(...args).grad);
    flat(m.energyF_grad(...args).grad).forEach((x, i) => close(x, g[i], 1e-12));
    const h = m.energy_hessian(...args).hessian;
    m.energyF_hessian(...args).hessian.forEach((row: Float64Array, i: number) => row.forEach((x, j) => close(x, h[i][j], 1e-9)));
  });

  it('follows a deliberately wrong rule', async () => {
    const m = await compileAndImport(SOLVER);
    expect(flat(m.fake_grad(args[0], args[1]).grad)).toEqual([0, 0, 0, 0, 10, 20]);
    expect(m.fake_jvp(args[0], args[1], new Float64Array(4), Float64Array.of(1, 1)).tangent).toBe(30);
  });
});

describe('custom rules over arrays', () => {
  it('agree with central differences in reverse and forward mode, to second order', async () => {
    const m = await compileAndImport(SOURCE);
    for (const args of inputs) {
      const fd = numericGradientFlat(m.both, args as never, { central: true });
      const g = flat(m.both_grad(...args).grad);
      g.forEach((x, i) => close(x, fd[i], 1e-6));
      const t = [Float64Array.of(0.2, -0.5, 1), Float64Array.of(1, 0, -1), 0.7];
      const dot = flat(t as never).reduce((sum, x, i) => sum + x * g[i], 0);
      close(m.both_jvp(...args, ...t).tangent, dot, 1e-10);
      const h = m.both_hessian(...args).hessian;
      for (let i = 0; i < g.length; i++) {
        const row = numericGradientFlat((...a: never[]) => flat(m.both_grad(...a).grad)[i], args as never, { central: true });
        row.forEach((x, j) => close(h[i][j], x, 1e-5));
      }
    }
  });

  it('run as plain TypeScript with the same values', async () => {
    const m = await compileAndImport(SOURCE);
    const u = await uncompiled(SOURCE);
    for (const args of inputs) close(m.both(...args), u.both(...args), 1e-14);
  });

  it('follow a deliberately wrong array rule', async () => {
    const m = await compileAndImport(SOURCE);
    const x = Float64Array.of(0.3, -1.2, 0.8, 2);
    expect(flat(m.fake_grad(x, 1.5).grad)).toEqual([3, 6, 9, 12, 0]);
    expect(m.fake_jvp(x, 1.5, Float64Array.of(1, 1, 0, 0), 2).tangent).toBe(9);
  });
});
