/**
 * Derivative markers. `stop` (stopGradient) and `lin` (a user-supplied partial derivative) are
 * ops whose value is one of their operands and whose only purpose is the derivative rules they
 * carry (src/ops/table.ts). Once every derivative of a function has been built they are plain
 * copies: erasing them lets the optimizer drop the partials a marker kept alive (a custom rule's
 * partials are dead code in the primal) and forward the copied value.
 */
import { c, type IRFunction, type Stmt } from '../ir/types.js';
import { forEachStmt } from '../ir/walk.js';

const MARKERS = new Set(['stop', 'lin']);

/** True when the function contains a marker (so callers can skip the copy). */
export function hasMarkers(fn: IRFunction): boolean {
  let found = false;
  forEachStmt(fn.body, (s) => (found ||= s.kind === 'assign' && MARKERS.has(s.op)));
  return found;
}

/** A copy of `fn` in which every marker is a `copy` of the value it passes. */
export function eraseMarkers(fn: IRFunction): IRFunction {
  if (!hasMarkers(fn)) return fn;
  const erase = (block: Stmt[]): Stmt[] =>
    block.map((s): Stmt => {
      switch (s.kind) {
        case 'assign':
          return MARKERS.has(s.op) ? { ...s, op: 'copy', args: [s.args[0] ?? c(0)] } : s;
        case 'if':
          return { ...s, then: erase(s.then), else: erase(s.else) };
        case 'for':
          return { ...s, body: erase(s.body) };
        case 'while':
          return { ...s, test: erase(s.test), body: erase(s.body) };
        default:
          return s;
      }
    });
  return { ...fn, body: erase(fn.body) };
}
