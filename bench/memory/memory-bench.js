/**
 * Memory and compile figures of the generated modules (issue 5), from the current compiler:
 *
 * - tape bytes per call of GMM's reverse mode (gmm_d2_K5, and gmm_d10_K25 in the full run):
 *   examples/gmm.ts compiled by `compile()`, pushes counted by tape.js's rewrite of the text;
 * - allocation per call of the allocation-free entry points once warm (alloc.js), with the
 *   allocating `_grad` next to them for contrast: GMM's `_grad_into` and the pendulum chain's
 *   `_grad_into`, `_hvp_into`, `_hessian_into`;
 * - GMM's compile time (median of 5 after one warm-up compile; quick: 1) and module size.
 *
 * Returns `{ error }` when the compiler cannot be loaded; a missing ADBench file skips its rows.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exists, gmmConstant, readGmm } from '../lib/adbench.js';
import { compileAndImport, compilerApi, importText } from '../lib/modules.js';
import { caller } from '../lib/fresh.js';
import { ADBENCH, ROOT } from '../lib/paths.js';
import { loadChain, NAME as CHAIN, POINT } from '../problems/chain.js';
import { allocationPerCall, callBaseline } from './alloc.js';
import { instrumentTape, tapeUse } from './tape.js';

const now = () => performance.now() / 1000;
const median = (xs) => xs.slice().sort((a, b) => a - b)[xs.length >> 1];

/** compile() time of `source`: median of `reps` after one warm-up compile. */
function compileTime(compile, source, options, reps) {
  compile(source, options);
  const times = [];
  let result;
  for (let i = 0; i < reps; i++) {
    const t = now();
    result = compile(source, options);
    times.push(now() - t);
  }
  if (!result.js) return { error: result.diagnostics.map((d) => d.message).join('; ').slice(0, 200) };
  return { seconds: median(times), reps, bytes: Buffer.byteLength(result.js), dtsBytes: Buffer.byteLength(result.dts ?? '') };
}

/** Number of calls for the allocation loop: ~`seconds` of work, between 20 and 10,000. */
function callsFor(run, seconds) {
  run();
  const t = now();
  run();
  return Math.max(20, Math.min(10_000, Math.floor(seconds / Math.max(now() - t, 1e-9))));
}

async function gmmRows(plain, counted, quick, log) {
  const tape = [];
  const alloc = [];
  for (const name of quick ? ['gmm_d2_K5'] : ['gmm_d2_K5', 'gmm_d10_K25']) {
    const file = path.join(ADBENCH, 'gmm', `${name}.txt`);
    if (!exists(file)) {
      log(`  memory: ${name} skipped, ${file} not found`);
      continue;
    }
    const data = readGmm(file);
    const args = [data.alphas, data.means, data.icf, data.x, data.gamma, data.m, gmmConstant(data)];
    const out = new Float64Array(data.alphas.length + data.means.length + data.icf.length);
    if (counted) {
      const into = tapeUse(counted.module, counted.tapes, () => counted.module.gmmObjective_grad_into(...args, out));
      const grad = tapeUse(counted.module, counted.tapes, () => counted.module.gmmObjective_grad(...args));
      tape.push({ name, n: out.length, into, grad });
      log(`  memory: ${name} tape ${into.bytes} bytes per _grad_into call (${into.pushes} pushes)`);
    }
    const runInto = caller(plain.module.gmmObjective_grad_into, [...args, out]);
    const runGrad = caller(plain.module.gmmObjective_grad, args);
    const budget = quick ? 0.3 : 2;
    const runPrimal = caller(plain.module.gmmObjective, args);
    alloc.push({ fn: `gmmObjective (${name}), the primal: baseline`, baseline: true, ...(await allocationPerCall(runPrimal, callsFor(runPrimal, budget / 20))) });
    alloc.push({ fn: `gmmObjective_grad_into (${name})`, allocating: false, ...(await allocationPerCall(runInto, callsFor(runInto, budget / 5))) });
    alloc.push({ fn: `gmmObjective_grad (${name})`, allocating: true, ...(await allocationPerCall(runGrad, callsFor(runGrad, budget / 5))) });
  }
  return { tape, alloc };
}

async function chainRows() {
  const { C } = await loadChain();
  if (C.error) return [];
  const m = C.module;
  const n = POINT.length;
  const v = POINT.map((_, i) => (i % 3) - 1);
  const [g, h, hv] = [new Float64Array(n), new Float64Array(n * n), new Float64Array(n)];
  const entries = [
    [CHAIN, null, POINT],
    [`${CHAIN}_grad_into`, false, [...POINT, g]],
    [`${CHAIN}_hvp_into`, false, [...POINT, ...v, g, hv]],
    [`${CHAIN}_hessian_into`, false, [...POINT, g, h]],
    [`${CHAIN}_grad`, true, POINT],
  ];
  const rows = [];
  // Every argument list holds tagged values (as the `_into` lists with their Float64Arrays do): a
  // list of doubles alone would make the harness box each number argument on every call.
  const tagged = (xs) => {
    const a = [...xs, null];
    a.pop();
    return a;
  };
  for (const [fn, allocating, list] of entries) {
    const args = tagged(list);
    if (typeof m[fn] !== 'function') continue;
    const label = allocating === null ? `${fn}, the primal: baseline` : fn;
    rows.push({ fn: label, allocating, baseline: allocating === null, ...(await allocationPerCall(caller(m[fn], args), 10_000)) });
  }
  return rows;
}

export async function benchMemory({ quick, log }) {
  const api = await compilerApi();
  if (api.error) return { error: api.error };
  const file = path.join(ROOT, 'examples', 'gmm.ts');
  const source = readFileSync(file, 'utf8');
  const options = { fileName: 'examples/gmm.ts' };
  const compile = compileTime(api.compile, source, options, quick ? 1 : 5);
  log(`  memory: gmm.ts compiles in ${compile.error ?? `${(compile.seconds * 1e3).toFixed(0)} ms, ${compile.bytes} bytes`}`);
  const plain = await compileAndImport(source, options);
  if (plain.error) return { error: plain.error, compile };
  const inst = instrumentTape(plain.js);
  const counted = inst.error ? null : { module: await importText(inst.js, 'gmm-counted.mjs'), tapes: inst.tapes };
  const gmm = await gmmRows(plain, counted, quick, log);
  const chain = await chainRows();
  const baseline = await callBaseline();
  return { compile, baseline, tapeError: inst.error, tapes: inst.tapes ?? [], pushSites: inst.pushSites, tape: gmm.tape, alloc: [...gmm.alloc, ...chain] };
}
