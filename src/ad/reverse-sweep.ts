/**
 * The reverse sweep: the adjoint of a block is the adjoint of its statements in reverse order.
 *
 * - `y = op(args)`: for each active argument, `argᵢ_bar += ∂ᵢ · y_bar` (∂ᵢ from the op table,
 *   computed while y still holds the result; the product is NaN-safe where ∂ᵢ may be ±∞, see
 *   partials.ts), then y_bar restarts at 0 (y was overwritten), then
 *   y's old value is popped if the forward sweep pushed it. Skipped when y's adjoint is known
 *   to be 0 there (no output depends on that value): 0 · ∞ would give NaN.
 * - `y = a[i]`: `a_bar[i] += y_bar`. `a[i] = x`: `x_bar += a_bar[i]; a_bar[i] = 0`. The adjoint of
 *   an active array parameter lives in gradOut at the parameter's offset.
 * - `if c`: `if c { rev(then) } else { rev(else) }` (c is still the value the forward sweep saw).
 * - `for i = s .. e step k`: the same iterations backwards, without a tape.
 * - `while`: the forward sweep pushed the trip count n; pop it, then rev(test) and n times
 *   rev(body); rev(test).
 * Values the adjoint code reads are restored from the tape or recomputed first (tape-analysis.ts).
 */
import {
  assertNever, c, v, type AllocStmt, type AssignStmt, type Atom, type ForStmt, type IfStmt,
  type IRFunction, type LoadStmt, type Stmt, type StoreStmt, type WhileStmt,
} from '../ir/types.js';
import { type Activity } from './activity.js';
import { reverseCheckpointed, type CheckpointPlan } from './checkpoint.js';
import { type Adjoints } from './adjoint-state.js';
import { type FnIndex } from './dataflow.js';
import { childBlocks, cloneAtom, cloneStmt, isZero, walk, type TrackingBuilder } from './ir-utils.js';
import { contribution, emitPartials } from './partials.js';
import { type FusedLoop } from './fuse.js';
import { type TapePlan } from './tape-analysis.js';

export interface ReverseContext {
  g: IRFunction;
  ix: FnIndex;
  act: Activity;
  plan: TapePlan;
  adj: Adjoints;
  /** Where the adjoint of each active array lives: an array, and the offset of element 0. */
  arrays: Map<string, { array: string; offset: Atom }>;
  /** while statement → its trip-count variable (pushed by the forward sweep). */
  counters: Map<Stmt, string>;
  /** Store of a restored array → the variable its overwritten element was pushed from. */
  saved: Map<Stmt, string>;
  /** Assignments whose target's adjoint is 0 right after them (adjoint-liveness.ts). */
  zeroAdjoint: Set<Stmt>;
  /** Top-level loops whose adjoint runs inside their forward loop (fuse.ts), and the seed. */
  fusion?: { loops: Map<Stmt, FusedLoop>; seed: Atom };
  /** Checkpointed loops (checkpoint.ts) and the forward sweep their reverse runs again. */
  checkpoints: Map<Stmt, CheckpointPlan>;
  forward: (b: TrackingBuilder, block: Stmt[]) => void;
}

export class ReverseSweep {
  private readonly touchedMemo = new Map<Stmt, string[]>();
  /**
   * Definitions already recomputed earlier in the current reverse block or an enclosing one
   * (so the value is still there: recomputed variables have a single definition and are never
   * popped). Nested blocks start from their parent's set and do not leak theirs.
   */
  private recomputed = new Set<Stmt>();

  /**
   * In-place updates `y = a[i]; …; a[i] = f(y, …)` of an active array (same index atom, nothing
   * in between touching a or redefining i): store → its load. The reverse of the store then
   * leaves ā[i] as it is instead of zeroing it, and the load's reverse overwrites it with ȳ (or
   * does nothing when ȳ is the very value read there), saving a load and two stores per update.
   */
  private readonly updates = new Map<Stmt, LoadStmt>();
  /** Load of an in-place update → ā[i] as read by the reverse of its store. */
  private readonly updateRead = new Map<Stmt, Atom>();

  constructor(private readonly cx: ReverseContext) {}

  private findUpdates(block: Stmt[]): void {
    const { act } = this.cx;
    block.forEach((st, q) => {
      if (st.kind !== 'store' || !act.active(st.array)) return;
      const idx = st.index;
      for (let p = q - 1; p >= 0; p--) {
        const x = block[p];
        if (x.kind === 'load' && x.array === st.array) {
          const same = idx.kind === 'var' ? x.index.kind === 'var' && x.index.name === idx.name : x.index.kind === 'const' && x.index.value === idx.value;
          if (same && act.active(x.target)) this.updates.set(st, x);
          return;
        }
        const other = x.kind === 'assign' || (x.kind === 'load' && x.array !== st.array) || (x.kind === 'store' && x.array !== st.array);
        if (!other || (idx.kind === 'var' && (x as { target?: string }).target === idx.name)) return;
      }
    });
  }

  /** Emit the adjoint of `block` into b. */
  block(b: TrackingBuilder, block: Stmt[]): void {
    this.findUpdates(block);
    for (let i = block.length - 1; i >= 0; i--) {
      const s = block[i];
      b.loc = s.loc;
      this.stmt(b, s);
      // Snapshots taken before a loop (tape-analysis.ts, hoisted), popped in reverse order.
      for (const name of [...(this.cx.plan.hoisted.get(s) ?? [])].reverse()) {
        this.cx.adj.beforeWrite(b, name);
        b.push({ kind: 'pop', target: name, loc: s.loc });
      }
    }
  }

  private stmt(b: TrackingBuilder, s: Stmt): void {
    switch (s.kind) {
      case 'assign':
        return this.assign(b, s);
      case 'load':
        return this.load(b, s);
      case 'store':
        return this.store(b, s);
      case 'alloc':
        return this.alloc(b, s);
      case 'if':
        return this.ifStmt(b, s);
      case 'for':
        return this.forStmt(b, s);
      case 'while':
        return this.whileStmt(b, s);
      case 'throw':
        return; // it ran in the forward sweep: reaching the reverse sweep means it did not fire
      case 'push':
      case 'pop':
        throw new Error('adjoint: tape operations in the input are not supported');
      default:
        return assertNever(s, 'statement');
    }
  }

  private assign(b: TrackingBuilder, s: AssignStmt): void {
    const { act, adj } = this.cx;
    if (act.active(s.target)) {
      const ybar = adj.read(s.target);
      const want = s.args.map((a) => a.kind === 'var' && act.active(a.name));
      // A zero adjoint is skipped even when it is not a constant 0: its partials may be ∞.
      if (!isZero(ybar) && want.some(Boolean) && !this.cx.zeroAdjoint.has(s)) {
        this.recompute(b, s);
        emitPartials(b, s, want).forEach((p, i) => {
          const a = s.args[i];
          if (p && a.kind === 'var' && want[i]) adj.accumulate(b, a.name, contribution(b, s.op, i, p, ybar));
        });
      }
      adj.kill(s.target, this.cx.ix.deadAfter(s.target, s));
    }
    this.restore(b, s);
  }

  private load(b: TrackingBuilder, s: LoadStmt): void {
    const { act, adj } = this.cx;
    if (act.active(s.target)) {
      const ybar = adj.read(s.target);
      const read = this.updateRead.get(s);
      if (read) {
        // In-place update (see `updates`): ā[i] is still what the store's reverse read.
        this.updateRead.delete(s);
        this.recompute(b, s);
        if (!(ybar.kind === 'var' && read.kind === 'var' && ybar.name === read.name)) {
          const e = this.element(b, s.array, s.index);
          b.store(e.array, e.index, ybar);
        }
      } else if (!isZero(ybar) && act.active(s.array)) {
        this.recompute(b, s);
        const e = this.element(b, s.array, s.index);
        b.store(e.array, e.index, b.add(b.load(e.array, e.index), ybar));
      }
      adj.kill(s.target, this.cx.ix.deadAfter(s.target, s));
    }
    this.restore(b, s);
  }

  private store(b: TrackingBuilder, s: StoreStmt): void {
    const { act, adj } = this.cx;
    if (!act.active(s.array)) return;
    this.recompute(b, s);
    const e = this.element(b, s.array, s.index);
    const load = this.updates.get(s);
    if (load) {
      const read = b.load(e.array, e.index);
      if (s.value.kind === 'var' && act.active(s.value.name)) adj.accumulate(b, s.value.name, read);
      this.updateRead.set(load, read);
    } else {
      if (s.value.kind === 'var' && act.active(s.value.name)) adj.accumulate(b, s.value.name, b.load(e.array, e.index));
      b.store(e.array, e.index, c(0));
    }
    const old = this.cx.saved.get(s);
    if (old) {
      // The element this store overwrote, back for the loads recomputed earlier in the reverse.
      this.cx.adj.beforeWrite(b, old);
      b.push({ kind: 'pop', target: old, loc: s.loc });
      b.store(s.array, cloneAtom(s.index), v(old));
    }
  }

  private alloc(b: TrackingBuilder, s: AllocStmt): void {
    // Reversing a re-allocation: the adjoint of the older array restarts at zero.
    if (this.cx.plan.reallocated.has(s.target)) b.zeroFill(this.arrayAdjoint(s.target).array);
  }

  private ifStmt(b: TrackingBuilder, s: IfStmt): void {
    if (!this.cx.plan.needsRev.has(s)) return;
    this.recompute(b, s);
    const then = this.region(b, s, (inner) => this.block(inner, s.then));
    const els = this.region(b, s, (inner) => this.block(inner, s.else));
    b.push({ kind: 'if', cond: cloneAtom(s.cond), then, else: els, loc: s.loc });
  }

  private forStmt(b: TrackingBuilder, s: ForStmt): void {
    if (!this.cx.plan.needsRev.has(s)) return;
    this.recompute(b, s);
    const cp = this.cx.checkpoints.get(s);
    if (cp) return this.checkpointed(b, s, cp);
    const { last, stop } = reversedBounds(b, s, this.cx.g);
    const body = this.region(b, s, (inner) => this.block(inner, s.body));
    b.push({ kind: 'for', index: s.index, start: last, end: stop, step: -s.step, body, loc: s.loc });
  }

  private checkpointed(b: TrackingBuilder, s: ForStmt, cp: CheckpointPlan): void {
    reverseCheckpointed(b, this.cx.g, s, cp, {
      pop: (inner, name) => {
        this.cx.adj.beforeWrite(inner, name);
        inner.push({ kind: 'pop', target: name, loc: s.loc });
      },
      forward: this.cx.forward,
      reversedBody: (inner) => this.region(inner, s, (i2) => this.block(i2, s.body)),
      region: (inner, emit) => this.region(inner, s, emit),
    });
  }

  private whileStmt(b: TrackingBuilder, s: WhileStmt): void {
    if (!this.cx.plan.needsRev.has(s)) return;
    const count = this.cx.counters.get(s);
    if (!count) throw new Error('internal error: while loop without a trip counter');
    this.recompute(b, s);
    b.push({ kind: 'pop', target: count, loc: s.loc });
    this.cx.adj.enterRegion(b, this.touched(s));
    // The last test run: part of the loop, so its recomputations do not carry into the body.
    const outer = this.recomputed;
    this.recomputed = new Set(outer);
    this.block(b, s.test);
    this.recomputed = outer;
    const j = b.fresh('int', 'j');
    const body = this.region(b, s, (inner) => (this.block(inner, s.body), this.block(inner, s.test)));
    b.push({ kind: 'for', index: j, start: c(0), end: v(count), step: 1, body, loc: s.loc });
  }

  /**
   * Code of a reversed branch or loop body. The adjoints it touches are written into their
   * variables before it and at its end, so every path (and every iteration) agrees on them.
   */
  private region(b: TrackingBuilder, s: Stmt, emit: (inner: TrackingBuilder) => void): Stmt[] {
    const { adj } = this.cx;
    const touched = this.touched(s);
    adj.enterRegion(b, touched);
    const entry = adj.snapshot();
    const outer = this.recomputed;
    this.recomputed = new Set(outer);
    const stmts = b.nested((inner) => {
      emit(inner);
      adj.exitRegion(inner, touched);
    });
    this.recomputed = outer;
    adj.restore(entry);
    return stmts;
  }

  /** Active scalars whose adjoint the reverse of `s` may read or write, except those local to it. */
  touched(s: Stmt): string[] {
    let names = this.touchedMemo.get(s);
    if (names) return names;
    const { act, ix, g } = this.cx;
    const found = new Set<string>();
    const note = (a: Atom | string) => {
      const n = typeof a === 'string' ? a : a.kind === 'var' ? a.name : undefined;
      if (n === undefined || !act.active(n) || g.vars.get(n)?.type !== 'f64') return;
      if (ix.adjointLocalTo(n, s)) return;
      found.add(n);
    };
    for (const block of childBlocks(s)) {
      walk(block, (t) => {
        if (t.kind === 'assign') (note(t.target), t.args.forEach(note));
        else if (t.kind === 'load') note(t.target);
        else if (t.kind === 'store') note(t.value);
      });
    }
    names = [...found];
    this.touchedMemo.set(s, names);
    return names;
  }

  private recompute(b: TrackingBuilder, reader: Stmt): void {
    for (const d of this.cx.plan.recompute.get(reader) ?? []) {
      if (this.recomputed.has(d)) continue;
      this.recomputed.add(d);
      this.cx.adj.beforeWrite(b, (d as AssignStmt | LoadStmt).target);
      b.push(cloneStmt(d));
    }
  }

  private restore(b: TrackingBuilder, s: AssignStmt | LoadStmt): void {
    if (!this.cx.plan.pushAt.has(s)) return;
    this.cx.adj.beforeWrite(b, s.target);
    const inverse = this.cx.plan.inverted.get(s);
    if (!inverse) return b.push({ kind: 'pop', target: s.target, loc: s.loc });
    // An integer counter's update undone: i = i − k (see tape-analysis.ts).
    const [op, k] = inverse;
    b.copy(s.target, b.op(op, [v(s.target), cloneAtom(k)], 'int', s.target));
  }

  private arrayAdjoint(name: string): { array: string; offset: Atom } {
    const where = this.cx.arrays.get(name);
    if (!where) throw new Error(`internal error: no adjoint storage for array ${name}`);
    return where;
  }

  /** The adjoint of `array[index]`: an array and an index into it. */
  private element(b: TrackingBuilder, array: string, index: Atom): { array: string; index: Atom } {
    const where = this.arrayAdjoint(array);
    return { array: where.array, index: b.op('add', [where.offset, cloneAtom(index)], 'int', 'k') };
  }
}

/**
 * Bounds of the reversed counted loop: the same indices from the last down to `start`. With
 * trips = ceil((end − start) / step) (≤ 0 for an empty loop, either sign of step), the last
 * index is start + (trips − 1)·step, and the reversed loop stops before start − step.
 */
export function reversedBounds(b: TrackingBuilder, s: ForStmt, fn: IRFunction): { last: Atom; stop: Atom } {
  const isInt = (a: Atom) => (a.kind === 'const' ? Number.isInteger(a.value) : fn.vars.get(a.name)?.type === 'int');
  const step = c(s.step);
  const start = cloneAtom(s.start);
  const end = cloneAtom(s.end);
  let last: Atom;
  if (Math.abs(s.step) === 1 && isInt(start) && isInt(end)) {
    last = b.op('sub', [end, step], 'int', 'last');
  } else {
    const trips = b.op('ceil', [b.op('div', [b.op('sub', [end, start]), step])]);
    last = b.op('add', [start, b.op('mul', [b.op('sub', [trips, c(1)]), step])], 'int', 'last');
  }
  return { last, stop: b.op('sub', [cloneAtom(start), step], 'int', 'stop') };
}
