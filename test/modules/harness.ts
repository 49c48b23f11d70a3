/**
 * Checks a compiled multi-file project (or an installed package) against oracles: the source
 * itself, bundled by esbuild and run as plain JavaScript (primal), dual numbers over the IR and
 * central differences (gradients, Jacobians), the dot-product test (JVP/VJP) and differences of
 * the gradient (HVP); see test/util/check-module.ts.
 */
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { buildSync } from 'esbuild';
import { compile, type CompileOptions } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { frontend } from '../../src/frontend/index.js';
import type { ExportedFunction } from '../../src/ir/types.js';
import { checkModule } from '../util/check-module.js';
import type { Arg } from '../util/dual-oracle.js';
import { argsFor, rng } from '../util/inputs.js';
import { importJs } from '../util/load.js';

/** Writes `files` (relative path → text) under a fresh temporary folder; returns the folder. */
export function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'adgen-project-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

/** Compiles `entry` from disk; throws with the formatted diagnostics when it fails. */
export function compileEntry(entry: string, options: Partial<CompileOptions> = {}): { js: string; dts: string; inputs: string[] } {
  const source = readFileSync(entry, 'utf8');
  const r = compile(source, { fileName: entry, ...options });
  if (!r.js || !r.dts) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, source, entry)).join('\n'));
  return { js: r.js, dts: r.dts, inputs: r.inputs };
}

/** The diagnostics of compiling `entry`, formatted (file:line:col, code frame). */
export function errorsOf(entry: string, options: Partial<CompileOptions> = {}): string[] {
  const source = readFileSync(entry, 'utf8');
  const r = compile(source, { fileName: entry, ...options });
  return r.diagnostics.map((d) => formatDiagnostic(d, source, entry));
}

/** The entry bundled with what it imports, as plain JavaScript: the oracle. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function original(entry: string): Promise<Record<string, any>> {
  const out = buildSync({ entryPoints: [entry], bundle: true, format: 'esm', write: false, platform: 'node', logLevel: 'silent' });
  return importJs(out.outputFiles[0]!.text);
}

/**
 * Every exported function of `entry` against the oracles at a few points; returns the problems.
 * `points` gives arguments for a function (default: argsFor's generic ones).
 */
export async function checkEntry(entry: string, points?: (exp: ExportedFunction, r: () => number) => Arg[]): Promise<string[]> {
  const { js } = compileEntry(entry);
  const mod = await importJs(js);
  const bundled = await original(entry);
  const { module } = frontend(readFileSync(entry, 'utf8'), entry);
  // The bundle exports a default-exported function as `default` only, and CommonJS as `default.name`.
  const pick = (name: string) => bundled[name] ?? bundled.default?.[name] ?? (name === module!.defaultExport ? bundled.default : undefined);
  const orig = Object.fromEntries(module!.functions.map((f) => [f.fn.name, pick(f.fn.name)]));
  const problems: string[] = [];
  for (const exp of module!.functions) {
    const r = rng(exp.fn.name);
    for (let k = 0; k < 3; k++) {
      const args = (points ?? argsFor)(exp, r);
      problems.push(...checkModule(exp, mod, orig, args, r).map((p) => `${exp.fn.name}: ${p}`));
    }
  }
  return problems;
}
