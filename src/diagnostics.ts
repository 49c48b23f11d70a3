/**
 * Diagnostics: every user-facing compile error is one of these. Positions are kept as byte
 * offsets (as acorn does) and turned into line:col only when reporting, with the source line
 * and a caret under the offending range:
 *
 *   examples/bad.ts:3:10: error: strings are not supported (adgen differentiates numbers)
 *     3 |   return "a" + x;
 *       |          ^^^
 */

export interface Diagnostic {
  /** A stable short code for tests and docs, e.g. 'syntax', 'unsupported', 'unknown-call'. */
  code: string;
  message: string;
  start: number;
  end: number;
  /**
   * The file the offsets point into, when it is not the file being compiled (a file it
   * imports): its name as diagnostics print it, and its text.
   */
  file?: { name: string; source: string };
  /** Absent for errors; a warning leaves the output written (the CLI still exits 0). */
  severity?: 'warning';
}

/** Thrown by compiler stages to abort with diagnostics; caught by compile(). */
export class CompileError extends Error {
  constructor(readonly diagnostics: Diagnostic[]) {
    super(diagnostics.map((d) => d.message).join('\n'));
  }
}

export function diag(code: string, message: string, node: { start: number; end: number }): Diagnostic {
  return { code, message, start: node.start, end: node.end };
}

/** 1-based line and column of a byte offset. */
export function lineCol(source: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset && i < source.length; i++) {
    if (source.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, col: offset - lineStart + 1 };
}

/** `path:line:col: error: message` (or `warning:`), then the source line and a caret (in `d.file` when it names one). */
export function formatDiagnostic(d: Diagnostic, entrySource: string, entryName: string): string {
  const source = d.file?.source ?? entrySource;
  const fileName = d.file?.name ?? entryName;
  const { line, col } = lineCol(source, d.start);
  const lines = source.split('\n');
  const text = (lines[line - 1] ?? '').replace(/\r$/, '');
  const width = Math.max(1, Math.min(d.end, d.start + text.length - col + 1) - d.start);
  const gutter = String(line);
  const pad = ' '.repeat(gutter.length);
  const caret = ' '.repeat(col - 1) + '^'.repeat(Math.min(width, Math.max(1, text.length - col + 1)));
  return `${fileName}:${line}:${col}: ${d.severity === 'warning' ? 'warning' : 'error'}: ${d.message}\n ${gutter} | ${text}\n ${pad} | ${caret}`;
}
