/**
 * The product's performance goals, evaluated on the measurements of one run. Each goal returns
 * `{ goal, entry, measured, status }`: the compiled entry point judged, the figures it was judged
 * on, and PASS, MISS or N/A (nothing to judge, e.g. when the compiled modules are not available).
 *
 * Which compiled entry point each goal uses (the table's "compiled entry point" column):
 * - "≤ 3× primal": the allocation-free `_grad_into` (the entry point for hot loops), else `_grad`;
 * - "within 1.25× of hand-written": `_grad_into` against the allocation-free hand-written code;
 * - comparisons with another technique (tape, graph, dual numbers, finite differences, TF.js),
 *   where the issue does not say which entry point it means: two rows, one against the allocating
 *   entry point (`_grad`, `_jacobian`, `_hessian`, `_hvp`, which return fresh arrays as the tape
 *   and the graph do) and one against the allocation-free `_into` one, so both are visible.
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

/** The two compiled entry points a comparison is reported for (see the header). */
export const ENTRY = {
  allocating: { label: 'allocating (`_grad`, `_jacobian`, `_hessian`, `_hvp`)', of: (run) => seconds(run, 'compiled'), short: 'allocating', name: (kind) => `\`_${kind}\`` },
  into: { label: 'allocation-free (`_…_into`)', of: (run) => seconds(run, 'compiledInto'), short: '`_into`', name: (kind) => `\`_${kind}_into\`` },
};

/** The same comparison against each compiled entry point: two goal rows. */
function both(make) {
  return [ENTRY.allocating, ENTRY.into].map((e) => ({ ...make(e), entry: e.label }));
}

function dualGrowth(runs, entry) {
  const goal = 'faster than dual numbers by a factor growing ~linearly in n (Rosenbrock)';
  const pts = runs
    .filter((r) => r.problem.family === 'rosenbrock')
    .map((r) => [r.problem.n, seconds(r, 'dual') / entry.of(r)])
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

/** All goals, in the order of the issue; comparisons with other techniques once per entry point. */
export function evaluateGoals(runs, compiler) {
  const grads = runs.filter((r) => r.problem.group === 'gradient');
  const firstOrder = runs.filter((r) => r.problem.group === 'gradient' || r.problem.group === 'jacobian');
  const second = runs.filter((r) => r.problem.group === 'hessian' || r.problem.group === 'hvp');
  const others = ['graph', 'tape', 'fd', 'tf'];
  const worstOther = (e) => (r) => Math.min(...others.map((k) => seconds(r, k) / e.of(r)).filter(Number.isFinite));
  const into = ENTRY.into.label;
  return [
    { ...worst('compiled gradient ≤ 3× primal on every problem', ratios(grads, fastCompiled, (r) => seconds(r, 'primal')), 3, -1, '`_grad_into` ÷ primal'), entry: into },
    { ...worst('compiled gradient within 1.25× of hand-written', ratios(grads, (r) => seconds(r, 'compiledInto'), (r) => seconds(r, 'handwritten')), 1.25, -1, '`_grad_into` ÷ hand-written'), entry: into },
    ...both((e) => worst('≥ 50× faster than the tape', ratios([...firstOrder, ...second], (r) => seconds(r, 'tape'), e.of), 50, 1, `tape ÷ ${e.short}`)),
    ...both((e) => worst('≥ 50× faster than the graph', ratios([...firstOrder, ...second], (r) => seconds(r, 'graph'), e.of), 50, 1, `graph ÷ ${e.short}`)),
    ...both((e) => worst('≥ 1000× faster than TF.js on scalar problems', ratios(runs.filter((r) => r.problem.scalar), (r) => seconds(r, 'tf'), e.of), 1000, 1, `TF.js ÷ ${e.short}`)),
    ...both((e) => worst('faster than finite differences for n ≥ 2', ratios(firstOrder.filter((r) => r.problem.n >= 2), (r) => seconds(r, 'fd'), e.of), 1, 1, `finite differences ÷ ${e.short}`)),
    ...both((e) => dualGrowth(runs, e)),
    ...both((e) => worst('compiled Hessian / HVP faster than every other technique', ratios(second, worstOther(e), () => 1), 1, 1, `closest other technique ÷ ${e.short}`)),
    { ...compilerScaling(compiler), entry: 'all (compile time and bytes)' },
    { ...worst('gradient of a leapfrog whose forces are grad(potential) ≤ 6× its primal', ratios(runs.filter((r) => r.problem.id === 'leapfrog-nested'), fastCompiled, (r) => seconds(r, 'primal')), 6, -1, '`_grad_into` ÷ primal'), entry: into },
    { ...worst('gradient of a max found by inner gradient ascent (saddle) ≤ 6× its primal', ratios(runs.filter((r) => r.problem.id === 'saddle-nested'), fastCompiled, (r) => seconds(r, 'primal')), 6, -1, '`_grad_into` ÷ primal'), entry: into },
  ];
}
