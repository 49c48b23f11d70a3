#!/usr/bin/env node
/**
 * `npm run bench`: measures every problem with every differentiation technique, the compiler's
 * own speed and output size, the Hessian code size series and the tape/allocation figures of the
 * generated modules (memory/), and writes RESULTS.md plus SVG charts.
 *
 *   node bench/run.js                 full run (several minutes), writes bench/RESULTS.md and bench/*.svg
 *   node bench/run.js --quick         smoke check (< 1 minute), writes to a new temporary directory
 *   node bench/run.js --out DIR       writes the report and charts to DIR instead
 *   node bench/run.js --only rosen,gmm  only problems whose id contains one of these
 *   node bench/run.js --no-compiler   skip the compile-time benchmark
 *
 * Needs `npm run build` (the runtime and the compiler are imported from dist/); the compiled
 * modules come from generated/ (`npm run gen`) and are reported as not available if missing.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { benchCompiler } from './compiler/compile-bench.js';
import { hessianSizes } from './compiler/hessian-size.js';
import { buildCharts } from './lib/charts.js';
import { evaluateGoals } from './lib/goals.js';
import { opaqueCaller } from './lib/fresh.js';
import { formatSeconds, measureTechniques, sinkDigest, timingConfig } from './lib/measure.js';
import { cleanupPrimals, compilerApi } from './lib/modules.js';
import { renderReport } from './lib/report.js';
import { loadTf } from './lib/tf.js';
import { benchMemory } from './memory/memory-bench.js';
import * as ba from './problems/ba.js';
import * as chain from './problems/chain.js';
import * as gmm from './problems/gmm.js';
import * as hessians from './problems/hessians.js';
import * as logreg from './problems/logreg.js';
import * as mlp from './problems/mlp.js';
import * as nested from './problems/nested.js';
import * as notebook from './problems/notebook.js';
import * as realcode from './problems/realcode.js';
import * as rosenbrock from './problems/rosenbrock.js';
import * as sparse from './problems/sparse.js';

const PROBLEM_MODULES = [notebook, chain, rosenbrock, logreg, gmm, mlp, ba, hessians, nested, sparse, realcode];

function parseArgs(argv) {
  const opts = { quick: false, out: null, only: null, compiler: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--quick') opts.quick = true;
    else if (a === '--out') opts.out = argv[++i];
    else if (a === '--only') opts.only = argv[++i].split(',');
    else if (a === '--no-compiler') opts.compiler = false;
    else throw new Error(`unknown option ${a} (see the header of bench/run.js)`);
  }
  return opts;
}

/** The time per call of an empty function of two numbers: included in every measured time. */
function harnessFloor(cfg) {
  const empty = { key: 'primal', label: 'empty function', make: () => ({ run: opaqueCaller((x, y) => x + y, [1, 2]) }) };
  return measureTechniques([empty], cfg).get('primal').seconds;
}

/** The Hessian-size series and the tape and allocation figures (both use compile()). */
async function extraFigures(ctx) {
  const api = await compilerApi();
  const hessianSize = api.error ? { error: api.error } : hessianSizes(api.compile, ctx.quick);
  for (const r of hessianSize.rows ?? []) ctx.log(`  hessian size, ${r.n} inputs: ${r.error ?? `${r.bytes} bytes`}`);
  const memory = await benchMemory(ctx);
  if (memory.error) ctx.log(memory.error);
  return { hessianSize, memory };
}

function outputDir(opts) {
  if (opts.out) return path.resolve(opts.out);
  if (opts.quick) return mkdtempSync(path.join(tmpdir(), 'adgen-bench-'));
  return path.dirname(fileURLToPath(import.meta.url));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const cfg = timingConfig(opts.quick);
  const started = new Date();
  const t0 = performance.now();
  const log = (s) => console.log(s);
  const tf = await loadTf();
  if (tf.error) log(tf.error);
  const ctx = { tf, quick: opts.quick, log };
  const runs = [];
  for (const mod of PROBLEM_MODULES) {
    for (const problem of await mod.problems(ctx)) {
      if (opts.only && !opts.only.some((s) => problem.id.includes(s))) continue;
      const t = performance.now();
      const results = problem.missing ? new Map() : measureTechniques(problem.techniques, cfg);
      runs.push({ problem, results });
      const summary = [...results.values()].map((r) => `${r.key} ${r.skipped ? '-' : formatSeconds(r.seconds)}`).join(', ');
      log(`${problem.id} (${((performance.now() - t) / 1000).toFixed(1)} s)${problem.missing ? `: ${problem.missing}` : `\n    ${summary}`}`);
    }
  }
  const floor = harnessFloor(cfg); // measured last, when benchmark.js and V8 are warm
  log(`harness overhead per call: ${formatSeconds(floor)}`);
  const compiler = opts.compiler ? await benchCompiler(ctx) : { error: 'skipped (--no-compiler)' };
  if (compiler.error) log(compiler.error);
  const extras = opts.compiler ? await extraFigures(ctx) : { memory: { error: 'skipped (--no-compiler)' }, hessianSize: { error: 'skipped (--no-compiler)' } };
  const goals = evaluateGoals(runs, compiler, extras);
  const charts = buildCharts(runs);
  const dir = outputDir(opts);
  mkdirSync(dir, { recursive: true });
  for (const c of charts) writeFileSync(path.join(dir, c.file), c.svg);
  const elapsed = (performance.now() - t0) / 1000;
  writeFileSync(path.join(dir, 'RESULTS.md'), renderReport({ runs, goals, compiler, extras, cfg, tf, charts, started, elapsed, floor }));
  cleanupPrimals();
  for (const g of goals) log(`${g.status.padEnd(4)} ${g.goal}: ${g.measured}`);
  log(`wrote ${path.join(dir, 'RESULTS.md')} and ${charts.length} charts in ${elapsed.toFixed(0)} s (sink: ${sinkDigest()})`);
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
