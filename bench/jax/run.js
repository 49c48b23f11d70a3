/**
 * adgen beside JAX on CPU: the same functions (examples/*.ts and bench/jax/jax_side.py), the same
 * inputs (written here as raw Float64/Int32 files that the Python side reads), the same timing
 * rule on both sides (mean seconds per call over a batch of calls, the median of five batches).
 *
 * For each problem it times the primal and the derivative of both, adgen's allocation-free entry
 * point (`_grad_into`, `_hessian_into`, `_hessian_sparse`) and, where bench/handwritten has one,
 * the hand-written JavaScript gradient. The table separates the two things a ratio can hide: how
 * fast the primal is (XLA's fused, vectorised loops against V8's scalar code) and how much the
 * derivative costs relative to its own primal. Values and gradient norms of both sides are
 * compared before any time is reported.
 *
 *   node bench/jax/run.js [--quick] [--python PATH] [--out bench/jax/RESULTS.md]
 *
 * The Python interpreter must have jax (ADGEN_JAX_PYTHON or --python; default python3). Without
 * it the script says so and exits 0.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gmmConstant, readGmm } from '../lib/adbench.js';
import { compiled } from '../lib/modules.js';
import { ADBENCH } from '../lib/paths.js';
import { rng, uniform } from '../lib/rng.js';
import { gmmGradInto } from '../handwritten/gmm.js';
import { logisticGradInto } from '../handwritten/logreg.js';
import { rosenbrockGradInto } from '../handwritten/rosenbrock.js';
import { mlpData } from '../problems/mlp.js';
import { logregData } from '../problems/logreg.js';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name) => args.includes(name);
const option = (name, fallback) => (args.includes(name) ? args[args.indexOf(name) + 1] : fallback);
const quick = flag('--quick');
const python = option('--python', process.env.ADGEN_JAX_PYTHON ?? 'python3');
const outFile = option('--out', null);
const minSeconds = quick ? 0.05 : 0.4;

const sink = new Float64Array(1);
let uid = 0;
/**
 * A timing loop of its own for every technique (compiled by new Function with a unique comment):
 * one shared loop would see every technique at its call site and stop inlining them.
 * Returns seconds per call for a batch of `reps` calls.
 */
function batchTimer(fn) {
  const body = `// batch ${uid++}\nreturn function batch(reps) {\n  const t = performance.now();\n  for (let r = 0; r < reps; r++) sink[0] += +fn() || 0;\n  return (performance.now() - t) / 1000 / reps;\n};`;
  return new Function('fn', 'sink', body)(fn, sink);
}

/**
 * Mean seconds per call of each of `fns`: batch sizes doubled until a batch takes a fifth of
 * minSeconds, then five rounds that each time one batch of every technique in turn (so a burst
 * of load on the shared machine hits all of them), the median round per technique.
 */
function timeAll(fns) {
  const timers = fns.map(batchTimer);
  const reps = timers.map((batch) => {
    batch(1);
    let n = 1;
    while (batch(n) * n < minSeconds / 5 && n < 1 << 20) n *= 2;
    return n;
  });
  const samples = timers.map(() => []);
  for (let round = 0; round < 5; round++) timers.forEach((batch, i) => samples[i].push(batch(reps[i])));
  return samples.map((s) => s.sort((a, b) => a - b)[2]);
}

const norm = (a) => Math.sqrt(a.reduce((s, v) => s + v * v, 0));

/** Problem definitions: inputs for both sides, adgen's calls, the hand-written gradient if any. */
async function problems() {
  const [R, L, M, G] = (await Promise.all(['rosenbrock', 'logreg', 'mlp', 'gmm'].map((n) => compiled(n)))).map((c) => {
    if (c.error) throw new Error(c.error);
    return c.module;
  });
  const list = [];
  for (const n of quick ? [1000] : [1000, 1000000]) {
    const x = uniform(rng(1000 + n), n, -1.5, 1.5);
    const out = new Float64Array(n);
    list.push({
      id: `rosenbrock-${n}`, title: `Rosenbrock n = ${n.toLocaleString('en-US')}, value and gradient`, kind: 'rosenbrock',
      inputs: [['x', x, [n]]],
      primal: () => R.rosenbrock(x), derivative: () => R.rosenbrock_grad_into(x, out), grad: () => out,
      handwritten: () => rosenbrockGradInto(x, out),
    });
  }
  for (const n of quick ? [100] : [100, 1000]) {
    const x = uniform(rng(1000 + n), n, -1.5, 1.5);
    const g = new Float64Array(n);
    const h = new Float64Array(n * n);
    list.push({
      id: `rosenbrock-hessian-${n}`, title: `Rosenbrock n = ${n.toLocaleString('en-US')}, dense Hessian`, kind: 'rosenbrock', hessian: true,
      inputs: [['x', x, [n]]],
      primal: () => R.rosenbrock(x), derivative: () => R.rosenbrock_hessian_into(x, g, h),
      check: () => h.reduce((s, v) => s + v, 0),
      extra: { label: 'adgen sparse (CSR)', run: () => R.rosenbrock_hessian_sparse(x).value },
    });
  }
  for (const [n, d] of quick ? [[1000, 10]] : [[1000, 10], [10000, 100]]) {
    const { X, y, w, b } = logregData(n, d);
    const out = new Float64Array(d + 1);
    list.push({
      id: `logreg-${n}x${d}`, title: `logistic regression n = ${n.toLocaleString('en-US')}, d = ${d}`, kind: 'logreg',
      inputs: [['w', w, [d]], ['b', b], ['X', X, [n, d]], ['y', y, [n]]],
      primal: () => L.logisticLoss(w, b, X, y), derivative: () => L.logisticLoss_grad_into(w, b, X, y, out), grad: () => out,
      handwritten: () => logisticGradInto(w, b, X, y, out),
    });
  }
  {
    const { W1, b1, W2, b2, X, labels, batch, din, h, c } = mlpData();
    const out = new Float64Array(W1.length + b1.length + W2.length + b2.length);
    list.push({
      id: 'mlp', title: `perceptron ${din}→${h}→${c}, batch ${batch}`, kind: 'mlp',
      inputs: [['W1', W1, [h, din]], ['b1', b1, [h]], ['W2', W2, [c, h]], ['b2', b2, [c]], ['X', X, [batch, din]], ['labels', labels, [batch], 'int32']],
      primal: () => M.mlpLoss(W1, b1, W2, b2, X, labels), derivative: () => M.mlpLoss_grad_into(W1, b1, W2, b2, X, labels, out), grad: () => out,
    });
  }
  for (const file of quick ? ['gmm_d2_K5'] : ['gmm_d2_K5', 'gmm_d10_K25', 'gmm_d20_K50']) {
    const D = readGmm(path.join(ADBENCH, 'gmm', `${file}.txt`));
    const constant = gmmConstant(D);
    const { alphas, means, icf, x, gamma, m, d, k, n } = D;
    const out = new Float64Array(alphas.length + means.length + icf.length);
    const icfSize = (d * (d + 1)) / 2;
    list.push({
      id: file, title: `GMM d = ${d}, K = ${k}, n = ${n.toLocaleString('en-US')}`, kind: 'gmm', d, k,
      inputs: [['alphas', alphas, [k]], ['means', means, [k, d]], ['icf', icf, [k, icfSize]], ['x', x, [n, d]], ['gamma', gamma], ['m', m], ['constant', constant]],
      primal: () => G.gmmObjective(alphas, means, icf, x, gamma, m, constant),
      derivative: () => G.gmmObjective_grad_into(alphas, means, icf, x, gamma, m, constant, out), grad: () => out,
      handwritten: () => gmmGradInto(alphas, means, icf, x, gamma, m, constant, out),
    });
  }
  return list;
}

/** Writes the inputs as raw files plus a manifest the Python side reads. */
function writeInputs(dir, list) {
  const manifest = list.map((p) => ({
    id: p.id, kind: p.kind, d: p.d, k: p.k, derivative: p.hessian ? 'hessian' : 'grad',
    inputs: p.inputs.map(([name, value, shape, type], i) => {
      const t = type ?? (value instanceof Int32Array ? 'int32' : 'float64');
      if (typeof value === 'number') return { name, type: t, value };
      const file = `${p.id}-${i}.bin`;
      writeFileSync(path.join(dir, file), Buffer.from(value.buffer, value.byteOffset, value.byteLength));
      return { name, type: t, file, shape };
    }),
  }));
  writeFileSync(path.join(dir, 'manifest.json'), JSON.stringify(manifest));
}

function runJax(dir) {
  const r = spawnSync(python, [path.join(HERE, 'jax_side.py'), dir, String(minSeconds)], {
    encoding: 'utf8', maxBuffer: 1 << 26, env: { ...process.env, OMP_NUM_THREADS: '1' },
  });
  if (r.status !== 0) return { error: (r.error?.message ?? r.stderr.trim().split('\n').slice(-1)[0]) || `exit ${r.status}` };
  const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  return { versions: lines[0], byId: new Map(lines.slice(1).map((l) => [l.id, l])) };
}

const us = (s) => (s * 1e6 >= 100 ? (s * 1e6).toFixed(0) : (s * 1e6).toPrecision(3));
const x = (a, b) => `${(a / b).toFixed(2)}×`;

/** Checks agreement of value and gradient norm (or Hessian sum) with JAX before any timing is shown. */
function agreement(p, j) {
  const close = (a, b) => Math.abs(a - b) <= 1e-8 * Math.max(1, Math.abs(a) + Math.abs(b));
  if (p.hessian) {
    p.derivative();
    return close(p.check(), j.check);
  }
  const value = p.derivative();
  return close(value, j.value) && close(norm(p.grad()), j.gradNorm);
}

function table(list, jax) {
  const rows = [
    '| problem | JAX primal µs | adgen primal µs | JAX derivative µs | adgen derivative µs | hand-written JS µs | JAX deriv ÷ adgen deriv | primal: adgen ÷ JAX | derivative ÷ primal: JAX / adgen |',
    '|---|---|---|---|---|---|---|---|---|',
  ];
  for (const p of list) {
    const j = jax.byId.get(p.id);
    if (!agreement(p, j)) throw new Error(`${p.id}: adgen and JAX disagree on the value or gradient`);
    const fns = [p.primal, p.derivative, p.handwritten, p.extra?.run].filter(Boolean);
    const times = timeAll(fns);
    const [tp, td] = times;
    const th = p.handwritten ? times[2] : null;
    const te = p.extra ? times[times.length - 1] : null;
    const adgenD = te !== null ? `${us(td)} (sparse ${us(te)})` : us(td);
    const best = te !== null ? Math.min(td, te) : td;
    rows.push(`| ${p.title} | ${us(j.primal)} | ${us(tp)} | ${us(j.derivative)} | ${adgenD} | ${th === null ? '—' : us(th)} | ${x(j.derivative, best)} | ${x(tp, j.primal)} | ${x(j.derivative, j.primal)} / ${x(best, tp)} |`);
    console.log(rows[rows.length - 1]);
  }
  return rows;
}

async function main() {
  const dir = mkdtempSync(path.join(tmpdir(), 'adgen-jax-'));
  try {
    const list = await problems();
    writeInputs(dir, list);
    const jax = runJax(dir);
    if (jax.error) {
      console.log(`JAX side not run (${python}: ${jax.error}); set ADGEN_JAX_PYTHON to a Python with jax installed.`);
      return;
    }
    const head = `JAX ${jax.versions.jax} (jit, float64, CPU, one thread), Node ${process.version}; mean per call, median of five batches${quick ? ' (quick)' : ''}.`;
    console.log(head);
    const rows = table(list, jax);
    if (outFile) writeFileSync(outFile, `${head}\n\n${rows.join('\n')}\n`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  if (sink[0] === 42) console.log('');
}

await main();
