/**
 * checkModule(): compile a file, load the generated module, and compare every derivative entry
 * point of every exported function with independent oracles (oracles.ts) at a few points
 * (points.ts). A row per entry point and oracle gives the largest relative error over the
 * points and whether it is within tolerance: 1e-5 for finite-difference oracles (PyTorch
 * gradcheck's atol; central differences in double precision are good to ~1e-8 here) and 1e-9
 * for identities that hold up to rounding (dot-product test, symmetry, `_into` variants).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { compile, type CompileOptions, type ExportSummary } from '../compile.js';
import type { Diagnostic } from '../diagnostics.js';
import { checkFunction, type CheckRow, type Tolerance } from './function.js';
import type { Module } from './oracles.js';
import { docPoints, generatedPoint, seeded, toArgs, type Arg, type Points } from './points.js';
import type { WorkerInput } from './worker.js';

export type { Points } from './points.js';
export type { CheckRow } from './function.js';

export interface CheckOptions {
  /** Names the file in diagnostics; its folder is where the generated module is loaded from. */
  fileName: string;
  wrt?: string[];
  modes?: CompileOptions['modes'];
  /** Points per function name, each a list of JSON arguments; they replace @check/@example and generated points. */
  points?: Points;
  /** How many points to generate for a function that has none written (default 2). */
  count?: number;
  seed?: number;
  /** Relative tolerances: against finite differences (default 1e-5) and for exact identities (default 1e-9). */
  tolerance?: Tolerance;
  /**
   * Seconds each function's checks may take. When given, each function runs in a worker thread
   * that is stopped when the time is up, and gets a `timeout` row (a failure). Without it the
   * checks run in the caller's thread, unbounded. (`adgen check` gives 60 s.)
   */
  timeout?: number;
}

export interface CheckReport {
  ok: boolean;
  rows: CheckRow[];
  /** Compile errors (then there are no rows). */
  diagnostics: Diagnostic[];
  /** The points each function was evaluated at. */
  points: Record<string, Arg[][]>;
}

export async function checkModule(source: string, options: CheckOptions): Promise<CheckReport> {
  const result = compile(source, { fileName: options.fileName, wrt: options.wrt, modes: options.modes });
  const errors = result.diagnostics.filter((d) => (d as { severity?: string }).severity !== 'warning');
  if (result.js === null || errors.length) return { ok: false, rows: [], diagnostics: result.diagnostics, points: {} };
  const written = options.points ?? docPoints(source);
  const random = seeded(options.seed ?? 1);
  const rows: CheckRow[] = [];
  const points: Record<string, Arg[][]> = {};
  await withModule(result.js, options.fileName, async (moduleUrl) => {
    const script = options.timeout === undefined ? undefined : workerScript();
    const mod = script ? undefined : ((await import(moduleUrl)) as Module);
    for (const exp of result.exports ?? []) {
      const where = options.points ? 'points' : `${options.fileName} (${exp.name})`;
      const known = exp.params.every((p) => ['number', 'array', 'int-array'].includes(p.kind));
      if (!known || exp.entryPoints.length === 1) {
        rows.push({ function: exp.name, entry: exp.name, oracle: '', error: NaN, status: 'skipped', note: known ? 'nothing to differentiate' : 'parameters of a shape the checker does not generate' });
        continue;
      }
      const at = written[exp.name]?.map((p) => toArgs(exp, p, where)) ?? Array.from({ length: options.count ?? 2 }, () => generatedPoint(exp, random));
      points[exp.name] = at;
      // Each function draws its directions from its own stream, so that bounding its time changes nothing.
      const seed = Math.floor(random() * 2 ** 32);
      const tolerance = options.tolerance ?? {};
      rows.push(...(mod ? checkFunction(exp, mod, at, seeded(seed), tolerance) : await inWorker(script!, { moduleUrl, exp, at, seed, tolerance }, options.timeout!)));
    }
  });
  return { ok: rows.every((r) => r.status === 'ok' || r.status === 'skipped'), rows, diagnostics: result.diagnostics, points };
}

/** The checks of one function in a worker thread, stopped after `seconds`. */
function inWorker(script: URL, input: WorkerInput, seconds: number): Promise<CheckRow[]> {
  const worker = new Worker(script, { workerData: input });
  return new Promise<CheckRow[]>((resolve, reject) => {
    const timer = setTimeout(() => {
      void worker.terminate();
      const note = `no answer within ${seconds} s: a loop that does not end at these points? give points with a @check line`;
      resolve([{ function: input.exp.name, entry: input.exp.name, oracle: '', error: NaN, status: 'timeout', note }]);
    }, seconds * 1000);
    worker.once('message', (rows: CheckRow[]) => {
      clearTimeout(timer);
      void worker.terminate();
      resolve(rows);
    });
    worker.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}

/**
 * The worker's compiled script beside this file (dist/check/worker.js). Run from the TypeScript
 * sources (this repository's own tests) there is none, and the checks run unbounded in-thread.
 */
function workerScript(): URL | undefined {
  const url = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(url)) ? url : undefined;
}

export async function checkFile(file: string, options: Omit<CheckOptions, 'fileName'> = {}): Promise<CheckReport> {
  return checkModule(readFileSync(file, 'utf8'), { ...options, fileName: file });
}

/**
 * Run `use` with the generated code written to a temporary file in the source's folder (so that
 * imports in the generated module resolve as they would beside the source), or in the OS
 * temporary folder when the source has none on disk; the file is removed afterwards.
 */
async function withModule(js: string, fileName: string, use: (moduleUrl: string) => Promise<void>): Promise<void> {
  const folder = path.dirname(path.resolve(fileName));
  let dir: string;
  try {
    dir = mkdtempSync(path.join(folder, '.adgen-check-'));
  } catch {
    dir = mkdtempSync(path.join(tmpdir(), 'adgen-check-'));
  }
  const file = path.join(dir, 'module.mjs');
  try {
    writeFileSync(file, js);
    await use(pathToFileURL(file).href);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The report as a table: function, entry point, oracle, max relative error, status. */
export function formatReport(report: CheckReport): string {
  const header = ['function', 'entry point', 'against', 'max rel. error', 'status'];
  const cells = report.rows.map((r) => [r.function, r.entry, r.oracle, Number.isNaN(r.error) ? '—' : r.error.toExponential(1), r.note ? `${r.status} (${r.note})` : r.status]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c: string[]) => c.map((x, i) => (i === c.length - 1 ? x : x.padEnd(widths[i]))).join('  ');
  const bad = report.rows.filter((r) => r.status === 'mismatch').length;
  const late = report.rows.filter((r) => r.status === 'timeout').length;
  const agree = report.rows.filter((r) => r.status === 'ok').length;
  const failures = [bad && `${bad} mismatch${bad === 1 ? '' : 'es'}`, late && `${late} function${late === 1 ? '' : 's'} out of time`].filter(Boolean);
  const summary = failures.length ? failures.join(', ') : agree ? `all ${agree} comparisons agree` : 'nothing compared';
  return [line(header), ...cells.map(line), '', summary].join('\n');
}
