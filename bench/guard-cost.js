/**
 * What NaN-safe propagation costs: the same entry points of two builds of generated/, timed in
 * one process, interleaved (A B, B A, … in alternating order), on the benchmark problems' inputs.
 *
 *   node bench/guard-cost.js [--base REF] [--rounds N] [--only label,label]
 *
 * The baseline is generated/ as committed at REF (default `main`, read with `git show`); the
 * candidate is the working tree's generated/ (`npm run gen`). Each round times a batch of calls
 * of about 5 ms per variant; the report gives, per variant, the fastest and the median batch
 * (time per call) and both ratios candidate / baseline: on a shared machine other processes only
 * ever add time, so the ratio of the fastest batches is the steadier one. Rosenbrock, whose derivative code has no guarded operation, is the
 * control: its ratio shows the noise of the machine.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { exists, gmmConstant, readBa, readGmm } from './lib/adbench.js';
import { ADBENCH, ROOT } from './lib/paths.js';
import { logregData } from './problems/logreg.js';
import { mlpData } from './problems/mlp.js';
import { rng, uniform } from './lib/rng.js';

const argv = process.argv.slice(2);
const opt = (name, dflt) => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : dflt);
const base = opt('--base', 'main');
const rounds = Number(opt('--rounds', 41));
const only = opt('--only', '').split(',').filter(Boolean);

async function load(dir) {
  const mods = {};
  for (const f of readdirSync(path.join(ROOT, 'generated')).filter((f) => f.endsWith('.grad.js'))) {
    mods[f.replace('.grad.js', '')] = await import(pathToFileURL(path.join(dir, f)).href);
  }
  return mods;
}

function baseline() {
  const dir = mkdtempSync(path.join(tmpdir(), 'adgen-guard-base-'));
  for (const f of readdirSync(path.join(ROOT, 'generated')).filter((f) => f.endsWith('.grad.js'))) {
    writeFileSync(path.join(dir, f), execFileSync('git', ['show', `${base}:generated/${f}`], { cwd: ROOT, maxBuffer: 1 << 28 }));
  }
  return dir;
}

/** Cases: [label, module, export, args(module) ]. Outputs are allocated once per case. */
function cases() {
  const out = [];
  const add = (label, mod, fn, args) => out.push({ label, mod, fn, args });
  const r = rng(11);
  const x = uniform(r, 100, -1.5, 1.5);
  add('rosenbrock (n = 100) grad_into [control]', 'rosenbrock', 'rosenbrock_grad_into', [x, new Float64Array(100)]);
  add('rosenbrock (n = 100) hvp_into [control]', 'rosenbrock', 'rosenbrock_hvp_into', [x, x, new Float64Array(100), new Float64Array(100)]);
  const L = logregData(1000, 10);
  add('logreg grad_into', 'logreg', 'logisticLoss_grad_into', [L.w, L.b, L.X, L.y, new Float64Array(11)]);
  add('logreg jvp_tangent', 'logreg', 'logisticLoss_jvp_tangent', [L.w, L.b, L.X, L.y, L.w, 1]);
  add('logreg hvp_into', 'logreg', 'logisticLoss_hvp_into', [L.w, L.b, L.X, L.y, L.w, 1, new Float64Array(11), new Float64Array(11)]);
  const M = mlpData();
  const nm = M.W1.length + M.b1.length + M.W2.length + M.b2.length;
  add('mlp grad_into', 'mlp', 'mlpLoss_grad_into', [M.W1, M.b1, M.W2, M.b2, M.X, M.labels, new Float64Array(nm)]);
  const gfile = path.join(ADBENCH, 'gmm', 'gmm_d10_K25.txt');
  if (exists(gfile)) {
    const G = readGmm(gfile);
    const gargs = [G.alphas, G.means, G.icf, G.x, G.gamma, G.m, gmmConstant(G)];
    const ng = G.alphas.length + G.means.length + G.icf.length;
    add('gmm d10 K25 grad_into', 'gmm', 'gmmObjective_grad_into', [...gargs, new Float64Array(ng)]);
    add('gmm d10 K25 jvp_tangent', 'gmm', 'gmmObjective_jvp_tangent', [...gargs, G.alphas, G.means, G.icf]);
    add('gmm d10 K25 hvp_into', 'gmm', 'gmmObjective_hvp_into', [...gargs, G.alphas, G.means, G.icf, new Float64Array(ng), new Float64Array(ng)]);
  }
  const bfile = path.join(ADBENCH, 'ba', 'ba1_n49_m7776_p31843.txt');
  if (exists(bfile)) {
    const B = readBa(bfile);
    add('ba vjp_into', 'ba', 'baResidual_vjp_into', [B.cam, B.X, B.w, B.feat, Float64Array.of(1, 0), new Float64Array(15)]);
    add('ba jacobian', 'ba', 'baResidual_jacobian', [B.cam, B.X, B.w, B.feat]);
  }
  const g3 = () => new Float64Array(3);
  add('scalar projectileRange grad_into', 'scalar', 'projectileRange_grad_into', [20, 0.7, 9.81, g3()]);
  add('scalar normalNll hessian_into', 'scalar', 'normalNll_hessian_into', [0.3, 0.1, 1.2, g3(), new Float64Array(9)]);
  add('scalar blackScholesCall grad_into', 'scalar', 'blackScholesCall_grad_into', [100, 95, 0.02, 0.25, 1.5, new Float64Array(5)]);
  add('scalar blackScholesCall hessian_into', 'scalar', 'blackScholesCall_hessian_into', [100, 95, 0.02, 0.25, 1.5, new Float64Array(5), new Float64Array(25)]);
  add('newton cubicRoot grad_into', 'newton', 'cubicRoot_grad_into', [2, 3, new Float64Array(2)]);
  return out;
}

/** A caller of its own (fresh call site per variant), summing results so nothing is dropped. */
function runner(fn, args, sink) {
  // eslint-disable-next-line no-new-func
  return new Function('fn', 'args', 'sink', `return function (n) { let s = 0; for (let i = 0; i < n; i++) { const r = fn(...args); s += typeof r === 'number' ? r : 1; } sink.v += s; };`)(fn, args, sink);
}

const now = () => Number(process.hrtime.bigint()) / 1e9;
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const [A, B] = [await load(baseline()), await load(path.join(ROOT, 'generated'))];
const sink = { v: 0 };
console.log(`NaN-safe propagation cost: generated/ at ${base} (baseline) vs the working tree (candidate), ${rounds} interleaved rounds; time per call, fastest / median batch\n`);
console.log('| entry point | baseline | candidate | candidate / baseline (fastest / median) |\n|---|---|---|---|');
for (const c of cases().filter((c) => !only.length || only.some((o) => c.label.includes(o)))) {
  const fa = A[c.mod]?.[c.fn], fb = B[c.mod]?.[c.fn];
  if (!fa || !fb) { console.log(`| ${c.label} | missing | | |`); continue; }
  const ra = runner(fa, c.args, sink), rb = runner(fb, c.args, sink);
  // Warm up both, then calibrate the calls per ~5 ms batch.
  for (let k = 0; k < 20; k++) (ra(1 + k), rb(1 + k));
  let n = 1;
  for (;;) { const t = now(); ra(n); if (now() - t > 0.005) break; n *= 2; }
  const ta = [], tb = [];
  for (let k = 0; k < rounds; k++) {
    const order = k % 2 ? [[rb, tb], [ra, ta]] : [[ra, ta], [rb, tb]];
    for (const [f, ts] of order) { const t = now(); f(n); ts.push((now() - t) / n); }
  }
  const [la, lb, ma, mb] = [Math.min(...ta), Math.min(...tb), median(ta), median(tb)];
  const fmt = (s) => (s < 1e-3 ? `${(s * 1e6).toFixed(3)} µs` : `${(s * 1e3).toFixed(3)} ms`);
  console.log(`| ${c.label} | ${fmt(la)} / ${fmt(ma)} | ${fmt(lb)} / ${fmt(mb)} | ${(lb / la).toFixed(3)} / ${(mb / ma).toFixed(3)} |`);
}
if (sink.v === 42) console.log('');
