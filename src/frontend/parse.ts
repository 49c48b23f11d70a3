/**
 * Front-end entry: parse one source file into the surface AST (surface.ts), choosing the
 * parser by extension: `.ts`/`.mts`/`.cts` → ts-morph and the converter in parse-ts.ts,
 * `.js`/`.mjs`/`.cjs` → acorn (parse-js.ts).
 *
 * parseFile never throws, whatever the input: problems come back as diagnostics, and the
 * program is null whenever there is any. Code nested too deeply for the parsers' recursion
 * (thousands of levels) is a 'syntax' error, as acorn reports it. Any other crash inside a
 * parser or converter (a bug) becomes one 'internal' diagnostic at offset 0 rather than an
 * exception out of the compiler.
 */
import type { Diagnostic } from '../diagnostics.js';
import { parseJs } from './parse-js.js';
import { type ParseResult, parseTs } from './parse-ts.js';

export type { ParseResult };

export function parseFile(source: string, fileName: string): ParseResult {
  const language = languageOf(fileName);
  if (!language) {
    const message = `cannot compile '${fileName}': expected a .ts, .mts, .cts, .js, .mjs or .cjs file`;
    return { program: null, diagnostics: [{ code: 'file-type', message, start: 0, end: 0 }] };
  }
  try {
    return language === 'ts' ? parseTs(source, fileName) : parseJs(source);
  } catch (e) {
    if (e instanceof RangeError && /call stack/i.test(e.message)) {
      const message = 'Not enough stack space to parse input (the code nests too deeply)';
      return { program: null, diagnostics: [{ code: 'syntax', message, start: 0, end: 0 }] };
    }
    return { program: null, diagnostics: [internalError(e)] };
  }
}

export function languageOf(fileName: string): 'ts' | 'js' | null {
  const ext = /\.([cm]?[jt]s)$/i.exec(fileName)?.[1]?.toLowerCase();
  if (!ext || fileName.toLowerCase().endsWith('.d.ts')) return null;
  return ext.endsWith('ts') ? 'ts' : 'js';
}

function internalError(e: unknown): Diagnostic {
  const detail = e instanceof Error ? e.message : String(e);
  return { code: 'internal', message: `internal error in the parser (please report): ${detail}`, start: 0, end: 0 };
}
