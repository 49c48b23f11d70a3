/**
 * Derivatives by finite differences: the notebook's `gradients()` and its Hessian `d2f`, plus
 * Jacobians and "flat" versions for functions of arrays, used as oracles for compiled code.
 *
 * `numericGradient`, `numericJacobian` and `numericHessian` take a function of numbers. By default
 * they use the notebook's forward differences (f(x + ε·eᵢ) − f(x)) / ε with ε = 1e-4, computed in
 * exactly the notebook's order so they reproduce its printed digits; `{ central: true }` uses
 * (f(x + ε·eᵢ) − f(x − ε·eᵢ)) / 2ε instead (error O(ε²) instead of O(ε)).
 *
 * `numericGradientFlat` / `numericJacobianFlat` take a function of mixed arguments (numbers,
 * `number[]`, `Float64Array`) and perturb every scalar of the differentiated arguments, flattened
 * in parameter order. They default to central differences with a step scaled to the input,
 * h = eps·max(1, |x|), eps = 1e-6, divided by the step actually taken ((x + h) − (x − h)).
 * Each evaluation gets fresh copies of the arrays, so f may mutate its arguments.
 */

export interface DifferenceOptions {
  /** Central differences instead of the notebook's forward differences (default false). */
  central?: boolean;
}

type ScalarFn = (...xs: number[]) => number;
type VectorFn = (...xs: number[]) => ArrayLike<number>;

/** f at xs with xs[i] moved by h. */
function at<R>(f: (...xs: number[]) => R, xs: readonly number[], i: number, h: number): R {
  const tweaked = xs.slice();
  tweaked[i] += h;
  return f(...tweaked);
}

/** ∂f/∂xᵢ for every i; `numericGradient((x, y) => x*x*y + y + 2, [3, 4])` is the notebook's Out[8]. */
export function numericGradient(
  f: ScalarFn,
  xs: readonly number[],
  eps = 1e-4,
  { central = false }: DifferenceOptions = {},
): number[] {
  if (central) return xs.map((_, i) => (at(f, xs, i, eps) - at(f, xs, i, -eps)) / (2 * eps));
  const base = f(...xs);
  return xs.map((_, i) => (at(f, xs, i, eps) - base) / eps);
}

/** J[i][j] = ∂fᵢ/∂xⱼ for f returning an array (rows are outputs). */
export function numericJacobian(
  f: VectorFn,
  xs: readonly number[],
  eps = 1e-4,
  { central = false }: DifferenceOptions = {},
): number[][] {
  const base = central ? [] : Array.from(f(...xs));
  const columns = xs.map((_, j) => {
    const plus = Array.from(at(f, xs, j, eps));
    const minus = central ? Array.from(at(f, xs, j, -eps)) : base;
    return plus.map((p, i) => (central ? (p - minus[i]) / (2 * eps) : (p - minus[i]) / eps));
  });
  const m = columns[0]?.length ?? f(...xs).length;
  return Array.from({ length: m }, (_, i) => columns.map((col) => col[i]));
}

/**
 * The Hessian as the notebook's `d2f`: row i is the numeric gradient of x ↦ numericGradient(f, x)[i]
 * (a difference of differences, n·(n+1)² evaluations of f). Reproduces Out[11] digit for digit.
 */
export function numericHessian(
  f: ScalarFn,
  xs: readonly number[],
  eps = 1e-4,
  opts: DifferenceOptions = {},
): number[][] {
  return xs.map((_, i) => numericGradient((...p) => numericGradient(f, p, eps, opts)[i], xs, eps, opts));
}

// ---------------------------------------------------------------------------------------------
// Flat versions for functions of arrays.

/** An argument of a flat-differentiated function. */
export type FlatArg = number | readonly number[] | Float64Array;

export interface FlatOptions {
  /** Relative step (default 1e-6): h = eps·max(1, |x|). */
  eps?: number;
  /** Central differences (default true); false gives forward differences. */
  central?: boolean;
  /** Indices of the arguments to differentiate (default all); the others are held fixed. */
  wrt?: readonly number[];
}

/** Where one differentiated scalar lives: argument index and element (-1 for a number argument). */
interface Slot {
  arg: number;
  index: number;
}

function slotsOf(args: readonly FlatArg[], wrt: readonly number[]): Slot[] {
  return wrt.flatMap((arg) => {
    const a = args[arg];
    return typeof a === 'number' ? [{ arg, index: -1 }] : Array.from(a, (_, index) => ({ arg, index }));
  });
}

/** Fresh copies of args with the scalar at `slot` set to v. */
function withScalar(args: readonly FlatArg[], slot: Slot | null, v: number): FlatArg[] {
  const copy = args.map((a) => (typeof a === 'number' ? a : a.slice()));
  if (slot !== null) {
    const a = copy[slot.arg];
    if (typeof a === 'number') copy[slot.arg] = v;
    else (a as number[] | Float64Array)[slot.index] = v;
  }
  return copy;
}

function scalarAt(args: readonly FlatArg[], slot: Slot): number {
  const a = args[slot.arg];
  return typeof a === 'number' ? a : a[slot.index];
}

const toVector = (y: number | ArrayLike<number>): Float64Array =>
  typeof y === 'number' ? Float64Array.of(y) : Float64Array.from(y);

/** Column j of the Jacobian for every differentiated scalar j. */
function flatColumns(
  f: (...args: never[]) => number | ArrayLike<number>,
  args: readonly FlatArg[],
  { eps = 1e-6, central = true, wrt = args.map((_, i) => i) }: FlatOptions,
): Float64Array[] {
  const call = (slot: Slot | null, v: number) => toVector((f as (...a: FlatArg[]) => number | ArrayLike<number>)(...withScalar(args, slot, v)));
  const base = central ? null : call(null, 0);
  return slotsOf(args, wrt).map((slot) => {
    const x = scalarAt(args, slot);
    const h = eps * Math.max(1, Math.abs(x));
    const [hi, lo] = [x + h, central ? x - h : x];
    const plus = call(slot, hi);
    const minus = base ?? call(slot, lo);
    return plus.map((p, i) => (p - minus[i]) / (hi - lo));
  });
}

/**
 * Gradient of a scalar function of numbers and arrays, flattened in parameter order:
 * `numericGradientFlat((x, w) => …, [2, Float64Array.of(1, 2, 3)])` has length 4.
 */
export function numericGradientFlat(
  f: (...args: never[]) => number,
  args: readonly FlatArg[],
  opts: FlatOptions = {},
): Float64Array {
  return Float64Array.from(flatColumns(f, args, opts), (col) => col[0]);
}

/** Jacobian rows (one `Float64Array` per output, columns in flattened parameter order). */
export function numericJacobianFlat(
  f: (...args: never[]) => number | ArrayLike<number>,
  args: readonly FlatArg[],
  opts: FlatOptions = {},
): Float64Array[] {
  const columns = flatColumns(f, args, opts);
  const m = columns[0]?.length ?? toVector((f as (...a: FlatArg[]) => number | ArrayLike<number>)(...args)).length;
  return Array.from({ length: m }, (_, i) => Float64Array.from(columns, (col) => col[i]));
}
