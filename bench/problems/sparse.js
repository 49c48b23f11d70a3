/**
 * Sparse derivatives: the Hessian of Rosenbrock (n = 1,000) by `_hessian_sparse` against the
 * dense `_hessian_into` (n HVPs), the bundle-adjustment Jacobian over all observations of an
 * ADBench file by `_jacobian_sparse`, and the Jacobian of a banded PDE residual (Bratu's problem,
 * five-point stencil, m = n = 10⁴). Each problem's title says how many JVPs/HVPs (colours) the
 * sparse entry point ran; the primal is the compiled primal of the same module.
 *
 * The agreement check compares J·v (or H·v) for one fixed direction v, read off the CSR result,
 * with the compiled JVP/HVP along v (key `compiledInto`; for Rosenbrock the dense Hessian times
 * v) and, for the Jacobians, central differences of the residual along v (key `fd`: two residual
 * calls, a check of J·v, not a Jacobian technique).
 *
 *   node bench/run.js --only sparse --no-compiler --out /tmp/sparse   (within the benchmark)
 *   node bench/problems/sparse.js [--quick]                            (alone, prints the ratios)
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { exists } from '../lib/adbench.js';
import { compileAndImport, compiled, exportOf } from '../lib/modules.js';
import { ADBENCH } from '../lib/paths.js';
import { rng, uniform } from '../lib/rng.js';
import { opaqueCaller, primalTechnique } from '../lib/techniques.js';
import { rosenbrockPoint } from './rosenbrock.js';
import { BA_ALL, BRATU } from './sparse-sources.js';

/** y = A·v of a CSR matrix. */
function csrTimes(A, v) {
  const y = new Float64Array(A.rows);
  for (let i = 0; i < A.rows; i++) {
    let s = 0;
    for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) s += A.values[k] * v[A.colIdx[k]];
    y[i] = s;
  }
  return y;
}

/** The sparse entry point as the `compiled` technique; flat() is its matrix times `dir`. */
function sparseTechnique(mod, entry, args, field, dir) {
  const e = exportOf(mod, entry);
  return {
    key: 'compiled', label: `compiled \`${entry}\` (CSR, allocating)`, skip: e.skip,
    make: () => {
      const run = opaqueCaller(e.fn, args);
      return { run, flat: () => csrTimes(run()[field], dir) };
    },
  };
}

/** Central differences of a vector function along `dir` over its first argument (J·dir). */
function fdAlong(fn, args, dir) {
  const x = args[0];
  const h = 1e-6 * Math.max(1, x.reduce((m, xi) => Math.max(m, Math.abs(xi)), 0));
  const moved = (t) => [Float64Array.from(x, (xi, i) => xi + t * dir[i]), ...args.slice(1)];
  const flat = () => {
    const [a, b] = [fn(...moved(h)), fn(...moved(-h))];
    return Float64Array.from(a, (ai, i) => (ai - b[i]) / (2 * h));
  };
  return { key: 'fd', label: 'central differences along v (2 residual calls: checks J·v, not a Jacobian)', make: () => ({ run: flat, flat }) };
}

/** Colours the sparse entry point used (it reports them with the matrix). */
function colours(mod, entry, args, field) {
  const e = exportOf(mod, entry);
  return e.fn ? e.fn(...args)[field].colors : NaN;
}

async function rosenbrockProblem(quick) {
  const C = await compiled('rosenbrock');
  const n = quick ? 100 : 1000;
  const x = rosenbrockPoint(n);
  const dir = uniform(rng(5), n, -1, 1);
  const dense = exportOf(C, 'rosenbrock_hessian_into');
  const [grad, hess] = [new Float64Array(n), new Float64Array(n * n)];
  const k = C.error ? NaN : colours(C, 'rosenbrock_hessian_sparse', [x], 'hessian');
  return {
    id: `sparse-rosenbrock-${n}-hessian`, group: 'sparse', n, missing: C.error, colours: k,
    title: `Hessian of Rosenbrock, n = ${n}: ${k} HVPs (star colouring) instead of ${n}`,
    techniques: [
      primalTechnique(C.module?.rosenbrock, [x]),
      sparseTechnique(C, 'rosenbrock_hessian_sparse', [x], 'hessian', dir),
      {
        key: 'compiledInto', label: `compiled \`rosenbrock_hessian_into\` (dense, ${n} HVPs)`, skip: dense.skip,
        make: () => {
          const run = opaqueCaller(dense.fn, [x, grad, hess]);
          return { run, flat: () => (run(), Float64Array.from({ length: n }, (_, i) => dir.reduce((s, d, j) => s + hess[i * n + j] * d, 0))) };
        },
      },
    ],
  };
}

/** ADBench's observations: observation i sees camera i mod n and point i mod m. */
function readBaAll(file, quick) {
  const t = readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
  const [n, m, pFile] = t;
  const p = quick ? Math.min(pFile, 2000) : pFile;
  const tile = (from, len, count) => Float64Array.from({ length: len * count }, (_, i) => t[from + (i % len)]);
  const cams = tile(3, 11, n);
  const X = tile(14, 3, m);
  const w = Float64Array.from({ length: p }, () => t[17]);
  const feats = tile(18, 2, p);
  const obs = Int32Array.from({ length: 2 * p }, (_, i) => (i % 2 === 0 ? (i >> 1) % n : (i >> 1) % m));
  // Spread the replicated values a little so that no two columns are equal by accident.
  const r = rng(3);
  for (const a of [cams, X]) for (let i = 0; i < a.length; i++) a[i] *= 1 + 1e-3 * (r() - 0.5);
  return { n, m, p, args: [cams, X, w, obs, feats] };
}

async function baProblem(quick) {
  const file = path.join(ADBENCH, 'ba', 'ba1_n49_m7776_p31843.txt');
  if (!exists(file)) return { id: 'sparse-ba-jacobian', group: 'sparse', missing: `${file} not found`, techniques: [] };
  const C = await compileAndImport(`/** @wrt cams X w */${BA_ALL}`, { fileName: 'ba-all.ts' });
  const { n, m, p, args } = readBaAll(file, quick);
  const cols = 11 * n + 3 * m + p;
  const dir = uniform(rng(6), cols, -1, 1);
  const split = (d) => [d.subarray(0, 11 * n), d.subarray(11 * n, 11 * n + 3 * m), d.subarray(11 * n + 3 * m)];
  const jvp = exportOf(C, 'baResiduals_jvp');
  const k = C.error ? NaN : colours(C, 'baResiduals_jacobian_sparse', args, 'jacobian');
  const all = (cams, X, w) => C.module.baResiduals(cams, X, w, args[3], args[4]);
  return {
    id: 'sparse-ba-jacobian', group: 'sparse', n: cols, missing: C.error, colours: k,
    title: `bundle-adjustment Jacobian over all ${p} observations (${3 * p} × ${cols}, n = ${n} cameras, m = ${m} points): ${k} JVPs`,
    techniques: [
      primalTechnique(C.module?.baResiduals, args),
      sparseTechnique(C, 'baResiduals_jacobian_sparse', args, 'jacobian', dir),
      {
        key: 'compiledInto', label: 'compiled `baResiduals_jvp` along v (one JVP, for the check)', skip: jvp.skip,
        make: () => {
          const run = opaqueCaller(jvp.fn, [...args, ...split(dir)]);
          return { run, flat: () => run().tangent };
        },
      },
      { ...fdAlong((flat) => all(...split(flat)), [Float64Array.from([...args[0], ...args[1], ...args[2]])], dir), skip: C.error },
    ],
  };
}

async function bratuProblem(quick) {
  const side = quick ? 30 : 100;
  const C = await compileAndImport(`/** @wrt u */${BRATU}`, { fileName: 'bratu.ts' });
  const u = uniform(rng(8), side * side, 0, 1);
  const args = [u, side, 6];
  const dir = uniform(rng(9), side * side, -1, 1);
  const jvp = exportOf(C, 'bratu_jvp');
  const k = C.error ? NaN : colours(C, 'bratu_jacobian_sparse', args, 'jacobian');
  return {
    id: `sparse-bratu-${side * side}-jacobian`, group: 'sparse', n: side * side, missing: C.error, colours: k,
    title: `Jacobian of the Bratu residual on a ${side}×${side} grid (m = n = ${side * side}, five-point stencil): ${k} JVPs`,
    techniques: [
      primalTechnique(C.module?.bratu, args),
      sparseTechnique(C, 'bratu_jacobian_sparse', args, 'jacobian', dir),
      {
        key: 'compiledInto', label: 'compiled `bratu_jvp` along v (one JVP, for the check)', skip: jvp.skip,
        make: () => {
          const run = opaqueCaller(jvp.fn, [...args, dir]);
          return { run, flat: () => run().tangent };
        },
      },
      { ...fdAlong(C.module?.bratu, args, dir), skip: C.error },
    ],
  };
}

export async function problems({ quick }) {
  return [await rosenbrockProblem(quick), await baProblem(quick), await bratuProblem(quick)];
}

/** Goal rows (limit × the primal) for the summary printed when run alone. */
export const GOALS = [
  { prefix: 'sparse-rosenbrock', limit: 10, goal: 'Hessian of Rosenbrock n = 1,000 ≤ 10× the primal' },
  { prefix: 'sparse-ba', limit: 3, goal: 'bundle-adjustment Jacobian over all observations ≤ 3× the residuals' },
  { prefix: 'sparse-bratu', limit: Infinity, goal: 'banded PDE residual (m = n = 10⁴) Jacobian in a handful of JVPs' },
];

async function standalone() {
  const { measureTechniques, timingConfig, formatSeconds } = await import('../lib/measure.js');
  const quick = process.argv.includes('--quick');
  const cfg = timingConfig(quick);
  for (const problem of await problems({ quick })) {
    if (problem.missing) {
      console.log(`${problem.id}: ${problem.missing}`);
      continue;
    }
    const results = measureTechniques(problem.techniques, cfg);
    const s = (key) => results.get(key)?.seconds;
    console.log(`${problem.id}: ${problem.title}`);
    for (const r of results.values()) {
      const check = r.check && Number.isFinite(r.check.error) ? `, check ${r.check.error.toExponential(1)} vs ${r.check.refKey}` : '';
      console.log(`    ${r.key.padEnd(12)} ${r.skipped ?? formatSeconds(r.seconds)}${check}  ${r.label}`);
    }
    const goal = GOALS.find((g) => problem.id.startsWith(g.prefix));
    const ratio = s('compiled') / s('primal');
    const status = Number.isFinite(goal.limit) ? (ratio <= goal.limit ? 'PASS' : 'MISS') : 'INFO';
    console.log(`    ${status} ${goal.goal}: ${ratio.toPrecision(3)}× the primal, ${problem.colours} colours`);
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) await standalone();
