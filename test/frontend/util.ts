/**
 * Helpers for the front-end tests: parse JavaScript with acorn (the TypeScript parser is tested
 * on its own), lower it, and run both the IR (reference interpreter) and the source itself.
 */
import * as acorn from 'acorn';
import { formatDiagnostic, type Diagnostic } from '../../src/diagnostics.js';
import { interpret, type Value } from '../../src/ir/interp.js';
import type { ExportedFunction, IRModule } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { lowerProgram, type FrontendResult } from '../../src/frontend/lower-program.js';

export function parseJs(source: string): acorn.Program {
  return acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module' });
}

export function lowerJs(source: string, wrt?: string[]): FrontendResult {
  return lowerProgram(parseJs(source), source, 'input.js', { wrt });
}

/** Lower and fail with readable diagnostics if anything is reported or the IR does not verify. */
export function lowerOk(source: string, wrt?: string[]): IRModule {
  const { module, diagnostics } = lowerJs(source, wrt);
  if (!module || diagnostics.length) throw new Error(diagnostics.map((d) => formatDiagnostic(d, source, 'input.js')).join('\n'));
  for (const f of module.functions) {
    const problems = verify(f.fn);
    if (problems.length) throw new Error(problems.join('\n'));
  }
  return module;
}

export function exported(module: IRModule, name: string): ExportedFunction {
  const f = module.functions.find((x) => x.fn.name === name);
  if (!f) throw new Error(`no exported function ${name}`);
  return f;
}

/** The module's exports, run as plain JavaScript. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function importSource(source: string): Promise<Record<string, (...args: any[]) => any>> {
  return import(`data:text/javascript,${encodeURIComponent(source)}`);
}

export function runIR(f: ExportedFunction, args: Value[]): Value {
  const copy = args.map((a) => (ArrayBuffer.isView(a) ? (a as Float64Array).slice() : Array.isArray(a) ? a.slice() : a));
  return interpret(f.fn, copy)[0];
}

export function relDiff(a: number, b: number): number {
  if (Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b))) return 0;
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
}

/** Largest relative difference between two results (numbers or arrays). */
export function resultDiff(a: unknown, b: unknown): number {
  if (typeof a === 'number' && typeof b === 'number') return relDiff(a, b);
  const xs = Array.from(a as ArrayLike<number>);
  const ys = Array.from(b as ArrayLike<number>);
  if (xs.length !== ys.length) return Infinity;
  return Math.max(0, ...xs.map((x, i) => relDiff(x, ys[i])));
}

/** The shared seeded PRNG (mulberry32), so every failure is reproducible. */
export { rng } from '../util/inputs.js';

export function messages(diagnostics: Diagnostic[], source: string): string[] {
  return diagnostics.map((d) => formatDiagnostic(d, source, 'input.js').split('\n')[0]);
}
