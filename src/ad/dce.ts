/**
 * Dead-code removal for the AD passes' own output where it matters structurally: the dense
 * Hessian computes, in lane j, the tangents of every gradient entry but stores only the entries
 * i ≤ j (symmetry); this removes the rest. Backward liveness over straight-line code and `if`s;
 * loops are kept whole (everything they read stays live). Stores and tape operations are never
 * removed (push/pop must stay balanced). Declarations nothing mentions any more are dropped.
 * The general optimizer (src/opt) does more; this keeps src/ad self-contained.
 */
import { type IRFunction, type Stmt } from '../ir/types.js';
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
      case 'for':
      case 'while':
        walk([s], read);
        break;
    }
    out.unshift(s);
  }
  return out;
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
