/**
 * Where the CLI's text goes and how it looks. Colour (picocolors) only when the stream is a
 * terminal and NO_COLOR is unset or empty (no-color.org); picocolors' own detection also turns
 * colour on in CI logs, which we do not want, so the decision is made here and passed to
 * createColors. Diagnostics keep their exact plain text; colour only wraps parts of it.
 */
import pc from 'picocolors';
import path from 'node:path';
import { formatDiagnostic, type Diagnostic } from '../diagnostics.js';

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
  /** Whether each stream may be coloured. */
  color?: { out: boolean; err: boolean };
}

export function colorAllowed(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && !env.NO_COLOR;
}

export const defaultIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
  color: { out: colorAllowed(process.stdout), err: colorAllowed(process.stderr) },
};

export type Colors = ReturnType<typeof pc.createColors>;

export const colors = (io: Io, stream: 'out' | 'err'): Colors => pc.createColors(io.color?.[stream] ?? false);

/** A diagnostic as formatDiagnostic prints it, with `error:`/`warning:` and the caret coloured. */
export function renderDiagnostic(d: Diagnostic, source: string, fileName: string, c: Colors): string {
  const text = formatDiagnostic(d, source, fileName);
  return text
    .replace(/^([^\n]*?): (error|warning):/, (_, where: string, kind: string) => `${c.bold(where)}: ${kind === 'error' ? c.red(c.bold('error:')) : c.yellow(c.bold('warning:'))}`)
    .replace(/(\| *)(\^+)$/, (_, bar: string, carets: string) => bar + c.red(carets));
}

/** `12.4 kB` (decimal kilobytes, as esbuild and Vite print sizes). */
export function size(bytes: number): string {
  return bytes < 1000 ? `${bytes} B` : `${(bytes / 1000).toFixed(1)} kB`;
}

/** A path as the user would type it from `cwd` (posix separators). */
export function shown(file: string, cwd: string): string {
  const rel = path.relative(cwd, file);
  const p = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : file;
  return p.split(path.sep).join('/');
}

export const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;
