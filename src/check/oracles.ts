/**
 * The comparisons `adgen check` makes for one function at one point, as JAX's check_grads and
 * PyTorch's gradcheck do: every derivative entry point against central differences of the
 * compiled primal (which runs the source's bodies, so a wrong custom rule disagrees), JVPs
 * against VJPs by the dot-product test ⟨J t, u⟩ = ⟨t, Jᵀu⟩, HVPs against central differences of
 * the compiled gradient, Hessians for symmetry and against the HVP, and each allocation-free
 * `_into` variant against its allocating twin. Each comparison gives a relative error,
 * |a − b| / max(1, |a|, |b|), the largest over its entries.
 */
import { numericGradientFlat, numericJacobianFlat } from '../runtime/index.js';
import type { ExportSummary } from '../compile.js';
import type { Arg } from './points.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Module = Record<string, (...args: any[]) => any>;

/** One comparison: `entry` against `oracle`, its relative error, and whether it is exact by construction. */
export interface Measure {
  entry: string;
  oracle: string;
  error: number;
  /** Numerical oracles (finite differences) get the loose tolerance; identities the tight one. */
  numerical: boolean;
}

export const relError = (a: number, b: number): number => (Object.is(a, b) ? 0 : Number.isNaN(a) || Number.isNaN(b) ? Infinity : Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b)));

const flat = (g: unknown): number[] => (typeof g === 'number' ? [g] : Array.isArray(g) ? g.flatMap(flat) : Array.from(g as ArrayLike<number>));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
const copy = (args: Arg[]): Arg[] => args.map((a) => (typeof a === 'number' ? a : a.slice()));

function maxError(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) return Infinity;
  let e = 0;
  for (let i = 0; i < a.length; i++) e = Math.max(e, relError(a[i], b[i]));
  return e;
}

/** A flat vector split per active parameter, shaped like it; `base + s·t` per parameter with `s`. */
function shaped(exp: ExportSummary, args: Arg[], t: ArrayLike<number>, s?: number): Arg[] {
  let k = 0;
  return exp.params.flatMap((p, i): Arg[] => {
    const a = args[i];
    if (!p.active) return s === undefined ? [] : [typeof a === 'number' ? a : a.slice()];
    if (typeof a === 'number') return [s === undefined ? t[k++] : a + s * t[k++]];
    const part = Float64Array.from(a, (x, j) => (s === undefined ? t[k + j] : x + s * t[k + j]));
    k += a.length;
    return [part];
  });
}

export function activeSize(exp: ExportSummary, args: Arg[]): number {
  return exp.params.reduce((n, p, i) => n + (p.active ? (typeof args[i] === 'number' ? 1 : (args[i] as ArrayLike<number>).length) : 0), 0);
}

const direction = (n: number, random: () => number) => Float64Array.from({ length: n }, () => random() * 2 - 1);

export function measureScalar(exp: ExportSummary, mod: Module, args: Arg[], random: () => number): Measure[] {
  const f = exp.name;
  const has = (e: string) => exp.entryPoints.includes(e);
  const out: Measure[] = [];
  const m = (entry: string, oracle: string, error: number, numerical = false) => has(entry) && out.push({ entry, oracle, error, numerical });
  const n = activeSize(exp, args);
  const wrt = exp.params.flatMap((p, i) => (p.active ? [i] : []));
  const fd = numericGradientFlat(mod[f], copy(args) as never, { wrt });
  const t = direction(n, random);
  const grad = has(`${f}_grad`) ? flat(mod[`${f}_grad`](...copy(args)).grad) : undefined;
  if (grad) m(`${f}_grad`, 'central differences', maxError(grad, fd), true);
  if (grad && has(`${f}_grad_into`)) {
    const o = new Float64Array(n);
    mod[`${f}_grad_into`](...copy(args), o);
    m(`${f}_grad_into`, `${f}_grad`, maxError(o, grad));
  }
  if (has(`${f}_jvp`)) {
    const tangent = mod[`${f}_jvp`](...copy(args), ...shaped(exp, args, t)).tangent as number;
    m(`${f}_jvp`, 'central differences', relError(tangent, dot(fd, t)), true);
    if (grad) m(`${f}_jvp`, `dot-product test with ${f}_grad`, relError(tangent, dot(grad, t)));
    if (has(`${f}_jvp_tangent`)) m(`${f}_jvp_tangent`, `${f}_jvp`, relError(mod[`${f}_jvp_tangent`](...copy(args), ...shaped(exp, args, t)), tangent));
  }
  if (has(`${f}_hvp`) && grad) out.push(...measureHvp(exp, mod, args, t, n));
  if (has(`${f}_hessian`)) out.push(...measureHessian(exp, mod, args, t, n));
  return out;
}

/** H·v against central differences of the compiled gradient along v. */
function measureHvp(exp: ExportSummary, mod: Module, args: Arg[], v: Float64Array, n: number): Measure[] {
  const f = exp.name;
  const out: Measure[] = [];
  const hvp = flat(mod[`${f}_hvp`](...copy(args), ...shaped(exp, args, v)).hvp);
  const scale = Math.max(1, ...args.flatMap((a) => (typeof a === 'number' ? [Math.abs(a)] : Array.from(a, Math.abs))));
  const eps = 1e-5 * scale;
  const gp = flat(mod[`${f}_grad`](...shaped(exp, args, v, eps)).grad);
  const gm = flat(mod[`${f}_grad`](...shaped(exp, args, v, -eps)).grad);
  out.push({ entry: `${f}_hvp`, oracle: `central differences of ${f}_grad`, error: maxError(hvp, gp.map((g, i) => (g - gm[i]) / (2 * eps))), numerical: true });
  if (exp.entryPoints.includes(`${f}_hvp_into`)) {
    const g = new Float64Array(n);
    const h = new Float64Array(n);
    mod[`${f}_hvp_into`](...copy(args), ...shaped(exp, args, v), g, h);
    out.push({ entry: `${f}_hvp_into`, oracle: `${f}_hvp`, error: maxError(h, hvp), numerical: false });
  }
  return out;
}

/** The Hessian: exactly symmetric, H·v equal to the HVP (or to differences of the gradient). */
function measureHessian(exp: ExportSummary, mod: Module, args: Arg[], v: Float64Array, n: number): Measure[] {
  const f = exp.name;
  const rows = (mod[`${f}_hessian`](...copy(args)).hessian as Float64Array[]).map((r) => Array.from(r));
  const transposed = rows.map((r, i) => r.map((_, j) => rows[j]?.[i] ?? NaN));
  const out: Measure[] = [{ entry: `${f}_hessian`, oracle: 'symmetry', error: maxError(rows.flat(), transposed.flat()), numerical: false }];
  const hv = rows.map((r) => dot(r, v));
  if (exp.entryPoints.includes(`${f}_hvp`)) {
    out.push({ entry: `${f}_hessian`, oracle: `${f}_hvp`, error: maxError(hv, flat(mod[`${f}_hvp`](...copy(args), ...shaped(exp, args, v)).hvp)), numerical: false });
  }
  if (exp.entryPoints.includes(`${f}_hessian_into`)) {
    const g = new Float64Array(n);
    const h = new Float64Array(n * n);
    mod[`${f}_hessian_into`](...copy(args), g, h);
    out.push({ entry: `${f}_hessian_into`, oracle: `${f}_hessian`, error: maxError(h, rows.flat()), numerical: false });
  }
  return out;
}

export function measureVector(exp: ExportSummary, mod: Module, args: Arg[], random: () => number): Measure[] {
  const f = exp.name;
  const has = (e: string) => exp.entryPoints.includes(e);
  const out: Measure[] = [];
  const m = (entry: string, oracle: string, error: number, numerical = false) => has(entry) && out.push({ entry, oracle, error, numerical });
  const n = activeSize(exp, args);
  const wrt = exp.params.flatMap((p, i) => (p.active ? [i] : []));
  const fd = numericJacobianFlat(mod[f], copy(args) as never, { wrt }).map((r) => Array.from(r));
  const t = direction(n, random);
  const u = direction(fd.length, random);
  const fdJt = fd.map((r) => dot(r, t));
  if (has(`${f}_jacobian`)) m(`${f}_jacobian`, 'central differences', maxError((mod[`${f}_jacobian`](...copy(args)).jacobian as Float64Array[]).flatMap((r) => Array.from(r)), fd.flat()), true);
  const jvp = has(`${f}_jvp`) ? Array.from(mod[`${f}_jvp`](...copy(args), ...shaped(exp, args, t)).tangent as Float64Array) : undefined;
  if (jvp) m(`${f}_jvp`, 'central differences', maxError(jvp, fdJt), true);
  if (has(`${f}_vjp`)) {
    const vjp = flat(mod[`${f}_vjp`](...copy(args), Float64Array.from(u)).grad);
    const uJ = fd[0] ? fd[0].map((_, j) => fd.reduce((s, r, i) => s + u[i] * r[j], 0)) : [];
    m(`${f}_vjp`, 'central differences', maxError(vjp, uJ), true);
    if (jvp) m(`${f}_vjp`, `dot-product test with ${f}_jvp`, relError(dot(jvp, u), dot(vjp, t)));
    if (has(`${f}_vjp_into`)) {
      const o = new Float64Array(n);
      mod[`${f}_vjp_into`](...copy(args), Float64Array.from(u), o);
      m(`${f}_vjp_into`, `${f}_vjp`, maxError(o, vjp));
    }
  }
  return out;
}
