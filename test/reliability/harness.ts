/**
 * Checks shared by the random-program tests: one generated function, one "implementation" of its
 * derivatives (the IR pipeline run by the interpreter, or the generated module), and the oracles:
 *
 *   primal      = the source run as JavaScript              (1e-12, relative to max(1, |v|))
 *   Jᵀu, J·v    = dual numbers over the primal IR            (1e-9)
 *   ⟨u, J·v⟩    = ⟨Jᵀu, v⟩ (dot-product test, forward vs reverse)
 *   J           ≈ central differences of the source JavaScript (1e-4, loose)
 *   Hessian     symmetric; H·v from f_hvp = rows of f_hessian · v; H·v ≈ differences of the gradient
 *
 * Finite differences are skipped near kinks (abs, max, branches, %, floor…): a difference taken
 * with two step sizes that disagree means the function is not smooth at that scale. Arguments are
 * cloned for every call because programs may write into their array parameters.
 */
import type { GenFunction } from '../util/progen.js';

export type Arg = number | Float64Array;
export type Out = number | ArrayLike<number>;

/** What the checks need from an implementation; everything flattened over the active scalars. */
export interface Impl {
  primal(args: Arg[]): Out;
  /** Value and uᵀJ (u has one entry per output; a scalar function gets u = [u0]). */
  vjp(args: Arg[], u: Float64Array): { value: Out; grad: Float64Array };
  /** Value and J·v. */
  jvp(args: Arg[], v: Float64Array): { value: Out; tangent: Float64Array };
  /** H·v of a scalar function (undefined for vector functions). */
  hvp?(args: Arg[], v: Float64Array): Float64Array;
  /** Dense Hessian, when the implementation offers one. */
  hessian?(args: Arg[]): Float64Array[] | undefined;
}

export const clone = (args: Arg[]): Arg[] => args.map((a) => (typeof a === 'number' ? a : Float64Array.from(a)));
export const toArray = (o: Out): number[] => (typeof o === 'number' ? [o] : Array.from(o));

/** Flatten numbers, typed arrays and arrays of them. */
export function flatten(x: unknown): number[] {
  if (typeof x === 'number') return [x];
  if (ArrayBuffer.isView(x)) return Array.from(x as Float64Array);
  if (Array.isArray(x)) return x.flatMap(flatten);
  throw new Error(`cannot flatten ${String(x)}`);
}

export function close(a: number, b: number, tol: number): boolean {
  if (Number.isNaN(a) && Number.isNaN(b)) return true;
  if (!Number.isFinite(a) || !Number.isFinite(b)) return a === b;
  return Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** (param index, element or -1) of every active scalar, in flattened order. */
export function activeSlots(gen: GenFunction, args: Arg[]): [number, number][] {
  const slots: [number, number][] = [];
  gen.params.forEach((p, i) => {
    if (!gen.wrt.includes(p.name)) return;
    const a = args[i];
    if (typeof a === 'number') slots.push([i, -1]);
    else for (let k = 0; k < a.length; k++) slots.push([i, k]);
  });
  return slots;
}

function perturb(args: Arg[], [i, k]: [number, number], h: number): Arg[] {
  const out = clone(args);
  if (k < 0) (out[i] as number) += h;
  else (out[i] as Float64Array)[k] += h;
  return out;
}

const valueAt = (args: Arg[], [i, k]: [number, number]) => (k < 0 ? (args[i] as number) : (args[i] as Float64Array)[k]);

/**
 * Central differences of a vector function along one slot, with steps h, h/4 and h/1000 (the
 * last one sees no jump of a step function even where the jumps are dense, e.g. round(g(x)) with
 * a steep g, where the larger steps measure the slope of the staircase).
 */
function centralDiffs(f: (a: Arg[]) => number[], args: Arg[], slot: [number, number], scale: number): number[][] {
  const d = (h: number) => {
    const p = f(perturb(args, slot, h));
    const m = f(perturb(args, slot, -h));
    return p.map((y, r) => (y - m[r]) / (2 * h));
  };
  const h = 1e-5 * Math.max(1, scale);
  return [d(h), d(h / 4), d(h / 1000)];
}

/** A derivative agrees with one of the finite differences, unless the first two disagree with each other (a kink). */
function fdAgrees(ad: number, fds: number[], tol: number): boolean {
  if (fds.some((fd) => close(ad, fd, tol))) return true;
  return !close(fds[0], fds[1], tol / 10); // not smooth at this scale: no verdict
}

export interface CheckContext {
  gen: GenFunction;
  /** The source function run as JavaScript. */
  js: (...args: Arg[]) => Out;
  /** Dual-number Jacobian (m × n) of the primal at args. */
  dualJacobian: (args: Arg[]) => Float64Array[];
  random: () => number;
}

/** Run every check at one random point; returns the problems found (empty when all agree). */
export function checkPoint(ctx: CheckContext, impl: Impl, args: Arg[]): string[] {
  const problems: string[] = [];
  const { gen, random } = ctx;
  const expected = toArray(ctx.js(...clone(args)));
  const got = toArray(impl.primal(clone(args)));
  if (got.length !== expected.length || got.some((g, i) => !close(g, expected[i], 1e-12))) {
    problems.push(`primal ${got} vs source ${expected}`);
    return problems;
  }
  if (expected.some((y) => !Number.isFinite(y) || Math.abs(y) > 1e6)) return problems; // values out of a sane range: no derivative checks
  const J = ctx.dualJacobian(clone(args));
  const m = expected.length;
  const n = activeSlots(gen, args).length;
  if (J.some((row) => row.some((x) => !Number.isFinite(x) || Math.abs(x) > 1e8))) return problems;
  // Reverse mode against the duals.
  const u = Float64Array.from({ length: m }, () => random() * 2 - 1);
  const { value, grad } = impl.vjp(clone(args), u);
  if (toArray(value).some((y, i) => !close(y, expected[i], 1e-12))) problems.push(`vjp value ${toArray(value)} vs ${expected}`);
  for (let j = 0; j < n; j++) {
    let want = 0;
    for (let i = 0; i < m; i++) want += u[i] * J[i][j];
    if (!close(grad[j], want, 1e-9)) problems.push(`grad[${j}] ${grad[j]} vs dual ${want}`);
  }
  // Forward mode against the duals, and the dot-product test.
  const v = Float64Array.from({ length: n }, () => random() * 2 - 1);
  const { tangent } = impl.jvp(clone(args), v);
  for (let i = 0; i < m; i++) {
    const want = dot(J[i], v);
    if (!close(tangent[i], want, 1e-9)) problems.push(`jvp[${i}] ${tangent[i]} vs dual ${want}`);
  }
  const lhs = dot(u, tangent);
  const rhs = dot(grad, v);
  const scale = Math.max(1, Math.abs(lhs), Math.abs(rhs), ...Array.from(grad, Math.abs));
  if (Math.abs(lhs - rhs) > 1e-9 * scale) problems.push(`dot-product test ⟨u, Jv⟩ = ${lhs} vs ⟨Jᵀu, v⟩ = ${rhs}`);
  problems.push(...checkDifferences(ctx, args, J));
  if (gen.output === 'scalar' && impl.hvp) problems.push(...checkSecondOrder(ctx, impl, args, n));
  return problems;
}

/** The Jacobian against central differences of the source JavaScript. */
function checkDifferences(ctx: CheckContext, args: Arg[], J: Float64Array[]): string[] {
  const problems: string[] = [];
  const f = (a: Arg[]) => toArray(ctx.js(...a));
  activeSlots(ctx.gen, args).forEach((slot, j) => {
    const fds = centralDiffs(f, args, slot, Math.abs(valueAt(args, slot)));
    J.forEach((row, i) => {
      const col = fds.map((fd) => fd[i]);
      if (!fdAgrees(row[j], col, 1e-4)) problems.push(`J[${i}][${j}] ${row[j]} vs finite differences ${col.join(', ')}`);
    });
  });
  return problems;
}

/** Hessian symmetry, f_hvp = f_hessian·v, and H·v against differences of the gradient. */
function checkSecondOrder(ctx: CheckContext, impl: Impl, args: Arg[], n: number): string[] {
  const problems: string[] = [];
  const v = Float64Array.from({ length: n }, () => ctx.random() * 2 - 1);
  const hv = impl.hvp!(clone(args), v);
  const H = impl.hessian?.(clone(args));
  if (H) {
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) if (H[i][j] !== H[j][i] && !(Number.isNaN(H[i][j]) && Number.isNaN(H[j][i]))) problems.push(`hessian not symmetric at ${i},${j}: ${H[i][j]} vs ${H[j][i]}`);
      const want = dot(H[i], v);
      if (!close(hv[i], want, 1e-8)) problems.push(`hvp[${i}] ${hv[i]} vs hessian·v ${want}`);
    }
  }
  // H·v ≈ (∇f(x + hv) − ∇f(x − hv)) / 2h, along the direction v (a scalar step in "slot" space).
  const grad = (t: number) => {
    const moved = clone(args);
    activeSlots(ctx.gen, args).forEach(([i, k], j) => {
      if (k < 0) (moved[i] as number) += t * v[j];
      else (moved[i] as Float64Array)[k] += t * v[j];
    });
    return Array.from(impl.vjp(moved, Float64Array.of(1)).grad);
  };
  const d = (h: number) => {
    const p = grad(h);
    const m = grad(-h);
    return p.map((y, r) => (y - m[r]) / (2 * h));
  };
  const fds = [d(1e-5), d(2.5e-6), d(1e-8)];
  for (let i = 0; i < n; i++) {
    const col = fds.map((fd) => fd[i]);
    if (!fdAgrees(hv[i], col, 1e-4)) problems.push(`hvp[${i}] ${hv[i]} vs differences of the gradient ${col.join(', ')}`);
  }
  return problems;
}
