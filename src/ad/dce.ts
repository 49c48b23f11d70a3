/**
 * Dead-code removal for the AD passes. Two uses:
 * - on reverse mode's private copy of the primal, before anything is differentiated: an
 *   assignment whose value no output ever reads (e.g. a variable's updates in a loop after its
 *   last use) must not get adjoint code, because its adjoint is 0 and 0 · ∞ = NaN when the dead
 *   computation overflows (dual numbers never see it);
 * - on the dense Hessian, which computes, in lane j, the tangents of every gradient entry but
 *   stores only the entries i ≤ j (symmetry).
 * Backward liveness: straight-line code and `if`s directly, loops as the least fixpoint of the
 * live set at the loop head (so `y = y + t` in a loop whose `y` nobody reads afterwards is dead:
 * this is faint-variable elimination, not plain liveness). Stores and tape operations are never
 * removed (push/pop must stay balanced, arrays are shared); `while` loops are kept (their trip
 * count is observable); a `for` whose body ends up empty is dropped. Declarations nothing
 * mentions any more are dropped. Sweeping only removes statements, so the result reads no
 * variable the input did not define at that point.
 */
import { type ForStmt, type IRFunction, type Stmt, type WhileStmt } from '../ir/types.js';
import { defOf, readsOf, walk } from './ir-utils.js';

export function removeDeadCode(fn: IRFunction): void {
  const live = new Set<string>();
  for (const a of fn.results) if (a.kind === 'var') live.add(a.name);
  fn.body = sweep(fn.body, live);
  pruneDeclarations(fn);
}

/** `live`: variables live after the block; updated to those live before it. */
function sweep(block: Stmt[], live: Set<string>): Stmt[] {
  const out: Stmt[] = [];
  const read = (s: Stmt) => readsOf(s).forEach((a) => a.kind === 'var' && live.add(a.name));
  for (let i = block.length - 1; i >= 0; i--) {
    const s = block[i];
    switch (s.kind) {
      case 'assign':
      case 'load':
      case 'alloc':
        if (!live.has(s.target)) continue;
        live.delete(s.target);
        read(s);
        break;
      case 'pop':
        live.delete(s.target);
        break;
      case 'store':
      case 'push':
        read(s);
        break;
      case 'if': {
        const liveThen = new Set(live);
        const liveElse = new Set(live);
        const then = sweep(s.then, liveThen);
        const els = sweep(s.else, liveElse);
        if (then.length === 0 && els.length === 0) continue;
        for (const n of [...liveThen, ...liveElse]) live.add(n);
        read(s);
        out.unshift({ ...s, then, else: els });
        continue;
      }
      case 'for': {
        const loop = sweepFor(s, live);
        if (loop) out.unshift(loop);
        continue;
      }
      case 'while':
        out.unshift(sweepWhile(s, live));
        continue;
    }
    out.unshift(s);
  }
  return out;
}

/**
 * After the body comes either the exit or the next iteration, so the body's live-out is `live`
 * ∪ head, where head (live at the body's start, minus the index the header assigns) grows from
 * ∅ to its least fixpoint (sweeping is monotone in its live-out). Zero trips are possible, so
 * everything live after the loop stays live before it. Undefined when the body ends up empty.
 */
function sweepFor(s: ForStmt, live: Set<string>): ForStmt | undefined {
  let head = new Set<string>();
  for (;;) {
    const atStart = new Set([...live, ...head]);
    const body = sweep(s.body, atStart);
    atStart.delete(s.index);
    if (atStart.size === head.size) {
      if (body.length === 0) return undefined;
      for (const n of head) live.add(n);
      readsOf(s).forEach((a) => a.kind === 'var' && live.add(a.name));
      return { ...s, body };
    }
    head = atStart;
  }
}

/** `while`: test, then cond, then body, then the test again; head = live at the test's start. */
function sweepWhile(s: WhileStmt, live: Set<string>): WhileStmt {
  let head = new Set<string>();
  for (;;) {
    const atBodyStart = new Set(head);
    const body = sweep(s.body, atBodyStart);
    const atTestStart = new Set([...live, ...atBodyStart]);
    if (s.cond.kind === 'var') atTestStart.add(s.cond.name);
    const test = sweep(s.test, atTestStart);
    for (const n of head) atTestStart.add(n);
    if (atTestStart.size === head.size) {
      for (const n of head) live.add(n);
      return { ...s, test, body };
    }
    head = atTestStart;
  }
}

function pruneDeclarations(fn: IRFunction): void {
  const used = new Set<string>(fn.params);
  for (const a of fn.results) if (a.kind === 'var') used.add(a.name);
  walk(fn.body, (s) => {
    const d = defOf(s);
    if (d !== undefined) used.add(d);
    if (s.kind === 'for') used.add(s.index);
    for (const a of readsOf(s)) if (a.kind === 'var') used.add(a.name);
  });
  for (const name of [...fn.vars.keys()]) if (!used.has(name)) fn.vars.delete(name);
}
