/**
 * A normalization the reverse pass relies on (run on its private copy of the function): the
 * condition of an `if` and the bounds of a `for` are not assigned inside that statement.
 *
 * The reversed `if`/`for` reads its condition/bounds at the point where the forward statement
 * ENDED, so they must still hold the values they had when it began. `if c { c = … }` becomes
 * `c0 = copy c; if c0 { c = … }` (the same for `for` bounds). The front end rarely produces
 * this, so the copy costs nothing in the common case.
 */
import { v, type Atom, type IRFunction, type Stmt } from '../ir/types.js';
import { childBlocks, defOf, walk, freshName } from './ir-utils.js';

export function normalizeForReverse(fn: IRFunction): void {
  fn.body = normalizeBlock(fn, fn.body);
}

function normalizeBlock(fn: IRFunction, block: Stmt[]): Stmt[] {
  const out: Stmt[] = [];
  for (const s of block) {
    switch (s.kind) {
      case 'if':
        s.then = normalizeBlock(fn, s.then);
        s.else = normalizeBlock(fn, s.else);
        s.cond = stable(fn, s, s.cond, out);
        break;
      case 'for':
        s.body = normalizeBlock(fn, s.body);
        s.start = stable(fn, s, s.start, out);
        s.end = stable(fn, s, s.end, out);
        break;
      case 'while':
        s.test = normalizeBlock(fn, s.test);
        s.body = normalizeBlock(fn, s.body);
        break;
      default:
        break;
    }
    out.push(s);
  }
  return out;
}

/** `a`, or a copy of it taken before `s` when `s` assigns it. */
function stable(fn: IRFunction, s: Stmt, a: Atom, out: Stmt[]): Atom {
  if (a.kind !== 'var') return a;
  let assigned = false;
  for (const block of childBlocks(s)) walk(block, (inner) => (assigned ||= defOf(inner) === a.name));
  if (!assigned) return a;
  const type = fn.vars.get(a.name)?.type ?? 'f64';
  const copy = freshName(fn, type, `${a.name}_0`);
  out.push({ kind: 'assign', target: copy, op: 'copy', args: [a], loc: s.loc });
  return v(copy);
}
