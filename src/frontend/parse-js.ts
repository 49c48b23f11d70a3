/**
 * The JavaScript front end: acorn parses `.js`/`.mjs`/`.cjs` as an ES module (strict mode, the
 * latest syntax) with byte offsets, which is the surface AST as is (see surface.ts).
 *
 * acorn stops at the first syntax error; its position becomes one 'syntax' diagnostic (the
 * message loses acorn's "(line:col)" suffix, which formatDiagnostic adds back with a code frame).
 * JSDoc comments are collected while parsing and attached by parse-docs.ts, the same code the
 * TypeScript front end uses. Number literal values are recomputed from their text: acorn
 * accumulates hex/octal/binary digits in floating point, which rounds more than once for
 * literals beyond 2^53 (`0xaaeb6444c12c644106be`); `Number()` of the digits is exact.
 */
import * as acorn from 'acorn';
import type { Diagnostic } from '../diagnostics.js';
import { attachDocs } from './parse-docs.js';
import type { ParseResult } from './parse-ts.js';

export function parseJs(source: string): ParseResult {
  const comments: acorn.Comment[] = [];
  let program: acorn.Program;
  try {
    program = acorn.parse(source, { ecmaVersion: 'latest', sourceType: 'module', onComment: comments });
  } catch (e) {
    if (e instanceof SyntaxError && typeof (e as { pos?: unknown }).pos === 'number') {
      return { program: null, diagnostics: [syntaxDiagnostic(source, e)] };
    }
    throw e;
  }
  exactNumbers(program);
  attachDocs(program, source, comments);
  return { program, diagnostics: [] };
}

/** Walks the tree with an explicit stack: whatever depth acorn parsed, this must not overflow. */
function exactNumbers(program: acorn.Program): void {
  const stack: unknown[] = [program];
  while (stack.length > 0) {
    const node = stack.pop();
    if (typeof node !== 'object' || node === null) continue;
    if (Array.isArray(node)) {
      for (const item of node) stack.push(item);
      continue;
    }
    const n = node as { type?: unknown; value?: unknown; raw?: string };
    if (n.type === 'Literal' && typeof n.value === 'number' && n.raw !== undefined) {
      n.value = Number(n.raw.replace(/_/g, ''));
    } else {
      for (const key in n) stack.push((n as Record<string, unknown>)[key]);
    }
  }
}

/**
 * acorn gives the error's offset (`pos`) and where its scanner stood (`raisedAt`, usually the
 * end of the offending token); the range is that token, kept to one line.
 */
function syntaxDiagnostic(source: string, e: SyntaxError): Diagnostic {
  const { pos, raisedAt } = e as SyntaxError & { pos: number; raisedAt?: number };
  const lineEnd = source.slice(pos).search(/[\n\r\u2028\u2029]/);
  const limit = lineEnd < 0 ? source.length : pos + lineEnd;
  const end = Math.max(Math.min(raisedAt ?? pos + 1, limit), Math.min(pos + 1, source.length));
  return { code: 'syntax', message: e.message.replace(/ \(\d+:\d+\)$/, ''), start: pos, end };
}
