#!/usr/bin/env node
// Side by side with GradBench's peers: relays between GradBench's own eval programs and each
// tool (as GradBench's runner does: start both processes, pass each line on, time each
// response), writes GradBench-format logs, and prints a table of the mean `evaluate` time per
// workload and function with each peer's ratio to adgen.
//
//   GRADBENCH_DIR=/path/to/gradbench npm run gradbench:compare -- [--evals lse,llsq]
//     [--tools adgen,manual] [--args 'lse=-n 160000'] [--replay lstm [--min-seconds s]]
//     [--out dir] [--timeout s]
//
// GRADBENCH_DIR is a GradBench checkout prepared by its own instructions (the evals' Python
// package importable, `make -C cpp` and `make -C tools/manual` done for the `manual` tool).
// `--replay e` uses the recorded session of e (../shared/data/gradbench) as the eval instead of
// its program, validating by GradBench's rule against the recorded reference (--min-seconds
// replaces the recorded min_runs/min_seconds, recorded as 1 and 0). Each relay ends
// with GradBench's outcome codes: 0 success, 2 undefined, 3 failure, 4 invalid, 5 timeout.
import { mkdirSync, existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SUPPORTED } from './protocol.js';
import { relay, replayEval } from './relay.js';

const here = path.dirname(fileURLToPath(import.meta.url));

/** How each tool is started, from the GradBench checkout (adgen from this repository). */
const TOOLS = {
  adgen: () => [process.execPath, path.join(here, 'run.js')],
  manual: () => ['python3', 'python/gradbench/gradbench/cpp.py', 'manual'],
  // GradBench's C++ central differences: its one C++ tool for particle and saddle that builds
  // without downloads (`make -C tools/finite`).
  finite: () => ['python3', 'python/gradbench/gradbench/cpp.py', 'finite'],
  pytorch: () => ['python3', 'python/gradbench/gradbench/tools/pytorch/run.py'],
  jax: () => ['python3', 'python/gradbench/gradbench/tools/jax/run.py'],
  'tensorflow-js': () => ['node', '--disable-warning=ExperimentalWarning', 'js/tensorflow/run.ts'],
};

/** What makes a peer's figure incomparable with adgen's. */
const CAVEATS = {
  jax: 'JAX counts compilation in its first run and returns before asynchronous dispatch completes',
  'tensorflow-js': 'TensorFlow.js computes in float32',
  manual: 'hand-written C++ derivatives (single-threaded build)',
  finite: 'C++ finite differences, not AD (approximate derivatives; single-threaded build)',
};

function parseArgs(argv) {
  const opts = { evals: SUPPORTED, tools: ['adgen', 'manual'], args: {}, replay: new Set(), runs: undefined, out: 'gradbench/logs', timeout: 600 };
  for (let i = 0; i < argv.length; i++) {
    const value = () => {
      if (i + 1 >= argv.length) throw new Error(`${argv[i]} needs a value`);
      return argv[++i];
    };
    const list = () => value().split(',').filter(Boolean);
    switch (argv[i]) {
      case '--evals': opts.evals = list(); break;
      case '--tools': opts.tools = list(); break;
      case '--replay': for (const e of list()) opts.replay.add(e); break;
      case '--out': opts.out = value(); break;
      case '--min-seconds': opts.runs = { min_runs: 1, min_seconds: Number(value()) }; break;
      case '--timeout': opts.timeout = Number(value()); break;
      case '--args': {
        const [name, ...rest] = value().split('=');
        opts.args[name] = rest.join('=').split(/\s+/).filter(Boolean);
        break;
      }
      default: throw new Error(`unknown option ${argv[i]}`);
    }
  }
  for (const t of opts.tools) if (!TOOLS[t]) throw new Error(`unknown tool ${t} (known: ${Object.keys(TOOLS).join(', ')})`);
  return opts;
}

const mean = (xs) => xs.reduce((s, x) => s + x, 0) / xs.length;

function formatNs(ns) {
  if (ns >= 1e9) return `${(ns / 1e9).toFixed(2)} s`;
  if (ns >= 1e6) return `${(ns / 1e6).toFixed(2)} ms`;
  if (ns >= 1e3) return `${(ns / 1e3).toFixed(1)} µs`;
  return `${Math.round(ns)} ns`;
}

/** Mean evaluate time per (function, description) of one relay's log. */
function workloads(log) {
  const byId = new Map();
  const rows = new Map();
  for (const line of log) {
    if (line.message?.kind === 'evaluate') byId.set(line.message.id, line.message);
    const m = line.response && byId.get(line.response.id);
    if (!m || !line.response.success) continue;
    const runs = (line.response.timings ?? []).filter((t) => t.name === 'evaluate').map((t) => t.nanoseconds);
    if (runs.length) rows.set(`${m.description ?? ''}\u0000${m.function}`, { description: m.description ?? '', fn: m.function, ns: mean(runs), runs: runs.length });
  }
  return rows;
}

function table(evalName, results, tools) {
  const keys = [...new Set(tools.flatMap((t) => [...(results[t]?.rows.keys() ?? [])]))];
  const peers = tools.filter((t) => t !== 'adgen');
  const head = ['workload', 'function', 'adgen', ...peers.map((p) => `${p} (÷ adgen)`)];
  const lines = [`### ${evalName}`, '', `| ${head.join(' | ')} |`, `|${head.map(() => ' --- ').join('|')}|`];
  for (const key of keys) {
    const cell = (t) => results[t]?.rows.get(key);
    const a = cell('adgen');
    const first = a ?? peers.map(cell).find(Boolean);
    const row = [first.description, first.fn, a ? formatNs(a.ns) : '—'];
    for (const p of peers) {
      const c = cell(p);
      row.push(c ? `${formatNs(c.ns)}${a ? ` (${(c.ns / a.ns).toFixed(2)})` : ''}` : '—');
    }
    lines.push(`| ${row.join(' | ')} |`);
  }
  const outcomes = tools.map((t) => `${t}: ${results[t]?.outcome ?? 'not run'}`).join(', ');
  lines.push('', `Outcomes (0 success, 2 undefined, 3 failure, 4 invalid, 5 timeout): ${outcomes}.`, '');
  return lines.join('\n');
}

async function main() {
  const dir = process.env.GRADBENCH_DIR;
  if (!dir || !existsSync(dir)) {
    console.log(`gradbench:compare: no GradBench checkout given${dir ? ` (${dir} does not exist)` : ''}; set GRADBENCH_DIR to one prepared by its own instructions. Nothing to compare.`);
    return 0;
  }
  const opts = parseArgs(process.argv.slice(2));
  mkdirSync(opts.out, { recursive: true });
  const env = { ...process.env, PYTHONPATH: [path.join(dir, 'python/gradbench'), process.env.PYTHONPATH].filter(Boolean).join(path.delimiter) };
  const sections = [];
  let worst = 0;
  for (const evalName of opts.evals) {
    const results = {};
    for (const tool of opts.tools) {
      const evalSource = opts.replay.has(evalName)
        ? replayEval(evalName, { runs: opts.runs })
        : { command: ['python3', `python/gradbench/gradbench/evals/${evalName}/run.py`, ...(opts.args[evalName] ?? [])] };
      const { outcome, log, stderr } = await relay(evalSource, TOOLS[tool](), { cwd: dir, env, timeoutMs: opts.timeout * 1000 });
      writeFileSync(path.join(opts.out, `${evalName}-${tool}.jsonl`), log.map((l) => JSON.stringify(l)).join('\n') + '\n');
      results[tool] = { outcome, rows: workloads(log) };
      console.error(`${evalName} × ${tool}: outcome ${outcome}${outcome === 3 && stderr ? `\n${stderr.trim().slice(-2000)}` : ''}`);
      if (outcome !== 2) worst = Math.max(worst, outcome);
    }
    sections.push(table(evalName, results, opts.tools));
  }
  const notes = opts.tools.filter((t) => CAVEATS[t]).map((t) => `- ${t}: ${CAVEATS[t]}.`);
  const report = [...sections, ...(notes.length ? ['Not directly comparable:', ...notes, ''] : [])].join('\n');
  writeFileSync(path.join(opts.out, 'summary.md'), report);
  console.log(report);
  return worst;
}

main().then(
  (code) => (process.exitCode = code),
  (error) => {
    console.error(`gradbench:compare: ${error.message}`);
    process.exitCode = 1;
  },
);
