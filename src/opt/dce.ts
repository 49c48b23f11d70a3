/**
 * Dead code elimination by liveness, plus control-flow cleanup.
 *
 * A variable is live at a point if some path from there reads it before redefining it; the
 * results are read at the end of the function. Walking each block backwards:
 * - an assign, load or alloc whose target is dead there is removed, unless the target is a
 *   parameter (kept as the contract asks; it also keeps array parameters' aliasing obvious);
 * - stores, push and pop are never removed: they act on an array or on the tape;
 * - `if` with a literal condition becomes the branch taken; an `if` whose branches end up
 *   empty disappears;
 * - a `for` that cannot run (literal bounds) disappears, and so does one whose body ends up
 *   empty, unless its index is read afterwards;
 * - a `while` whose condition is the literal `false` runs its test once and becomes the test;
 *   any other `while` stays, even when empty: removing it could turn a loop that never ends
 *   into one that does.
 * Loops are handled with the usual fixed point: the live set at the loop head is what is live
 * after the loop plus what the body (and test) read before writing. Those fixed points are
 * computed on the loop as it was, so when something inside a loop was removed the sweep runs
 * again. Live sets are bitsets over the function's variables (copied at every branch).
 */
import { forEachStmt, ownAtoms, ownDef } from './walk.js';
import { assertNever, type Atom, type ForStmt, type IfStmt, type IRFunction, type Stmt, type WhileStmt } from '../ir/types.js';

export function dce(fn: IRFunction): boolean {
  const index = variableIndex(fn);
  const size = index.size;
  let changed = false;
  for (;;) {
    const sweeper = new Sweeper(fn, index);
    const live = new Live(size);
    sweeper.reads(live, fn.results);
    fn.body = sweeper.block(fn.body, live, false, false);
    if (sweeper.removed) changed = true;
    if (!sweeper.removedInLoop) return changed;
  }
}

/** A dense index for every variable the function declares or mentions. */
function variableIndex(fn: IRFunction): Map<string, number> {
  const index = new Map<string, number>();
  const add = (name: string) => index.has(name) || index.set(name, index.size);
  [...fn.vars.keys(), ...fn.params].forEach(add);
  forEachStmt(fn.body, (s) => {
    ownAtoms(s).forEach((a) => a.kind === 'var' && add(a.name));
    const d = ownDef(s);
    if (d !== undefined) add(d);
  });
  fn.results.forEach((a) => a.kind === 'var' && add(a.name));
  return index;
}

/** A set of variables as a bitset over their index. */
class Live {
  readonly words: Uint32Array;
  constructor(size: number, words?: Uint32Array) {
    this.words = words ?? new Uint32Array((size + 31) >>> 5);
  }
  has(i: number): boolean {
    return (this.words[i >>> 5] & (1 << (i & 31))) !== 0;
  }
  add(i: number): void {
    this.words[i >>> 5] |= 1 << (i & 31);
  }
  delete(i: number): void {
    this.words[i >>> 5] &= ~(1 << (i & 31));
  }
  clone(): Live {
    return new Live(0, this.words.slice());
  }
  /** this ∪= other; true when this grew. */
  union(other: Live): boolean {
    let grew = false;
    for (let k = 0; k < this.words.length; k++) {
      const w = (this.words[k] | other.words[k]) >>> 0;
      if (w !== this.words[k]) grew = true;
      this.words[k] = w;
    }
    return grew;
  }
}

class Sweeper {
  removed = false;
  removedInLoop = false;
  private readonly params: Set<number>;

  constructor(fn: IRFunction, private readonly index: Map<string, number>) {
    this.params = new Set(fn.params.map((p) => this.id(p)));
  }

  private id(name: string): number {
    const i = this.index.get(name);
    if (i === undefined) throw new Error(`internal error: dce: undeclared variable ${name}`);
    return i;
  }

  reads(live: Live, atoms: Atom[]): void {
    for (const a of atoms) if (a.kind === 'var') live.add(this.id(a.name));
  }

  /** Sweep a block given what is live after it; `live` becomes what is live before it. */
  block(block: Stmt[], live: Live, dry: boolean, inLoop: boolean): Stmt[] {
    // Built backwards (each result's statements reversed too) and reversed once: no flat().
    const out: Stmt[] = [];
    for (let i = block.length - 1; i >= 0; i--) {
      const r = this.stmt(block[i], live, dry, inLoop);
      if (!dry && (r.length !== 1 || r[0] !== block[i])) {
        this.removed = true;
        if (inLoop) this.removedInLoop = true;
      }
      for (let k = r.length - 1; k >= 0; k--) out.push(r[k]);
    }
    return out.reverse();
  }

  private stmt(s: Stmt, live: Live, dry: boolean, inLoop: boolean): Stmt[] {
    switch (s.kind) {
      case 'assign':
      case 'load':
      case 'alloc': {
        const t = this.id(s.target);
        if (!live.has(t) && !this.params.has(t)) return [];
        live.delete(t);
        this.reads(live, ownAtoms(s));
        return [s];
      }
      case 'pop':
        live.delete(this.id(s.target));
        return [s];
      case 'store':
      case 'push':
        this.reads(live, ownAtoms(s));
        return [s];
      case 'throw':
        return [s];
      case 'if':
        return this.ifStmt(s, live, dry, inLoop);
      case 'for':
        return this.forStmt(s, live, dry, inLoop);
      case 'while':
        return this.whileStmt(s, live, dry, inLoop);
      default:
        return assertNever(s, 'statement');
    }
  }

  private ifStmt(s: IfStmt, live: Live, dry: boolean, inLoop: boolean): Stmt[] {
    if (s.cond.kind === 'const') return this.block(s.cond.value ? s.then : s.else, live, dry, inLoop);
    const liveThen = live.clone();
    const then = this.block(s.then, liveThen, dry, inLoop);
    const els = this.block(s.else, live, dry, inLoop);
    live.union(liveThen);
    if (then.length === 0 && els.length === 0) return [];
    this.reads(live, [s.cond]);
    return same(then, s.then) && same(els, s.else) ? [s] : [{ ...s, then, else: els }];
  }

  private forStmt(s: ForStmt, live: Live, dry: boolean, inLoop: boolean): Stmt[] {
    if (neverRuns(s)) return [];
    const index = this.id(s.index);
    // Head of the loop: live after the loop, or before the next iteration (which sets the index).
    const head = fixpoint(live, (h) => {
      this.block(s.body, h, true, true);
      h.delete(index);
    });
    const body = this.block(s.body, head.clone(), dry, true);
    if (body.length === 0 && !live.has(index)) return [];
    live.union(head);
    this.reads(live, [s.start, s.end]);
    return same(body, s.body) ? [s] : [{ ...s, body }];
  }

  private whileStmt(s: WhileStmt, live: Live, dry: boolean, inLoop: boolean): Stmt[] {
    if (s.cond.kind === 'const' && !s.cond.value) return this.block(s.test, live, dry, inLoop);
    // Before the test: the test reads, then either exit (live) or run the body and loop.
    const afterTest = (head: Live): Live => {
      const t = head.clone();
      this.block(s.body, t, true, true);
      t.union(live);
      this.reads(t, [s.cond]);
      return t;
    };
    const head = fixpoint(live, (h) => {
      const t = afterTest(h);
      this.block(s.test, t, true, true);
      h.union(t);
    });
    const body = this.block(s.body, head.clone(), dry, true);
    const testLive = afterTest(head);
    const test = this.block(s.test, testLive, dry, true);
    live.union(testLive);
    return same(test, s.test) && same(body, s.body) ? [s] : [{ ...s, test, body }];
  }
}

/** Smallest set ⊇ `start` closed under `step` (which adds to the set it is given). */
function fixpoint(start: Live, step: (h: Live) => void): Live {
  const head = start.clone();
  for (;;) {
    const next = head.clone();
    step(next);
    if (!head.union(next)) return head;
  }
}

function neverRuns(s: ForStmt): boolean {
  if (s.start.kind !== 'const' || s.end.kind !== 'const') return false;
  const [a, b] = [Number(s.start.value), Number(s.end.value)];
  return !(s.step > 0 ? a < b : a > b);
}

const same = (a: Stmt[], b: Stmt[]) => a.length === b.length && a.every((x, i) => x === b[i]);
