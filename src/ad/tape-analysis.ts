/**
 * To-be-recorded analysis for reverse mode: which values the reverse sweep needs, and how it
 * gets each of them back after the forward sweep has overwritten it.
 *
 * The reverse sweep READS, at the reverse point of a statement R: the operands of R's partials
 * that are actually needed (possibly R's own result), array indices of active loads/stores, the
 * condition of a reversed `if`, the bounds of a reversed `for` (while loops use a counted trip
 * count instead). For each such read of v at R, in order of preference:
 * 1. v is invariant at R (dataflow.ts: loop index, never-reassigned parameter, single
 *    definition outside loops before R): read it as is;
 * 2. v is recomputed (recompute.ts): its only definition S precedes R in S's block and is a
 *    pure op within a cost budget, or a load from an array that still holds the value; its
 *    operands are invariant, taped (restored at that point), or recomputed in turn. S is
 *    re-executed before the reverse of the statement of S's block holding R. This keeps
 *    `s += a[i]*a[i]` loops tape-free and Newton's step down to one push (x);
 * 3. otherwise v is TAPED: a definition D of v that can run after a reader of v pushes v's old
 *    value first, and the reverse sweep pops it back right after D's adjoint, so v holds its
 *    forward value at the reverse point of every reader. Two cheaper forms of the same:
 *    an integer-like counter `i = i + k` is undone by `i − k` (inverted), and the pushes of v
 *    inside a loop whose reverse never reads v become one push before the loop (hoisted).
 * Array elements: a load is recomputable when nothing writes its array afterwards ("frozen"),
 * or when the array is a RESTORED local array: each store that may run after such a load
 * pushes the element it overwrites, and its reverse writes it back (restoreAt), so at every
 * reverse point the array holds its forward contents. planTape restores a local array only
 * when that lowers the weighted push count. Parameters and returned arrays are never restored,
 * so they keep their final values.
 *
 * Assumes normalize.ts ran: an `if` condition / `for` bound is not assigned inside its statement.
 */
import { type Atom, type IRFunction, type LoadStmt, type Stmt } from '../ir/types.js';
import { type Activity } from './activity.js';
import { type FnIndex } from './dataflow.js';
import { addTo, childBlocks, defOf, walk } from './ir-utils.js';
import { partialReads } from './partials.js';
import { chainPlan, chooseTape, type TapeChoice } from './recompute.js';

export interface TapePlan {
  taped: Set<string>;
  /** Definitions that push the old value of their target (popped after their adjoint). */
  pushAt: Set<Stmt>;
  /**
   * Stores into local arrays whose loads are recomputed in the reverse sweep: the forward sweep
   * pushes the element about to be overwritten, the reverse of the store writes it back.
   */
  restoreAt: Set<Stmt>;
  /**
   * Push sites whose old value is restored by inverting the update instead (`i = i + k` on an
   * int): no push; the reverse sweep computes `i = i - k` where it would pop. Maps to [op, k].
   */
  inverted: Map<Stmt, ['add' | 'sub', Atom]>;
  /**
   * Loops before which variables are pushed once (popped once after the loop's reverse) instead
   * of at their definitions inside: nothing in the loop reads them in the reverse sweep.
   */
  hoisted: Map<Stmt, string[]>;
  /** Definitions to re-execute, in order, right before a statement's adjoint code. */
  recompute: Map<Stmt, Stmt[]>;
  /** Compound statements with a non-empty reverse sweep. */
  needsRev: Set<Stmt>;
  /** Leaf statements with adjoint code, mapped to the variables that code reads. */
  adjointReads: Map<Stmt, string[]>;
  /** Active local arrays allocated more than once (or in a loop). */
  reallocated: Set<string>;
  /** Variables the reverse sweep assigns (pops and recomputations; loop indices aside). */
  reassigned: Set<string>;
}

export function planTape(fn: IRFunction, ix: FnIndex, act: Activity): TapePlan {
  const stmts: Stmt[] = [];
  walk(fn.body, (s) => stmts.push(s));
  const reallocated = new Set<string>();
  for (const [name, defs] of ix.defs) {
    if (defs[0].kind === 'alloc' && act.active(name) && (defs.length > 1 || ix.inLoop(defs[0]))) reallocated.add(name);
  }
  const adjointReads = new Map<Stmt, string[]>();
  for (const s of stmts) {
    const reads = leafReads(fn, s, act, reallocated);
    if (reads) adjointReads.set(s, reads);
  }
  // Writes of each array (stores and allocations). A load can be recomputed in the reverse sweep
  // when none of them can run after it: the array then still holds the loaded values.
  const writes = new Map<string, Stmt[]>();
  for (const s of stmts) {
    const array = s.kind === 'store' ? s.array : s.kind === 'alloc' ? s.target : undefined;
    if (array !== undefined) addTo(writes, array, s);
  }
  const frozen = (load: LoadStmt) => (writes.get(load.array) ?? []).every((w) => !ix.mayRunAfter(w, load));

  const settle = (restored: Set<string>) => settlePlan(fn, ix, { adjointReads, frozen, restored, writes });
  let st = settle(new Set());
  let restored = new Set<string>();
  for (const a of restorable(fn, ix, act, writes)) {
    // Greedy: keep restoring a when the plan's weighted push count drops.
    const trial = settle(new Set([...restored, a]));
    if (pushCost(ix, trial) < pushCost(ix, st)) (st = trial), (restored = new Set([...restored, a]));
  }
  const { taped, pushAt, needsRev, reads, choice, restoreAt } = st;
  const recompute = chainPlan(ix, reads, choice);
  const inverted = invertible(fn, ix, pushAt);
  const reassigned = new Set([...pushAt, ...[...recompute.values()].flat()].map((s) => (s as { target: string }).target));
  const derived: [Stmt, string][] = [];
  for (const use of choice.chains.values()) for (const w of use.leaves) derived.push([use.at, w]);
  const hoisted = hoistPushes(ix, pushAt, inverted, [...reads, ...derived]);
  return { taped, pushAt, restoreAt, inverted, hoisted, recompute, needsRev, adjointReads, reallocated, reassigned };
}

interface PlanInputs {
  adjointReads: Map<Stmt, string[]>;
  frozen: (load: LoadStmt) => boolean;
  restored: Set<string>;
  writes: Map<string, Stmt[]>;
}

/** Iterate reversal, reads, tape choice and push sites until they agree. */
function settlePlan(fn: IRFunction, ix: FnIndex, p: PlanInputs) {
  let taped = new Set<string>();
  let pushAt = new Set<Stmt>();
  let restoreAt = new Set<Stmt>();
  let needsRev = new Set<Stmt>();
  let reads: [Stmt, string][] = [];
  let choice: TapeChoice = { taped, chains: new Map() };
  for (let round = 0; ; round++) {
    if (round > 50) throw new Error(`internal error: ${fn.name}: the tape plan does not settle`);
    needsRev = markReversed(fn.body, (s) => p.adjointReads.has(s) || pushAt.has(s) || restoreAt.has(s));
    reads = allReads(p.adjointReads, needsRev).filter(([r, v]) => !ix.invariantAt(v, r));
    choice = chooseTape(ix, p.frozen, p.restored, reads);
    const derived: [Stmt, string][] = [];
    const nextRestore = new Set<Stmt>();
    for (const use of choice.chains.values()) {
      for (const w of use.leaves) derived.push([use.at, w]);
      for (const a of use.arrays) for (const w of p.writes.get(a) ?? []) if (w.kind === 'store' && ix.mayRunAfter(w, use.at)) nextRestore.add(w);
    }
    const nextPush = pushSites(ix, choice.taped, [...reads, ...derived]);
    if (sameSet(choice.taped, taped) && sameSet(nextPush, pushAt) && sameSet(nextRestore, restoreAt)) break;
    taped = choice.taped;
    pushAt = nextPush;
    restoreAt = nextRestore;
  }
  return { taped, pushAt, restoreAt, needsRev, reads, choice };
}

/**
 * Local arrays that could be restored element by element: active, allocated once outside loops,
 * not a result, loaded inside a loop. Restoring one makes its loads recomputable (GMM's xc,
 * written d times and read d(d+1)/2 times per component; the perceptron's hidden layer and
 * logits) at the price of a push per store; planTape keeps it only when the plan gets cheaper.
 */
function restorable(fn: IRFunction, ix: FnIndex, act: Activity, writes: Map<string, Stmt[]>): string[] {
  const out: string[] = [];
  for (const [a, w] of writes) {
    if (!act.active(a) || ix.params.has(a) || w[0]?.kind !== 'alloc' || ix.inLoop(w[0])) continue;
    if (w.filter((x) => x.kind === 'alloc').length !== 1 || !w.some((x) => x.kind === 'store')) continue;
    if (fn.results.some((r) => r.kind === 'var' && r.name === a)) continue;
    out.push(a);
  }
  return out.sort();
}

/** Pushes of a plan, each weighted 8^(loop depth) as a guess at how often it runs. */
function pushCost(ix: FnIndex, p: { pushAt: Set<Stmt>; restoreAt: Set<Stmt> }): number {
  let cost = 0;
  for (const s of [...p.pushAt, ...p.restoreAt]) cost += 8 ** ix.stmtInfo(s).loops;
  return cost;
}

/** What the adjoint of a leaf statement reads, or null when it has no adjoint code. */
function leafReads(fn: IRFunction, s: Stmt, act: Activity, reallocated: Set<string>): string[] | null {
  const idx = (a: Atom) => (a.kind === 'var' ? [a.name] : []);
  switch (s.kind) {
    case 'assign': {
      if (!act.active(s.target)) return null;
      if (fn.vars.get(s.target)?.type === 'f64[]') {
        throw new Error(`adjoint: ${fn.name}: array copy into ${s.target} is not supported (the front end substitutes array aliases)`);
      }
      const want = s.args.map((a) => a.kind === 'var' && act.active(a.name));
      return want.some(Boolean) ? [...partialReads(fn, s, want)] : [];
    }
    case 'load':
      return act.active(s.target) ? (act.active(s.array) ? idx(s.index) : []) : null;
    case 'store':
      return act.active(s.array) ? idx(s.index) : null;
    case 'alloc':
      return reallocated.has(s.target) ? [] : null;
    case 'push':
    case 'pop':
      throw new Error(`adjoint: ${fn.name} already contains tape operations (reverse over reverse is not supported)`);
    default:
      return null;
  }
}

/** Compound statements containing a leaf for which `leaf` holds. */
function markReversed(body: Stmt[], leaf: (s: Stmt) => boolean): Set<Stmt> {
  const marked = new Set<Stmt>();
  const visit = (block: Stmt[]): boolean => {
    let any = false;
    for (const s of block) {
      const children = childBlocks(s);
      const hit = children.length ? children.map(visit).some(Boolean) : leaf(s);
      if (hit && children.length) marked.add(s);
      any = any || hit;
    }
    return any;
  };
  visit(body);
  return marked;
}

function allReads(leaves: Map<Stmt, string[]>, needsRev: Set<Stmt>): [Stmt, string][] {
  const out: [Stmt, string][] = [];
  for (const [s, names] of leaves) for (const n of names) out.push([s, n]);
  for (const s of needsRev) {
    const atoms = s.kind === 'if' ? [s.cond] : s.kind === 'for' ? [s.start, s.end] : [];
    for (const a of atoms) if (a.kind === 'var') out.push([s, a.name]);
  }
  return out;
}

function pushSites(ix: FnIndex, taped: Set<string>, reads: [Stmt, string][]): Set<Stmt> {
  const readers = new Map<string, Stmt[]>();
  for (const [r, v] of reads) addTo(readers, v, r);
  const sites = new Set<Stmt>();
  for (const v of taped) {
    for (const d of ix.defsOf(v)) {
      // Only a definition that can run after a reader destroys a value the reverse sweep needs.
      if ((readers.get(v) ?? []).some((r) => ix.mayRunAfter(d, r))) sites.add(d);
    }
  }
  return sites;
}

function sameSet<T>(a: Set<T>, b: Set<T>): boolean {
  return a.size === b.size && [...a].every((x) => b.has(x));
}

/**
 * A push site D of v inside loops: when the outermost loop C around D in which the reverse sweep
 * never reads v (no reader, derived or direct, inside C) exists, one snapshot of v before C
 * replaces every push of v inside C (they are removed from pushAt, and from inverted). The
 * reverse of C may leave v anything; the pop after it restores the value C started with. The
 * perceptron's `o = o + w·h` inner loop thus pushes o once per output instead of once per term.
 */
function hoistPushes(ix: FnIndex, pushAt: Set<Stmt>, inverted: Map<Stmt, unknown>, reads: [Stmt, string][]): Map<Stmt, string[]> {
  const readers = new Map<string, Stmt[]>();
  for (const [r, v] of reads) addTo(readers, v, r);
  const hoisted = new Map<Stmt, string[]>();
  for (const d of [...pushAt]) {
    if (d.kind !== 'assign' && d.kind !== 'load') continue;
    const rs = readers.get(d.target) ?? [];
    let loop: Stmt | undefined;
    for (const e of [...ix.stmtInfo(d).enclosing].reverse()) {
      if (e.kind !== 'for' && e.kind !== 'while') continue;
      if (rs.some((r) => ix.contains(e, r))) break;
      loop = e;
    }
    if (!loop) continue;
    pushAt.delete(d);
    inverted.delete(d);
    if (restoredBefore(ix, loop, d.target, pushAt, rs)) continue;
    const list = hoisted.get(loop) ?? [];
    if (!list.includes(d.target)) list.push(d.target);
    hoisted.set(loop, list);
  }
  return hoisted;
}

/**
 * A snapshot of v before `loop` is redundant when the last definition of v before the loop in
 * its block restores v itself (a push site) and nothing from there to the loop, that definition's
 * own adjoint included, reads v in the reverse sweep: the definition's pop would overwrite the
 * snapshot's before any read. (`s = 0; for (…) s += …` inside an outer loop: one push instead of
 * three per outer iteration.)
 */
function restoredBefore(ix: FnIndex, loop: Stmt, v: string, pushAt: Set<Stmt>, readers: Stmt[]): boolean {
  const { block, idx } = ix.stmtInfo(loop);
  const defs = ix.defsOf(v);
  for (let p = idx - 1; p >= 0; p--) {
    const x = block[p];
    if (readers.some((r) => r === x || ix.contains(x, r))) return false;
    if ((x.kind === 'assign' || x.kind === 'load') && x.target === v) return pushAt.has(x);
    if (defs.some((d) => d !== x && ix.contains(x, d))) return false;
  }
  return false;
}

/**
 * An f64 counter counts like an int when all it does is index loads: if it ever held a
 * non-integer (or beyond 2^53), those loads would read undefined and the primal would be NaN
 * already, so undoing `i + k` by `i − k` cannot change a meaningful result.
 */
function onlyIndex(ix: FnIndex, i: string, inc: Stmt, u: string, copy: Stmt): boolean {
  return (
    ix.usesOf(u).every((x) => x.stmt === copy) &&
    ix.usesOf(i).every((x) => x.stmt === inc || (x.stmt?.kind === 'load' && x.stmt.index.kind === 'var' && x.stmt.index.name === i))
  );
}

/**
 * Integer counters `u = add i k; i = copy u` (k an integer literal, no other definition of i in
 * between) are restored by `i = i − k` instead of a pop: exact on integers, and it saves a push
 * per iteration for GMM-style running indices (`li++`). Valid only when i holds the value the
 * definition left at its reverse point, i.e. every definition that may run after it is itself
 * restored (in pushAt).
 */
function invertible(fn: IRFunction, ix: FnIndex, pushAt: Set<Stmt>): Map<Stmt, ['add' | 'sub', Atom]> {
  const out = new Map<Stmt, ['add' | 'sub', Atom]>();
  for (const d of pushAt) {
    if (d.kind !== 'assign' || d.op !== 'copy') continue;
    const u = d.args[0];
    if (u.kind !== 'var' || ix.defsOf(u.name).length !== 1) continue;
    const def = ix.defsOf(u.name)[0];
    if (fn.vars.get(d.target)?.type !== 'int' && !onlyIndex(ix, d.target, def, u.name, d)) continue;
    if (def.kind !== 'assign' || (def.op !== 'add' && def.op !== 'sub')) continue;
    const [p, q] = def.args;
    const isI = (a: Atom) => a.kind === 'var' && a.name === d.target;
    const isK = (a: Atom) => a.kind === 'const' && Number.isInteger(a.value);
    let inverse: ['add' | 'sub', Atom] | undefined;
    if (isI(p) && isK(q)) inverse = [def.op === 'add' ? 'sub' : 'add', q];
    else if (def.op === 'add' && isK(p) && isI(q)) inverse = ['sub', p];
    if (!inverse) continue;
    const di = ix.stmtInfo(d);
    const ui = ix.stmtInfo(def);
    if (ui.block !== di.block || ui.idx >= di.idx) continue;
    const between = di.block.slice(ui.idx + 1, di.idx);
    let redefined = false;
    walk(between, (s) => (redefined ||= defOf(s) === d.target));
    if (redefined) continue;
    if (ix.defsOf(d.target).some((e) => ix.mayRunAfter(e, d) && !pushAt.has(e))) continue;
    out.set(d, inverse);
  }
  return out;
}