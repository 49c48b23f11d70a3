/**
 * Test helpers for running generated modules: compile a source string in-process and import the
 * resulting JS from a temporary file.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, type CompileOptions } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';

const dir = mkdtempSync(path.join(tmpdir(), 'adgen-test-'));
let counter = 0;

/** Compile `source` (throwing with formatted diagnostics on failure) and return the JS text. */
export function compileOrThrow(source: string, options: Partial<CompileOptions> = {}): { js: string; dts: string } {
  const fileName = options.fileName ?? 'input.ts';
  const result = compile(source, { ...options, fileName });
  if (!result.js || !result.dts) {
    throw new Error(result.diagnostics.map((d) => formatDiagnostic(d, source, fileName)).join('\n'));
  }
  return { js: result.js, dts: result.dts };
}

/** Import a module from JS text. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function importJs(js: string): Promise<any> {
  const file = path.join(dir, `m${counter++}.mjs`);
  writeFileSync(file, js);
  return import(pathToFileURL(file).href);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function compileAndImport(source: string, options: Partial<CompileOptions> = {}): Promise<any> {
  return importJs(compileOrThrow(source, options).js);
}
