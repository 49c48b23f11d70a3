/**
 * Property tests over random structured programs (random-programs.ts), seeded so a failure is
 * reproducible (fast-check prints the seed and the shrunk program):
 * - the dot-product test between forward and reverse mode, ⟨J·v, w⟩ = ⟨v, Jᵀ·w⟩;
 * - forward mode against central finite differences;
 * - forward-over-reverse: vᵀ(H·u) = uᵀ(H·v), the symmetry of the Hessian seen through two HVPs.
 * verify() and the tape balance are checked on every call (harness.ts).
 */
import fc from 'fast-check';
import { expect, test } from 'vitest';
import { buildProgram, instrArb } from './random-programs.js';
import { dot, expectClose, fdAlong, flatDir, ir, primalOut, randomDir, rng, vec, type Arg } from './helpers.js';
import { hvpOf, jvp, vjp } from './harness.js';

/** More runs or another seed for a local fuzzing session: AD_FUZZ_RUNS=5000 AD_FUZZ_SEED=1 npx vitest run test/ad/property.test.ts */
const RUNS = Number(process.env.AD_FUZZ_RUNS ?? 200);
const SEED = Number(process.env.AD_FUZZ_SEED ?? 20261126);

function check(instrs: Parameters<typeof buildProgram>[0], seed: number): void {
  const src = buildProgram(instrs);
  const fn = ir(src);
  const active = ['x', 'y', 'a'];
  const r = rng(seed);
  const args: Arg[] = [2 * r() - 1, 2 * r() - 1, vec(r, 4)];
  const v = randomDir(r, fn, active, args);
  const u = randomDir(r, fn, active, args);
  const w = 2 * r() - 1;

  const jv = jvp(fn, active, args, v);
  const jtw = vjp(fn, active, args, w);
  expectClose([jv[0] * w], [dot(flatDir(v), jtw)], 1e-10, 'dot-product test');

  const fd = fdAlong(primalOut(fn), fn, active, args, v, { h: 1e-4 });
  expectClose(jv, fd, 1e-6, 'tangent vs finite differences');

  const hv = hvpOf(fn, active, args, v);
  const hu = hvpOf(fn, active, args, u);
  expectClose([dot(flatDir(u), hv)], [dot(flatDir(v), hu)], 1e-9, 'Hessian symmetry through HVPs');
}

test(`random programs: dot-product test, tangent vs FD, HVP symmetry (${RUNS} cases)`, () => {
  fc.assert(
    fc.property(instrArb, fc.nat(1_000_000), (instrs, seed) => {
      try {
        check(instrs, seed);
      } catch (e) {
        throw new Error(`${(e as Error).message}\n${buildProgram(instrs)}`);
      }
    }),
    { seed: SEED, numRuns: RUNS },
  );
});

test('the generator produces loops, branches, whiles and stores', () => {
  const samples = fc.sample(instrArb, { seed: 7, numRuns: 50 }).map(buildProgram).join('\n');
  for (const needle of ['for ', 'if ', '} else {', 'while {', 'a[', 'tmp[', 'm1 = ']) expect(samples).toContain(needle);
});
