/**
 * IR traversal helpers shared by the optimizer passes: what a statement reads and defines
 * (directly, or anywhere inside it), read counts over a whole function, deep cloning, and atom
 * substitution. "Reads" are variable operands, including array variables used by load/store
 * and the conditions/bounds of control flow; "defines" are targets of assign/load/alloc/pop and
 * the index of a `for`. A store defines nothing (it changes an array's contents, not a variable).
 */
import { assertNever, type Atom, type IRFunction, type Stmt } from '../ir/types.js';

import { childBlocks, forEachStmt, operandsOf as ownAtoms } from '../ir/walk.js';

export { childBlocks, forEachStmt, ownAtoms };

/** The variable a statement defines itself, if any (a `for` defines its index). */
export function ownDef(s: Stmt): string | undefined {
  switch (s.kind) {
    case 'assign':
    case 'load':
    case 'alloc':
    case 'pop':
      return s.target;
    case 'for':
      return s.index;
    default:
      return undefined;
  }
}

/** Variables defined anywhere in the given statements (nested blocks included). */
export function defsDeep(block: Stmt[]): Set<string> {
  const out = new Set<string>();
  forEachStmt(block, (s) => {
    const d = ownDef(s);
    if (d !== undefined) out.add(d);
  });
  return out;
}

export function containsKind(block: Stmt[], kinds: Stmt['kind'][]): boolean {
  let found = false;
  forEachStmt(block, (s) => {
    if (kinds.includes(s.kind)) found = true;
  });
  return found;
}

/** How often each variable is read in the function, results included. */
export function readCounts(fn: IRFunction): Map<string, number> {
  const counts = new Map<string, number>();
  const bump = (a: Atom) => {
    if (a.kind === 'var') counts.set(a.name, (counts.get(a.name) ?? 0) + 1);
  };
  forEachStmt(fn.body, (s) => ownAtoms(s).forEach(bump));
  fn.results.forEach(bump);
  return counts;
}

/** Replace the atoms a statement reads itself (array names of load/store included). */
export function mapOwnAtoms(s: Stmt, f: (a: Atom) => Atom): Stmt {
  const name = (n: string) => {
    const r = f({ kind: 'var', name: n });
    if (r.kind !== 'var') throw new Error(`internal error: array ${n} replaced by a literal`);
    return r.name;
  };
  switch (s.kind) {
    case 'assign':
      return { ...s, args: s.args.map(f) };
    case 'load':
      return { ...s, array: name(s.array), index: f(s.index) };
    case 'store':
      return { ...s, array: name(s.array), index: f(s.index), value: f(s.value) };
    case 'alloc':
      return { ...s, length: f(s.length) };
    case 'if':
      return { ...s, cond: f(s.cond) };
    case 'for':
      return { ...s, start: f(s.start), end: f(s.end) };
    case 'while':
      return { ...s, cond: f(s.cond) };
    case 'push':
      return { ...s, value: f(s.value) };
    case 'pop':
    case 'throw':
      return s;
    default:
      return assertNever(s, 'statement');
  }
}

/** Apply `f` to every atom read anywhere in the block (returns new statements). */
export function mapAtomsDeep(block: Stmt[], f: (a: Atom) => Atom): Stmt[] {
  return block.map((s0) => {
    const s = mapOwnAtoms(s0, f);
    switch (s.kind) {
      case 'if':
        return { ...s, then: mapAtomsDeep(s.then, f), else: mapAtomsDeep(s.else, f) };
      case 'for':
        return { ...s, body: mapAtomsDeep(s.body, f) };
      case 'while':
        return { ...s, test: mapAtomsDeep(s.test, f), body: mapAtomsDeep(s.body, f) };
      default:
        return s;
    }
  });
}

export { cloneFunction } from '../ir/walk.js';

export const isConstValue = (a: Atom, value: number): boolean =>
  a.kind === 'const' && typeof a.value === 'number' && a.value === value;

/** A stable key for an atom (distinguishes -0 from 0 and booleans from numbers). */
export function atomKey(a: Atom): string {
  if (a.kind === 'var') return `v:${a.name}`;
  if (typeof a.value === 'boolean') return `b:${a.value}`;
  return Object.is(a.value, -0) ? 'n:-0' : `n:${a.value}`;
}

export const sameAtom = (a: Atom, b: Atom): boolean => atomKey(a) === atomKey(b);
