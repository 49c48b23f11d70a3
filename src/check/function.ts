/**
 * The checks of one exported function over its points: every comparison of oracles.ts at each
 * point, reduced to the worst error per entry point and oracle, as the rows of the report. Kept
 * apart from the module loading so that it runs the same in the caller's thread and in the
 * worker that bounds its time (worker.ts).
 */
import type { ExportSummary } from '../compile.js';
import { measureScalar, measureVector, type Measure, type Module } from './oracles.js';
import type { Arg } from './points.js';

export interface CheckRow {
  function: string;
  entry: string;
  oracle: string;
  /** Largest relative error over the points (NaN when skipped). */
  error: number;
  status: 'ok' | 'mismatch' | 'skipped' | 'timeout';
  note?: string;
}

/** Relative tolerances: against finite differences and for exact identities. */
export interface Tolerance {
  numerical?: number;
  exact?: number;
}

export function checkFunction(exp: ExportSummary, mod: Module, at: Arg[][], random: () => number, tolerance: Tolerance = {}): CheckRow[] {
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
  const numerical = tolerance.numerical ?? 1e-5;
  const exact = tolerance.exact ?? 1e-9;
  const note = skippedPoints ? `${skippedPoints} point(s) outside the domain skipped` : undefined;
  const rows: CheckRow[] = [...worst.values()].map((m) => ({
    function: exp.name,
    entry: m.entry,
    oracle: m.oracle,
    error: m.error,
    status: m.error <= (m.numerical ? numerical : exact) ? 'ok' : 'mismatch',
    ...(note && { note }),
  }));
  // Entry points no oracle reached (a sparse Hessian, an HVP emitted without the gradient) are listed, not hidden.
  const reached = new Set(rows.map((r) => r.entry));
  for (const entry of exp.entryPoints.slice(1).filter((e) => !reached.has(e))) {
    rows.push({ function: exp.name, entry, oracle: '', error: NaN, status: 'skipped', note: 'no oracle for this entry point' });
  }
  return rows;
}

