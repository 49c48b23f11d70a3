#!/usr/bin/env node
/**
 * How many tangent lanes per forward sweep (vector forward mode, the compile option `lanes`):
 * the sparse problems of sparse.js compiled with 1, 2, 4 and 8 lanes, each entry point timed
 * against its own primal in the same run (median of rounds). The default (DEFAULT_LANES in
 * src/compile.ts) is the count this picks.
 *
 *   node bench/problems/lanes.js [--quick]
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { compileAndImport } from '../lib/modules.js';
import { ROOT } from '../lib/paths.js';
import { rng, uniform } from '../lib/rng.js';
import { rosenbrockPoint } from './rosenbrock.js';
import { BRATU } from './sparse-sources.js';

const LANES = [1, 2, 4, 8];
const quick = process.argv.includes('--quick');

/** Median seconds per call of `run` over rounds of about `budget` seconds each. */
function time(run, budget = quick ? 0.05 : 0.2, rounds = quick ? 3 : 7) {
  run();
  const samples = [];
  for (let r = 0; r < rounds; r++) {
    let calls = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < budget * 1000) (run(), calls++);
    samples.push((performance.now() - t0) / 1000 / calls);
  }
  return samples.sort((a, b) => a - b)[samples.length >> 1];
}

const cases = [
  {
    name: `Hessian of Rosenbrock, n = ${quick ? 100 : 1000}`,
    source: readFileSync(path.join(ROOT, 'examples', 'rosenbrock.ts'), 'utf8'),
    primal: 'rosenbrock', entry: 'rosenbrock_hessian_sparse', field: 'hessian',
    args: [rosenbrockPoint(quick ? 100 : 1000)],
  },
  {
    name: `Jacobian of the Bratu residual, n = ${quick ? 900 : 10000}`,
    source: `/** @wrt u */${BRATU}`,
    primal: 'bratu', entry: 'bratu_jacobian_sparse', field: 'jacobian',
    args: [uniform(rng(8), quick ? 900 : 10000, 0, 1), quick ? 30 : 100, 6],
  },
];

for (const c of cases) {
  console.log(c.name);
  let reference = null;
  for (const lanes of LANES) {
    const C = await compileAndImport(c.source, { fileName: 'lanes.ts', lanes });
    if (C.error) {
      console.log(`  ${lanes} lanes: ${C.error}`);
      continue;
    }
    const f = C.module[c.entry];
    const out = f(...c.args)[c.field];
    const flat = out.values;
    reference ??= flat;
    const same = flat.every((v, i) => Object.is(v, reference[i]));
    const primal = time(() => C.module[c.primal](...c.args));
    const entry = time(() => f(...c.args));
    const colours = out.colors ? `, ${out.colors} colours` : '';
    console.log(`  ${lanes} lanes: ${(entry * 1e6).toFixed(1)} µs = ${(entry / primal).toFixed(2)}× the primal${colours}${same ? '' : ' (DIFFERS from 1 lane)'}`);
  }
}
