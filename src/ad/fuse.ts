/**
 * Fused adjoint loops (Tapenade's II-loops; what a hand-written gradient does): a top-level
 * counted loop whose iterations interact only through accumulations `s = s + e` into scalars
 * gets the adjoint of each iteration right after its forward part, in the same loop, and no
 * reverse loop at all. The adjoint of such an s is the same in every iteration and is known
 * before the loop when the code after the loop is affine in s (`return s`, `total / batch`,
 * `constant + slse − …`): κ = seed · ∂result/∂s. Nothing an iteration computes is then needed
 * after it, so nothing is taped across iterations.
 *
 * Legality, checked on the IR of the loop L (a statement of the function's top-level block):
 * - reductions: an f64 s whose only definition in L is `s = copy t` after `t = add s e`,
 *   `add e s` or `sub s e` (t used only there), s read nowhere else in L nor before L; after L
 *   it reaches the result only through add/sub/neg/copy and products or quotients by values
 *   known before L (`affineSeeds`);
 * - every other ACTIVE scalar or array variable defined in L is defined only in L, used only in
 *   L, and definitely assigned in each iteration before it is read (no active value flows from
 *   one iteration into the next). Passive values may be carried (counters, indices): they
 *   carry no derivative, and each iteration's adjoint runs while they hold that iteration's
 *   values; they may be read after L but not before it;
 * - an active array stored in L is a local array allocated once before L, read and written
 *   only in L, and "covered": each load of it comes after a loop `for k = 0 .. len step 1` that
 *   stores `a[k]` unconditionally, len being the allocation's length, earlier in an enclosing
 *   block inside L — so it reads a value of the same iteration (the perceptron's hidden layer
 *   and logits, GMM's xc and qx);
 * - active variables L reads but does not define (their adjoints accumulate during the loop)
 *   are not written after L: the reverse sweep of the code after L must not reset them.
 * Anything else keeps the two-sweep form.
 */
import { type Atom, type ForStmt, type IRFunction, type Stmt } from '../ir/types.js';
import { type Activity } from './activity.js';
import { type FnIndex } from './dataflow.js';
import { defOf, readsOf, walk } from './ir-utils.js';
import { affineSeeds, type Coef } from './fuse-seed.js';

export interface FusedLoop {
  loop: ForStmt;
  /** Reduction variable → its adjoint (in units of the seed), the same in every iteration. */
  reductions: Map<string, Coef>;
  /** Variables read in the loop and defined outside it (parameters of one iteration). */
  free: string[];
  /** Variables defined in the loop. */
  defined: Set<string>;
}

/** The top-level loops of fn (normalized, dead code removed) whose adjoint can be fused. */
export function fusableLoops(fn: IRFunction, ix: FnIndex, act: Activity): Map<ForStmt, FusedLoop> {
  const out = new Map<ForStmt, FusedLoop>();
  const result = fn.results[0];
  if (result?.kind !== 'var' || fn.vars.get(result.name)?.type !== 'f64') return out;
  for (const s of fn.body) {
    if (s.kind !== 'for') continue;
    const f = analyzeLoop(fn, ix, act, s);
    if (f) out.set(s, f);
  }
  return out;
}

function analyzeLoop(fn: IRFunction, ix: FnIndex, act: Activity, loop: ForStmt): FusedLoop | null {
  const inside = (st: Stmt | null) => st !== null && st !== loop && ix.contains(loop, st);
  const defined = new Set<string>();
  const read = new Set<string>();
  walk(loop.body, (st) => {
    const d = defOf(st);
    if (d !== undefined) defined.add(d);
    if (st.kind === 'for') defined.add(st.index);
    if (st.kind === 'store') defined.add(st.array);
    for (const a of readsOf(st)) if (a.kind === 'var') read.add(a.name);
  });
  const reductions = findReductions(ix, act, loop, defined);
  if (!reductions) return null;
  const pre = ix.stmtInfo(loop).pre;
  const last = ix.stmtInfo(loop).last;
  for (const v of defined) {
    if (v === loop.index || reductions.has(v)) continue;
    const outside = ix.usesOf(v).filter((u) => !inside(u.stmt));
    if (outside.some((u) => u.pre < pre)) return null;
    if (!act.active(v)) continue;
    if (outside.length > 0) return null;
    const defs = ix.defsOf(v);
    const local = defs.length > 0 && defs.every(inside);
    // An active array stored in L and not allocated in it: a local array allocated once
    // before L, covered before each load.
    if (!local && !(isArray(fn, v) && coveredArray(fn, ix, loop, v))) return null;
  }
  if (!definitelyAssigned(fn, act, loop, defined, reductions)) return null;
  for (const v of read) {
    if (defined.has(v) || !act.active(v)) continue;
    const later = [...ix.defsOf(v), ...ix.storesTo(v)].some((d) => ix.stmtInfo(d).pre > last);
    if (later) return null;
  }
  const seeds = affineSeeds(fn, ix, loop, [...reductions]);
  if (!seeds) return null;
  // One iteration's parameters: what it reads that is not defined only inside it.
  const free = [...read].filter((v) => !defined.has(v) || reductions.has(v) || ix.defsOf(v).some((d) => !inside(d)) || ix.params.has(v));
  return { loop, reductions: seeds, free, defined };
}

const isArray = (fn: IRFunction, v: string) => fn.vars.get(v)?.type === 'f64[]' || fn.vars.get(v)?.type === 'int[]';

/** The reductions of L (see the file comment), or null when an active carried scalar is not one. */
function findReductions(ix: FnIndex, act: Activity, loop: ForStmt, defined: Set<string>): Set<string> | null {
  const out = new Set<string>();
  const pre = ix.stmtInfo(loop).pre;
  for (const s of defined) {
    if (!act.active(s) || ix.fn.vars.get(s)?.type !== 'f64') continue;
    const inLoop = (st: Stmt | null) => st !== null && ix.contains(loop, st);
    const defs = ix.defsOf(s).filter(inLoop);
    const uses = ix.usesOf(s);
    const usesIn = uses.filter((u) => inLoop(u.stmt));
    if (defs.length !== 1 || usesIn.length !== 1) continue;
    const [d] = defs;
    const r = usesIn[0].stmt;
    if (d.kind !== 'assign' || d.op !== 'copy' || d.args[0].kind !== 'var' || r?.kind !== 'assign') continue;
    const t = d.args[0].name;
    if (r.target !== t || ix.defsOf(t).length !== 1 || ix.usesOf(t).length !== 1) continue;
    const isS = (a: Atom) => a.kind === 'var' && a.name === s;
    const shape = (r.op === 'add' && (isS(r.args[0]) !== isS(r.args[1]))) || (r.op === 'sub' && isS(r.args[0]) && !isS(r.args[1]));
    if (!shape || !ix.dominatedInBlock(r, ix.stmtInfo(d))) continue;
    if (uses.some((u) => u.pre < pre)) return null;
    out.add(s);
  }
  return out;
}

/**
 * Every use in L of an active variable defined in L (reductions and the index aside) reads a
 * value assigned earlier in the same iteration of L. Inner loops may run zero times, so what
 * they assign does not count after them (inside them it does, from the first statement on).
 */
function definitelyAssigned(fn: IRFunction, act: Activity, loop: ForStmt, defined: Set<string>, reductions: Set<string>): boolean {
  const watched = (n: string) => defined.has(n) && !reductions.has(n) && n !== loop.index && act.active(n) && !isStoredOnly(fn, loop, n);
  let ok = true;
  const check = (atoms: Atom[], set: Set<string>) => {
    for (const a of atoms) if (a.kind === 'var' && watched(a.name) && !set.has(a.name)) ok = false;
  };
  const block = (stmts: Stmt[], assigned: Set<string>): Set<string> => {
    let cur = new Set(assigned);
    for (const s of stmts) {
      if (s.kind === 'store') {
        check([s.index, s.value, ...(isStoredOnly(fn, loop, s.array) ? [] : [{ kind: 'var', name: s.array } as Atom])], cur);
        continue;
      }
      if (s.kind === 'load') check([s.index, ...(isStoredOnly(fn, loop, s.array) ? [] : [{ kind: 'var', name: s.array } as Atom])], cur);
      else if (s.kind !== 'while') check(readsOf(s), cur);
      const d = defOf(s);
      if (d !== undefined) cur.add(d);
      if (s.kind === 'if') {
        const then = block(s.then, cur);
        const els = block(s.else, cur);
        cur = new Set([...then].filter((n) => els.has(n)));
      } else if (s.kind === 'for') {
        block(s.body, new Set([...cur, s.index]));
      } else if (s.kind === 'while') {
        const afterTest = block(s.test, cur);
        check([s.cond], afterTest);
        block(s.body, afterTest);
        cur = afterTest;
      }
    }
    return cur;
  };
  block(loop.body, new Set());
  return ok;
}

/** An array allocated outside L and stored in L (checked by coveredArray instead). */
function isStoredOnly(fn: IRFunction, loop: ForStmt, name: string): boolean {
  if (!isArray(fn, name)) return false;
  let allocIn = false;
  walk(loop.body, (s) => (allocIn ||= s.kind === 'alloc' && s.target === name));
  return !allocIn;
}

/** See the file comment: a local array allocated once before L, each load of it in L covered. */
function coveredArray(fn: IRFunction, ix: FnIndex, loop: ForStmt, a: string): boolean {
  const defs = ix.defsOf(a);
  if (ix.params.has(a) || defs.length !== 1 || defs[0].kind !== 'alloc' || ix.stmtInfo(defs[0]).block !== fn.body) return false;
  if (ix.stmtInfo(defs[0]).pre > ix.stmtInfo(loop).pre || fn.results.some((r) => r.kind === 'var' && r.name === a)) return false;
  const len = defs[0].length;
  if (len.kind === 'var' && !ix.defsOf(len.name).every((d) => ix.stmtInfo(d).pre < ix.stmtInfo(defs[0]).pre)) return false;
  const loads: Stmt[] = [];
  walk(loop.body, (s) => s.kind === 'load' && s.array === a && loads.push(s));
  return loads.every((l) => coveredAt(ix, loop, l, a, len));
}

function coveredAt(ix: FnIndex, loop: ForStmt, load: Stmt, a: string, len: Atom): boolean {
  let info = ix.stmtInfo(load);
  for (;;) {
    if (info.block.slice(0, info.idx).some((s) => covers(s, a, len))) return true;
    const owner = ix.owner.get(info.block);
    if (!owner || owner === loop) return false;
    info = ix.stmtInfo(owner);
  }
}

/** `for k = 0 .. len step 1 { …; a[k] = v; … }` with the store at the top of its body. */
function covers(s: Stmt, a: string, len: Atom): boolean {
  if (s.kind !== 'for' || s.step !== 1 || s.start.kind !== 'const' || s.start.value !== 0) return false;
  const sameLen = len.kind === 'var' ? s.end.kind === 'var' && s.end.name === len.name : s.end.kind === 'const' && s.end.value === len.value;
  return sameLen && s.body.some((t) => t.kind === 'store' && t.array === a && t.index.kind === 'var' && t.index.name === s.index);
}
