/**
 * Derivatives inside differentiated code (examples/leapfrog.ts, examples/saddle.ts): the primal
 * itself takes gradients, which the compiler inlined, and the gradient differentiates that
 * (reverse over reverse). The primal technique is the compiled primal — the source run
 * uncompiled computes its inner gradients by finite differences, which is not the baseline a
 * user compares with.
 */
import { compiled } from '../lib/modules.js';
import { compiledGradient, finiteDifferences, primalTechnique } from '../lib/techniques.js';
import { rng } from '../lib/rng.js';

export async function problems({ quick }) {
  const L = await compiled('leapfrog');
  const S = await compiled('saddle');
  const r = rng(11);
  const bodies = 10;
  const steps = quick ? 100 : 1000;
  const q0 = Float64Array.from({ length: 2 * bodies }, () => 8 * r() - 4);
  const p0 = Float64Array.from({ length: 2 * bodies }, () => 0.4 * r() - 0.2);
  const m = Float64Array.from({ length: bodies }, () => 1 + r());
  const args = [q0, p0, m, 0.001, steps];
  const n = 5 * bodies + 1;
  const leapfrog = {
    id: 'leapfrog-nested', group: 'nested', n,
    missing: L.error,
    title: `leapfrog energy of ${bodies} bodies after ${steps} steps, forces by grad(potential)`,
    techniques: [primalTechnique(L.module?.leapfrogEnergy, args), ...compiledGradient(L, 'leapfrogEnergy', args, n), finiteDifferences(L.module?.leapfrogEnergy, args, [0, 1, 2, 3])],
  };
  const sArgs = [Float64Array.of(0.4, -0.7), Float64Array.of(1, 1)];
  const saddle = {
    id: 'saddle-nested', group: 'nested', n: 2,
    missing: S.error,
    title: 'saddle: max over y of f(x, y) by gradient ascent with inner gradients, differentiated in x',
    techniques: [primalTechnique(S.module?.maxCost, sArgs), ...compiledGradient(S, 'maxCost', sArgs, 2), finiteDifferences(S.module?.maxCost, sArgs, [0])],
  };
  return [leapfrog, saddle];
}
