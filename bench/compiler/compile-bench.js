/**
 * Benchmarks the compiler itself: compile time and output size of `compile()` (from dist/, so
 * `npm run build` first) on generated scalar functions of 10, 100, 1,000 and 10,000 operations
 * and on every example in examples/. Three series of the random functions:
 *   - all entry points (what `adgen f.ts` emits by default),
 *   - `modes: ['grad']` (reverse mode only),
 *   - `modes: ['hvp']` (forward over reverse, the second-order building block).
 * Each compile is timed a few times after the smaller sizes have warmed the compiler up (median).
 * A size whose compile would exceed the budget — extrapolated from the previous size with the
 * growth exponent observed so far, at least linear — is skipped with its estimate. If
 * dist/index.js cannot be loaded, or a compile reports diagnostics, the rows say so.
 *
 * Scaling is judged between the two largest measured sizes, where fixed costs no longer
 * dominate: exponent = log(t₂/t₁) / log(N₂/N₁), 1 for linear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib/paths.js';
import { randomScalarFunction } from './random-fn.js';

const FULL = { sizes: [10, 100, 1000, 10000], budget: 40, reps: 3, exampleReps: 3 };
const QUICK = { sizes: [10, 100], budget: 3, reps: 1, exampleReps: 1 };

export const SERIES = [
  { name: 'all entry points (default)', modes: undefined },
  { name: "reverse mode only (modes: ['grad'])", modes: ['grad'] },
  { name: "Hessian-vector products only (modes: ['hvp'])", modes: ['hvp'] },
];

const now = () => Number(process.hrtime.bigint()) / 1e9;

async function loadCompiler() {
  try {
    const mod = await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href);
    if (typeof mod.compile !== 'function') return { error: 'dist/index.js has no compile()' };
    return { compile: mod.compile };
  } catch (error) {
    return { error: `compiler: not available (${error.message.split('\n')[0]})` };
  }
}

/** Compiles `source` `reps` times; `{ seconds, bytes, dtsBytes }` or `{ error }`. */
function measureCompile(compile, source, options, reps) {
  const times = [];
  let result;
  for (let i = 0; i < reps; i++) {
    const t = now();
    try {
      result = compile(source, options);
    } catch (error) {
      return { error: `compile threw: ${error.message.split('\n')[0]}` };
    }
    times.push(now() - t);
    if (!result.js) return { error: `diagnostics: ${result.diagnostics.map((d) => d.message).join('; ').slice(0, 200)}` };
  }
  times.sort((a, b) => a - b);
  return { seconds: times[times.length >> 1], bytes: Buffer.byteLength(result.js), dtsBytes: Buffer.byteLength(result.dts ?? '') };
}

/** One series over the sizes, skipping sizes whose extrapolated time exceeds the budget. */
function runSeries(compile, series, cfg, log) {
  const rows = [];
  for (const ops of cfg.sizes) {
    const source = randomScalarFunction(ops, 1);
    const row = { ops, sourceBytes: Buffer.byteLength(source) };
    const estimate = extrapolate(rows, ops);
    if (estimate > cfg.budget) {
      row.error = `skipped: estimated ${estimate.toFixed(0)} s per compile (budget ${cfg.budget} s)`;
    } else {
      const reps = estimate * cfg.reps > cfg.budget ? 1 : cfg.reps;
      Object.assign(row, measureCompile(compile, source, { fileName: `random${ops}.ts`, modes: series.modes }, reps));
    }
    log(`  compile ${ops} ops, ${series.name}: ${row.error ?? `${(row.seconds * 1e3).toFixed(0)} ms, ${row.bytes} bytes`}`);
    rows.push(row);
  }
  return { ...series, rows, ...scaling(rows) };
}

/** Expected seconds at `ops` from the measured rows (growth exponent ≥ 1). */
function extrapolate(rows, ops) {
  const ok = rows.filter((r) => !r.error);
  if (ok.length === 0) return 0;
  const last = ok[ok.length - 1];
  const exponent = Math.max(1, ok.length >= 2 ? scaling(ok).timeExponent : 1);
  return last.seconds * (ops / last.ops) ** exponent;
}

/** Exponents of time and size between the two largest measured sizes. */
function scaling(rows) {
  const ok = rows.filter((r) => !r.error);
  if (ok.length < 2) return { timeExponent: NaN, bytesExponent: NaN };
  const [a, b] = ok.slice(-2);
  const k = Math.log(b.ops / a.ops);
  return { timeExponent: Math.log(b.seconds / a.seconds) / k, bytesExponent: Math.log(b.bytes / a.bytes) / k, between: [a.ops, b.ops] };
}

/** `{ error }` or `{ series: [{ name, rows, timeExponent, … }], examples: [{ name, … }] }`. */
export async function benchCompiler({ quick, log }) {
  const compiler = await loadCompiler();
  if (compiler.error) return { error: compiler.error };
  const { compile } = compiler;
  const cfg = quick ? QUICK : FULL;
  compile(randomScalarFunction(50, 2), { fileName: 'warmup.ts' }); // load ts-morph and warm the compiler
  const series = SERIES.map((s) => runSeries(compile, s, cfg, log));
  const examples = [];
  for (const file of readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()) {
    const source = readFileSync(path.join(ROOT, 'examples', file), 'utf8');
    examples.push({ name: file, sourceBytes: Buffer.byteLength(source), ...measureCompile(compile, source, { fileName: `examples/${file}` }, cfg.exampleReps) });
  }
  return { series, examples, budget: cfg.budget };
}
