/**
 * checkModule(): compile a file, load the generated module, and compare every derivative entry
 * point of every exported function with independent oracles (oracles.ts) at a few points
 * (points.ts). A row per entry point and oracle gives the largest relative error over the
 * points and whether it is within tolerance: 1e-5 for finite-difference oracles (PyTorch
 * gradcheck's atol; central differences in double precision are good to ~1e-8 here) and 1e-9
 * for identities that hold up to rounding (dot-product test, symmetry, `_into` variants).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { compile, type CompileOptions, type ExportSummary } from '../compile.js';
import type { Diagnostic } from '../diagnostics.js';
import { measureScalar, measureVector, type Measure, type Module } from './oracles.js';
import { docPoints, generatedPoint, seeded, toArgs, type Arg, type Points } from './points.js';

export type { Points } from './points.js';

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
  tolerance?: { numerical?: number; exact?: number };
}

export interface CheckRow {
  function: string;
  entry: string;
  oracle: string;
  /** Largest relative error over the points (NaN when skipped). */
  error: number;
  status: 'ok' | 'mismatch' | 'skipped';
  note?: string;
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
  const mod = await loadModule(result.js, options.fileName);
  const written = options.points ?? docPoints(source);
  const random = seeded(options.seed ?? 1);
  const rows: CheckRow[] = [];
  const points: Record<string, Arg[][]> = {};
  for (const exp of result.exports ?? []) {
    const where = options.points ? 'points' : `${options.fileName} (${exp.name})`;
    const known = exp.params.every((p) => ['number', 'array', 'int-array'].includes(p.kind));
    if (!known || exp.entryPoints.length === 1) {
      rows.push({ function: exp.name, entry: exp.name, oracle: '', error: NaN, status: 'skipped', note: known ? 'nothing to differentiate' : 'parameters of a shape the checker does not generate' });
      continue;
    }
    const at = written[exp.name]?.map((p) => toArgs(exp, p, where)) ?? Array.from({ length: options.count ?? 2 }, () => generatedPoint(exp, random));
    points[exp.name] = at;
    rows.push(...checkFunction(exp, mod, at, random, options));
  }
  return { ok: rows.every((r) => r.status !== 'mismatch'), rows, diagnostics: result.diagnostics, points };
}

export async function checkFile(file: string, options: Omit<CheckOptions, 'fileName'> = {}): Promise<CheckReport> {
  return checkModule(readFileSync(file, 'utf8'), { ...options, fileName: file });
}

function checkFunction(exp: ExportSummary, mod: Module, at: Arg[][], random: () => number, options: CheckOptions): CheckRow[] {
  const worst = new Map<string, Measure>();
  let skippedPoints = 0;
  for (const args of at) {
    const value = mod[exp.name](...args.map((a) => (typeof a === 'number' ? a : a.slice())));
    const values = typeof value === 'number' ? [value] : Array.from(value as ArrayLike<number>);
    if (!values.every(Number.isFinite)) {
      skippedPoints++; // outside the function's domain: nothing to compare
      continue;
    }
    const measures = exp.output === 'scalar' ? measureScalar(exp, mod, args, random) : measureVector(exp, mod, args, random);
    for (const m of measures) {
      const key = `${m.entry}\0${m.oracle}`;
      const prev = worst.get(key);
      if (!prev || !(m.error <= prev.error)) worst.set(key, m);
    }
  }
  if (!worst.size) return [{ function: exp.name, entry: exp.name, oracle: '', error: NaN, status: 'skipped', note: 'not finite at the points tried; give points with a @check line' }];
  const numerical = options.tolerance?.numerical ?? 1e-5;
  const exact = options.tolerance?.exact ?? 1e-9;
  const note = skippedPoints ? `${skippedPoints} point(s) outside the domain skipped` : undefined;
  return [...worst.values()].map((m) => ({
    function: exp.name,
    entry: m.entry,
    oracle: m.oracle,
    error: m.error,
    status: m.error <= (m.numerical ? numerical : exact) ? 'ok' : 'mismatch',
    ...(note && { note }),
  }));
}

/**
 * Import generated code: written to a temporary file in the source's folder (so that imports
 * in the generated module resolve as they would beside the source), or in the OS temporary
 * folder when the source has none on disk, and removed right after.
 */
async function loadModule(js: string, fileName: string): Promise<Module> {
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
    return (await import(pathToFileURL(file).href)) as Module;
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
  const agree = report.rows.filter((r) => r.status === 'ok').length;
  const summary = bad ? `${bad} mismatch${bad === 1 ? '' : 'es'}` : agree ? `all ${agree} comparisons agree` : 'nothing compared';
  return [line(header), ...cells.map(line), '', summary].join('\n');
}
