/**
 * Every corpus function × every mode against independent oracles: tangent vs central finite
 * differences, adjoint vs central finite differences, the dot-product test between them, and
 * (scalar outputs) the HVP vs finite differences of the gradient. The helpers also check
 * verify(), the tape balance, the primal results and the gradOut/seed contracts on every call.
 */
import { describe, expect, test } from 'vitest';
import { corpus } from './corpus.js';
import { controlCases } from './corpus-control.js';
import {
  dot, expectClose, fdAlong, flatDir, ir, primalOut, randomDir, rng, uniform, vec, type Arg, type Dir,
} from './helpers.js';
import { activeSize, hvpOf, jvp, vjp } from './harness.js';
import { type IRFunction } from '../../src/ir/types.js';

const SEEDS = [11, 22, 33];

/** Unit direction along flattened coordinate k. */
function unitDir(fn: IRFunction, active: string[], args: Arg[], k: number): Dir {
  let offset = 0;
  return active.map((p) => {
    const a = args[fn.params.indexOf(p)];
    const size = typeof a === 'number' ? 1 : (a as Float64Array).length;
    const here = k - offset;
    offset += size;
    if (typeof a === 'number') return here === 0 ? 1 : 0;
    return Float64Array.from({ length: size }, (_, j) => (j === here ? 1 : 0));
  });
}

describe.each([...corpus, ...controlCases])('$name', (cs) => {
  const fn = ir(cs.src);
  const outputWeight = (r: () => number, args: Arg[]): number | Float64Array => {
    const y = primalOut(fn)(args);
    return fn.vars.get((fn.results[0] as { name: string }).name)?.type === 'f64[]' ? vec(r, y.length) : uniform(r, -1, 1);
  };

  test.skipIf(cs.noFd)('tangent = central differences', () => {
    for (const seed of SEEDS) {
      const r = rng(seed);
      const args = cs.args(r);
      const d = randomDir(r, fn, cs.active, args);
      expectClose(jvp(fn, cs.active, args, d), fdAlong(primalOut(fn), fn, cs.active, args, d), 1e-7, `seed ${seed}`);
    }
  });

  test.skipIf(cs.noFd)('adjoint = central differences', () => {
    for (const seed of SEEDS) {
      const r = rng(seed);
      const args = cs.args(r);
      const w = outputWeight(r, args);
      const grad = vjp(fn, cs.active, args, w);
      const weighted = (a: Arg[]) => Float64Array.of(dot(typeof w === 'number' ? [w] : w, primalOut(fn)(a)));
      const fd = Array.from({ length: grad.length }, (_, k) => fdAlong(weighted, fn, cs.active, args, unitDir(fn, cs.active, args, k))[0]);
      expectClose(grad, fd, 1e-7, `seed ${seed}`);
    }
  });

  test('dot-product test <J v, w> = <v, J^T w>', () => {
    for (const seed of SEEDS) {
      const r = rng(seed);
      const args = cs.args(r);
      const d = randomDir(r, fn, cs.active, args);
      const w = outputWeight(r, args);
      const jv = jvp(fn, cs.active, args, d);
      const jtw = vjp(fn, cs.active, args, w);
      const lhs = dot(jv, typeof w === 'number' ? [w] : w);
      const rhs = dot(flatDir(d), jtw);
      expectClose([lhs], [rhs], 1e-10, `seed ${seed}`);
    }
  });

  test.skipIf(cs.noFd)('hvp = central differences of the gradient', (ctx) => {
    if (fn.vars.get((fn.results[0] as { name: string }).name)?.type === 'f64[]') return ctx.skip();
    for (const seed of SEEDS) {
      const r = rng(seed);
      const args = cs.args(r);
      const d = randomDir(r, fn, cs.active, args);
      const grad = (a: Arg[]) => vjp(fn, cs.active, a, 1);
      const fd = fdAlong(grad, fn, cs.active, args, d);
      expectClose(hvpOf(fn, cs.active, args, d), fd, 2e-6, `seed ${seed} (n=${activeSize(fn, cs.active, args)})`);
    }
  });
});

test('the corpus uses every op of the table', async () => {
  const { OPS } = await import('../../src/ops/table.js');
  const used = new Set<string>();
  for (const cs of [...corpus, ...controlCases]) {
    for (const line of cs.src.split('\n')) {
      const m = /=\s+([a-z0-9]+)\s/.exec(line);
      if (m) used.add(m[1]);
    }
  }
  expect(Object.keys(OPS).filter((op) => !used.has(op))).toEqual([]);
});
