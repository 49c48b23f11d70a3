/**
 * The report's detail sections behind the scalar-function, second-order and allocation goals
 * (Markdown lines), from one run: the
 * compiled gradient against the other techniques on the notebook's f and the 100+-operation
 * pendulum chain, both compiled entry points side by side; second order on the chain; the Hessian
 * code size series; tape bytes per call, allocations per call and GMM's compile figures.
 */
import { formatSeconds } from './measure.js';
import { seconds } from './goals.js';

const x = (v) => (!Number.isFinite(v) ? '—' : v >= 100 ? `${Math.round(v).toLocaleString('en-US')}×` : `${v.toPrecision(3)}×`);
const bytes = (b) => (Number.isFinite(b) ? Math.round(b).toLocaleString('en-US') : '—');

function firstOrder(runs, compiler) {
  const lines = [
    '## Scalar functions: compiled gradient vs. graph, tape and dual numbers',
    '',
    'The notebook\'s f and the pendulum chain energy (bench/problems/chain-energy.ts: 10 inputs, straight-line code,',
    'compiled at bench time by `compile()`; the other techniques run the same function written against the runtime\'s',
    'Ops interface). Each technique\'s time over each compiled entry point; the full tables are under Gradients.',
    '',
    '| problem | ops | primal | `_grad` ÷ primal | `_grad_into` ÷ primal | graph ÷ `_grad` | graph ÷ `_into` | tape ÷ `_grad` | tape ÷ `_into` | dual ÷ `_grad` | dual ÷ `_into` | FD ÷ `_into` | TF.js ÷ `_grad` |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const id of ['notebook-f', 'chain-energy']) {
    const r = runs.find((run) => run.problem.id === id);
    if (!r) continue;
    const [p, a, i] = [seconds(r, 'primal'), seconds(r, 'compiled'), seconds(r, 'compiledInto')];
    const cells = [a / p, i / p, ...['graph', 'tape', 'dual'].flatMap((k) => [seconds(r, k) / a, seconds(r, k) / i]), seconds(r, 'fd') / i, seconds(r, 'tf') / a];
    lines.push(`| ${id} | ${r.problem.ops ?? ''} | ${formatSeconds(p)} | ${cells.map(x).join(' | ')} |`);
  }
  const at1000 = (compiler?.series ?? []).map((s) => [s.name, s.rows.find((row) => row.ops === 1000)]).filter(([, row]) => row);
  if (at1000.length > 0) {
    lines.push('', 'Compiling a 1,000-operation function (the random functions of "The compiler" below): ' +
      at1000.map(([name, row]) => `${name}: ${row.error ?? formatSeconds(row.seconds)}`).join('; ') + '.');
  }
  lines.push('');
  return lines;
}

function secondOrder(runs, size) {
  const hess = runs.find((r) => r.problem.id === 'chain-energy-hessian');
  const hvp = runs.find((r) => r.problem.id === 'chain-energy-hvp');
  const lines = ['## Second order: Hessians and HVPs of the 10-input, 100+-operation function', ''];
  if (hess && hvp) {
    const n = hess.problem.n;
    lines.push(`n = ${n}; "÷ 2n·primal" ≤ 1 meets "full Hessian ≤ 2n × the primal". Full tables under Hessians and Hessian-vector products.`, '',
      '| what | technique | time per call | ÷ primal | ÷ 2n·primal |', '|---|---|---:|---:|---:|');
    for (const [what, run] of [['HVP', hvp], ['Hessian', hess]]) {
      const p = seconds(run, 'primal');
      for (const r of run.results.values()) {
        if (r.key === 'primal') continue;
        const t = seconds(run, r.key);
        lines.push(`| ${what} | ${r.label} | ${r.skipped ? r.skipped : formatSeconds(t)} | ${x(t / p)} | ${what === 'Hessian' ? x(t / p / (2 * n)) : ''} |`);
      }
    }
    lines.push('');
  }
  lines.push('**Generated Hessian code against the number of inputs** (random functions of n inputs and 10·n operations,',
    "bench/compiler/random-fn.js, compiled with `modes: ['hessian']`):", '');
  if (!size || size.error) return [...lines, `Not measured: ${size?.error ?? 'skipped'}.`, ''];
  lines.push('| inputs n | operations | ops × n | compile time | module bytes | ÷ (ops × n) | Hessian core | core bytes | ÷ (ops × n) |', '|---:|---:|---:|---:|---:|---:|---|---:|---:|');
  for (const r of size.rows) {
    if (r.error) lines.push(`| ${r.n} | ${r.ops} | ${r.ops * r.n} | — | — | — | ${r.error} | | |`);
    else lines.push(`| ${r.n} | ${r.ops} | ${r.ops * r.n} | ${formatSeconds(r.seconds)} | ${bytes(r.bytes)} | ${(r.bytes / (r.ops * r.n)).toFixed(1)} | \`_${r.core}\` | ${bytes(r.coreBytes)} | ${(r.coreBytes / (r.ops * r.n)).toFixed(1)} |`);
  }
  lines.push('', `Module bytes ∝ (ops × n)^${size.exponent.toFixed(2)}, Hessian core ∝ (ops × n)^${size.coreExponent.toFixed(2)} (least squares on logs; 1 = linear).`, '');
  return lines;
}

function memory(m) {
  const lines = ['## Memory: tape and allocations per call; GMM compile figures', ''];
  if (!m || m.error) return [...lines, `Not measured: ${m?.error ?? 'skipped'}.`, ''];
  const c = m.compile;
  lines.push(`examples/gmm.ts: \`compile()\` ${c.error ?? `${formatSeconds(c.seconds)} (median of ${c.reps} after one warm-up compile), module ${(c.bytes / 1024).toFixed(1)} KB (.d.ts ${(c.dtsBytes / 1024).toFixed(1)} KB)`}.`, '');
  lines.push('**Tape per call** (examples/gmm.ts compiled now; every `tape[tp++] = v` push of the module text counted —',
    `${m.pushSites ?? 0} push sites in ${m.tapes.length} tape${m.tapes.length === 1 ? '' : 's'}: ${m.tapes.map((t) => `\`${t.array}\` (${t.type})`).join(', ') || 'none'}; bytes = pushes × element size):`, '');
  if (m.tapeError) lines.push(`Not measured: ${m.tapeError}.`, '');
  else {
    lines.push('| input | active scalars | pushes per `_grad_into` call | tape bytes per call | peak tape bytes | bytes per call of `_grad` |', '|---|---:|---:|---:|---:|---:|');
    for (const t of m.tape) lines.push(`| ${t.name} | ${t.n} | ${bytes(t.into.pushes)} | ${bytes(t.into.bytes)} (${(t.into.bytes / 1024).toFixed(0)} KB) | ${bytes(t.into.peakBytes)} | ${bytes(t.grad.bytes)} |`);
    lines.push('');
  }
  lines.push('**Allocation per call once warm**: after warming up (the tape then has its final size) and a full GC, 5 batches of',
    'calls; heap growth per call is the smallest growth of a batch without a collection, "GCs" counts collections over all batches.',
    `A call V8 does not inline boxes the number it returns: measured on a large synthetic function, ${bytes(m.baseline?.returning)} B per call`,
    `returning a number, ${bytes(m.baseline?.notReturning)} B not returning one. The primal is listed as a baseline (it boxes the same way and`,
    'allocates whatever the user\'s code allocates).', '',
    '| entry point | kind | calls per batch | heap growth per call | GCs during the batches |', '|---|---|---:|---:|---:|');
  for (const r of m.alloc) {
    const kind = r.baseline ? 'primal (baseline)' : r.allocating ? 'allocating' : 'allocation-free';
    lines.push(`| \`${r.fn}\` | ${kind} | ${r.calls.toLocaleString('en-US')} | ${Number.isFinite(r.bytesPerCall) ? `${r.bytesPerCall.toFixed(1)} B` : '— (a GC in every batch)'} | ${r.gcs} |`);
  }
  if (m.alloc.some((r) => !r.exactGc)) lines.push('', 'Note: V8 did not expose gc(); batches start without a full collection.');
  lines.push('');
  return lines;
}

/** The detail sections (Markdown lines). */
export function detailSections({ runs, compiler, extras }) {
  return [...firstOrder(runs, compiler), ...secondOrder(runs, extras.hessianSize), ...memory(extras.memory)];
}
