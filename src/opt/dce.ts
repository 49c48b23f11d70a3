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
 * after the loop plus what the body (and test) read before writing.
 * Runs until nothing changes, since loop fixed points are computed before removals inside them.
 */
import { ownAtoms } from './walk.js';
import { assertNever, type Atom, type ForStmt, type IRFunction, type Stmt, type WhileStmt } from '../ir/types.js';

type Live = Set<string>;

export function dce(fn: IRFunction): boolean {
  let changed = false;
  for (;;) {
    const sweeper = new Sweeper(new Set(fn.params));
    const live: Live = new Set();
    fn.results.forEach((a) => addReads(live, [a]));
    fn.body = sweeper.block(fn.body, live, false);
    if (!sweeper.removed) return changed;
    changed = true;
  }
}

function addReads(live: Live, atoms: Atom[]): void {
  for (const a of atoms) if (a.kind === 'var') live.add(a.name);
}

class Sweeper {
  removed = false;
  constructor(readonly params: Set<string>) {}

  /** Sweep a block given what is live after it; `live` becomes what is live before it. */
  block(block: Stmt[], live: Live, dry: boolean): Stmt[] {
    const out: Stmt[][] = [];
    for (let i = block.length - 1; i >= 0; i--) {
      const r = this.stmt(block[i], live, dry);
      if (!dry && (r.length !== 1 || r[0] !== block[i])) this.removed = true;
      out.push(r);
    }
    return out.reverse().flat();
  }

  private stmt(s: Stmt, live: Live, dry: boolean): Stmt[] {
    switch (s.kind) {
      case 'assign':
      case 'load':
      case 'alloc':
        if (!live.has(s.target) && !this.params.has(s.target)) return [];
        live.delete(s.target);
        addReads(live, ownAtoms(s));
        return [s];
      case 'pop':
        live.delete(s.target);
        return [s];
      case 'store':
      case 'push':
        addReads(live, ownAtoms(s));
        return [s];
      case 'if':
        return this.ifStmt(s, live, dry);
      case 'for':
        return this.forStmt(s, live, dry);
      case 'while':
        return this.whileStmt(s, live, dry);
      default:
        return assertNever(s, 'statement');
    }
  }

  private ifStmt(s: Extract<Stmt, { kind: 'if' }>, live: Live, dry: boolean): Stmt[] {
    if (s.cond.kind === 'const') return this.block(s.cond.value ? s.then : s.else, live, dry);
    const liveThen = new Set(live);
    const then = this.block(s.then, liveThen, dry);
    const els = this.block(s.else, live, dry);
    liveThen.forEach((name) => live.add(name));
    if (then.length === 0 && els.length === 0) return [];
    addReads(live, [s.cond]);
    return same(then, s.then) && same(els, s.else) ? [s] : [{ ...s, then, else: els }];
  }

  private forStmt(s: ForStmt, live: Live, dry: boolean): Stmt[] {
    if (neverRuns(s)) return [];
    // Head of the loop: live after the loop, or before the next iteration (which sets the index).
    const head = this.fixpoint(live, (h) => {
      this.block(s.body, h, true);
      h.delete(s.index);
    });
    const afterBody = new Set(head);
    const body = this.block(s.body, afterBody, dry);
    if (body.length === 0 && !live.has(s.index)) return [];
    head.forEach((name) => live.add(name));
    addReads(live, [s.start, s.end]);
    return same(body, s.body) ? [s] : [{ ...s, body }];
  }

  private whileStmt(s: WhileStmt, live: Live, dry: boolean): Stmt[] {
    if (s.cond.kind === 'const' && !s.cond.value) return this.block(s.test, live, dry);
    // Before the test: the test reads, then either exit (live) or run the body and loop.
    const afterTest = (head: Live): Live => {
      const t = new Set(head);
      this.block(s.body, t, true);
      live.forEach((name) => t.add(name));
      addReads(t, [s.cond]);
      return t;
    };
    const head = this.fixpoint(live, (h) => {
      const t = afterTest(h);
      this.block(s.test, t, true);
      t.forEach((name) => h.add(name));
    });
    const bodyLive = new Set(head);
    const body = this.block(s.body, bodyLive, dry);
    const testLive = afterTest(head);
    const test = this.block(s.test, testLive, dry);
    testLive.forEach((name) => live.add(name));
    return same(test, s.test) && same(body, s.body) ? [s] : [{ ...s, test, body }];
  }

  /** Smallest set ⊇ `start` closed under `step` (which adds to the set it is given). */
  private fixpoint(start: Live, step: (h: Live) => void): Live {
    const head = new Set(start);
    for (;;) {
      const size = head.size;
      const next = new Set(head);
      step(next);
      next.forEach((name) => head.add(name));
      if (head.size === size) return head;
    }
  }
}

function neverRuns(s: ForStmt): boolean {
  if (s.start.kind !== 'const' || s.end.kind !== 'const') return false;
  const [a, b] = [Number(s.start.value), Number(s.end.value)];
  return !(s.step > 0 ? a < b : a > b);
}

const same = (a: Stmt[], b: Stmt[]) => a.length === b.length && a.every((x, i) => x === b[i]);
