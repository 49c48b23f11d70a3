/**
 * Random TypeScript programs compiled by compile() into modules that are imported and checked
 * against the oracles (programs.ts, harness.ts): the source as JavaScript for the primal, dual
 * numbers over the IR, central differences, the dot-product test, Hessian symmetry and HVPs.
 * ADGEN_FUZZ_SEED=<seed> re-runs a failing run; ADGEN_FUZZ_BATCH=<seed>:<size> one batch.
 */
import { it } from 'vitest';
import { BATCH, compileBatch, fuzzSeed, runPrograms } from './programs.js';

const RUNS = Number(process.env.ADGEN_FUZZ_RUNS_TS ?? 25);

it(`${RUNS * BATCH} random TypeScript programs compiled to modules agree with the oracles`, async () => {
  await runPrograms(fuzzSeed(20240601), { runs: RUNS, lang: 'ts', compiled: (b) => compileBatch(b, 'ts') });
}, 240_000); // compiling 500 programs takes minutes when the machine is shared

