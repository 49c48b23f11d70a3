/**
 * Shared checks of the syntax tests: a source compiled through compile() (and, for `viaCli`,
 * through bin/adgen.js) against the source run as JavaScript and the derivative oracles
 * (check-module.ts), and located-error expectations for what stays refused.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { expect } from 'vitest';
import { compile, type CompileOptions } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { frontend } from '../../src/frontend/index.js';
import { checkModule } from '../util/check-module.js';
import type { AnyArg } from '../util/dual-oracle.js';
import { rng } from '../util/inputs.js';
import { compileOrThrow, importJs } from '../util/load.js';

export const transpile = (src: string) =>
  ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;

export const vec = (r: () => number, n: number, lo = -1, hi = 1) => Float64Array.from({ length: n }, () => lo + (hi - lo) * r());

export interface Case {
  name: string;
  src: string;
  /** Argument lists to check at (random ones drawn from r); `undefined` leaves an argument out. */
  args: (r: () => number) => AnyArg[];
  wrt?: string[];
}

/** Every exported function of `cs` at three points: primal = source, derivatives = oracles. */
export async function checkCase(cs: Case): Promise<void> {
  const options: Partial<CompileOptions> = { fileName: 'case.ts', ...(cs.wrt ? { wrt: cs.wrt } : {}) };
  const { module, diagnostics } = frontend(cs.src, 'case.ts', cs.wrt ? { wrt: cs.wrt } : {});
  expect(diagnostics.map((d) => d.message)).toEqual([]);
  const mod = await importJs(compileOrThrow(cs.src, options).js);
  const original = await importJs(transpile(cs.src));
  const random = rng(cs.name);
  for (const exp of module!.functions) {
    for (let trial = 0; trial < 3; trial++) expect(checkModule(exp, mod, original, cs.args(random), random)).toEqual([]);
  }
}

/** The formatted errors of compiling `src` (file:line:col, message), in order. */
export function errorsOf(src: string, fileName = 'bad.ts'): string[] {
  const result = compile(src, { fileName });
  expect(result.js).toBeFalsy();
  return result.diagnostics.map((d) => formatDiagnostic(d, src, fileName).split('\n')[0]);
}

const bin = path.resolve(import.meta.dirname, '../../bin/adgen.js');

/** Compile through the command line; returns the module's and the declaration file's text. */
export function viaCli(src: string, name = 'cli.ts'): { js: string; dts: string; stderr: string; status: number | null } {
  const dir = mkdtempSync(path.join(tmpdir(), 'adgen-syntax-'));
  const file = path.join(dir, name);
  writeFileSync(file, src);
  const out = path.join(dir, 'out.js');
  const r = spawnSync(process.execPath, [bin, file, '--out', out, '-q', '--no-sourcemap'], { encoding: 'utf8' });
  if (r.status !== 0) return { js: '', dts: '', stderr: r.stderr, status: r.status };
  return { js: readFileSync(out, 'utf8'), dts: readFileSync(path.join(dir, 'out.d.ts'), 'utf8'), stderr: r.stderr, status: r.status };
}
