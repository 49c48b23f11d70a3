#!/usr/bin/env node
// Random-program fuzzing on demand: `npm run fuzz -- --runs N [--seed S]`.
//
// Runs test/reliability/fuzz.test.ts (the same property as the CI tests: random programs from
// test/util/progen.ts, compiled by compile() and checked as generated modules and through the IR
// pipeline against the oracles) for N programs. The seed defaults to the clock and is printed; a
// failure prints the fast-check seed and the failing batch, re-runnable with
//   npm run fuzz -- --runs N --seed S        (the whole run)
//   ADGEN_FUZZ_BATCH=<seed>:<size> npx vitest run test/reliability/fuzz.test.ts   (one batch)
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { parseArgs } from 'node:util';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '1000' }, seed: { type: 'string' }, help: { type: 'boolean' } },
});
if (values.help) {
  console.log('Usage: npm run fuzz -- --runs N [--seed S]   (N random programs; S reproduces a run)');
  process.exit(0);
}
const runs = Number(values.runs);
const seed = values.seed === undefined ? Date.now() % 2 ** 31 : Number(values.seed);
if (!Number.isInteger(runs) || runs <= 0 || !Number.isInteger(seed)) {
  console.error('adgen fuzz: --runs and --seed take integers');
  process.exit(2);
}
console.log(`adgen fuzz: ${runs} programs, seed ${seed} (re-run with: npm run fuzz -- --runs ${runs} --seed ${seed})`);
const r = spawnSync('npx', ['vitest', 'run', 'test/reliability/fuzz.test.ts'], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, ADGEN_FUZZ_RUNS: String(runs), ADGEN_FUZZ_SEED: String(seed) },
});
if (r.status !== 0) console.error(`adgen fuzz: FAILED with seed ${seed} (see the failing batch above)`);
process.exitCode = r.status ?? 1;
