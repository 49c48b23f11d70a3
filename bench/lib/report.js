/**
 * Writes the benchmark report (Markdown) from one run's measurements: the machine, the goals
 * table, one table per problem (time per call, ÷ primal, ÷ compiled, agreement with the
 * reference, how it was timed, why a technique was skipped), the compiler's own numbers, and
 * links to the charts. Everything in it comes from the run that writes it.
 */
import os from 'node:os';
import { formatSeconds } from './measure.js';
import { compiledSeconds, seconds } from './goals.js';
import { detailSections } from './report-sections.js';

const GROUPS = [
  ['gradient', 'Gradients'],
  ['jacobian', 'Jacobian'],
  ['hessian', 'Hessians'],
  ['hvp', 'Hessian-vector products'],
  ['nested', 'Derivatives inside differentiated code'],
];

const ratio = (v) => (Number.isFinite(v) ? (v >= 100 ? `${Math.round(v).toLocaleString('en-US')}×` : `${v.toPrecision(3)}×`) : '—');
const err = (c) => (!c ? '' : c.message ? `error: ${c.message}` : Number.isFinite(c.error) ? c.error.toExponential(1) : '');

const techniques = (cfg) => [
  '## Techniques',
  '',
  '- **primal**: the example\'s own function (examples/*.ts with the types erased by TypeScript), not the compiler\'s copy.',
  '- **compiled**: generated/<example>.grad.js from `npm run gen`; `_grad` returns `{ value, grad }` (allocating),',
  '  `_grad_into` writes the flattened gradient into a caller\'s Float64Array (allocation-free). The pendulum chain',
  '  (bench/problems/chain-energy.ts) and the real code (bench/problems/realcode-*.ts) are not examples: they are compiled',
  '  during the run by `compile()` from dist/.',
  '- **hand-written**: bench/handwritten/, analytic gradients written for speed (allocation-free), checked against',
  '  finite differences by test/bench/quick.test.ts.',
  '- **runtime graph**: adgen/runtime\'s symbolic graph of the problem, built once (not timed); a call sets the inputs,',
  '  runs `evaluate()` and `backpropagate()`. Hessian rows: backpropagation through the prebuilt ∂f/∂xᵢ graphs.',
  '- **runtime tape**: adgen/runtime\'s GradientTape; a call records the function and asks for the gradient',
  '  (second order: the gradient is recorded on a persistent tape and differentiated again).',
  '- **dual numbers**: one forward pass per input, only the seeded input being a Dual (the others stay numbers).',
  '- **finite differences**: forward differences of the primal (n + 1 evaluations) with inputs perturbed in place;',
  '  Hessians by central second differences (2n² + 1), HVPs by central differences along v and each coordinate (4n).',
  '- **TensorFlow.js**: tfjs-core with the CPU backend (float32), written vectorized as its users would, with',
  '  tf.valueAndGrads / tf.grads / nested tf.grad; a call creates the input tensors from the Float64Arrays and reads',
  '  the results back with dataSync (constant data is kept in tensors created once).',
  '',
  'The graph, tape and dual problems are written once against the runtime\'s `Ops` interface (bench/problems/*.js);',
  'where the example takes a max inside log-sum-exp, they subtract the current maximum as a constant (the derivative',
  'of log-sum-exp does not depend on the shift). A technique is skipped, with its estimated time, when one call would',
  `take longer than ${formatSeconds(cfg.budget)} (the run's budget).`,
  '',
];

export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model?.trim() ?? 'unknown CPU'}, ${cpus.length} cores; ${os.type()} ${os.release()} (${os.arch()}); Node ${process.version}`;
}

function problemTable(run) {
  const { problem, results } = run;
  const lines = [`### ${problem.title}`, ''];
  if (problem.missing) return [...lines, `Skipped: ${problem.missing}.`, ''];
  const primal = seconds(run, 'primal');
  const comp = compiledSeconds(run);
  const into = seconds(run, 'compiledInto');
  const ref = [...results.values()].find((r) => r.check)?.check?.refKey;
  lines.push(
    `| technique | time per call | ÷ primal | ÷ compiled | ÷ compiled _into | rel. error vs ${ref ?? 'reference'} | timed by / note |`,
    '|---|---:|---:|---:|---:|---:|---|',
  );
  for (const r of results.values()) {
    if (r.skipped) {
      lines.push(`| ${r.label} | — | — | — | — | | ${r.skipped} |`);
      continue;
    }
    const samples = `${r.method}, ${r.samples.length} samples`;
    lines.push(`| ${r.label} | ${formatSeconds(r.seconds)} | ${ratio(r.seconds / primal)} | ${ratio(r.seconds / comp)} | ${ratio(r.seconds / into)} | ${err(r.check)} | ${samples} |`);
  }
  for (const note of problem.notes ?? []) lines.push('', `Note: ${note}.`);
  lines.push('');
  return lines;
}

function seriesTable(series) {
  const lines = [
    `**${series.name}**`,
    '',
    '| operations | source bytes | compile time | ms / op | output bytes | bytes / op |',
    '|---:|---:|---:|---:|---:|---:|',
  ];
  for (const r of series.rows) {
    const ops = r.ops.toLocaleString('en-US');
    if (r.error) lines.push(`| ${ops} | ${r.sourceBytes.toLocaleString('en-US')} | — | — | — | ${r.error} |`);
    else lines.push(`| ${ops} | ${r.sourceBytes.toLocaleString('en-US')} | ${formatSeconds(r.seconds)} | ${(r.seconds * 1e3 / r.ops).toPrecision(3)} | ${r.bytes.toLocaleString('en-US')} | ${(r.bytes / r.ops).toFixed(1)} |`);
  }
  if (Number.isFinite(series.timeExponent)) {
    lines.push('', `Between ${series.between[0].toLocaleString('en-US')} and ${series.between[1].toLocaleString('en-US')} operations: time ∝ N^${series.timeExponent.toFixed(2)}, output ∝ N^${series.bytesExponent.toFixed(2)}.`);
  }
  lines.push('');
  return lines;
}

function compilerSection(compiler) {
  const lines = ['## The compiler', ''];
  if (!compiler || compiler.error) return [...lines, `Not measured: ${compiler?.error ?? 'skipped'}.`, ''];
  lines.push(
    'Generated scalar functions of four inputs (bench/compiler/random-fn.js: one operation per statement, chained so',
    `none is dead), compiled by \`compile()\` from dist/; sizes whose extrapolated compile time exceeds ${compiler.budget} s are skipped.`,
    '',
  );
  for (const series of compiler.series) lines.push(...seriesTable(series));
  lines.push('Examples (all entry points):', '', '| example | source bytes | compile time | output .js bytes | .d.ts bytes |', '|---|---:|---:|---:|---:|');
  for (const e of compiler.examples) {
    if (e.error) lines.push(`| ${e.name} | ${e.sourceBytes} | — | — | ${e.error} |`);
    else lines.push(`| ${e.name} | ${e.sourceBytes.toLocaleString('en-US')} | ${formatSeconds(e.seconds)} | ${e.bytes.toLocaleString('en-US')} | ${e.dtsBytes.toLocaleString('en-US')} |`);
  }
  lines.push('');
  return lines;
}

/** The whole report as Markdown. */
export function renderReport({ runs, goals, compiler, extras, cfg, tf, charts, started, elapsed, floor }) {
  const out = [
    '# adgen benchmarks',
    '',
    `Generated by \`npm run bench\` (bench/run.js${cfg.quick ? ' --quick: a smoke check, numbers only indicative' : ''}) on ${started.toISOString().slice(0, 16).replace('T', ' ')} UTC in ${Math.round(elapsed)} s.`,
    `Machine: ${machine()}. TensorFlow.js: ${tf.error ?? `tfjs-core ${tf.version}, backend "${tf.backend}", float32`}.`,
    '',
    'How to read it. Every technique of a problem runs in the same process, on the same inputs, interleaved',
    `(${cfg.rounds} round${cfg.rounds > 1 ? 's' : ''}, each visiting every technique), with results kept in a sink so nothing is optimized away;`,
    'fast calls are timed by benchmark.js, slow ones call by call with process.hrtime. Time per call is the median sample.',
    '"÷ primal" is the time over the primal\'s, "÷ compiled" over the compiled allocating entry point\'s (`_grad`,',
    '`_jacobian`, `_hessian`, `_hvp`), "÷ compiled _into" over the allocation-free one\'s (`_grad_into`, …, writing into a',
    'caller\'s array). Goals comparing the compiled code with another technique are judged against both entry points',
    '(one row each). "rel. error" is max|a − r| / max|r| against the reference named in the',
    'header, computed once before timing. Each timed call alternates between two copies of its number arguments so that',
    'V8 cannot hoist a computation on constant inputs out of the benchmark loop; the harness itself costs',
    `${formatSeconds(floor)} per call (an empty function of two numbers), included in every time and not subtracted.`,
    'These machines are shared and noisy: compare ratios within a table, not absolute times across runs.',
    '',
    '## Goals',
    '',
    'Where a goal compares the compiled code with another technique and does not say which entry point it means, it has',
    'one row per compiled entry point: allocating (`_grad`, … return fresh arrays) and allocation-free (`_into`).',
    '',
    '| goal | compiled entry point | measured | result |',
    '|---|---|---|---|',
    ...goals.map((g) => `| ${g.goal} | ${g.entry ?? ''} | ${g.measured} | ${g.status} |`),
    '',
    ...charts.map((c) => `![${c.title}](${c.file})`),
    '',
  ];
  out.push(...techniques(cfg));
  for (const [group, heading] of GROUPS) {
    const list = runs.filter((r) => r.problem.group === group);
    if (list.length === 0) continue;
    out.push(`## ${heading}`, '');
    for (const run of list) out.push(...problemTable(run));
  }
  out.push(...detailSections({ runs, compiler, extras }));
  out.push(...compilerSection(compiler));
  return out.join('\n');
}
