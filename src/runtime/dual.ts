/**
 * Forward-mode differentiation with dual numbers, as in the notebook's `DualNumber`.
 *
 * A dual number a + bε has ε² = 0, so f(x + ε) = f(x) + f′(x)ε: evaluating a function on
 * `new Dual(x, 1)` yields its value and its derivative in one pass. `value` is a, `eps` is b.
 * `add sub mul div neg` are written out as in the notebook; `pow`, `atan2`, `hypot` and the `Math`
 * functions apply the chain rule with the derivative from the table in `ops.ts`. Numbers mix in as
 * constants (eps 0). Only first derivatives: eps holds a number, not another dual.
 *
 * `dualGradient(f, xs)` runs f once per input; `dualJvp(f, xs, v)` once for a direction v.
 */
import {
  BINARY, UNARY, installMethods, makeOps, numberOps,
  type BinaryName, type Ops, type OrNumber, type Scalar, type UnaryName,
} from './ops.js';

export class Dual {
  constructor(
    public value = 0,
    public eps = 0,
  ) {}

  /** A number becomes a constant dual (eps 0); a dual is returned as is. */
  static from(x: OrNumber<Dual>): Dual {
    return typeof x === 'number' ? new Dual(x) : x;
  }

  add(b: OrNumber<Dual>): Dual {
    const o = Dual.from(b);
    return new Dual(this.value + o.value, this.eps + o.eps);
  }

  sub(b: OrNumber<Dual>): Dual {
    const o = Dual.from(b);
    return new Dual(this.value - o.value, this.eps - o.eps);
  }

  mul(b: OrNumber<Dual>): Dual {
    const o = Dual.from(b);
    return new Dual(this.value * o.value, this.eps * o.value + this.value * o.eps);
  }

  /** (a₁ + b₁ε) / (a₂ + b₂ε) = a₁/a₂ + (b₁a₂ − a₁b₂)/a₂² ε */
  div(b: OrNumber<Dual>): Dual {
    const o = Dual.from(b);
    return new Dual(this.value / o.value, (this.eps * o.value - this.value * o.eps) / (o.value * o.value));
  }

  neg(): Dual {
    return new Dual(-this.value, -this.eps);
  }

  /** Prints like the notebook (Python's "{:.1f}"): `6.0 + 4.0ε`, or `6.0` when eps is 0. */
  toString(): string {
    return this.eps !== 0 ? `${fixed1(this.value)} + ${fixed1(this.eps)}ε` : fixed1(this.value);
  }
}

// The remaining operations (pow, atan2, hypot, sin, exp, …) come from the table.
export interface Dual extends Scalar<Dual> {}
installMethods<Dual>(Dual, (name, a, b) => dualBinary(name, a, Dual.from(b)), dualUnary);

/** Chain rule for a binary op: ẏ = ∂y/∂a·ȧ + ∂y/∂b·ḃ (a term is skipped when its tangent is 0). */
function dualBinary(name: BinaryName, a: Dual, b: Dual): Dual {
  const rule = BINARY[name];
  const y = rule.f(a.value, b.value);
  let eps = 0;
  if (a.eps !== 0) eps += a.eps * rule.da(numberOps, a.value, b.value, y);
  if (b.eps !== 0) eps += b.eps * rule.db(numberOps, a.value, b.value, y);
  return new Dual(y, eps);
}

/** Chain rule for a unary op: ẏ = f′(x)·ẋ. */
function dualUnary(name: UnaryName, x: Dual): Dual {
  const rule = UNARY[name];
  const y = rule.f(x.value);
  return new Dual(y, x.eps === 0 ? 0 : x.eps * rule.d(numberOps, x.value, y));
}

/**
 * `Ops` over duals and numbers: numbers stay numbers until they meet a dual. This is what the
 * graph's `evaluate()` uses, so a graph whose variables hold numbers still evaluates to a number.
 */
export const dualOps: Ops<Dual | number> = makeOps<Dual | number>(
  (name, a, b) =>
    typeof a === 'number' && typeof b === 'number' ? BINARY[name].f(a, b) : Dual.from(a)[name](b),
  (name, x) => (typeof x === 'number' ? UNARY[name].f(x) : x[name]()),
);

/** ∂f/∂xᵢ for every i, by one forward pass per input with xᵢ + ε. */
export function dualGradient(f: (...xs: Dual[]) => OrNumber<Dual>, xs: readonly number[]): number[] {
  return xs.map((_, i) => tangentOf(f(...xs.map((x, j) => new Dual(x, i === j ? 1 : 0)))));
}

/** Value and directional derivative J·v of f at xs, in one forward pass. */
export function dualJvp(
  f: (...xs: Dual[]) => OrNumber<Dual>,
  xs: readonly number[],
  v: readonly number[],
): { value: number; tangent: number } {
  const y = f(...xs.map((x, i) => new Dual(x, v[i])));
  return typeof y === 'number' ? { value: y, tangent: 0 } : { value: y.value, tangent: y.eps };
}

const tangentOf = (y: OrNumber<Dual>) => (typeof y === 'number' ? 0 : y.eps);

/**
 * Python's "{:.1f}": like `toFixed(1)`, but exact ties round to even (2.25 → "2.2"), large
 * numbers print all their digits, and NaN/∞/−0 print as nan/inf/-0.0. A tie is a number j/4 with
 * j odd, i.e. 10x = 5j/2; the tenths are then computed exactly with BigInt.
 */
export function fixed1(x: number): string {
  if (Number.isNaN(x)) return 'nan';
  const sign = x < 0 || Object.is(x, -0) ? '-' : '';
  const a = Math.abs(x);
  if (a === Infinity) return `${sign}inf`;
  if (a < 1e21 && (a * 4) % 2 !== 1) return sign + a.toFixed(1);
  let tenths: bigint;
  if (a >= 1e21) {
    tenths = BigInt(a) * 10n;
  } else {
    const up = (5n * BigInt(a * 4) + 1n) / 2n;
    tenths = up % 2n === 0n ? up : up - 1n;
  }
  return `${sign}${tenths / 10n}.${tenths % 10n}`;
}
