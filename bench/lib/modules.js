/**
 * Loads the two versions of every example the benchmarks compare:
 *
 * - the primal: the user's own function from examples/<name>.ts, turned into JavaScript by
 *   TypeScript's transpileModule (types erased, nothing else changed) and imported from a
 *   temporary file. It does not depend on the compiler, so the primal is the same function
 *   whether or not adgen works today.
 * - the compiled module generated/<name>.grad.js (`npm run gen`), imported dynamically. When it is
 *   missing or fails to load, `compiled()` returns `{ error }` and every compiled technique of the
 *   problem is reported as "compiled: not available" instead of failing the run. The environment
 *   variable ADGEN_BENCH_GENERATED names another directory to load them from (e.g. the output of
 *   another adgen version).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { ROOT } from './paths.js';

const require = createRequire(import.meta.url);
const ts = require('typescript');

let tempDir = null;

/** The example's exports as written by the user (types stripped); `file` defaults to examples/<name>.ts. */
export async function primal(name, file = path.join(ROOT, 'examples', `${name}.ts`)) {
  const source = readFileSync(file, 'utf8');
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext },
  });
  return importText(outputText, `${name}.mjs`);
}

/** Imports JavaScript module text (written to a temporary file, removed by cleanupPrimals). */
export async function importText(text, fileName) {
  tempDir ??= mkdtempSync(path.join(tmpdir(), 'adgen-bench-primal-'));
  const file = path.join(tempDir, fileName);
  writeFileSync(file, text);
  return import(pathToFileURL(file).href);
}

let compileFn = null;

/** `compile` from dist/index.js (the compiler API), or `{ error }`. */
export async function compilerApi() {
  if (!compileFn) {
    try {
      const mod = await import(pathToFileURL(path.join(ROOT, 'dist', 'index.js')).href);
      compileFn = typeof mod.compile === 'function' ? { compile: mod.compile } : { error: 'dist/index.js has no compile()' };
    } catch (error) {
      compileFn = { error: `compiler: not available (${error.message.split('\n')[0]})` };
    }
  }
  return compileFn;
}

let compiledUid = 0;

/**
 * Compiles TypeScript source with `compile()` now (the current compiler, not generated/) and
 * imports the result: `{ module, js, seconds }` like `compiled()`, or `{ error }`. `edit(js)`
 * may rewrite the generated text before it is imported (instrumentation).
 */
export async function compileAndImport(source, options, edit = (js) => js) {
  const api = await compilerApi();
  if (api.error) return { error: api.error };
  const t = performance.now();
  let result;
  try {
    result = api.compile(source, options);
  } catch (error) {
    return { error: `compiled: compile threw (${error.message.split('\n')[0]})` };
  }
  const seconds = (performance.now() - t) / 1000;
  if (!result.js) return { error: `compiled: diagnostics (${result.diagnostics.map((d) => d.message).join('; ').slice(0, 200)})` };
  try {
    const module = await importText(edit(result.js), `compiled-${compiledUid++}.mjs`);
    return { module, js: result.js, seconds };
  } catch (error) {
    return { error: `compiled: does not load (${error.message.split('\n')[0]})` };
  }
}

/** Removes the temporary directory of transpiled primals. */
export function cleanupPrimals() {
  if (tempDir) rmSync(tempDir, { recursive: true, force: true });
  tempDir = null;
}

const compiledCache = new Map();

/** The generated module's exports, or `{ error }` saying why it is not available. */
export async function compiled(name) {
  if (!compiledCache.has(name)) {
    const dir = process.env.ADGEN_BENCH_GENERATED ? path.resolve(process.env.ADGEN_BENCH_GENERATED) : path.join(ROOT, 'generated');
    const file = path.join(dir, `${name}.grad.js`);
    let result;
    try {
      result = { module: await import(pathToFileURL(file).href) };
    } catch (error) {
      const reason = error.code === 'ERR_MODULE_NOT_FOUND' ? `${path.relative(ROOT, file)} not found (run npm run gen)` : error.message.split('\n')[0];
      result = { error: `compiled: not available (${reason})` };
    }
    compiledCache.set(name, result);
  }
  return compiledCache.get(name);
}

/**
 * The generated export `fnName`, or a skip reason: used by problems as
 * `const g = exportOf(mod, 'f_grad'); … skip: g.skip, run: () => g.fn(x)`.
 */
export function exportOf(mod, fnName) {
  if (mod.error) return { skip: mod.error, fn: null };
  const fn = mod.module[fnName];
  if (typeof fn !== 'function') return { skip: `compiled: not available (no export ${fnName})`, fn: null };
  return { skip: null, fn };
}
