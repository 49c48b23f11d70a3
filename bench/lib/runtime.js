/**
 * The runtime library's techniques (dual numbers, symbolic graph, gradient tape) applied to a
 * problem written once as `opsFn(o, p, data)`: `o` is an `Ops<T>` object from adgen/runtime, `p`
 * the differentiated scalars flattened into one array of T, `data` the constant inputs. The result
 * is a T (scalar problems) or an array of T (vector-valued ones).
 *
 * Each builder returns `{ run(), flat() }` for the harness. Choices, stated for fairness:
 * - dual numbers: one forward pass per input; only the seeded input is a Dual, the others stay
 *   plain numbers, so a pass costs nothing on the operations that do not depend on that input
 *   (faster than making every input a Dual with tangent 0, as `dualGradient` does);
 * - graph: the graph is built ONCE (at setup, like compiling); a call sets the inputs, runs
 *   `evaluate()` and `backpropagate()` and reads `Var.grad`. Second order: the symbolic
 *   derivative graphs ∂f/∂xᵢ are built once too, and a call backpropagates through them;
 * - tape: a call records a fresh tape (that is how tapes work) and asks it for the gradient;
 *   second order by recording the gradient on a persistent tape and differentiating it again.
 */
import { Dual, GradientTape, Var, dualOps, graphOps, tapeOps } from '../../dist/runtime/index.js';

const tangentOf = (y) => (typeof y === 'number' ? 0 : y.eps);

/** Gradient (or Jacobian columns) by one dual-number pass per input. */
export function dualTechnique(opsFn, x, data, outputs = 0) {
  const n = x.length;
  const p = Array.from(x);
  const out = outputs ? Array.from({ length: outputs }, () => new Float64Array(n)) : new Float64Array(n);
  const run = () => {
    let y;
    for (let i = 0; i < n; i++) {
      p[i] = new Dual(x[i], 1);
      y = opsFn(dualOps, p, data);
      p[i] = x[i];
      if (outputs) for (let r = 0; r < outputs; r++) out[r][i] = tangentOf(y[r]);
      else out[i] = tangentOf(y);
    }
    return out;
  };
  return { run, flat: () => flatten(run()) };
}

/** The graph of opsFn over fresh Vars, built once. */
function buildGraph(opsFn, x, data) {
  const vars = Array.from(x, (v, i) => new Var(`p${i}`, v));
  const y = opsFn(graphOps, vars, data);
  return { vars, y };
}

function setValues(vars, x) {
  for (let i = 0; i < vars.length; i++) {
    vars[i].value = x[i];
    vars[i].grad = 0;
  }
}

function readGrads(vars, row) {
  for (let i = 0; i < vars.length; i++) {
    row[i] = vars[i].grad;
    vars[i].grad = 0;
  }
}

/** Gradient (or Jacobian rows) by evaluate() + backpropagate() on a prebuilt graph. */
export function graphTechnique(opsFn, x, data, outputs = 0) {
  const { vars, y } = buildGraph(opsFn, x, data);
  const roots = (outputs ? y : [y]).map((yi) => graphOps.add(yi, 0)); // lifts a number to a Const
  const rows = roots.map(() => new Float64Array(x.length));
  const run = () => {
    setValues(vars, x);
    for (let r = 0; r < roots.length; r++) {
      roots[r].evaluate();
      roots[r].backpropagate();
      readGrads(vars, rows[r]);
    }
    return outputs ? rows : rows[0];
  };
  return { run, flat: () => flatten(run()) };
}

/** Gradient (or Jacobian rows, on a persistent tape) by recording a fresh tape per call. */
export function tapeTechnique(opsFn, x, data, outputs = 0) {
  const rows = Array.from({ length: outputs || 1 }, () => new Float64Array(x.length));
  const run = () => {
    const tape = new GradientTape({ unconnected: 'zero', persistent: outputs > 0 });
    const vars = Array.from(x, (v) => tape.variable(v));
    const y = opsFn(tapeOps, vars, data);
    const ys = outputs ? y : [y];
    for (let r = 0; r < ys.length; r++) {
      const g = tape.gradient(ys[r], vars);
      for (let i = 0; i < g.length; i++) rows[r][i] = g[i].value;
    }
    return outputs ? rows : rows[0];
  };
  return { run, flat: () => flatten(run()) };
}

/** Hessian rows by backpropagating through the prebuilt symbolic derivatives ∂f/∂xᵢ. */
export function graphHessianTechnique(opsFn, x, data) {
  const { vars, y } = buildGraph(opsFn, x, data);
  const derivs = vars.map((v) => graphOps.add(y.derivative(v), 0));
  const rows = vars.map(() => new Float64Array(x.length));
  const run = () => {
    setValues(vars, x);
    for (let i = 0; i < derivs.length; i++) {
      derivs[i].evaluate();
      derivs[i].backpropagate();
      readGrads(vars, rows[i]);
    }
    return rows;
  };
  return { run, flat: () => flatten(run()) };
}

/** H·v by backpropagating through the prebuilt graph Σᵢ vᵢ·∂f/∂xᵢ (v are Vars too). */
export function graphHvpTechnique(opsFn, x, v, data) {
  const { vars, y } = buildGraph(opsFn, x, data);
  const dirs = Array.from(v, (vi, i) => new Var(`v${i}`, vi));
  let gv = graphOps.add(0, 0);
  vars.forEach((xi, i) => (gv = graphOps.add(gv, graphOps.mul(y.derivative(xi), dirs[i]))));
  gv = graphOps.add(gv, 0);
  const out = new Float64Array(x.length);
  const run = () => {
    setValues(vars, x);
    setValues(dirs, v);
    gv.evaluate();
    gv.backpropagate();
    readGrads(vars, out);
    return out;
  };
  return { run, flat: () => run() };
}

/** Records the gradient on a persistent tape; `then(tape, vars, grads)` finishes the call. */
function tapeSecondOrder(opsFn, x, data, then) {
  const tape = new GradientTape({ unconnected: 'zero', persistent: true });
  const vars = Array.from(x, (xi) => tape.variable(xi));
  const grads = tape.gradient(opsFn(tapeOps, vars, data), vars);
  return then(tape, vars, grads);
}

/** Hessian rows by differentiating the taped gradient again (n more gradient calls). */
export function tapeHessianTechnique(opsFn, x, data) {
  const rows = Array.from(x, () => new Float64Array(x.length));
  const run = () =>
    tapeSecondOrder(opsFn, x, data, (tape, vars, grads) => {
      tape.stop();
      for (let i = 0; i < grads.length; i++) {
        const h = tape.gradient(grads[i], vars);
        for (let j = 0; j < h.length; j++) rows[i][j] = h[j].value;
      }
      return rows;
    });
  return { run, flat: () => flatten(run()) };
}

/** H·v as the gradient of the taped ⟨∇f, v⟩ (one more gradient call). */
export function tapeHvpTechnique(opsFn, x, v, data) {
  const out = new Float64Array(x.length);
  const run = () =>
    tapeSecondOrder(opsFn, x, data, (tape, vars, grads) => {
      let s = 0;
      for (let i = 0; i < grads.length; i++) s = tapeOps.add(s, tapeOps.mul(grads[i], v[i]));
      tape.stop();
      const h = tape.gradient(s, vars);
      for (let j = 0; j < h.length; j++) out[j] = h[j].value;
      return out;
    });
  return { run, flat: () => run() };
}

/** An array or array of rows as one Float64Array. */
export function flatten(r) {
  if (typeof r === 'number') return Float64Array.of(r);
  if (r.length > 0 && typeof r[0] !== 'number') {
    const out = [];
    for (const row of r) out.push(...row);
    return Float64Array.from(out);
  }
  return Float64Array.from(r);
}
