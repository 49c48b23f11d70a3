/**
 * Copy propagation: after `x = copy a`, reads of `x` become reads of `a` (a literal or a
 * variable), and DCE then removes the copy.
 *
 * Variables are mutable and loops run blocks repeatedly, so a rewrite is only done when it is
 * obviously right. Let the copy be statement k of block B. We require:
 *   1. `x` is not a parameter and this is its only definition in the function;
 *   2. every read of `x` lies in B[k+1..] (nested statements included; the function results
 *      count as a read at the very end, allowed only when B is the function body). Any
 *      execution of such a read is then preceded, in the same execution of B, by the copy;
 *   3. if `a` is a variable, nothing in B[k+1..] defines it, so between the copy and any of
 *      those reads `a` still holds the copied value.
 * Statements are numbered in pre-order, so "lies in B[k+1..]" is an interval test.
 */
import { forEachStmt, mapAtomsDeep, ownAtoms, ownDef, childBlocks } from './walk.js';
import type { Atom, IRFunction, Stmt } from '../ir/types.js';

interface Numbering {
  pos: Map<Stmt, number>;
  /** Last position inside a block (the function body ends at `total`, where results are read). */
  blockEnd: Map<Stmt[], number>;
  total: number;
}

function number(fn: IRFunction): Numbering {
  const pos = new Map<Stmt, number>();
  const blockEnd = new Map<Stmt[], number>();
  let next = 0;
  const walk = (block: Stmt[]): void => {
    for (const s of block) {
      pos.set(s, next++);
      childBlocks(s).forEach(walk);
    }
    blockEnd.set(block, next - 1);
  };
  walk(fn.body);
  blockEnd.set(fn.body, next);
  return { pos, blockEnd, total: next };
}

export function copyProp(fn: IRFunction): boolean {
  const { pos, blockEnd, total } = number(fn);
  const reads = new Map<string, { min: number; max: number }>();
  const defs = new Map<string, number[]>();
  const read = (a: Atom, at: number) => {
    if (a.kind !== 'var') return;
    const r = reads.get(a.name);
    if (!r) reads.set(a.name, { min: at, max: at });
    else {
      if (at < r.min) r.min = at;
      if (at > r.max) r.max = at;
    }
  };
  forEachStmt(fn.body, (s) => {
    const at = pos.get(s)!;
    ownAtoms(s).forEach((a) => read(a, at));
    const d = ownDef(s);
    if (d === undefined) return;
    if (!defs.has(d)) defs.set(d, []);
    defs.get(d)!.push(at);
  });
  fn.results.forEach((a) => read(a, total));

  const params = new Set(fn.params);
  const subst = new Map<string, Atom>();
  const visit = (block: Stmt[]): void => {
    for (const s of block) {
      childBlocks(s).forEach(visit);
      if (s.kind !== 'assign' || s.op !== 'copy') continue;
      const x = s.target;
      const r = reads.get(x);
      if (params.has(x) || defs.get(x)?.length !== 1 || !r) continue;
      const lo = pos.get(s)! + 1;
      const hi = blockEnd.get(block)!;
      if (r.min < lo || r.max > hi) continue;
      const a = s.args[0];
      if (a.kind === 'var' && (defs.get(a.name) ?? []).some((p) => p >= lo && p <= hi)) continue;
      subst.set(x, a);
      read(a, r.min);
      read(a, r.max);
    }
  };
  visit(fn.body);
  if (subst.size === 0) return false;

  const resolve = (a: Atom): Atom => {
    while (a.kind === 'var' && subst.has(a.name)) a = subst.get(a.name)!;
    return a;
  };
  fn.body = substitute(fn.body, resolve);
  fn.results = fn.results.map(resolve);
  return true;
}

/**
 * mapAtomsDeep with `resolve`, except that an assignment none of whose operands is replaced is
 * kept as the same object: most statements are untouched, and copying them all every round
 * was a large share of the optimizer's allocation (statements are never mutated in place).
 */
function substitute(block: Stmt[], resolve: (a: Atom) => Atom): Stmt[] {
  return block.map((s) => {
    if (s.kind !== 'assign') return mapAtomsDeep([s], resolve)[0];
    let args: Atom[] | undefined;
    s.args.forEach((a, i) => {
      const r = resolve(a);
      if (r === a) return;
      args ??= s.args.slice();
      args[i] = r;
    });
    return args ? { ...s, args } : s;
  });
}
