/**
 * The optimizer: `optimize(fn)` returns a simplified copy of an IR function (the input is not
 * touched). It runs small passes to a fixed point:
 *   simplify  constant folding and algebraic identities (simplify.ts)
 *   copyProp  uses of `x = copy a` read `a` directly (copyprop.ts)
 *   cse       reuse values computed earlier in the same straight-line run (cse.ts)
 *   dce       drop statements whose results are never read; trivial control flow (dce.ts)
 * and finally forgets variables that no statement mentions any more.
 *
 * Contract: the result computes the same results and array contents as the input under the
 * reference interpreter, except for the two documented folding conventions (x*0 → 0 even for
 * NaN/±∞ x, and the sign of zero results; see simplify.ts). With `{ strict: true }` there are no
 * exceptions: only IEEE-exact rewrites (for primals, which must compute what the source does). Parameters, their order, and the
 * number of results never change; the IR invariants checked by `verify` are preserved.
 */
import { copyProp } from './copyprop.js';
import { cse } from './cse.js';
import { dce } from './dce.js';
import { simplify } from './simplify.js';
import { cloneFunction, forEachStmt, ownAtoms, ownDef } from './walk.js';
import { verify } from '../ir/verify.js';
import type { IRFunction } from '../ir/types.js';

/** Enough for the chains the passes create; each round is linear in the function size. */
const MAX_ROUNDS = 8;

export interface OptimizeOptions {
  /** Only rewrites exact in IEEE arithmetic (no zero convention, signs of zeros kept). */
  strict?: boolean;
}

export function optimize(fn: IRFunction, options: OptimizeOptions = {}): IRFunction {
  const valid = verify(fn).length === 0;
  const out = cloneFunction(fn);
  for (let round = 0; round < MAX_ROUNDS; round++) {
    let changed = simplify(out, options.strict ?? false);
    // CSE before copy propagation: the copies CSE leaves are then removed in the same round.
    changed = cse(out) || changed;
    changed = copyProp(out) || changed;
    changed = dce(out) || changed;
    if (!changed) break;
  }
  removeUnusedVars(out);
  // A broken invariant here would surface much later as a wrong derivative: fail loudly now.
  const problems = valid ? verify(out) : [];
  if (problems.length) throw new Error(`internal error: the optimizer broke ${fn.name}: ${problems[0]}`);
  return out;
}

/** Drop declarations of variables that are neither parameters nor mentioned anywhere. */
export function removeUnusedVars(fn: IRFunction): void {
  const used = new Set(fn.params);
  forEachStmt(fn.body, (s) => {
    for (const a of ownAtoms(s)) if (a.kind === 'var') used.add(a.name);
    const d = ownDef(s);
    if (d !== undefined) used.add(d);
  });
  for (const a of fn.results) if (a.kind === 'var') used.add(a.name);
  for (const name of [...fn.vars.keys()]) if (!used.has(name)) fn.vars.delete(name);
}
