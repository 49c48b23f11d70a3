/**
 * The product's performance goals, judged on the measurements of one run: ONE table (GOALS),
 * each entry a group of rows named by what they measure. Each row is `{ goal, entry, measured,
 * status }`: what is judged, the compiled entry point judged, the figures it was judged on, and
 * PASS, MISS or N/A (nothing to judge, e.g. when the compiled modules are not available).
 * Adding a goal is adding one entry to GOALS (a function of `{ runs, compiler, extras }`
 * returning its rows); areas without rows yet have an empty place at the end of the table.
 *
 * Which compiled entry point each goal uses (the table's "compiled entry point" column):
 * - "≤ k× primal": the allocation-free `_grad_into` (the entry point for hot loops), else `_grad`;
 * - "within 1.25× of hand-written": `_grad_into` against the allocation-free hand-written code;
 * - comparisons with another technique (tape, graph, dual numbers, finite differences, TF.js),
 *   where the goal does not say which entry point it means: two rows, one against the allocating
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

/** Every problem: the compiled code against the primal, hand-written code and the other techniques. */
function acrossProblems({ runs, compiler }) {
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

/** A goal over labelled ratios: every one within `limit` (dir −1: at most, +1: at least). */
function judge(goal, entry, items, limit, dir, describe) {
  const measured = items.filter((i) => Number.isFinite(i.value));
  if (measured.length === 0) return { goal, entry, measured: 'nothing measured (compiled module not available?)', status: 'N/A' };
  const ok = measured.every((i) => (dir < 0 ? i.value <= limit : i.value >= limit)) && measured.length === items.length;
  const text = items.map((i) => `${i.label}: ${i.text ?? x(i.value)}`).join(', ');
  return { goal, entry, measured: `${describe}: ${text}`, status: ok ? 'PASS' : 'MISS' };
}

/** The notebook's f and the 100+-operation pendulum chain: other techniques, the primal, compile time. */
function scalarFunctions({ runs, compiler }) {
  const byId = (id) => runs.find((r) => r.problem.id === id);
  const scalar = ['notebook-f', 'chain-energy'].map(byId).filter(Boolean);
  const chain = byId('chain-energy');
  const versus = (key, e) => scalar.map((r) => ({ label: r.problem.id, value: seconds(r, key) / e.of(r) }));
  const goals = [
    ...[ENTRY.allocating, ENTRY.into].map((e) => judge('≥ 50× faster than the runtime graph\'s backpropagate (notebook f, 100+-op function)', e.label, versus('graph', e), 50, 1, `graph ÷ ${e.short}`)),
    ...[ENTRY.allocating, ENTRY.into].map((e) => judge('≥ 50× faster than the tape (notebook f, 100+-op function)', e.label, versus('tape', e), 50, 1, `tape ÷ ${e.short}`)),
    ...[ENTRY.allocating, ENTRY.into].map((e) => judge('faster than dual numbers (notebook f, 100+-op function)', e.label, versus('dual', e), 1, 1, `dual numbers ÷ ${e.short}`)),
  ];
  const intoOverPrimal = chain ? seconds(chain, 'compiledInto') / seconds(chain, 'primal') : NaN;
  goals.push(judge('allocation-free gradient ≤ 3× the primal on the 100+-op function', ENTRY.into.label,
    [{ label: 'chain-energy', value: intoOverPrimal }], 3, -1, '`_grad_into` ÷ primal'));
  const series = compiler?.series ?? [];
  const at1000 = series.map((s) => ({ s, row: s.rows.find((r) => r.ops === 1000) })).filter((e) => e.row);
  const items = at1000.map(({ s, row }) => ({ label: s.name, value: row.error ? NaN : row.seconds, text: row.error ?? `${(row.seconds * 1e3).toFixed(0)} ms` }));
  goals.push(judge('compiling a 1,000-operation function takes well under a second (judged: < 0.5 s)', 'per series (what it emits)', items, 0.5, -1, 'compile() time'));
  return goals;
}

/** Second order on the 10-input chain and the Hessian code size series. */
function secondOrderChain({ runs, extras }) {
  const hvp = runs.find((r) => r.problem.id === 'chain-energy-hvp');
  const hess = runs.find((r) => r.problem.id === 'chain-energy-hessian');
  const n = hess?.problem.n ?? 10;
  const goals = [
    ...[ENTRY.allocating, ENTRY.into].map((e) => judge('HVP ≤ 5× the primal (10-input, 100+-op function)', e.label,
      [{ label: 'chain-energy', value: hvp ? e.of(hvp) / seconds(hvp, 'primal') : NaN }], 5, -1, `${e.name('hvp')} ÷ primal`)),
    ...[ENTRY.allocating, ENTRY.into].map((e) => {
      const r = hess ? e.of(hess) / seconds(hess, 'primal') : NaN;
      const g = judge(`full Hessian ≤ 2n × the primal (n = ${n})`, e.label, [{ label: 'chain-energy', value: r / (2 * n) }], 1, -1, '');
      return { ...g, measured: `${e.name('hessian')} ÷ primal: ${x(r)} = ${x(r / (2 * n))} of 2n·primal` };
    }),
  ];
  const size = extras.hessianSize;
  if (!size || size.error) {
    goals.push({ goal: 'Hessian code size ~linear in operations × inputs', entry: "modes: ['hessian']", measured: size?.error ?? 'not measured', status: 'N/A' });
  } else {
    const ok = size.rows.filter((r) => !r.error);
    const list = ok.map((r) => `n = ${r.n}: ${r.bytes.toLocaleString('en-US')} B (${(r.bytes / (r.ops * r.n)).toFixed(1)} B per op·input)`).join(', ');
    const status = ok.length < 2 ? 'N/A' : size.exponent <= 1.1 && ok.length === size.rows.length ? 'PASS' : 'MISS';
    goals.push({
      goal: 'Hessian code size ~linear in operations × inputs (PASS: exponent ≤ 1.1)', entry: "modes: ['hessian'], whole module",
      measured: `${list}; bytes ∝ (ops·inputs)^${size.exponent.toFixed(2)} (the Hessian core alone: ^${size.coreExponent.toFixed(2)})`, status,
    });
  }
  return goals;
}

/** No allocation per call in the `_into` entry points (memory/). */
function allocationFree({ extras }) {
  const goal = 'no allocation per call in the allocation-free entry points once the tape is warm';
  const m = extras.memory;
  if (!m || m.error || !m.alloc) return [{ goal, entry: ENTRY.into.label, measured: m?.error ?? 'not measured', status: 'N/A' }];
  const allowed = (m.baseline?.returning ?? 16) + 2;
  const rows = m.alloc.filter((r) => r.allocating === false);
  const items = rows.map((r) => ({ label: r.fn, value: r.gcs > 0 ? Infinity : r.bytesPerCall, text: `${r.bytesPerCall.toFixed(0)} B/call${r.gcs ? `, ${r.gcs} GCs` : ''}` }));
  const g = judge(goal, ENTRY.into.label, items, allowed, -1, `heap growth per call (allowed: ${Math.round(allowed - 2)} B, the boxed number a call returns, measured, + 2 B)`);
  return [g];
}

/** Real code (problems/realcode.js): `_grad_into` ≤ 3× the primal on each, ≤ 2× on the reductions. */
function realCode({ runs }) {
  const real = runs.filter((r) => r.problem.family === 'realcode');
  const item = (r) => ({ label: r.problem.id.replace(/^realcode-/, ''), value: seconds(r, 'compiledInto') / seconds(r, 'primal') });
  return [
    judge('real code: gradient ≤ 3× the primal (statistics, special functions, n-body, CNN)', ENTRY.into.label, real.map(item), 3, -1, '`_grad_into` ÷ primal'),
    judge('real code: gradient of a one-pass reduction ≤ 2× the primal (Kahan sum, variance, correlation)', ENTRY.into.label,
      real.filter((r) => r.problem.reduction).map(item), 2, -1, '`_grad_into` ÷ primal'),
  ];
}

/**
 * The goals table: one entry per group of rows, in report order. Places for the rows of areas
 * still to report (fused adjoint loops, nested and vector derivatives, exact-point checks,
 * checkpointing and compile speed): add an entry `({ runs, compiler, extras }) => rows`.
 */
export const GOALS = [
  { name: 'every problem', rows: acrossProblems },
  { name: 'scalar functions (notebook f, pendulum chain)', rows: scalarFunctions },
  { name: 'second order on the pendulum chain', rows: secondOrderChain },
  { name: 'allocation per call', rows: allocationFree },
  { name: 'real code', rows: realCode },
];

/** Every goal row of one run (extras: `{ memory, hessianSize }` from memory/ and compiler/). */
export function evaluateGoals(runs, compiler, extras = {}) {
  return GOALS.flatMap((g) => g.rows({ runs, compiler, extras }));
}
