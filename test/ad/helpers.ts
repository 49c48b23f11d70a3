/**
 * Test helpers for the AD passes: write IR as text, run it with the reference interpreter (with
 * a tape-balance check), central finite differences on the interpreted primal, and a seeded
 * random generator. Independent of src/runtime on purpose (the oracles must not share code with
 * what they check).
 */
import { interpret, type Value } from '../../src/ir/interp.js';
import { parseFunction } from '../../src/ir/parse-text.js';
import { verify } from '../../src/ir/verify.js';
import { freshVar } from '../../src/ir/builder.js';
import { c, v, type IRFunction } from '../../src/ir/types.js';
import { cloneFunction } from '../../src/ad/ir-utils.js';
import { expect } from 'vitest';

/** Parse IR text (indentation-insensitive). */
export const ir = (text: string): IRFunction => parseFunction(text);

export type Arg = number | boolean | Float64Array | Int32Array;

export function copyArgs(args: Arg[]): Arg[] {
  return args.map((a) => (a instanceof Float64Array ? Float64Array.from(a) : a instanceof Int32Array ? Int32Array.from(a) : a));
}

const SENTINEL = 98765.4321;

/**
 * Run `fn` on copies of `args` and check that the tape is balanced: a sentinel pushed first must
 * be what the last pop returns (an underflow throws in the interpreter).
 */
export function run(fn: IRFunction, args: Arg[], argsAreCopied = false): Value[] {
  const wrapped = cloneFunction(fn);
  const check = freshVar(wrapped, 'f64', 'tape_check');
  wrapped.body = [{ kind: 'push', value: c(SENTINEL), loc: fn.loc }, ...wrapped.body, { kind: 'pop', target: check, loc: fn.loc }];
  wrapped.results = [...wrapped.results, v(check)];
  const out = interpret(wrapped, argsAreCopied ? args : copyArgs(args));
  const tape = out.pop();
  if (tape !== SENTINEL) throw new Error(`${fn.name}: tape unbalanced (last pop gave ${String(tape)})`);
  return out;
}

export function expectValid(fn: IRFunction): void {
  expect(verify(fn)).toEqual([]);
}

/** Flatten a value (number or array) to a Float64Array. */
export function flat(x: Value | undefined): Float64Array {
  if (typeof x === 'number') return Float64Array.of(x);
  if (typeof x === 'boolean' || x === undefined) throw new Error(`not numeric: ${String(x)}`);
  return Float64Array.from(x as ArrayLike<number>);
}

export const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  if (a.length !== b.length) throw new Error(`length mismatch ${a.length} vs ${b.length}`);
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

/** The shared seeded PRNG (mulberry32), so every failure is reproducible. */
export { rng } from '../util/inputs.js';

export const uniform = (r: () => number, lo: number, hi: number): number => lo + (hi - lo) * r();
export const vec = (r: () => number, n: number, lo = -1, hi = 1): Float64Array => Float64Array.from({ length: n }, () => uniform(r, lo, hi));

/** A direction: one entry per active parameter (number, or array of its length). */
export type Dir = (number | Float64Array)[];

export function randomDir(r: () => number, fn: IRFunction, active: string[], args: Arg[]): Dir {
  return active.map((p) => {
    const a = args[fn.params.indexOf(p)];
    return typeof a === 'number' ? uniform(r, -1, 1) : vec(r, (a as Float64Array).length);
  });
}

export const flatDir = (d: Dir): Float64Array => Float64Array.from(d.flatMap((x) => (typeof x === 'number' ? [x] : [...x])));

/** args with each active parameter moved by h·d. */
export function moved(fn: IRFunction, active: string[], args: Arg[], d: Dir, h: number): Arg[] {
  const out = copyArgs(args);
  active.forEach((p, k) => {
    const i = fn.params.indexOf(p);
    const dk = d[k];
    if (typeof dk === 'number') out[i] = (out[i] as number) + h * dk;
    else out[i] = Float64Array.from(out[i] as Float64Array, (x, j) => x + h * dk[j]);
  });
  return out;
}

/**
 * Central difference of `observe(fn at x + h·d)` along d; with `richardson`, the h and h/2
 * estimates are combined to cancel the h² error term.
 */
export function fdAlong(
  observe: (args: Arg[]) => Float64Array, fn: IRFunction, active: string[], args: Arg[], d: Dir,
  opts: { h?: number; richardson?: boolean } = {},
): Float64Array {
  const h = opts.h ?? 1e-3;
  const central = (hh: number) => {
    const plus = observe(moved(fn, active, args, d, hh));
    const minus = observe(moved(fn, active, args, d, -hh));
    return plus.map((p, i) => (p - minus[i]) / (2 * hh));
  };
  const d1 = central(h);
  if (opts.richardson === false) return d1;
  const d2 = central(h / 2);
  return d2.map((x, i) => (4 * x - d1[i]) / 3);
}

/** The first result of fn, flattened. */
export const primalOut = (fn: IRFunction) => (args: Arg[]): Float64Array => flat(interpret(fn, copyArgs(args))[0]);

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, rel: number, what = ''): void {
  expect(actual.length, what).toBe(expected.length);
  const scale = Math.max(1, ...Array.from(expected, Math.abs));
  for (let i = 0; i < actual.length; i++) {
    const err = Math.abs(actual[i] - expected[i]);
    if (!(err <= rel * scale)) {
      throw new Error(`${what}[${i}]: got ${actual[i]}, expected ${expected[i]} (error ${err}, allowed ${rel * scale})`);
    }
  }
}
