/**
 * Vector forward mode: k tangent lanes seeded from parameters (tangent(fn, active, k) and
 * hvp(fn, active, k)) give, lane by lane, exactly what k one-lane sweeps give, on random
 * structured programs (loops, branches, whiles, stores, the tape) — and so, through the
 * one-lane property tests, what central differences and the dot-product test say.
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { hvp, tangent } from '../../src/ad/index.js';
import { interpret } from '../../src/ir/interp.js';
import { buildProgram, instrArb } from './random-programs.js';
import { copyArgs, expectClose, expectValid, flat, fdAlong, ir, primalOut, randomDir, rng, run, vec, type Arg, type Dir } from './helpers.js';
import { activeSize, hvpOf, jvp } from './harness.js';

const RUNS = Number(process.env.AD_FUZZ_RUNS ?? 60);
const dirArgs = (d: Dir): Arg[] => d.map((x) => (typeof x === 'number' ? x : Float64Array.from(x)));

/** The k tangents of results[0], one k-lane sweep; output-array tangents are passed as garbage. */
function jvpLanes(src: string, active: string[], args: Arg[], dirs: Dir[]): Float64Array[] {
  const fn = ir(src);
  const k = dirs.length;
  const t = tangent(fn, active, k);
  expectValid(t.fn);
  const laneArgs = active.flatMap((_, a) => dirs.map((d) => dirArgs([d[a]])[0]));
  const extra = t.fn.params.slice(fn.params.length + active.length * k).map((name) => {
    const p = [...t.lanesOf].find(([, names]) => names.includes(name))?.[0];
    return new Float64Array((args[fn.params.indexOf(p ?? '')] as Float64Array).length).fill(777);
  });
  const out = run(t.fn, [...copyArgs(args), ...laneArgs, ...extra], true);
  const m = fn.results.length;
  expect(out.slice(0, m).map((x) => (typeof x === 'object' ? Array.from(x as ArrayLike<number>) : x))).toEqual(
    interpret(fn, copyArgs(args)).map((x) => (typeof x === 'object' ? Array.from(x as ArrayLike<number>) : x)),
  );
  return dirs.map((_, l) => flat(out[m + l * m]));
}

/** H·v for k directions, one k-lane sweep. */
function hvpLanes(src: string, active: string[], args: Arg[], dirs: Dir[]): Float64Array[] {
  const fn = ir(src);
  const k = dirs.length;
  const h = hvp(fn, active, k);
  expectValid(h.fn);
  const n = activeSize(fn, active, args);
  const gradOutName = h.fn.params[fn.params.length + 1];
  const outs = dirs.map(() => new Float64Array(n).fill(NaN));
  const laneArgs = active.flatMap((_, a) => dirs.map((d) => dirArgs([d[a]])[0]));
  const extra = h.fn.params.slice(fn.params.length + 2 + active.length * k).map((name) => {
    const [p, names] = [...h.lanesOf].find(([, ns]) => ns.includes(name)) ?? ['', []];
    if (p === gradOutName) return outs[names.indexOf(name)];
    return new Float64Array((args[fn.params.indexOf(p)] as Float64Array).length).fill(777);
  });
  run(h.fn, [...copyArgs(args), 1, new Float64Array(n).fill(NaN), ...laneArgs, ...extra], true);
  return outs;
}

function check(instrs: Parameters<typeof buildProgram>[0], seed: number): void {
  const src = buildProgram(instrs);
  const fn = ir(src);
  const active = ['x', 'y', 'a'];
  const r = rng(seed);
  const args: Arg[] = [2 * r() - 1, 2 * r() - 1, vec(r, 4)];
  for (const k of [2, 3, 4]) {
    const dirs = Array.from({ length: k }, () => randomDir(r, fn, active, args));
    const lanes = jvpLanes(src, active, args, dirs);
    dirs.forEach((d, l) => {
      expect(Array.from(lanes[l]), `jvp lane ${l} of ${k}`).toEqual(Array.from(jvp(fn, active, args, d)));
      if (l === 0) expectClose(lanes[l], fdAlong(primalOut(fn), fn, active, args, d, { h: 1e-4 }), 1e-6, 'lane vs finite differences');
    });
    const hv = hvpLanes(src, active, args, dirs);
    dirs.forEach((d, l) => expect(Array.from(hv[l]), `hvp lane ${l} of ${k}`).toEqual(Array.from(hvpOf(fn, active, args, d))));
  }
}

test(`random programs: k-lane tangents and HVPs equal k one-lane sweeps (${RUNS} cases)`, () => {
  fc.assert(
    fc.property(instrArb, fc.nat(1_000_000), (instrs, seed) => {
      try {
        check(instrs, seed);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${buildProgram(instrs)}`);
      }
    }),
    { seed: 20261207, numRuns: RUNS },
  );
});
