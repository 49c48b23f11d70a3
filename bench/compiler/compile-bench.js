/**
 * Benchmarks the compiler itself: compile time and output size of `compile()` (from dist/, so
 * `npm run build` first) on generated scalar functions of 10, 100, 1,000 and 10,000 operations
 * (quick mode: up to 1,000) and on every example in examples/. Each source is compiled once to
 * warm up, then timed over a few repetitions (median). If dist/index.js cannot be loaded, or a
 * compile reports diagnostics, the rows say so instead of failing the run.
 *
 * Scaling is judged between the two largest sizes, where fixed costs no longer dominate:
 * exponent = log(t₂/t₁) / log(N₂/N₁), 1 for linear.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from '../lib/paths.js';
import { randomScalarFunction } from './random-fn.js';

export const SIZES = [10, 100, 1000, 10000];
export const QUICK_SIZES = [10, 100, 1000];

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

/** Compiles `source` `reps` times after one warm-up; `{ seconds, bytes, dtsBytes, error }`. */
function measureCompile(compile, source, fileName, reps) {
  const once = () => compile(source, { fileName });
  let result;
  try {
    result = once();
  } catch (error) {
    return { error: `compile threw: ${error.message.split('\n')[0]}` };
  }
  if (!result.js) return { error: `diagnostics: ${result.diagnostics.map((d) => d.message).join('; ').slice(0, 200)}` };
  const times = [];
  for (let i = 0; i < reps; i++) {
    const t = now();
    once();
    times.push(now() - t);
  }
  times.sort((a, b) => a - b);
  return {
    seconds: times[times.length >> 1],
    bytes: Buffer.byteLength(result.js),
    dtsBytes: Buffer.byteLength(result.dts ?? ''),
  };
}

/** `{ error }` or `{ random: [{ ops, seconds, bytes }], examples: [{ name, … }], exponent }`. */
export async function benchCompiler({ quick, log }) {
  const compiler = await loadCompiler();
  if (compiler.error) return { error: compiler.error };
  const { compile } = compiler;
  const random = [];
  for (const ops of quick ? QUICK_SIZES : SIZES) {
    const source = randomScalarFunction(ops, 1);
    const reps = quick ? 1 : ops >= 10000 ? 3 : 5;
    const r = { ops, sourceBytes: Buffer.byteLength(source), ...measureCompile(compile, source, `random${ops}.ts`, reps) };
    log(`  compile ${ops} ops: ${r.error ?? `${(r.seconds * 1e3).toFixed(1)} ms, ${r.bytes} bytes`}`);
    random.push(r);
  }
  const examples = [];
  for (const file of readdirSync(path.join(ROOT, 'examples')).filter((f) => f.endsWith('.ts')).sort()) {
    const source = readFileSync(path.join(ROOT, 'examples', file), 'utf8');
    examples.push({ name: file, sourceBytes: Buffer.byteLength(source), ...measureCompile(compile, source, `examples/${file}`, quick ? 1 : 5) });
  }
  return { random, examples, ...scaling(random) };
}

/** Exponents of time and size between the two largest measured sizes. */
function scaling(random) {
  const ok = random.filter((r) => !r.error);
  if (ok.length < 2) return { timeExponent: NaN, bytesExponent: NaN };
  const [a, b] = ok.slice(-2);
  const k = Math.log(b.ops / a.ops);
  return { timeExponent: Math.log(b.seconds / a.seconds) / k, bytesExponent: Math.log(b.bytes / a.bytes) / k, between: [a.ops, b.ops] };
}
