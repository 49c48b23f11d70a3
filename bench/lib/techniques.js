/**
 * Constructors for the techniques every problem measures, so that each problem file only says
 * what is specific to it. A technique is `{ key, label, skip?, estimate?, make }`: `make()`
 * builds `{ run, flat }` (called only if the technique is not skipped, because building, e.g.,
 * a symbolic graph of a large problem is itself expensive); `run()` is one timed call; `flat()`
 * returns the derivative flattened, for the agreement check; `estimate(primalSeconds)` predicts
 * the time of one call (seconds, or `{ seconds, atLeast: true }` for a lower bound) so hopeless
 * cases are skipped with a reason instead of stalling the run.
 *
 * Keys are fixed across problems (they are the report's columns and the chart's series):
 * primal, compiled, compiledInto, handwritten, graph, tape, dual, fd, tf.
 */
import { BINARY, UNARY, makeOps } from '../../dist/runtime/index.js';
import { caller, opaqueCaller } from './fresh.js';
import { exportOf } from './modules.js';
import { fdGradient, fdJacobian, slotsOf } from './fd.js';
import { dualTechnique, flatten, graphTechnique, tapeTechnique } from './runtime.js';

// Cost model used only to skip hopeless cases (never reported as data): seconds per operation
// of the problem, measured on Rosenbrock and logistic regression (V8, Node 20, a shared 2-core
// machine); the tape and the graph cost 0.7–7 µs per operation, a dual pass 25–80 ns.
const TAPE_PER_OP = 3e-6;
const GRAPH_PER_OP = 3e-6;
const DUAL_PER_OP_PASS = 80e-9;
// Below this many primal-times a call, an estimate is not worth counting operations for.
const RUNTIME_MIN_FACTOR = 50;

export { caller, opaqueCaller };

export const LABELS = {
  primal: 'primal',
  compiled: 'compiled (allocating)',
  compiledInto: 'compiled _into (allocation-free)',
  handwritten: 'hand-written (allocation-free)',
  graph: 'runtime graph',
  tape: 'runtime tape',
  dual: 'dual numbers',
  fd: 'finite differences',
  tf: 'TensorFlow.js (float32)',
};

export function primalTechnique(fn, args) {
  return { key: 'primal', label: LABELS.primal, make: () => ({ run: opaqueCaller(fn, args) }) };
}

/** The gradient of a flat grad result `{ value, grad: [number | Float64Array, …] }`. */
export const flatGrad = (r) => flatten(r.grad.flatMap((g) => (typeof g === 'number' ? [g] : Array.from(g))));

/** compiled `name_grad` (allocating) and `name_grad_into` (allocation-free), or their skip reasons. */
export function compiledGradient(mod, name, args, n) {
  const grad = exportOf(mod, `${name}_grad`);
  const into = exportOf(mod, `${name}_grad_into`);
  const out = new Float64Array(n);
  return [
    {
      key: 'compiled', label: `compiled \`${name}_grad\` (allocating)`, skip: grad.skip,
      make: () => {
        const run = opaqueCaller(grad.fn, args);
        return { run, flat: () => flatGrad(run()) };
      },
    },
    {
      key: 'compiledInto', label: `compiled \`${name}_grad_into\` (allocation-free)`, skip: into.skip,
      make: () => {
        const run = opaqueCaller(into.fn, [...args, out]);
        return { run, flat: () => (run(), out.slice()) };
      },
    },
  ];
}

/** A hand-written allocation-free gradient `fn(...args, out)`. */
export function handwritten(fn, args, n) {
  const out = new Float64Array(n);
  return {
    key: 'handwritten', label: LABELS.handwritten,
    make: () => {
      const run = opaqueCaller(fn, [...args, out]);
      return { run, flat: () => (run(), out.slice()) };
    },
  };
}

/** Forward finite differences of the primal (n + 1 evaluations), perturbing a copy of args. */
export function finiteDifferences(fn, args, active, outputs = 0) {
  const own = args.slice(); // number arguments are perturbed in this array, arrays in place
  const slots = slotsOf(own, active);
  const f = caller(fn, own);
  const n = slots.length;
  return {
    key: 'fd', label: `finite differences (${n + 1} evaluations)`,
    estimate: (p) => (n + 1) * p,
    make: () => {
      if (outputs) {
        const rows = Array.from({ length: outputs }, () => new Float64Array(n));
        return { run: () => (fdJacobian(f, own, slots, rows), rows), flat: () => (fdJacobian(f, own, slots, rows), flatten(rows)) };
      }
      const out = new Float64Array(n);
      return { run: () => fdGradient(f, own, slots, out), flat: () => (fdGradient(f, own, slots, out), out.slice()) };
    },
  };
}

/** The number of Ops calls of one evaluation of opsFn (counted on plain numbers). */
function countOps(opsFn, x, data) {
  let count = 0;
  const counting = makeOps(
    (name, a, b) => (count++, BINARY[name].f(a, b)),
    (name, a) => (count++, UNARY[name].f(a)),
  );
  opsFn(counting, Array.from(x), data);
  return count;
}

/**
 * Dual numbers, graph and tape on `opsFn(o, p, data)` at the flat point x. Their estimates count
 * the problem's operations (once, lazily), unless even a low estimate from the primal's time
 * exceeds the budget.
 */
export function runtimeTechniques(opsFn, x, data, outputs = 0) {
  const n = x.length;
  let ops = null;
  const estimate = (perOp, passes) => (p, budget) => {
    const low = RUNTIME_MIN_FACTOR * passes * p;
    if (low > budget) return { seconds: low, atLeast: true };
    ops ??= countOps(opsFn, x, data);
    return perOp * passes * ops;
  };
  return [
    { key: 'graph', label: LABELS.graph, estimate: estimate(GRAPH_PER_OP, outputs || 1), make: () => graphTechnique(opsFn, x, data, outputs) },
    { key: 'tape', label: LABELS.tape, estimate: estimate(TAPE_PER_OP, 1), make: () => tapeTechnique(opsFn, x, data, outputs) },
    {
      key: 'dual', label: `dual numbers (${n} pass${n === 1 ? '' : 'es'})`, estimate: estimate(DUAL_PER_OP_PASS, n),
      make: () => dualTechnique(opsFn, x, data, outputs),
    },
  ];
}

/**
 * A TensorFlow.js technique: `make(tf)` returns the body of one call, which runs inside tf.tidy
 * and returns plain numbers (an array, or `{ value, grad }`) read back with dataSync.
 */
export function tensorflow(tfLoaded, label, make) {
  if (tfLoaded.error) return { key: 'tf', label: LABELS.tf, skip: tfLoaded.error };
  const { tf } = tfLoaded;
  return {
    key: 'tf', label: `TensorFlow.js ${label} (float32)`,
    make: () => {
      const body = make(tf);
      const run = () => tf.tidy(body);
      return { run, flat: () => { const r = run(); return flatten(r.grad ?? r); } };
    },
  };
}

/** The values of TF tensors as plain arrays (what a user reads back with dataSync). */
export const read = (...tensors) => tensors.flatMap((t) => Array.from(t.dataSync()));
