/**
 * The product's performance goals, evaluated on the measurements of one run. Each goal returns
 * `{ goal, measured, status }` with status PASS, MISS or N/A (nothing to judge, e.g. when the
 * compiled modules are not available), and the figures it was judged on.
 *
 * Which compiled entry point each goal uses (stated in the table too):
 * - "≤ 3× primal": the allocation-free `_grad_into` (the entry point for hot loops), else `_grad`;
 * - "within 1.25× of hand-written": `_grad_into` against the allocation-free hand-written code;
 * - comparisons with another technique: the compiled entry point of the same kind — `_into` for
 *   finite differences (which write into a preallocated array, like `_into`), the allocating
 *   `_grad` (`_hessian`, `_hvp`, `_jacobian`) for the tape, graph, dual numbers and TF.js, which
 *   allocate as they go.
 */

export const seconds = (run, key) => {
  const r = run.results?.get(key);
  return r && !r.skipped ? r.seconds : NaN;
};

/** The compiled time a technique is compared with: allocating, else allocation-free. */
export const compiledSeconds = (run) => {
  const a = seconds(run, 'compiled');
  return Number.isFinite(a) ? a : seconds(run, 'compiledInto');
};

const fastCompiled = (run) => {
  const a = seconds(run, 'compiledInto');
  return Number.isFinite(a) ? a : seconds(run, 'compiled');
};

/** The compiled time technique `key` is compared with (see the header). */
export const compiledFor = (run, key) => (key === 'fd' || key === 'handwritten' ? fastCompiled(run) : compiledSeconds(run));

const x = (v) => (v >= 100 ? `${Math.round(v).toLocaleString('en-US')}×` : `${v.toPrecision(3)}×`);

/** Ratios num(run)/den(run) over runs where both are measured: [{ id, ratio }]. */
function ratios(runs, num, den) {
  return runs
    .map((run) => ({ id: run.problem.id, ratio: num(run) / den(run) }))
    .filter((r) => Number.isFinite(r.ratio));
}

/** A goal judged on the worst case of a list of ratios (`dir` −1: lower is better). */
function worst(goal, list, limit, dir, describe) {
  if (list.length === 0) return { goal, measured: 'nothing measured (compiled modules not available?)', status: 'N/A' };
  const pick = list.reduce((a, b) => (dir * (b.ratio - a.ratio) < 0 ? b : a));
  const ok = list.every((r) => (dir < 0 ? r.ratio <= limit : r.ratio >= limit));
  const failing = list.filter((r) => (dir < 0 ? r.ratio > limit : r.ratio < limit)).map((r) => r.id);
  const extra = failing.length > 0 ? `; misses: ${failing.join(', ')}` : '';
  return { goal, measured: `${describe}: worst ${x(pick.ratio)} (${pick.id}), over ${list.length} problems${extra}`, status: ok ? 'PASS' : 'MISS' };
}

/** Least-squares slope of log(y) against log(x). */
export function logSlope(points) {
  const pts = points.filter(([a, b]) => a > 0 && b > 0 && Number.isFinite(b)).map(([a, b]) => [Math.log(a), Math.log(b)]);
  if (pts.length < 2) return NaN;
  const mx = pts.reduce((s, p) => s + p[0], 0) / pts.length;
  const my = pts.reduce((s, p) => s + p[1], 0) / pts.length;
  const sxy = pts.reduce((s, p) => s + (p[0] - mx) * (p[1] - my), 0);
  const sxx = pts.reduce((s, p) => s + (p[0] - mx) ** 2, 0);
  return sxy / sxx;
}

function dualGrowth(runs) {
  const goal = 'faster than dual numbers by a factor growing ~linearly in n (Rosenbrock)';
  const pts = runs
    .filter((r) => r.problem.family === 'rosenbrock')
    .map((r) => [r.problem.n, seconds(r, 'dual') / compiledSeconds(r)])
    .filter(([, v]) => Number.isFinite(v));
  if (pts.length < 2) return { goal, measured: 'fewer than two sizes measured', status: 'N/A' };
  const slope = logSlope(pts);
  const list = pts.map(([n, v]) => `n = ${n}: ${x(v)}`).join(', ');
  const ok = slope >= 0.8 && pts.every(([n, v]) => n < 2 || v > 1);
  return { goal, measured: `${list}; growth exponent ${slope.toFixed(2)} (1 = linear)`, status: ok ? 'PASS' : 'MISS' };
}

function compilerScaling(compiler) {
  const goal = 'compile time and output size ~linear in the number of operations';
  if (!compiler || compiler.error) return { goal, measured: compiler?.error ?? 'not measured', status: 'N/A' };
  const judged = compiler.series.filter((s) => Number.isFinite(s.timeExponent));
  if (judged.length === 0) return { goal, measured: 'fewer than two sizes compiled', status: 'N/A' };
  const parts = judged.map((s) => `${s.name}, ${s.between[0]}→${s.between[1]} ops: time N^${s.timeExponent.toFixed(2)}, bytes N^${s.bytesExponent.toFixed(2)}`);
  const skipped = compiler.series.flatMap((s) => s.rows.filter((r) => r.error).map((r) => `${s.name} at ${r.ops} ops (${r.error})`));
  const ok = judged.every((s) => s.timeExponent <= 1.2 && s.bytesExponent <= 1.1) && skipped.length === 0;
  const note = skipped.length > 0 ? `; not compiled: ${skipped.join('; ')}` : '';
  return { goal, measured: `${parts.join('; ')} (PASS: time ≤ N^1.2, bytes ≤ N^1.1 at every size)${note}`, status: ok ? 'PASS' : 'MISS' };
}

/** All goals, in the order of the issue. */
export function evaluateGoals(runs, compiler) {
  const grads = runs.filter((r) => r.problem.group === 'gradient');
  const firstOrder = runs.filter((r) => r.problem.group === 'gradient' || r.problem.group === 'jacobian');
  const second = runs.filter((r) => r.problem.group === 'hessian' || r.problem.group === 'hvp');
  const others = ['graph', 'tape', 'fd', 'tf'];
  const worstOther = (r) => Math.min(...others.map((k) => seconds(r, k) / compiledFor(r, k)).filter(Number.isFinite));
  return [
    worst('compiled gradient ≤ 3× primal on every problem', ratios(grads, fastCompiled, (r) => seconds(r, 'primal')), 3, -1, '`_grad_into` ÷ primal'),
    worst('compiled gradient within 1.25× of hand-written', ratios(grads, (r) => seconds(r, 'compiledInto'), (r) => seconds(r, 'handwritten')), 1.25, -1, '`_grad_into` ÷ hand-written'),
    worst('≥ 50× faster than the tape', ratios([...firstOrder, ...second], (r) => seconds(r, 'tape'), compiledSeconds), 50, 1, 'tape ÷ compiled'),
    worst('≥ 50× faster than the graph', ratios([...firstOrder, ...second], (r) => seconds(r, 'graph'), compiledSeconds), 50, 1, 'graph ÷ compiled'),
    worst('≥ 1000× faster than TF.js on scalar problems', ratios(runs.filter((r) => r.problem.scalar), (r) => seconds(r, 'tf'), compiledSeconds), 1000, 1, 'TF.js ÷ compiled'),
    worst('faster than finite differences for n ≥ 2', ratios(firstOrder.filter((r) => r.problem.n >= 2), (r) => seconds(r, 'fd'), (r) => compiledFor(r, 'fd')), 1, 1, 'finite differences ÷ compiled `_into`'),
    dualGrowth(runs),
    worst('compiled Hessian / HVP faster than every other technique', ratios(second, worstOther, () => 1), 1, 1, 'closest other technique ÷ compiled'),
    compilerScaling(compiler),
  ];
}
