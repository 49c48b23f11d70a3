/**
 * Which assignments of reverse mode have a zero adjoint, flow-sensitively. Activity analysis
 * (activity.ts) is per variable: once `y` is useful somewhere, every assignment to `y` gets
 * adjoint code. But an update of `y` after its last differentiable use (e.g. `y += big ** big` in
 * a loop whose `y` only reaches a comparison afterwards) has ȳ = 0 there, and propagating that
 * zero through the partials gives 0 · ∞ = NaN when the dead computation overflows (dual numbers
 * never see it). This is backward liveness of derivatives: a scalar is "adjoint-live" at a point
 * when some output depends differentiably (activity.ts's flow edges) on its value there.
 *
 * Assigning a scalar kills it; arrays are never killed (a store writes one element, and arrays
 * are shared). Loops take the least fixpoint of the live set at their head (the transfer is
 * monotone). The result is the set of assignments whose target is NOT adjoint-live right after
 * them: the reverse sweep skips their partials (the adjoint it would propagate is exactly 0,
 * because every later reader's adjoint code is skipped the same way).
 */
import { assertNever, isArrayType, type IRFunction, type Stmt } from '../ir/types.js';
import { sources } from './activity.js';

export function zeroAdjointAssignments(fn: IRFunction, outputs: Iterable<string>): Set<Stmt> {
  const diff = (name: string) => {
    const t = fn.vars.get(name)?.type;
    return t === 'f64' || t === 'f64[]';
  };
  const isArray = (name: string) => {
    const t = fn.vars.get(name)?.type;
    return t !== undefined && isArrayType(t);
  };
  const useful = new Set<Stmt>();
  const assigns = new Set<Stmt>();
  const sweep = (block: Stmt[], live: Set<string>): void => {
    for (let i = block.length - 1; i >= 0; i--) {
      const s = block[i];
      switch (s.kind) {
        case 'assign':
        case 'load':
          if (s.kind === 'assign') assigns.add(s);
          if (!live.has(s.target)) {
            live.delete(s.target);
            break;
          }
          useful.add(s);
          if (!isArray(s.target)) live.delete(s.target);
          for (const n of sources(s)) if (diff(n)) live.add(n);
          break;
        case 'store':
          if (live.has(s.array)) for (const n of sources(s)) if (diff(n)) live.add(n);
          break;
        case 'alloc':
        case 'push':
        case 'pop':
        case 'throw':
          break;
        case 'if': {
          const other = new Set(live);
          sweep(s.then, live);
          sweep(s.else, other);
          for (const n of other) live.add(n);
          break;
        }
        case 'for':
        case 'while':
          loop(s.kind === 'while' ? [...s.body, ...s.test] : s.body, live);
          // The first test runs before any trip: what it reads is live before the loop.
          if (s.kind === 'while') {
            const before = new Set(live);
            sweep(s.test, before);
            for (const n of before) live.add(n);
          }
          break;
        default:
          assertNever(s, 'statement');
      }
    }
  };
  // The loop body (for `while`: test then body, seen from the end of a test, where the loop
  // either exits or runs the body) runs zero or more times: live there = live after ∪ what the
  // next trip needs, iterated up from the live-after set (the least fixpoint).
  const loop = (body: Stmt[], live: Set<string>): void => {
    let head = new Set<string>(live);
    for (;;) {
      const next = new Set(head);
      sweep(body, next);
      for (const n of head) next.add(n);
      if (next.size === head.size) break;
      head = next;
    }
    for (const n of head) live.add(n);
  };
  const live = new Set([...outputs].filter(diff));
  sweep(fn.body, live);
  return new Set([...assigns].filter((s) => !useful.has(s)));
}
