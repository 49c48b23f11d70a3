/**
 * Random JavaScript programs through the IR pipeline without optimizer or code generation: the
 * AD passes' output (adjoint, tangent, hvp, dense Hessian) run by the reference interpreter and
 * checked against the oracles (programs.ts, harness.ts). ADGEN_FUZZ_SEED re-runs a failing seed.
 */
import { it } from 'vitest';
import { BATCH, fuzzSeed, runPrograms } from './programs.js';

const RUNS = Number(process.env.ADGEN_FUZZ_RUNS_JS ?? 75);

it(`${RUNS * BATCH} random JavaScript programs: the AD passes agree with the oracles under the interpreter`, async () => {
  await runPrograms(fuzzSeed(777), { runs: RUNS, lang: 'js', ir: {} });
});
