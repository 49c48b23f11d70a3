/**
 * Compile errors as bundlers show them. Rollup and Vite read `id`, `loc` and `frame` from the
 * error a hook throws (Vite's overlay prints the frame under the message); webpack and Rspack
 * print only the message, so theirs carries the code frame itself; esbuild takes a located
 * message, which unplugin builds from `loc`. Every error of the file is listed, not only the
 * first.
 */
import { formatDiagnostic, lineCol, type Diagnostic } from '../diagnostics.js';

export interface BundlerError extends Error {
  id: string;
  plugin: string;
  code: string;
  loc: { file: string; line: number; column: number };
  frame: string;
}

/** One error for a failed compile: `file:line:col: error: …` of the first diagnostic, the others after it. */
export function bundlerError(file: string, source: string, errors: Diagnostic[], withFrameInMessage: boolean): BundlerError {
  const [first, ...rest] = errors;
  const text = formatDiagnostic(first, source, file);
  const newline = text.indexOf('\n');
  const headline = newline < 0 ? text : text.slice(0, newline);
  const frame = newline < 0 ? '' : text.slice(newline + 1);
  const others = rest.map((d) => formatDiagnostic(d, source, file));
  const message = [withFrameInMessage ? text : headline, ...others].join('\n');
  // An error inside a file the entry imports is located in that file.
  const where = first.file?.name ?? file;
  const { line, col } = lineCol(first.file?.source ?? source, first.start);
  // Rollup's and Vite's columns are 0-based; the message keeps the 1-based ones editors use.
  return Object.assign(new Error(message), {
    id: where,
    plugin: 'adgen',
    code: `ADGEN_${first.code.toUpperCase().replace(/-/g, '_')}`,
    loc: { file: where, line, column: col - 1 },
    frame,
  });
}
