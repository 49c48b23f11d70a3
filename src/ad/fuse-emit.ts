/**
 * Emission of a fused adjoint loop (fuse.ts says when it is legal): the loop runs forward once,
 * and each iteration is followed by its own reverse sweep,
 *
 *   s̄ = seed · ∂result/∂s (per reduction s, fuse-seed.ts)
 *   for i = … { forward sweep of the body; reverse sweep of the body }
 *
 * One iteration is planned as a function of its own (the body, with what it reads from outside
 * and the index as parameters): its tape plan and recomputations only serve the reverse sweep
 * that follows it in the same iteration, so values carried between iterations never go on the
 * tape. The adjoints of what the loop reads from outside accumulate across iterations and are
 * written out at the end of each (as for any reversed loop); the reverse sweep of the function
 * then skips the loop.
 */
import { v, type IRFunction, type Stmt } from '../ir/types.js';
import { zeroAdjointAssignments } from './adjoint-liveness.js';
import { FnIndex } from './dataflow.js';
import { emitCoef } from './fuse-seed.js';
import { type FusedLoop } from './fuse.js';
import { type TrackingBuilder } from './ir-utils.js';
import { ReverseSweep, type ReverseContext } from './reverse-sweep.js';
import { planTape } from './tape-analysis.js';

export type ForwardSweep = (cx: ReverseContext, b: TrackingBuilder, block: Stmt[]) => void;

export function emitFusedLoop(cx: ReverseContext, b: TrackingBuilder, f: FusedLoop, forward: ForwardSweep): void {
  const { g, adj, act } = cx;
  const seed = cx.fusion?.seed;
  if (!seed) throw new Error('internal error: fused loop without a seed');
  const iteration: IRFunction = { name: g.name, params: [...f.free, f.loop.index], vars: g.vars, body: f.loop.body, results: [], loc: f.loop.loc };
  const ix = new FnIndex(iteration);
  const plan = planTape(iteration, ix, act);
  // Values the iteration's reverse sweep pops or recomputes are not stable for the adjoint state.
  for (const name of plan.reassigned) cx.plan.reassigned.add(name);
  const outputs = [...f.reductions].filter(([, k]) => k.length > 0).map(([r]) => r);
  const inner: ReverseContext = { ...cx, ix, plan, zeroAdjoint: zeroAdjointAssignments(iteration, outputs), counters: new Map() };
  // The loop's own variables are assigned before they are read in every iteration, so their
  // adjoints start each iteration's reverse sweep at zero (a known value, never written out);
  // the reductions' adjoints are the same stable values in every iteration. Only the adjoints
  // of what the loop reads from outside are carried from one iteration to the next.
  const touched = new ReverseSweep(cx).touched(f.loop).filter((name) => !f.defined.has(name));
  for (const [r, k] of f.reductions) adj.set(r, emitCoef(b, k, seed));
  adj.enterRegion(b, touched);
  const entry = adj.snapshot();
  const body = b.nested((nb) => {
    forward(inner, nb, f.loop.body);
    // The reverse sweep restores what it pops or recomputes; values carried into the next
    // iteration (a passive counter) are kept aside and put back after it.
    const carried = f.free.filter((name) => f.defined.has(name) && plan.reassigned.has(name));
    const kept = carried.map((name) => nb.op('copy', [v(name)], g.vars.get(name)?.type ?? 'f64', `${name}_next`));
    new ReverseSweep(inner).block(nb, f.loop.body);
    carried.forEach((name, k) => nb.copy(name, kept[k]));
    adj.exitRegion(nb, touched);
  });
  adj.restore(entry);
  b.push({ ...f.loop, body });
  for (const name of f.defined) if (g.vars.get(name)?.type === 'f64') adj.kill(name, false);
}
