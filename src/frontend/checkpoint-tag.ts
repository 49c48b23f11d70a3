/**
 * The `@checkpoint` tag of a counted loop: in a comment right before the loop (`// @checkpoint`
 * or `/* @checkpoint 100 *\/`, only whitespace and other comments in between, a label allowed),
 * or in the JSDoc of the function for each of its outermost loops. An optional positive integer
 * is the snapshot budget; without one reverse mode takes ⌈√trips⌉ iterations per segment.
 * The source stays plain TypeScript: to the TypeScript compiler the tag is a comment.
 */
import { CompileError } from '../diagnostics.js';

const TAG = /@checkpoint\b(?:[ \t]+(\S+))?/;

/** The budget of the tag in front of the loop starting at `start` (0: none given), if tagged. */
export function loopCheckpoint(source: string, start: number): number | undefined {
  for (const comment of commentsBefore(source, start)) {
    const m = TAG.exec(comment.text);
    if (m) return budgetOf(m, comment.start + m.index, comment.start + m.index + m[0].length, source);
  }
  return undefined;
}

/** The budget of a function's JSDoc tag (0: none given), if it has one. */
export function docCheckpoint(doc: string | undefined): number | undefined {
  const m = doc === undefined ? null : TAG.exec(doc);
  return m ? budgetOf(m, 0, 0, doc ?? '') : undefined;
}

function budgetOf(m: RegExpExecArray, start: number, end: number, _source: string): number {
  const arg = m[1]?.replace(/\*\/$/, '');
  if (arg === undefined || arg === '' || arg.startsWith('*')) return 0;
  const n = Number(arg);
  if (!Number.isInteger(n) || n < 1) {
    const message = `@checkpoint takes a snapshot budget, a positive integer (got '${arg}')`;
    throw new CompileError([{ code: 'syntax', message, start, end }]);
  }
  return n;
}

/** The comments between the previous code and `start`, nearest first; a `label:` is skipped. */
function commentsBefore(source: string, start: number): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let at = Math.min(start, source.length);
  for (;;) {
    while (at > 0 && /\s/.test(source[at - 1])) at--;
    const label = /[A-Za-z_$][\w$]*\s*:$/.exec(source.slice(Math.max(0, at - 200), at));
    if (label && out.length === 0) {
      at -= label[0].length;
      continue;
    }
    if (source.startsWith('*/', at - 2)) {
      const open = source.lastIndexOf('/*', at - 2);
      if (open < 0) return out;
      out.push({ text: source.slice(open, at), start: open });
      at = open;
      continue;
    }
    const lineStart = source.lastIndexOf('\n', at - 1) + 1;
    const line = source.slice(lineStart, at);
    const slash = line.indexOf('//');
    if (slash < 0 || line.slice(0, slash).trim() !== '') return out;
    out.push({ text: line.slice(slash), start: lineStart + slash });
    at = lineStart + slash;
  }
}
