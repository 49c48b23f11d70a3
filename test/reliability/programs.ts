/**
 * The random-program property, shared by programs-*.test.ts and fuzz.test.ts: fast-check draws
 * (batch seed, size); test/util/progen.ts turns it into a file of BATCH functions; the file is
 * compiled once and every function is checked against the oracles of harness.ts at one point.
 *
 * Reproducing a failure: the message names the batch seed and the function, and prints its
 * source. `ADGEN_FUZZ_SEED=<seed>` re-runs the whole fast-check run (printed by fast-check as
 * "seed"); `ADGEN_FUZZ_BATCH=<batch seed>:<size>` checks just that one batch; `ADGEN_FUZZ_TRACE=1`
 * prints each batch and argument list to stderr (to find a program that hangs);
 * `ADGEN_FUZZ_ALL=1` also runs the checks skipped for known open bugs (regressions.test.ts).
 */
import fc from 'fast-check';
import { frontend } from '../../src/frontend/index.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import type { IRFunction } from '../../src/ir/types.js';
import { dualJacobianIR } from '../util/dual-oracle.js';
import { rng } from '../util/inputs.js';
import { generateBatch, type GenBatch } from '../util/progen.js';
import { checkPoint, type Arg, type Impl, type Out } from './harness.js';
import { irImpl, moduleImpl } from './impls.js';
import { compile } from '../../src/compile.js';
import { importJs } from '../util/load.js';

export const BATCH = 20;

export interface RunOptions {
  /** Number of fast-check runs (each a batch of BATCH functions). */
  runs: number;
  /** Which text of the batch the compiler gets: TypeScript or JavaScript. */
  lang: 'ts' | 'js';
  /** Check the IR pipeline (AD passes run by the interpreter), optimized with this or not at all. */
  ir?: { optimize?: (fn: IRFunction) => IRFunction };
  /** Extra implementation to check, e.g. the generated module (built once per batch). */
  compiled?: (batch: GenBatch) => Promise<(name: string) => Impl>;
}

export function fuzzSeed(fallback: number): number {
  const s = process.env.ADGEN_FUZZ_SEED;
  return s === undefined || s === '' ? fallback : Number(s);
}

/** The source functions of a batch, run as plain JavaScript. */
export function sourceFunctions(batch: GenBatch): Record<string, (...a: Arg[]) => Out> {
  const names = batch.functions.map((f) => f.name);
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- test oracle only; never in generated code
  return new Function(`${batch.js.replace(/^export /gm, '')}\nreturn { ${names.join(', ')} };`)();
}

/** Compile and check one batch; throws a readable report on the first failing function. */
export async function checkBatch(seed: number, size: number, opts: RunOptions): Promise<void> {
  if (process.env.ADGEN_FUZZ_TRACE) process.stderr.write(`batch ${seed}:${size}\n`);
  const batch = generateBatch(seed, BATCH, size);
  // The oracles' IR comes from the JavaScript text (acorn), the compiler's from opts.lang.
  const source = opts.ir && opts.lang === 'ts' ? batch.ts : batch.js;
  const fileName = `batch${seed}.${opts.ir ? opts.lang : 'js'}`;
  const { module, diagnostics } = frontend(source, fileName, {});
  if (!module || diagnostics.length) {
    throw new Error(`batch ${seed}:${size} rejected:\n${diagnostics.map((d) => formatDiagnostic(d, source, fileName)).join('\n')}`);
  }
  const js = sourceFunctions(batch);
  const compiled = opts.compiled ? await opts.compiled(batch) : null;
  for (const gen of batch.functions) {
    const exp = module.functions.find((f) => f.fn.name === gen.name)!;
    const random = rng(seed ^ gen.name.length * 7919 ^ Number(gen.name.slice(1)));
    const args = gen.args(random);
    if (process.env.ADGEN_FUZZ_TRACE) process.stderr.write(`  ${gen.name} ${fmtArgs(args)}\n`);
    const ctx = { gen, js: js[gen.name], dualJacobian: (a: Arg[]) => dualJacobianIR(exp.fn, a, exp.wrt), random };
    const report = (where: string, problems: string[]) => {
      if (!problems.length) return;
      throw new Error(
        `${where}: ${gen.name} of batch ${seed}:${size} (ADGEN_FUZZ_BATCH=${seed}:${size}) at args ${fmtArgs(args)}\n` +
          `${problems.slice(0, 6).join('\n')}\n--- source (${opts.lang}) ---\n${opts.lang === 'ts' ? gen.ts : gen.js}`,
      );
    };
    if (opts.ir) {
      let impl: Impl | null = null;
      try {
        impl = irImpl(exp, gen, opts.ir.optimize);
      } catch (e) {
        report('IR pipeline threw', [(e as Error).stack ?? String(e)]);
      }
      report('IR pipeline', safeCheck(() => checkPoint(ctx, impl!, args)));
    }
    if (compiled) report('generated code', safeCheck(() => checkPoint(ctx, compiled(gen.name), args)));
  }
}

function safeCheck(run: () => string[]): string[] {
  try {
    return run();
  } catch (e) {
    return [`threw: ${(e as Error).stack ?? String(e)}`];
  }
}

const fmtArgs = (args: Arg[]) => JSON.stringify(args.map((a) => (typeof a === 'number' ? a : Array.from(a))));

/** The fast-check property: `runs` batches, reproducible from the seed. */
export async function runPrograms(seed: number, opts: RunOptions): Promise<void> {
  const only = process.env.ADGEN_FUZZ_BATCH;
  if (only) {
    const [s, z] = only.split(':').map(Number);
    return checkBatch(s, z ?? 3, opts);
  }
  await fc.assert(
    fc.asyncProperty(fc.integer(), fc.integer({ min: 1, max: 4 }), (s, size) => checkBatch(s, size, opts)),
    { seed, numRuns: opts.runs, endOnFailure: true },
  );
}

/** Compile a batch with compile() and import the generated module (for RunOptions.compiled). */
export async function compileBatch(batch: GenBatch, lang: 'ts' | 'js' = 'ts'): Promise<(name: string) => Impl> {
  const source = lang === 'ts' ? batch.ts : batch.js;
  const fileName = `batch${batch.seed}.${lang}`;
  const { js, diagnostics } = compile(source, { fileName });
  if (!js) {
    // Name the culprit: the first function that fails on its own, with its source.
    const culprit = batch.functions.find((f) => !compile(lang === 'ts' ? f.ts : f.js, { fileName }).js);
    throw new Error(
      `batch ${batch.seed} did not compile:\n${diagnostics.map((d) => formatDiagnostic(d, source, fileName)).join('\n')}` +
        (culprit ? `\n--- failing function ${culprit.name} ---\n${lang === 'ts' ? culprit.ts : culprit.js}` : ''),
    );
  }
  assertNoDynamicCode(js);
  const mod = await importJs(js);
  return (name) => moduleImpl(mod, batch.functions.find((f) => f.name === name)!);
}

/** Generated code never evaluates strings or imports dynamically. */
export function assertNoDynamicCode(js: string): void {
  const m = /\beval\b|\bnew\s+Function\b|\bFunction\s*\(|\bimport\s*\(/.exec(js);
  if (m) throw new Error(`generated code contains ${m[0]}`);
}
