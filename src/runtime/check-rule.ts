/**
 * checkRule: test a custom derivative rule (`@vjp` / `@jvp`) against central differences of the
 * function it describes, everything run as plain JavaScript, so a rule can be checked in the
 * user's own test suite without compiling. The differences run the function's body, which the
 * compiled derivatives never do (they follow the rule), so this is the oracle a rule needs.
 *
 *   const r = checkRule(softplus, softplusVjp, 'vjp', [0.3]);   // r.ok, r.worst, r.rule, r.differences
 *
 * Arguments are numbers and arrays of numbers (Float64Array or number[]); other typed arrays
 * (integer data) are passed through and get no derivative, as in the compiler. The rule's
 * conventions are the compiler's: a VJP rule `rule(...args, g)` returns the cotangent (a number
 * for one number parameter, else the inputs' cotangents flattened in parameter order); a JVP
 * rule `rule(...args, ...tangents)` returns the output's tangent; either may take the value last.
 * A VJP rule is checked at g = 1 and g = −2.5 (it must be linear in g), a JVP rule along two
 * pseudo-random directions.
 */
import { numericGradientFlat, type FlatArg } from './numeric.js';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => any;
type Arg = number | Float64Array | number[] | ArrayLike<number>;

export interface RuleCheck {
  /** Every entry within the tolerance: |rule − differences| ≤ tolerance · max(1, |differences|). */
  ok: boolean;
  /** The largest relative error found. */
  worst: number;
  /** What the rule gave (the VJP at g = 1 flattened, or the JVPs along the directions). */
  rule: number[];
  /** The same from central differences of f. */
  differences: number[];
}

export interface RuleCheckOptions {
  /** Relative tolerance (default 1e-5: central differences are good to about 1e-7). */
  tolerance?: number;
}

const differentiable = (a: Arg) => typeof a === 'number' || a instanceof Float64Array || Array.isArray(a);

function flatten(x: unknown, what: string): number[] {
  if (typeof x === 'number') return [x];
  if (x !== null && typeof x === 'object' && 'length' in x) return Array.from(x as ArrayLike<number>);
  throw new TypeError(`checkRule: ${what} returned ${typeof x}, not a number or an array of numbers`);
}

/** A direction shaped like the arguments (fixed pseudo-random entries in [−1, 1)). */
function direction(args: Arg[], seed: number): Arg[] {
  let s = seed;
  const next = () => ((s = (s * 16807) % 2147483647) / 2147483647) * 2 - 1;
  return args.map((a) => (typeof a === 'number' ? next() : differentiable(a) ? Float64Array.from(a as ArrayLike<number>, next) : a));
}

export function checkRule(f: Fn, rule: Fn, kind: 'vjp' | 'jvp', args: Arg[], options: RuleCheckOptions = {}): RuleCheck {
  const tolerance = options.tolerance ?? 1e-5;
  const wrt = args.flatMap((a, i) => (differentiable(a) ? [i] : []));
  const fd = Array.from(numericGradientFlat(f as never, args as FlatArg[], { central: true, wrt }));
  const value = kind === 'vjp' ? (rule.length === args.length + 2 ? [f(...args)] : []) : rule.length === 2 * args.length + 1 ? [f(...args)] : [];
  const got: number[] = [];
  const want: number[] = [];
  if (kind === 'vjp') {
    for (const g of [1, -2.5]) {
      got.push(...flatten(rule(...args, g, ...value), 'the rule'));
      want.push(...fd.map((d) => g * d));
    }
  } else {
    for (const seed of [12345, 678]) {
      const t = direction(args, seed);
      const flat = t.flatMap((x, i) => (wrt.includes(i) ? flatten(x, 'the direction') : []));
      got.push(...flatten(rule(...args, ...t, ...value), 'the rule'));
      want.push(flat.reduce((sum, x, i) => sum + x * fd[i], 0));
    }
  }
  if (got.length !== want.length) {
    throw new RangeError(`checkRule: the rule gave ${got.length / 2} entries, f has ${fd.length} differentiable inputs`);
  }
  const errors = got.map((x, i) => Math.abs(x - want[i]) / Math.max(1, Math.abs(want[i])));
  const worst = errors.reduce((m, e) => (Number.isNaN(e) ? Infinity : Math.max(m, e)), 0);
  return { ok: worst <= tolerance, worst, rule: got.slice(0, got.length / 2), differences: want.slice(0, want.length / 2) };
}
