/**
 * Which temporaries the code generator folds into the expression that uses them, so that
 * `t = x * x; t_1 = t * y; r = t_1 + y` prints as `const r = x * x * y + y;`.
 *
 * A variable t is inlined when all of this holds:
 * - it looks like a temporary (hint `t`, `t_1`, `t3`, `t_bar`, `c`… — user-named values keep
 *   their names, so the code stays readable) and is not a parameter;
 * - it has exactly one definition, an assign or a load, at top level of some block B, and
 *   exactly one read, by a later top-level statement U of B that evaluates it once (an
 *   assign, load, store, alloc, push, or an if condition; not as the guard of a guarded product,
 *   which prints it twice), or by the results (the return or a
 *   register assignment after the body, when B is the function body);
 * - moving its computation to where it finally runs (U, or further if U is inlined too) changes
 *   nothing: no statement in between defines one of its operands, and for a load no statement
 *   in between stores into any array (arrays may alias).
 * All ops are pure, so only operand values matter. Expressions stay small: a value whose
 * expression would exceed MAX_OPS operators keeps its biggest operands as named statements.
 */
import { childBlocks, defsDeep, containsKind, ownAtoms } from '../opt/walk.js';
import { forEachStmt } from '../opt/walk.js';
import { isArrayType, type Atom, type IRFunction, type Stmt } from '../ir/types.js';
import { OPS } from '../ops/table.js';

const MAX_OPS = 5;
const TEMP = /^[tc]\d*(_|$)/;

interface Candidate {
  block: Stmt[];
  def: number;
  use: number;
  operands: string[];
  load: boolean;
}

export function chooseInlining(fn: IRFunction): Set<string> {
  const reads = new Map<string, { block: Stmt[]; index: number; once: boolean }[]>();
  const defs = new Map<string, number>();
  const visit = (block: Stmt[]) => {
    block.forEach((s, index) => {
      const once = s.kind !== 'for' && s.kind !== 'while';
      // The guarded product `b === 0 ? 0 : a * b` prints b twice: b stays named.
      const twice = s.kind === 'assign' && OPS[s.op]?.js.kind === 'guardedMul' ? s.args[1] : undefined;
      for (const a of ownAtoms(s)) {
        if (a.kind !== 'var') continue;
        if (!reads.has(a.name)) reads.set(a.name, []);
        reads.get(a.name)!.push({ block, index, once });
        if (a === twice) reads.get(a.name)!.push({ block, index, once });
      }
      childBlocks(s).forEach(visit);
    });
  };
  visit(fn.body);
  // The results are read once, after the body (a register assignment or the return).
  for (const a of fn.results) {
    if (a.kind !== 'var') continue;
    if (!reads.has(a.name)) reads.set(a.name, []);
    reads.get(a.name)!.push({ block: fn.body, index: fn.body.length, once: true });
  }
  forEachStmt(fn.body, (s) => {
    const d = s.kind === 'assign' || s.kind === 'load' || s.kind === 'alloc' || s.kind === 'pop' ? s.target : s.kind === 'for' ? s.index : undefined;
    if (d !== undefined) defs.set(d, (defs.get(d) ?? 0) + 1);
  });
  const excluded = new Set(fn.params);

  const cands = new Map<string, Candidate>();
  const scan = (block: Stmt[]) => {
    block.forEach((s, index) => {
      childBlocks(s).forEach(scan);
      if (s.kind !== 'assign' && s.kind !== 'load') return;
      const t = s.target;
      const r = reads.get(t);
      const hint = fn.vars.get(t)?.hint ?? t;
      if (!TEMP.test(hint) || excluded.has(t) || defs.get(t) !== 1 || r?.length !== 1) return;
      if (isArrayType(fn.vars.get(t)?.type ?? 'f64')) return; // array names are printed as names
      const [use] = r;
      if (use.block !== block || use.index <= index || !use.once) return;
      const operands = ownAtoms(s).flatMap((a) => (a.kind === 'var' ? [a.name] : []));
      cands.set(t, { block, def: index, use: use.index, operands, load: s.kind === 'load' });
    });
  };
  scan(fn.body);
  limitSize(fn, cands);
  const indexes = new Map<Stmt[], BlockIndex>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [t, c] of cands) {
      if (!movable(c, finalUse(t, cands), indexes)) {
        cands.delete(t);
        changed = true;
      }
    }
  }
  return new Set(cands.keys());
}

/** Where t's computation ends up: its user, or its user's final place if that is inlined too. */
function finalUse(t: string, cands: Map<string, Candidate>): number {
  let c = cands.get(t)!;
  for (;;) {
    const user = c.block[c.use] as Stmt | undefined; // undefined: the results, after the body
    const next = user && (user.kind === 'assign' || user.kind === 'load') ? cands.get(user.target) : undefined;
    if (!next) return c.use;
    c = next;
  }
}

/**
 * Per block: the positions (ascending) of the top-level statements that define each variable
 * (nested definitions included) or contain a store. Built once per block, so asking whether
 * anything between two positions interferes is a binary search, not a scan of the statements
 * in between (which made inlining quadratic in long straight-line code).
 */
interface BlockIndex {
  defs: Map<string, number[]>;
  stores: number[];
}

function blockIndex(block: Stmt[], indexes: Map<Stmt[], BlockIndex>): BlockIndex {
  let ix = indexes.get(block);
  if (ix) return ix;
  ix = { defs: new Map(), stores: [] };
  for (let i = 0; i < block.length; i++) {
    for (const d of defsDeep([block[i]])) {
      const ps = ix.defs.get(d);
      if (ps) ps.push(i);
      else ix.defs.set(d, [i]);
    }
    if (containsKind([block[i]], ['store'])) ix.stores.push(i);
  }
  indexes.set(block, ix);
  return ix;
}

/** Does the ascending list `ps` hold a position p with lo <= p < hi? */
function anyIn(ps: number[] | undefined, lo: number, hi: number): boolean {
  if (!ps) return false;
  let a = 0;
  let b = ps.length;
  while (a < b) {
    const m = (a + b) >> 1;
    if (ps[m] < lo) a = m + 1;
    else b = m;
  }
  return a < ps.length && ps[a] < hi;
}

function movable(c: Candidate, until: number, indexes: Map<Stmt[], BlockIndex>): boolean {
  const ix = blockIndex(c.block, indexes);
  const lo = c.def + 1;
  if (c.operands.some((o) => anyIn(ix.defs.get(o), lo, until))) return false;
  return !(c.load && anyIn(ix.stores, lo, until));
}

/**
 * Keep every printed expression under MAX_OPS operators: where a statement (or the results)
 * would get a bigger one, its biggest inlined operands stay named statements, until it fits.
 * Operands are defined earlier in the same block, so a single pass in program order sees
 * them sized first.
 */
function limitSize(fn: IRFunction, cands: Map<string, Candidate>): void {
  const size = new Map<string, number>();
  const fit = (operands: string[]): number => {
    const inner = operands.filter((o) => cands.has(o));
    if (inner.length === 0) return 1; // the common case: nothing inlined into this statement
    if (inner.length > 1) inner.sort((x, y) => (size.get(y) ?? 0) - (size.get(x) ?? 0));
    let total = 1 + inner.reduce((acc, o) => acc + (size.get(o) ?? 0), 0);
    for (const o of inner) {
      if (total <= MAX_OPS) break;
      cands.delete(o);
      total -= size.get(o) ?? 0;
    }
    return total;
  };
  const names = (atoms: Atom[]) => {
    const out: string[] = [];
    for (const a of atoms) if (a.kind === 'var') out.push(a.name);
    return out;
  };
  const visit = (block: Stmt[]) => {
    for (const st of block) {
      childBlocks(st).forEach(visit);
      const total = fit(names(ownAtoms(st)));
      if ((st.kind === 'assign' || st.kind === 'load') && cands.has(st.target)) size.set(st.target, total);
    }
  };
  visit(fn.body);
  for (const r of names(fn.results)) fit([r]);
}
