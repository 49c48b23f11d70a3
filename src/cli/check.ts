/**
 * `adgen check <file> [--points points.json] [--wrt a,b] [--modes m,…] [--seed n] [--timeout s]`: compile the
 * file and compare every entry point with numerical derivatives (src/check). Prints the table;
 * exit 0 when everything agrees, 1 on a mismatch or compile errors (located, as the build
 * reports them), 2 on usage errors.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { checkModule, formatReport, type Points } from '../check/index.js';
import { parseModes, splitList, UsageError } from './options.js';
import { colors, plural, renderDiagnostic, type Io } from './term.js';

const FLAGS = {
  points: { type: 'string' },
  wrt: { type: 'string' },
  modes: { type: 'string' },
  seed: { type: 'string' },
  timeout: { type: 'string' },
} as const;

/** Seconds a function's checks may take before it is stopped and reported (0: no limit). */
const DEFAULT_TIMEOUT = 60;

export async function runCheck(argv: string[], io: Io, cwd = process.cwd()): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: FLAGS });
  if (positionals.length !== 1) throw new UsageError('adgen check takes one file');
  const [file] = positionals;
  const abs = path.resolve(cwd, file);
  if (!existsSync(abs)) throw new UsageError(`file not found: ${file}`);
  const seed = values.seed === undefined ? undefined : Number(values.seed);
  if (seed !== undefined && !Number.isInteger(seed)) throw new UsageError('--seed takes an integer');
  const timeout = values.timeout === undefined ? DEFAULT_TIMEOUT : Number(values.timeout);
  if (!(timeout >= 0)) throw new UsageError('--timeout takes a number of seconds (0: no limit)');
  const source = readFileSync(abs, 'utf8');
  const report = await checkModule(source, {
    fileName: file,
    wrt: values.wrt === undefined ? undefined : splitList(values.wrt),
    modes: values.modes === undefined ? undefined : parseModes(splitList(values.modes)),
    points: values.points === undefined ? undefined : readPoints(path.resolve(cwd, values.points)),
    seed,
    timeout: timeout === 0 ? undefined : timeout,
  }).catch((error: Error) => {
    throw new UsageError(error.message);
  });
  const c = colors(io, 'err');
  const usage = report.diagnostics.find((d) => d.code === 'usage');
  if (usage) throw new UsageError(usage.message);
  for (const d of report.diagnostics) io.err(renderDiagnostic(d, source, file, c));
  if (!report.rows.length) {
    io.err(`${plural(report.diagnostics.length, 'error')}; nothing checked.`);
    return 1;
  }
  io.out(formatReport(report));
  return report.ok ? 0 : 1;
}

function readPoints(file: string): Points {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`cannot read points ${file}: ${(error as Error).message}`);
  }
  const ok = typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => Array.isArray(v) && v.every(Array.isArray));
  if (!ok) throw new UsageError(`${file}: points must be { "function": [[arguments…], …] }`);
  return value as Points;
}
