/**
 * On-demand fuzzing (scripts/fuzz.js, `npm run fuzz -- --runs N [--seed S]`): N random programs,
 * compiled to modules and also run through the IR pipeline, checked against the oracles. Skipped
 * unless ADGEN_FUZZ_RUNS is set, so CI runs only programs-ts / programs-js.
 */
import { it } from 'vitest';
import { optimize } from '../../src/opt/index.js';
import { BATCH, compileBatch, fuzzSeed, runPrograms } from './programs.js';

const programs = Number(process.env.ADGEN_FUZZ_RUNS ?? 0);

it.skipIf(!programs)(`fuzz: ${programs} random programs (generated code and IR pipeline)`, async () => {
  await runPrograms(fuzzSeed(1), {
    runs: Math.max(1, Math.ceil(programs / BATCH)),
    lang: 'ts',
    ir: { optimize },
    compiled: (b) => compileBatch(b, 'ts'),
  });
}, 24 * 3600 * 1000);
