/**
 * `throw` in argument checks: `if (n <= 0) throw new RangeError("n must be positive")`.
 *
 * The statement becomes an IR `throw` that every entry point keeps in place, so a bad argument
 * throws the user's own error from `f`, `f_grad`, `f_hvp`, … alike. Only what can be written
 * without run-time strings is accepted: `new Error`, `RangeError` or `TypeError` (with or without
 * `new`), and a message that is a string literal, a template without substitutions, or literals
 * joined by `+`. Nothing after a throw runs, so a branch that always throws needs no guard on
 * the statements that follow it (see lowerIf).
 */
import type { Builder } from '../ir/builder.js';
import { exitsOf } from './lower-analysis.js';
import { at, fail, type Es } from './lower-context.js';

const ERRORS = new Set(['Error', 'RangeError', 'TypeError']);

export interface ThrowParts {
  error: string;
  message: string;
}

/** The constructor and message of `throw new E(message)`, or a sentence saying what is wrong. */
export function throwParts(s: Es): ThrowParts | string {
  const e: Es = s.argument;
  const what = 'throw takes new Error(message), RangeError or TypeError with a string message';
  if (!e || (e.type !== 'NewExpression' && e.type !== 'CallExpression')) return what;
  if (e.callee.type !== 'Identifier' || !ERRORS.has(e.callee.name)) return what;
  if (e.arguments.length > 1) return what;
  const message = e.arguments.length === 0 ? '' : constantString(e.arguments[0]);
  if (message === undefined) return 'the message of a throw must be a string written in the source (a literal, or literals joined by +)';
  return { error: e.callee.name, message };
}

function constantString(e: Es): string | undefined {
  if (e.type === 'Literal' && typeof e.value === 'string') return e.value;
  if (e.type === 'TemplateLiteral' && e.expressions.length === 0) return e.quasis[0].value.cooked;
  if (e.type === 'BinaryExpression' && e.operator === '+') {
    const l = constantString(e.left);
    const r = constantString(e.right);
    return l === undefined || r === undefined ? undefined : l + r;
  }
  return undefined;
}

export function lowerThrow(b: Builder, s: Es): void {
  const parts = throwParts(s);
  if (typeof parts === 'string') return fail(s.argument ?? s, 'unsupported', parts);
  at(b, s);
  b.push({ kind: 'throw', error: parts.error, message: parts.message, loc: b.loc });
}

/** True when every path through `stmt` ends in a throw (then nothing after it runs). */
export function alwaysThrows(stmt: Es | null | undefined): boolean {
  if (!stmt) return false;
  if (stmt.type === 'ThrowStatement') return true;
  if (stmt.type === 'BlockStatement') {
    // A throw after a statement that may leave the block (break, continue, return) is not reached on every path.
    const i = stmt.body.findIndex((x: Es) => x.type === 'ThrowStatement');
    return i >= 0 && stmt.body.slice(0, i).every((x: Es) => exitsOf(x).size === 0);
  }
  if (stmt.type === 'IfStatement') return alwaysThrows(stmt.consequent) && alwaysThrows(stmt.alternate);
  return false;
}
