/**
 * The `adgen` command: a thin layer over compile() (through build/compile-file.ts).
 *
 *   adgen <files or globs…> [--out f.js | --outdir dir] [--wrt a,b] [--modes grad,…] [--watch] …
 *
 * Exit codes: 0 success (warnings are printed and still exit 0), 1 compile errors (reported as
 * `path:line:col: error: …` with a code frame, all of them), 2 usage errors. Output is written
 * atomically: both files go to temporary names first and are renamed only when everything
 * succeeded, so a failed run never leaves a half-written file and never touches an existing
 * output. Options: options.ts; building: build.ts; watching: watch.ts.
 */
import { buildTarget, resolveInputs, targets } from './build.js';
import { runCheck } from './check.js';
import { parseBuildArgs, HELP, UsageError } from './options.js';
import { defaultIo, type Io } from './term.js';
import { watchTargets } from './watch.js';
import { VERSION } from '../version.js';

export type { Io } from './term.js';

export async function main(argv: string[], io: Io = defaultIo): Promise<number> {
  try {
    return await run(argv, io);
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      io.err(`adgen: ${(error as Error).message}\nRun 'adgen --help' for usage.`);
      return 2;
    }
    io.err(`adgen: internal error: ${(error as Error).message}`);
    return 1;
  }
}

async function run(argv: string[], io: Io): Promise<number> {
  if (argv[0] === 'check') return runCheck(argv.slice(1), io);
  const parsed = await parseBuildArgs(argv);
  if (parsed.kind === 'help') return io.out(HELP), 0;
  if (parsed.kind === 'version') return io.out(VERSION), 0;
  const { options } = parsed;
  const inputs = resolveInputs(options.patterns, options.cwd);
  if (options.stdout && inputs.length > 1) throw new UsageError('--stdout takes a single input');
  const list = targets(inputs, options);
  if (options.watch) {
    const handle = await watchTargets(list, options, io);
    await new Promise<void>((resolve) => process.once('SIGINT', resolve).once('SIGTERM', resolve));
    await handle.close();
    return 0;
  }
  let failed = 0;
  for (const t of list) if ((await buildTarget(t, options, io, list.length > 1)).js === null) failed++;
  return failed ? 1 : 0;
}
