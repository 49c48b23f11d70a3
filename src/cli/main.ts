/**
 * The `adgen` command: a thin wrapper over compile().
 *
 *   adgen <file> [--out path.js] [--wrt a,b] [--modes grad,jvp,…]
 *
 * Exit codes: 0 success, 1 compile errors (reported as `path:line:col: error: …` with a code
 * frame, all of them), 2 usage errors. Output is written atomically: both files go to temporary
 * names first and are renamed only when everything succeeded, so a failed run never leaves a
 * half-written file and never touches an existing output.
 */
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { formatDiagnostic } from '../diagnostics.js';
import { MODES, VERSION, type Mode } from '../version.js';

const HELP = `adgen ${VERSION} — compile TypeScript/JavaScript functions into derivative code

Usage: adgen <file.ts|file.js> [options]

Options:
  --out <path.js>     output module (default: beside the input, f.ts → f.grad.js);
                      the .d.ts is written beside it
  --wrt <a,b,…>       differentiate only with respect to these parameters
  --modes <m,…>       entry points to emit: ${MODES.join(', ')} (default: all that apply)
  --help              show this help
  --version           show the version

Exit codes: 0 success, 1 compile errors, 2 usage errors.`;

export interface Io {
  out: (text: string) => void;
  err: (text: string) => void;
}

const defaultIo: Io = {
  out: (text) => process.stdout.write(text + '\n'),
  err: (text) => process.stderr.write(text + '\n'),
};

class UsageError extends Error {}

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
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      out: { type: 'string' },
      wrt: { type: 'string' },
      modes: { type: 'string' },
      help: { type: 'boolean' },
      version: { type: 'boolean' },
    },
  });
  if (values.help) return io.out(HELP), 0;
  if (values.version) return io.out(VERSION), 0;
  if (positionals.length !== 1) throw new UsageError(positionals.length ? 'expected one input file' : 'missing input file');
  const input = positionals[0];
  if (!existsSync(input)) throw new UsageError(`file not found: ${input}`);
  const modes = values.modes === undefined ? undefined : parseModes(values.modes);
  const wrt = values.wrt === undefined ? undefined : splitList(values.wrt);
  const outJs = values.out ?? defaultOutput(input);
  const outDts = outJs.replace(/\.(m?js)$/, '') + '.d.ts';
  const source = readFileSync(input, 'utf8');
  const sourceName = toPosix(path.relative(path.dirname(path.resolve(outJs)), path.resolve(input)));
  // Loaded only now: the compiler pulls in ts-morph, which --help and usage errors do not need.
  const { compile } = await import('../compile.js');
  const result = compile(source, { fileName: input, wrt, modes, sourceName });
  const usage = result.diagnostics.find((d) => d.code === 'usage');
  if (usage) throw new UsageError(usage.message);
  if (result.diagnostics.length > 0 || result.js === null || result.dts === null) {
    for (const d of result.diagnostics) io.err(formatDiagnostic(d, source, input));
    const n = result.diagnostics.length;
    io.err(`${n} error${n === 1 ? '' : 's'}; nothing written.`);
    return 1;
  }
  writeAtomically([
    [outJs, result.js],
    [outDts, result.dts],
  ]);
  return 0;
}

function parseModes(text: string): Mode[] {
  const modes = splitList(text);
  const bad = modes.filter((m) => !(MODES as readonly string[]).includes(m));
  if (bad.length) throw new UsageError(`unknown mode ${bad.join(', ')} (known: ${MODES.join(', ')})`);
  return modes as Mode[];
}

function splitList(text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError('empty list');
  return items;
}

function defaultOutput(input: string): string {
  return input.replace(/\.(c|m)?(t|j)s$/, '') + '.grad.js';
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Write every file to a temporary sibling, then rename all; on any failure remove the temporaries. */
function writeAtomically(files: [string, string][]): void {
  const temps = files.map(([file]) => path.join(path.dirname(file), `.adgen-tmp-${process.pid}-${path.basename(file)}`));
  try {
    files.forEach(([, text], i) => writeFileSync(temps[i], text));
    files.forEach(([file], i) => renameSync(temps[i], file));
  } finally {
    temps.forEach((t) => rmSync(t, { force: true }));
  }
}
