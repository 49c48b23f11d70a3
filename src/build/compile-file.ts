/**
 * compile() for a file on disk: what the CLI and the bundler plugins share. It reads the file,
 * runs the one pipeline (compile.ts), and says which files the result depends on (for watch
 * mode and HMR), whether it failed, and how long it took. Nothing is written here.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { CompileOptions, CompileResult, ExportSummary, SourceMap } from '../compile.js';

export interface FileBuildOptions {
  wrt?: string[];
  modes?: CompileOptions['modes'];
  /** How the generated header (and source map) names the source. */
  sourceName?: string;
  dump?: CompileOptions['dump'];
  /** Produce the source map (default true). */
  sourceMap?: boolean;
  /** Report warnings (default true). */
  warnings?: boolean;
}

export interface FileBuild {
  /** Absolute path of the entry file. */
  input: string;
  source: string;
  js: string | null;
  dts: string | null;
  /** The source map of js, naming the source by sourceName (absent when it failed or was not asked for). */
  map?: SourceMap;
  /** The declaration map of dts (as map). */
  dtsMap?: SourceMap;
  /** Errors first in the order the compiler gave them, warnings included. */
  diagnostics: Diagnostic[];
  errors: Diagnostic[];
  warnings: Diagnostic[];
  /** Absolute paths of every file the result depends on (at least the entry file). */
  inputs: string[];
  exports: ExportSummary[];
  ms: number;
}

type Compile = (source: string, options: CompileOptions) => CompileResult;

let compileFn: Compile | undefined;

/** The compiler, loaded on first use: it pulls in ts-morph, which `--help` does not need. */
export async function loadCompiler(): Promise<Compile> {
  compileFn ??= (await import('../compile.js')).compile;
  return compileFn;
}

export const isWarning = (d: Diagnostic): boolean => (d as { severity?: string }).severity === 'warning';

export async function compileFile(input: string, options: FileBuildOptions = {}): Promise<FileBuild> {
  const compile = await loadCompiler();
  const abs = path.resolve(input);
  const source = readFileSync(abs, 'utf8');
  const started = performance.now();
  const result = compile(source, { fileName: input, wrt: options.wrt, modes: options.modes, sourceName: options.sourceName, dump: options.dump, sourceMap: options.sourceMap, warnings: options.warnings });
  const ms = performance.now() - started;
  const errors = result.diagnostics.filter((d) => !isWarning(d));
  const warnings = result.diagnostics.filter(isWarning);
  const failed = errors.length > 0 || result.js === null || result.dts === null;
  // `inputs` (every file read) comes from a compiler that loads imports; older ones read one file.
  const inputs = (result as { inputs?: string[] }).inputs?.map((p) => path.resolve(p)) ?? [abs];
  if (!inputs.includes(abs)) inputs.unshift(abs);
  return {
    input: abs,
    source,
    js: failed ? null : result.js,
    dts: failed ? null : result.dts,
    ...(!failed && result.map && { map: result.map }),
    ...(!failed && result.dtsMap && { dtsMap: result.dtsMap }),
    diagnostics: result.diagnostics,
    errors,
    warnings,
    inputs,
    exports: result.exports ?? [],
    ms,
  };
}
