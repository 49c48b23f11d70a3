/**
 * Second order: the full Hessian and a Hessian-vector product of the notebook's f (at (3, 4))
 * and of Rosenbrock with n = 10 and 100 (quick mode: f and n = 10), by the compiled
 * `_hessian`/`_hvp` entry points, the runtime's graph (backpropagation through symbolic
 * derivatives) and nested tape, finite differences of the primal, and TF.js with nested tf.grad
 * (a Hessian as n HVPs with one-hot directions, which is how TF.js users get one).
 * Dual numbers are first order only and are not measured here.
 */
import { compiled, exportOf, primal } from '../lib/modules.js';
import { fdHessian, fdHvp, slotsOf } from '../lib/fd.js';
import { rng, uniform } from '../lib/rng.js';
import {
  flatten, graphHessianTechnique, graphHvpTechnique, tapeHessianTechnique, tapeHvpTechnique,
} from '../lib/runtime.js';
import { caller, opaqueCaller, primalTechnique, read, tensorflow } from '../lib/techniques.js';
import { fOps } from './notebook.js';
import { rosenbrockOps, rosenbrockPoint, rosenbrockTf } from './rosenbrock.js';

const RUNTIME_PER_OP = 3e-6; // seconds per operation and pass, see techniques.js

/** The flat derivative of a compiled result field (number | Float64Array entries, or rows). */
const flatField = (r, field) => flatten(r[field].flatMap((e) => (typeof e === 'number' ? [e] : Array.from(e))));

function compiledTechnique(C, name, entry, args, field) {
  const e = exportOf(C, `${name}_${entry}`);
  return {
    key: 'compiled', label: `compiled \`${name}_${entry}\` (allocating)`, skip: e.skip,
    make: () => {
      const run = opaqueCaller(e.fn, args);
      return { run, flat: () => flatField(run(), field) };
    },
  };
}

/** compiled `name_hessian_into(...args, gradOut, hessOut)` (hessOut n×n row-major). */
function compiledHessianInto(C, name, args, n) {
  const e = exportOf(C, `${name}_hessian_into`);
  const grad = new Float64Array(n);
  const hess = new Float64Array(n * n);
  return {
    key: 'compiledInto', label: `compiled \`${name}_hessian_into\` (allocation-free)`, skip: e.skip,
    make: () => {
      const run = opaqueCaller(e.fn, [...args, grad, hess]);
      return { run, flat: () => (run(), hess.slice()) };
    },
  };
}

/** compiled `name_hvp_into(...args, ...v, gradOut, hvpOut)`. */
function compiledHvpInto(C, name, args, n) {
  const e = exportOf(C, `${name}_hvp_into`);
  const grad = new Float64Array(n);
  const hvp = new Float64Array(n);
  return {
    key: 'compiledInto', label: `compiled \`${name}_hvp_into\` (allocation-free)`, skip: e.skip,
    make: () => {
      const run = opaqueCaller(e.fn, [...args, grad, hvp]);
      return { run, flat: () => (run(), hvp.slice()) };
    },
  };
}

/** A second-order problem: `spec` = { name, fn (primal), args, active, x (flat), opsFn, tfFn, ops? (count, for the estimates) }. */
export function hessianProblem(spec, C, tf) {
  const { id, title, name, fn, args, n, opsFn, x } = spec;
  const own = args.slice();
  const slots = slotsOf(own, spec.active);
  const rows = Array.from({ length: n }, () => new Float64Array(n));
  const f = caller(fn, own);
  const ops = spec.ops ?? n * 9; // Rosenbrock and f have ≤ 9 operations per input
  return {
    id: `${id}-hessian`, group: 'hessian', title: `Hessian: ${title}`, n,
    techniques: [
      primalTechnique(fn, args),
      compiledTechnique(C, name, 'hessian', args, 'hessian'),
      compiledHessianInto(C, name, args, n),
      { key: 'graph', label: 'runtime graph (backprop through ∂f/∂xᵢ)', estimate: () => RUNTIME_PER_OP * 3 * ops * n, make: () => graphHessianTechnique(opsFn, x, null) },
      { key: 'tape', label: 'runtime tape (nested)', estimate: () => RUNTIME_PER_OP * 3 * ops * n, make: () => tapeHessianTechnique(opsFn, x, null) },
      {
        key: 'fd', label: `finite differences (${2 * n * n + 1} evaluations)`, estimate: (p) => (2 * n * n + 1) * p,
        make: () => ({ run: () => (fdHessian(f, own, slots, rows), rows), flat: () => (fdHessian(f, own, slots, rows), flatten(rows)) }),
      },
      tensorflow(tf, `nested tf.grad (${n} HVPs)`, (t) => {
        const g = t.grad(spec.tfFn(t));
        const basis = Array.from({ length: n }, (_, i) => t.keep(t.tensor1d(Float32Array.from({ length: n }, (_, j) => +(i === j)))));
        const rowsOf = basis.map((e) => t.grad((v) => t.sum(t.mul(g(v), e))));
        return () => {
          const xt = t.tensor1d(Float32Array.from(x));
          return rowsOf.map((row) => read(row(xt)));
        };
      }),
    ],
  };
}

export function hvpProblem(spec, C, tf) {
  const { id, title, name, fn, args, n, opsFn, x, v } = spec;
  const own = args.slice();
  const slots = slotsOf(own, spec.active);
  const out = new Float64Array(n);
  const saved = new Float64Array(n);
  const f = caller(fn, own);
  const vArgs = spec.vArgs;
  return {
    id: `${id}-hvp`, group: 'hvp', title: `HVP: ${title}`, n,
    techniques: [
      primalTechnique(fn, args),
      compiledTechnique(C, name, 'hvp', [...args, ...vArgs], 'hvp'),
      compiledHvpInto(C, name, [...args, ...vArgs], n),
      { key: 'graph', label: 'runtime graph (backprop through Σ vᵢ·∂f/∂xᵢ)', make: () => graphHvpTechnique(opsFn, x, v, null) },
      { key: 'tape', label: 'runtime tape (nested)', make: () => tapeHvpTechnique(opsFn, x, v, null) },
      {
        key: 'fd', label: `finite differences (${4 * n + 1} evaluations)`,
        make: () => ({ run: () => (fdHvp(f, own, slots, v, out, saved), out), flat: () => (fdHvp(f, own, slots, v, out, saved), out.slice()) }),
      },
      tensorflow(tf, 'nested tf.grad', (t) => {
        const g = t.grad(spec.tfFn(t));
        const vt = t.keep(t.tensor1d(Float32Array.from(v)));
        const hvp = t.grad((xx) => t.sum(t.mul(g(xx), vt)));
        return () => read(hvp(t.tensor1d(Float32Array.from(x))));
      }),
    ],
  };
}

/** f(x, y) = x²y + y + 2 in TF.js over a 2-vector. */
const fTf = (t) => (p) => {
  const [x, y] = [t.slice(p, 0, 1), t.slice(p, 1, 1)];
  return t.sum(t.add(t.add(t.mul(t.mul(x, x), y), y), 2));
};

export async function problems({ tf, quick }) {
  const notebook = await primal('notebook');
  const rosen = await primal('rosenbrock');
  const Cn = await compiled('notebook');
  const Cr = await compiled('rosenbrock');
  const fv = [0.3, -0.7];
  const specs = [{
    id: 'notebook-f', title: 'notebook f', name: 'f', fn: notebook.f, args: [3, 4], active: [0, 1], n: 2,
    opsFn: fOps, x: Float64Array.of(3, 4), v: Float64Array.from(fv), vArgs: fv, tfFn: fTf, C: Cn,
  }];
  for (const n of quick ? [10] : [10, 100]) {
    const x = rosenbrockPoint(n);
    const v = uniform(rng(2000 + n), n, -1, 1);
    specs.push({
      id: `rosenbrock-${n}`, title: `Rosenbrock n = ${n}`, name: 'rosenbrock', fn: rosen.rosenbrock, args: [x], active: [0], n,
      opsFn: rosenbrockOps, x, v, vArgs: [v], tfFn: (t) => (p) => rosenbrockTf(t, p), C: Cr,
    });
  }
  return specs.flatMap((s) => [hessianProblem(s, s.C, tf), hvpProblem(s, s.C, tf)]);
}
