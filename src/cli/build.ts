/**
 * One build: patterns → input files (tinyglobby; a path without glob characters is taken as
 * is), each compiled by compileFile() and written atomically beside itself, to --out, or under
 * --outdir (keeping the inputs' layout relative to their common directory, as tsc's rootDir and
 * esbuild's outbase do). A failing file writes nothing and leaves its previous outputs alone;
 * the others are still written. On success one summary line per file:
 *
 *   src/f.ts → src/f.grad.js  3 functions, 18 entry points, 12.4 kB, 84 ms
 */
import { existsSync, mkdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { globSync, isDynamicPattern } from 'tinyglobby';
import { compileFile, type FileBuild } from '../build/compile-file.js';
import { printFunction } from '../ir/print.js';
import type { BuildOptions } from './options.js';
import { UsageError } from './options.js';
import { colors, plural, renderDiagnostic, shown, size, type Io } from './term.js';

/** Expand the patterns into existing files, in a stable order, without duplicates. */
export function resolveInputs(patterns: string[], cwd: string): string[] {
  const files: string[] = [];
  for (const pattern of patterns) {
    if (!isDynamicPattern(pattern)) {
      if (!existsSync(path.resolve(cwd, pattern)) || !statSync(path.resolve(cwd, pattern)).isFile()) throw new UsageError(`file not found: ${pattern}`);
      files.push(pattern);
      continue;
    }
    const found = globSync(pattern, { cwd, ignore: ['**/node_modules/**', '**/*.grad.js', '**/*.d.ts'] }).sort();
    if (!found.length) throw new UsageError(`no files match ${pattern}`);
    files.push(...found);
  }
  const seen = new Set<string>();
  return files.filter((f) => {
    const key = path.resolve(cwd, f);
    return !seen.has(key) && seen.add(key) !== undefined;
  });
}

export interface Target {
  /** The input as the user named it (diagnostics print this). */
  input: string;
  js: string;
  dts: string;
}

/** Where each input's outputs go. */
export function targets(inputs: string[], options: BuildOptions): Target[] {
  if (options.out && inputs.length > 1) throw new UsageError('--out takes a single input; use --outdir for several');
  const abs = inputs.map((f) => path.resolve(options.cwd, f));
  const base = commonDir(abs);
  return inputs.map((input, i) => {
    const beside = defaultOutput(abs[i]);
    const js = options.out
      ? path.resolve(options.cwd, options.out)
      : options.outdir
        ? path.join(path.resolve(options.cwd, options.outdir), path.relative(base, beside))
        : beside;
    return { input, js, dts: js.replace(/\.(m?js)$/, '') + '.d.ts' };
  });
}

function commonDir(files: string[]): string {
  let dir = path.dirname(files[0]);
  while (!files.every((f) => f.startsWith(dir + path.sep))) dir = path.dirname(dir);
  return dir;
}

function defaultOutput(input: string): string {
  return input.replace(/\.(c|m)?(t|j)s$/, '') + '.grad.js';
}

const toPosix = (p: string) => p.split(path.sep).join('/');

/** Compile one target; report its diagnostics; write it unless it failed. */
export async function buildTarget(t: Target, options: BuildOptions, io: Io, several = false): Promise<FileBuild> {
  const sourceName = toPosix(path.relative(path.dirname(t.js), path.resolve(options.cwd, t.input)));
  const dump = options.dump;
  const r = await compileFile(path.resolve(options.cwd, t.input), {
    wrt: options.wrt,
    modes: options.modes,
    sourceName,
    dump: dump && ((stage, fn) => stage === dump && io.out(printFunction(fn))),
    sourceMap: options.sourcemap && !options.stdout,
    warnings: options.warnings,
  });
  const usage = r.errors.find((d) => d.code === 'usage');
  if (usage) throw new UsageError(usage.message);
  const c = colors(io, 'err');
  for (const d of [...r.errors, ...r.warnings]) io.err(renderDiagnostic(d, r.source, t.input, c));
  if (r.js === null || r.dts === null) {
    io.err(several ? `${t.input}: ${plural(r.errors.length, 'error')}; nothing written for it.` : `${plural(r.errors.length, 'error')}; nothing written.`);
    return r;
  }
  if (options.stdout) {
    io.out(r.js.replace(/\n$/, ''));
    return r;
  }
  writeAtomically(outputs(t, r));
  if (!options.quiet) io.out(summaryLine(t, r, options.cwd, io));
  return r;
}

/** The module and its declarations, and (unless turned off) their maps, each linked by its file's last line. */
function outputs(t: Target, r: FileBuild): [string, string][] {
  const files: [string, string][] = [];
  const add = (file: string, text: string, map: FileBuild['map']) => {
    if (!map) return files.push([file, text]);
    files.push([file, `${text}//# sourceMappingURL=${path.basename(file)}.map\n`]);
    files.push([`${file}.map`, JSON.stringify({ ...map, file: path.basename(file) })]);
  };
  add(t.js, r.js!, r.map);
  add(t.dts, r.dts!, r.dtsMap);
  return files;
}

export function summaryLine(t: Target, r: FileBuild, cwd: string, io: Io): string {
  const c = colors(io, 'out');
  const entryPoints = r.exports.reduce((n, e) => n + e.entryPoints.length, 0);
  const facts = [plural(r.exports.length, 'function'), plural(entryPoints, 'entry point'), size(Buffer.byteLength(r.js ?? '')), `${Math.round(r.ms)} ms`];
  return `${shown(path.resolve(cwd, t.input), cwd)} ${c.dim('→')} ${c.bold(shown(t.js, cwd))}  ${c.dim(facts.join(', '))}`;
}

/** Write every file to a temporary sibling, then rename all; on any failure remove the temporaries. */
export function writeAtomically(files: [string, string][]): void {
  const temps = files.map(([file]) => path.join(path.dirname(file), `.adgen-tmp-${process.pid}-${path.basename(file)}`));
  try {
    for (const [file] of files) mkdirSync(path.dirname(file), { recursive: true });
    files.forEach(([, text], i) => writeFileSync(temps[i], text));
    files.forEach(([file], i) => renameSync(temps[i], file));
  } finally {
    temps.forEach((tmp) => rmSync(tmp, { force: true }));
  }
}
