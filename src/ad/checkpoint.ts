/**
 * Checkpointed reverse mode of a counted loop (a time-stepping integrator, a recurrence): instead
 * of taping every iteration, the forward sweep runs the loop untaped and saves a snapshot of the
 * state the loop carries at the start of each segment of S iterations; the reverse sweep walks
 * the segments backwards: restore the segment's snapshot, run the segment forward WITH the tape
 * (the ordinary forward sweep of the loop over those iterations), then its ordinary reverse.
 *
 *   forward:  for k in 0 .. nseg { push state; for i in segment k { body } }
 *   reverse:  for k = nseg−1 down to 0 { pop state; fwd+tape(segment k); rev(segment k) }
 *
 * Tape at its peak: nseg snapshots plus one segment's tape; the cost: one more untaped run of the
 * loop. With a budget of B snapshots, S = ⌈n / B⌉; without one, S = ⌈√n⌉, which minimises
 * nseg·|state| + S·|tape per iteration| up to their ratio. This is periodic (two-level)
 * checkpointing, the first level of Griewank–Walther's binomial schedule: every snapshot is
 * taken once and restored once, so the reverse runs each iteration forward exactly twice.
 *
 * The carried state, found on the IR (so a snapshot holds only what the next iteration reads):
 * - scalars the body assigns and reads before assigning them in an iteration (upward-exposed
 *   reads, conservatively: a definition inside a branch or a nested loop does not count), or
 *   that code outside the loop reads (so their values before the loop come back too);
 * - the contents of arrays the body stores into and loads from (or whose elements the tape
 *   plan restores), whole. Arrays the body only writes (a recorded trajectory) are not saved;
 *   arrays the plan does not restore get their post-loop contents back after the reverse.
 * A loop that reassigns an array variable (swapped buffers) cannot be snapshotted on the f64
 * tape and is refused with a located error.
 */
import { CompileError } from '../diagnostics.js';
import { c, isArrayType, v, type Atom, type ForStmt, type IRFunction, type Stmt } from '../ir/types.js';
import { type TrackingBuilder, cloneAtom, cloneBlock, defOf, freshName, readsOf, walk } from './ir-utils.js';
import { type TapePlan } from './tape-analysis.js';

export interface CheckpointPlan {
  /** Carried scalars, in a fixed order (pushed in it, popped in reverse). */
  scalars: string[];
  /** Arrays whose contents are carried. */
  arrays: string[];
  /** Carried arrays the tape plan does not restore: their post-loop contents come back after the reverse. */
  keepFinal: string[];
  /** Snapshot budget (0: ⌈√n⌉ iterations per segment). */
  budget: number;
  /**
   * The one temporary each array's elements are pushed from and popped into: forward mode over
   * this code (HVPs) pairs a push with its pop by variable.
   */
  elements: Map<string, string>;
}

/** Plans each checkpointed loop that has a reverse sweep; adds what they reassign to plan.reassigned. */
export function planCheckpoints(g: IRFunction, plan: TapePlan): Map<Stmt, CheckpointPlan> {
  const out = new Map<Stmt, CheckpointPlan>();
  walk(g.body, (s) => {
    if (s.kind !== 'for' || s.checkpoint === undefined || !plan.needsRev.has(s) || insideCheckpointed(out, g, s)) return;
    out.set(s, planLoop(g, plan, s));
  });
  return out;
}

/** An inner tagged loop of a checkpointed loop is taped per segment like the rest of its body. */
function insideCheckpointed(done: Map<Stmt, CheckpointPlan>, _g: IRFunction, s: Stmt): boolean {
  for (const loop of done.keys()) {
    let inside = false;
    walk((loop as ForStmt).body, (t) => (inside ||= t === s));
    if (inside) return true;
  }
  return false;
}

function planLoop(g: IRFunction, plan: TapePlan, s: ForStmt): CheckpointPlan {
  const assigned = new Set<string>();
  const stored = new Set<string>();
  const loaded = new Set<string>();
  walk(s.body, (t) => {
    const d = defOf(t);
    if (d !== undefined) assigned.add(d);
    if (t.kind === 'store') stored.add(t.array);
    if (t.kind === 'load') loaded.add(t.array);
  });
  const exposed = new Set<string>();
  upwardExposed(s.body, new Set([s.index]), assigned, exposed);
  const outside = readsOutside(g, s);
  for (const name of assigned) {
    // An array allocated afresh in each iteration is a temporary; one carried across iterations is not.
    if (isArrayType(typeOf(g, name)) && (exposed.has(name) || outside.has(name))) {
      const message = `cannot checkpoint this loop: it reassigns the array '${hintOf(g, name)}' that later iterations or later code read (swapped buffers); copy into the arrays instead of swapping them, or remove @checkpoint`;
      throw new CompileError([{ code: 'unsupported', message, start: s.loc.start, end: s.loc.end }]);
    }
  }
  const scalars = [...assigned].filter((n) => !isArrayType(typeOf(g, n)) && (exposed.has(n) || outside.has(n))).sort();
  const restored = new Set<string>();
  for (const st of plan.restoreAt) if (st.kind === 'store') restored.add(st.array);
  const arrays = [...stored].filter((a) => !assigned.has(a) && (loaded.has(a) || restored.has(a))).sort();
  // The reverse sweep runs the body again: everything it assigns changes during the reverse.
  for (const n of assigned) plan.reassigned.add(n);
  for (const a of arrays) plan.reassigned.add(a);
  const elements = new Map<string, string>();
  for (const a of arrays) elements.set(a, freshName(g, typeOf(g, a) === 'int[]' ? 'int' : 'f64', `${hintOf(g, a)}_el`));
  return { scalars, arrays, keepFinal: arrays.filter((a) => !restored.has(a)), budget: s.checkpoint ?? 0, elements };
}

/**
 * Variables of `assigned` read in `block` before an iteration has certainly assigned them.
 * `defined` holds those certainly assigned so far; branches and nested loops add nothing to it.
 */
function upwardExposed(block: Stmt[], defined: Set<string>, assigned: Set<string>, out: Set<string>): void {
  const read = (a: Atom | string) => {
    const n = typeof a === 'string' ? a : a.kind === 'var' ? a.name : undefined;
    if (n !== undefined && assigned.has(n) && !defined.has(n)) out.add(n);
  };
  for (const t of block) {
    readsOf(t).forEach(read);
    if (t.kind === 'if') {
      upwardExposed(t.then, new Set(defined), assigned, out);
      upwardExposed(t.else, new Set(defined), assigned, out);
    } else if (t.kind === 'for') {
      upwardExposed(t.body, new Set([...defined, t.index]), assigned, out);
    } else if (t.kind === 'while') {
      const inner = new Set(defined);
      upwardExposed(t.test, inner, assigned, out);
      read(t.cond);
      upwardExposed(t.body, inner, assigned, out);
    }
    const d = defOf(t);
    if (d !== undefined) defined.add(d);
  }
}

/** Variables read by statements outside the loop's body, and the function's results. */
function readsOutside(g: IRFunction, loop: ForStmt): Set<string> {
  const names = new Set<string>();
  const note = (a: Atom | string) => {
    const n = typeof a === 'string' ? a : a.kind === 'var' ? a.name : undefined;
    if (n !== undefined) names.add(n);
  };
  const visit = (block: Stmt[]) => {
    for (const t of block) {
      readsOf(t).forEach(note);
      if (t === loop) continue;
      if (t.kind === 'if') (visit(t.then), visit(t.else));
      else if (t.kind === 'for') visit(t.body);
      else if (t.kind === 'while') (visit(t.test), visit(t.body));
    }
  };
  visit(g.body);
  g.results.forEach(note);
  return names;
}

/** Trip count, iterations per segment and segment count, from the loop's bounds (valid at both sweeps). */
function segments(b: TrackingBuilder, s: ForStmt, budget: number): { n: Atom; per: Atom; count: Atom } {
  const span = b.op('sub', [cloneAtom(s.end), cloneAtom(s.start)]);
  const raw = s.step === 1 ? span : b.op('ceil', [b.op('div', [span, c(s.step)])]);
  const n = b.op('max', [c(0), raw], 'int', 'trips');
  const ideal = budget > 0 ? b.op('div', [n, c(budget)]) : b.op('sqrt', [n]);
  const per = b.op('max', [c(1), b.op('ceil', [ideal])], 'int', 'per');
  const count = b.op('ceil', [b.op('div', [n, per])], 'int', 'segments');
  return { n, per, count };
}

/** The loop over segment k's iterations, running `body`. */
function segmentLoop(b: TrackingBuilder, s: ForStmt, seg: { n: Atom; per: Atom }, k: Atom, body: Stmt[]): ForStmt {
  const first = b.op('mul', [k, seg.per], 'int', 'first');
  const after = b.op('min', [seg.n, b.op('add', [first, seg.per], 'int')], 'int', 'after');
  const at = (j: Atom) => (s.step === 1 ? b.op('add', [cloneAtom(s.start), j], 'int') : b.op('add', [cloneAtom(s.start), b.op('mul', [j, c(s.step)], 'int')], 'int'));
  return { kind: 'for', index: s.index, start: at(first), end: at(after), step: s.step, body, loc: s.loc };
}

/** The forward sweep of a checkpointed loop: untaped, a snapshot at each segment's start. */
export function forwardCheckpointed(b: TrackingBuilder, g: IRFunction, s: ForStmt, cp: CheckpointPlan): void {
  const seg = segments(b, s, cp.budget);
  const k = b.fresh('int', 'seg');
  const body = b.nested((inner) => {
    for (const x of cp.scalars) inner.push({ kind: 'push', value: v(x), loc: s.loc });
    for (const a of cp.arrays) eachElement(inner, cp.elements.get(a)!, a, true, (eb, el, j) => {
      eb.push({ kind: 'load', target: el, array: a, index: j, loc: s.loc });
      eb.push({ kind: 'push', value: v(el), loc: s.loc });
    });
    inner.push(segmentLoop(inner, s, seg, v(k), cloneBlock(s.body)));
  });
  b.push({ kind: 'for', index: k, start: c(0), end: seg.count, step: 1, body, loc: s.loc });
}

export interface ReverseHooks {
  /** Emits `state = pop` for a variable (writing out adjoints that read it first). */
  pop(b: TrackingBuilder, name: string): void;
  /** The ordinary forward sweep (with tape) of a block. */
  forward(b: TrackingBuilder, block: Stmt[]): void;
  /** The ordinary reversed body of loop s, as a region (adjoints written out at its ends). */
  reversedBody(b: TrackingBuilder): Stmt[];
  /** Wraps emitted statements as a region of loop s. */
  region(b: TrackingBuilder, emit: (inner: TrackingBuilder) => void): Stmt[];
}

/** The reverse sweep of a checkpointed loop: segments backwards, each re-run with the tape, then reversed. */
export function reverseCheckpointed(b: TrackingBuilder, g: IRFunction, s: ForStmt, cp: CheckpointPlan, hooks: ReverseHooks): void {
  const seg = segments(b, s, cp.budget);
  const finals = cp.keepFinal.map((a) => {
    const copy = b.fresh('f64[]', `${hintOf(g, a)}_final`);
    b.push({ kind: 'alloc', target: copy, length: b.op('len', [v(a)], 'int', 'n'), loc: s.loc });
    copyArray(b, g, a, copy);
    return [a, copy] as const;
  });
  const k = b.fresh('int', 'seg');
  const body = hooks.region(b, (inner) => {
    for (const a of [...cp.arrays].reverse()) eachElement(inner, cp.elements.get(a)!, a, false, (eb, el, j) => {
      hooks.pop(eb, el);
      eb.store(a, j, v(el));
    });
    for (const x of [...cp.scalars].reverse()) hooks.pop(inner, x);
    const loop = segmentLoop(inner, s, seg, v(k), s.body);
    hooks.forward(inner, [loop]);
    const last = inner.op('sub', [loop.end, c(s.step)], 'int', 'last');
    const stop = inner.op('sub', [cloneAtom(loop.start), c(s.step)], 'int', 'stop');
    const rev = hooks.reversedBody(inner);
    inner.push({ kind: 'for', index: s.index, start: last, end: stop, step: -s.step, body: rev, loc: s.loc });
  });
  b.push({ kind: 'for', index: k, start: b.op('sub', [seg.count, c(1)], 'int', 'lastSeg'), end: c(-1), step: -1, body, loc: s.loc });
  for (const [a, copy] of finals) copyArray(b, g, copy, a);
}

/** for j in 0 .. len(a) (or backwards): emit(el, j) with one element temporary per array. */
function eachElement(b: TrackingBuilder, el: string, a: string, up: boolean, emit: (eb: TrackingBuilder, el: string, j: Atom) => void): void {
  const j = b.fresh('int', 'j');
  const n = b.op('len', [v(a)], 'int', 'n');
  const body = b.nested((eb) => emit(eb, el, v(j)));
  if (up) b.push({ kind: 'for', index: j, start: c(0), end: n, step: 1, body, loc: b.loc });
  else b.push({ kind: 'for', index: j, start: b.op('sub', [n, c(1)], 'int', 'last'), end: c(-1), step: -1, body, loc: b.loc });
}

function copyArray(b: TrackingBuilder, g: IRFunction, from: string, to: string): void {
  const el = b.fresh(typeOf(g, from) === 'int[]' ? 'int' : 'f64', `${hintOf(g, from)}_el`);
  eachElement(b, el, from, true, (eb, el, j) => {
    eb.push({ kind: 'load', target: el, array: from, index: j, loc: b.loc });
    eb.store(to, j, v(el));
  });
}

const typeOf = (g: IRFunction, name: string) => {
  const t = g.vars.get(name)?.type;
  if (!t) throw new Error(`${g.name}: undeclared variable ${name}`);
  return t;
};
const hintOf = (g: IRFunction, name: string) => g.vars.get(name)?.hint ?? name;
