/**
 * What an `adgen` build run was asked to do: the command line (node:util parseArgs, strict, so an
 * unknown flag is a usage error) merged over the project's configuration (an `adgen` field of
 * package.json or an adgen.config.{json,js,mjs,cjs} file, found by lilconfig from the working
 * directory upwards). Flags win over the configuration; paths in a configuration file are
 * relative to that file.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import { lilconfig } from 'lilconfig';
import { DUMP_STAGES, MODES, VERSION, type DumpStage, type Mode } from '../version.js';

export const HELP = `adgen ${VERSION} — compile TypeScript/JavaScript functions into derivative code

Usage: adgen <files or globs…> [options]
       adgen check <file> [options]      compare every entry point with numerical derivatives

Options:
  --out <path.js>      output module for a single input (default: beside the input,
                       f.ts → f.grad.js); the .d.ts is written beside it
  --outdir <dir>       write outputs under <dir>, keeping the inputs' layout
  --wrt <a,b,…>        differentiate only with respect to these parameters
  --modes <m,…>        entry points to emit: ${MODES.join(', ')} (default: all that apply)
  -w, --watch          recompile when an input or a file it imports changes
  -q, --quiet          print only errors and warnings
  --stdout             print the generated module instead of writing files (one input)
  --dump <stage>       print the IR of each function at a stage: ${DUMP_STAGES.join(', ')}
  --no-sourcemap       do not write f.grad.js.map
  --no-warn            print no warnings (exact-point branches; see docs/conventions.md)
  --config <file>      read options from this file instead of searching for one
  -h, --help           show this help
  -v, --version        show the version

adgen check compiles the file and compares every entry point of every exported function with
central differences, the dot-product test (JVP vs VJP) and Hessian symmetry, at points from a
JSDoc "@check 3, [1, 2]" or "@example f(3, [1, 2])" line, from --points <file.json>
({ "f": [[3, [1, 2]]] }), or generated from the parameter types (--seed <n>); it also takes
--wrt and --modes. A function whose checks take longer than --timeout <s> seconds (default 60;
0: no limit) is stopped and reported. It prints a table and exits 1 on a mismatch or a timeout.

Options may also come from an "adgen" field of package.json or an adgen.config.{json,js,mjs}
file: { "include": ["src/**/*.ad.ts"], "outdir": "gen", "modes": ["grad"], "wrt": [],
"sourcemap": true, "warnings": true }. Flags take precedence.

Exit codes: 0 success (warnings included), 1 compile errors, 2 usage errors.`;

export class UsageError extends Error {}

export interface BuildOptions {
  /** Files or glob patterns, as given (relative to `cwd`). */
  patterns: string[];
  cwd: string;
  out?: string;
  outdir?: string;
  wrt?: string[];
  modes?: Mode[];
  watch: boolean;
  quiet: boolean;
  stdout: boolean;
  dump?: DumpStage;
  sourcemap: boolean;
  /** Report warnings (false: --no-warn). */
  warnings: boolean;
}

export type Parsed = { kind: 'help' } | { kind: 'version' } | { kind: 'build'; options: BuildOptions };

const FLAGS = {
  out: { type: 'string' },
  outdir: { type: 'string' },
  wrt: { type: 'string' },
  modes: { type: 'string' },
  watch: { type: 'boolean', short: 'w' },
  quiet: { type: 'boolean', short: 'q' },
  stdout: { type: 'boolean' },
  dump: { type: 'string' },
  'no-sourcemap': { type: 'boolean' },
  'no-warn': { type: 'boolean' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'v' },
} as const;

/** Parse flags and merge the configuration. Throws UsageError (or parseArgs' own errors). */
export async function parseBuildArgs(argv: string[], cwd = process.cwd()): Promise<Parsed> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: FLAGS });
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };
  const config = await loadConfig(cwd, values.config);
  const fromConfig = (list: string[] | undefined) => list?.map((p) => path.relative(cwd, path.resolve(config.dir, p)) || '.');
  const patterns = positionals.length ? positionals : (fromConfig(config.include) ?? []);
  if (!patterns.length) throw new UsageError('missing input file');
  const options: BuildOptions = {
    patterns,
    cwd,
    out: values.out,
    outdir: values.outdir ?? (config.outdir === undefined ? undefined : path.resolve(config.dir, config.outdir)),
    wrt: values.wrt !== undefined ? splitList(values.wrt) : config.wrt,
    modes: values.modes !== undefined ? parseModes(splitList(values.modes)) : config.modes && parseModes(config.modes),
    watch: values.watch ?? false,
    quiet: values.quiet ?? config.quiet ?? false,
    stdout: values.stdout ?? false,
    dump: values.dump === undefined ? undefined : parseDump(values.dump),
    sourcemap: values['no-sourcemap'] ? false : (config.sourcemap ?? true),
    warnings: values['no-warn'] ? false : (config.warnings ?? true),
  };
  if (options.out && options.outdir) throw new UsageError('--out and --outdir cannot be combined');
  if (options.stdout && options.watch) throw new UsageError('--stdout and --watch cannot be combined');
  return { kind: 'build', options };
}

function parseDump(stage: string): DumpStage {
  if (!(DUMP_STAGES as readonly string[]).includes(stage)) throw new UsageError(`unknown --dump stage ${stage} (known: ${DUMP_STAGES.join(', ')})`);
  return stage as DumpStage;
}

export function parseModes(modes: string[]): Mode[] {
  const bad = modes.filter((m) => !(MODES as readonly string[]).includes(m));
  if (bad.length) throw new UsageError(`unknown mode ${bad.join(', ')} (known: ${MODES.join(', ')})`);
  return modes as Mode[];
}

export function splitList(text: string): string[] {
  const items = text.split(',').map((s) => s.trim()).filter(Boolean);
  if (!items.length) throw new UsageError('empty list');
  return items;
}

interface ConfigFile {
  dir: string;
  include?: string[];
  outdir?: string;
  wrt?: string[];
  modes?: string[];
  sourcemap?: boolean;
  quiet?: boolean;
  warnings?: boolean;
}

const SEARCH_PLACES = ['package.json', 'adgen.config.json', 'adgen.config.js', 'adgen.config.mjs', 'adgen.config.cjs'];

/** The configuration that applies in `cwd` (or the given file), validated. */
export async function loadConfig(cwd: string, file?: string): Promise<ConfigFile> {
  const explorer = lilconfig('adgen', { searchPlaces: SEARCH_PLACES });
  let found: { config: unknown; filepath: string } | null;
  try {
    found = file ? await explorer.load(path.resolve(cwd, file)) : await explorer.search(cwd);
  } catch (error) {
    throw new UsageError(`cannot read configuration${file ? ` ${file}` : ''}: ${(error as Error).message}`);
  }
  if (!found || found.config === undefined || found.config === null) return { dir: cwd };
  return validateConfig(found.config, found.filepath);
}

const KEYS: Record<string, 'strings' | 'string' | 'boolean'> = { include: 'strings', outdir: 'string', wrt: 'strings', modes: 'strings', sourcemap: 'boolean', quiet: 'boolean', warnings: 'boolean' };

function validateConfig(raw: unknown, filepath: string): ConfigFile {
  const where = path.basename(filepath) === 'package.json' ? `${filepath} ("adgen" field)` : filepath;
  const value = (raw as { default?: unknown }).default ?? raw;
  if (typeof value !== 'object' || Array.isArray(value)) throw new UsageError(`${where}: the configuration must be an object`);
  const out: ConfigFile = { dir: path.dirname(filepath) };
  for (const [key, v] of Object.entries(value as Record<string, unknown>)) {
    const kind = KEYS[key];
    if (!kind) throw new UsageError(`${where}: unknown option "${key}" (known: ${Object.keys(KEYS).join(', ')})`);
    const list = typeof v === 'string' && kind === 'strings' ? [v] : v;
    const ok = kind === 'strings' ? Array.isArray(list) && list.every((x) => typeof x === 'string') : typeof v === kind;
    if (!ok) throw new UsageError(`${where}: "${key}" must be ${kind === 'strings' ? 'a list of strings' : `a ${kind}`}`);
    (out as unknown as Record<string, unknown>)[key] = list;
  }
  return out;
}
