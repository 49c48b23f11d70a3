/**
 * Common subexpression elimination within straight-line runs of a block: when `u = op(args)`
 * recomputes an expression that `t` still holds (same op, same operands, none of them and not
 * `t` redefined in between), it becomes `u = copy t`, which copy propagation then usually
 * removes. Array loads count as expressions too, invalidated by any store (arrays may alias).
 * All ops of the table are pure, so reusing a value is exact (NaN and signed zeros included).
 * Conservative across control flow: a nested block starts with nothing available, and after
 * an if/for/while everything it may have redefined is forgotten.
 */
import { Available, exprKey } from './avail.js';
import { OPS } from '../ops/table.js';
import { assertNever, v, type IRFunction, type Stmt } from '../ir/types.js';

export function cse(fn: IRFunction): boolean {
  let changed = false;
  const run = (block: Stmt[]): Stmt[] => {
    const avail = new Available();
    const out: Stmt[] = [];
    for (const s of block) {
      switch (s.kind) {
        case 'assign': {
          const expr = { op: s.op, args: s.args };
          const key = exprKey(expr); // built once for both find and define
          const held = s.op === 'copy' || OPS[s.op]?.pure === false ? undefined : avail.find(expr, key);
          if (held === s.target) {
            changed = true; // recomputes the value the target already holds
            continue;
          }
          if (held !== undefined) {
            changed = true;
            avail.define(s.target);
            out.push({ ...s, op: 'copy', args: [v(held)] });
            continue;
          }
          avail.define(s.target, expr, key);
          out.push(s);
          continue;
        }
        case 'load': {
          const expr = { op: 'load', args: [v(s.array), s.index] };
          const key = exprKey(expr);
          const held = avail.find(expr, key);
          if (held === s.target) {
            changed = true;
            continue;
          }
          avail.define(s.target, held === undefined ? expr : undefined, key);
          if (held !== undefined) changed = true;
          out.push(held === undefined ? s : { kind: 'assign', target: s.target, op: 'copy', args: [v(held)], loc: s.loc });
          continue;
        }
        case 'store':
          avail.killLoads();
          out.push(s);
          continue;
        case 'alloc':
        case 'pop':
          avail.kill(s.target);
          out.push(s);
          continue;
        case 'push':
        case 'throw':
          out.push(s);
          continue;
        case 'if':
          avail.afterNested(s);
          out.push({ ...s, then: run(s.then), else: run(s.else) });
          continue;
        case 'for':
          avail.afterNested(s);
          out.push({ ...s, body: run(s.body) });
          continue;
        case 'while':
          avail.afterNested(s);
          out.push({ ...s, test: run(s.test), body: run(s.body) });
          continue;
        default:
          assertNever(s, 'statement');
      }
    }
    return out;
  };
  fn.body = run(fn.body);
  return changed;
}
