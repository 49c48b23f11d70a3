/**
 * Calling the produced functions the way their contracts say: JVP (tangent params after the
 * primal ones, output-array tangents passed as garbage to check they are zeroed), VJP/gradient
 * (gradOut passed as NaN to check it is overwritten, the seed checked to be left untouched) and
 * HVP. Every call checks the tape balance (helpers.run) and that the primal results agree.
 */
import { expect } from 'vitest';
import { type IRFunction } from '../../src/ir/types.js';
import { adjoint, hvp, tangent } from '../../src/ad/index.js';
import { interpret } from '../../src/ir/interp.js';
import { copyArgs, expectValid, flat, run, type Arg, type Dir } from './helpers.js';

/** Number of active scalars (flattened). */
export function activeSize(fn: IRFunction, active: string[], args: Arg[]): number {
  return active.reduce((n, p) => {
    const a = args[fn.params.indexOf(p)];
    return n + (typeof a === 'number' ? 1 : (a as Float64Array).length);
  }, 0);
}

const dirArgs = (d: Dir): Arg[] => d.map((x) => (typeof x === 'number' ? x : Float64Array.from(x)));

/** Tangent of results[0] along d (flattened), checking the primal part. */
export function jvp(fn: IRFunction, active: string[], args: Arg[], d: Dir): Float64Array {
  const t = tangent(fn, active);
  expectValid(t.fn);
  const extra = t.fn.params.slice(fn.params.length + active.length).map((name) => {
    const p = [...t.dotOf].find(([, dot]) => dot === name)?.[0];
    const primal = args[fn.params.indexOf(p ?? '')] as Float64Array;
    return new Float64Array(primal.length).fill(777); // must be zeroed by the function
  });
  const out = run(t.fn, [...copyArgs(args), ...dirArgs(d), ...extra], true);
  const primal = interpret(fn, copyArgs(args));
  expect(out.slice(0, primal.length).map(flatOrSelf)).toEqual(primal.map(flatOrSelf));
  return flat(out[fn.results.length]);
}

const flatOrSelf = (x: unknown) => (typeof x === 'object' ? Array.from(x as ArrayLike<number>) : x);

/** Gradient of ⟨w, results[0]⟩ (w a number for scalar outputs), flattened over active params. */
export function vjp(fn: IRFunction, active: string[], args: Arg[], w: number | Float64Array): Float64Array {
  const a = adjoint(fn, active);
  expectValid(a);
  const gradOut = new Float64Array(activeSize(fn, active, args)).fill(NaN);
  const seed = typeof w === 'number' ? w : Float64Array.from(w);
  const out = run(a, [...copyArgs(args), seed, gradOut], true);
  if (typeof w !== 'number') expect(Array.from(seed as Float64Array)).toEqual(Array.from(w));
  const primal = interpret(fn, copyArgs(args));
  expect(out.map(flatOrSelf)).toEqual(primal.map(flatOrSelf));
  return gradOut;
}

/** H·v for a scalar function (seed 1), via hvp(). */
export function hvpOf(fn: IRFunction, active: string[], args: Arg[], d: Dir): Float64Array {
  const h = hvp(fn, active);
  expectValid(h.fn);
  const n = activeSize(fn, active, args);
  const gradOut = new Float64Array(n).fill(NaN);
  const gradOutDot = new Float64Array(n).fill(NaN);
  const gradOutName = h.fn.params[fn.params.length + 1];
  const extra = h.fn.params.slice(fn.params.length + 2 + active.length).map((name) => {
    const p = [...h.dotOf].find(([, dot]) => dot === name)?.[0];
    if (p === gradOutName) return gradOutDot;
    return new Float64Array((args[fn.params.indexOf(p ?? '')] as Float64Array).length).fill(777);
  });
  expect(extra).toContain(gradOutDot);
  run(h.fn, [...copyArgs(args), 1, gradOut, ...dirArgs(d), ...extra], true);
  return gradOutDot;
}
