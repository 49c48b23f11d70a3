/**
 * The goals of product issues 3, 4 and 5, judged on one run: the compiled gradient against the
 * graph, the tape and dual numbers on the notebook's f and on the 100+-operation pendulum chain
 * (problems/chain.js), its cost over the primal, compile time at 1,000 operations; HVP and Hessian
 * cost over the primal on the chain (10 inputs), Hessian code size against operations × inputs
 * (compiler/hessian-size.js); no allocation per call in the `_into` entry points (memory/).
 *
 * Each goal is `{ goal, entry, measured, status }` like goals.js's; where the issue's wording does
 * not say which compiled entry point it means, the goal is one row per entry point.
 */
import { ENTRY, seconds } from './goals.js';

const x = (v) => (!Number.isFinite(v) ? '—' : v >= 100 ? `${Math.round(v).toLocaleString('en-US')}×` : `${v.toPrecision(3)}×`);

/** A goal over labelled ratios: every one within `limit` (dir −1: at most, +1: at least). */
function judge(goal, entry, items, limit, dir, describe) {
  const measured = items.filter((i) => Number.isFinite(i.value));
  if (measured.length === 0) return { goal, entry, measured: 'nothing measured (compiled module not available?)', status: 'N/A' };
  const ok = measured.every((i) => (dir < 0 ? i.value <= limit : i.value >= limit)) && measured.length === items.length;
  const text = items.map((i) => `${i.label}: ${i.text ?? x(i.value)}`).join(', ');
  return { goal, entry, measured: `${describe}: ${text}`, status: ok ? 'PASS' : 'MISS' };
}

const both = (make) => [ENTRY.allocating, ENTRY.into].map((e) => make(e));

function issue3(runs, compiler) {
  const byId = (id) => runs.find((r) => r.problem.id === id);
  const scalar = ['notebook-f', 'chain-energy'].map(byId).filter(Boolean);
  const chain = byId('chain-energy');
  const versus = (key, e) => scalar.map((r) => ({ label: r.problem.id, value: seconds(r, key) / e.of(r) }));
  const goals = [
    ...both((e) => judge('(issue 3) ≥ 50× faster than the runtime graph\'s backpropagate (notebook f, 100+-op function)', e.label, versus('graph', e), 50, 1, `graph ÷ ${e.short}`)),
    ...both((e) => judge('(issue 3) ≥ 50× faster than the tape (notebook f, 100+-op function)', e.label, versus('tape', e), 50, 1, `tape ÷ ${e.short}`)),
    ...both((e) => judge('(issue 3) faster than dual numbers (notebook f, 100+-op function)', e.label, versus('dual', e), 1, 1, `dual numbers ÷ ${e.short}`)),
  ];
  const intoOverPrimal = chain ? seconds(chain, 'compiledInto') / seconds(chain, 'primal') : NaN;
  goals.push(judge('(issue 3) allocation-free gradient ≤ 3× the primal on the 100+-op function', ENTRY.into.label,
    [{ label: 'chain-energy', value: intoOverPrimal }], 3, -1, '`_grad_into` ÷ primal'));
  const series = compiler?.series ?? [];
  const at1000 = series.map((s) => ({ s, row: s.rows.find((r) => r.ops === 1000) })).filter((e) => e.row);
  const items = at1000.map(({ s, row }) => ({ label: s.name, value: row.error ? NaN : row.seconds, text: row.error ?? `${(row.seconds * 1e3).toFixed(0)} ms` }));
  goals.push(judge('(issue 3) compiling a 1,000-operation function takes well under a second (judged: < 0.5 s)', 'per series (what it emits)', items, 0.5, -1, 'compile() time'));
  return goals;
}

function issue4(runs, extras) {
  const hvp = runs.find((r) => r.problem.id === 'chain-energy-hvp');
  const hess = runs.find((r) => r.problem.id === 'chain-energy-hessian');
  const n = hess?.problem.n ?? 10;
  const goals = [
    ...both((e) => judge('(issue 4) HVP ≤ 5× the primal (10-input, 100+-op function)', e.label,
      [{ label: 'chain-energy', value: hvp ? e.of(hvp) / seconds(hvp, 'primal') : NaN }], 5, -1, `${e.name('hvp')} ÷ primal`)),
    ...both((e) => {
      const r = hess ? e.of(hess) / seconds(hess, 'primal') : NaN;
      const g = judge(`(issue 4) full Hessian ≤ 2n × the primal (n = ${n})`, e.label, [{ label: 'chain-energy', value: r / (2 * n) }], 1, -1, '');
      return { ...g, measured: `${e.name('hessian')} ÷ primal: ${x(r)} = ${x(r / (2 * n))} of 2n·primal` };
    }),
  ];
  const size = extras.hessianSize;
  if (!size || size.error) {
    goals.push({ goal: '(issue 4) Hessian code size ~linear in operations × inputs', entry: "modes: ['hessian']", measured: size?.error ?? 'not measured', status: 'N/A' });
  } else {
    const ok = size.rows.filter((r) => !r.error);
    const list = ok.map((r) => `n = ${r.n}: ${r.bytes.toLocaleString('en-US')} B (${(r.bytes / (r.ops * r.n)).toFixed(1)} B per op·input)`).join(', ');
    const status = ok.length < 2 ? 'N/A' : size.exponent <= 1.1 && ok.length === size.rows.length ? 'PASS' : 'MISS';
    goals.push({
      goal: '(issue 4) Hessian code size ~linear in operations × inputs (PASS: exponent ≤ 1.1)', entry: "modes: ['hessian'], whole module",
      measured: `${list}; bytes ∝ (ops·inputs)^${size.exponent.toFixed(2)} (the Hessian core alone: ^${size.coreExponent.toFixed(2)})`, status,
    });
  }
  return goals;
}

function issue5(extras) {
  const goal = '(issue 5) no allocation per call in the allocation-free entry points once the tape is warm';
  const m = extras.memory;
  if (!m || m.error || !m.alloc) return [{ goal, entry: ENTRY.into.label, measured: m?.error ?? 'not measured', status: 'N/A' }];
  const allowed = (m.baseline?.returning ?? 16) + 2;
  const rows = m.alloc.filter((r) => r.allocating === false);
  const items = rows.map((r) => ({ label: r.fn, value: r.gcs > 0 ? Infinity : r.bytesPerCall, text: `${r.bytesPerCall.toFixed(0)} B/call${r.gcs ? `, ${r.gcs} GCs` : ''}` }));
  const g = judge(goal, ENTRY.into.label, items, allowed, -1, `heap growth per call (allowed: ${Math.round(allowed - 2)} B, the boxed number a call returns, measured, + 2 B)`);
  return [g];
}

/** The goals of issues 3–5 (extras: `{ memory, hessianSize }` from memory/ and compiler/). */
export function issueGoals(runs, compiler, extras) {
  return [...issue3(runs, compiler), ...issue4(runs, extras), ...issue5(extras)];
}
