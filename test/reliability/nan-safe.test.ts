/**
 * NaN-safe derivative propagation (src/ops/table.ts, src/ad/partials.ts): a zero tangent or
 * adjoint stays 0 through a partial that is ±∞ or NaN, in every mode.
 *
 * - The op table's `unbounded` flag is right: every op it marks has a non-finite partial at a
 *   finite argument (the singular points below), and no other op has one at extreme finite inputs.
 * - Every marked op is guarded in reverse, forward and second-order code: for each one, a value
 *   computed and discarded (`where`, a zero adjoint) and a clamped argument (a zero tangent)
 *   give derivative 0 at its singular point in f_grad, f_jvp, f_hvp and f_hessian. Without the
 *   guard each of these is NaN (0 · ∞).
 * - The reproductions (acos/sqrt clamps with max/min, `?:` and `if`; `where`) through compile()
 *   in every mode including a vector function's Jacobian and VJP, and through the CLI.
 * - The guard keeps the second-order term where an adjoint is exactly 0 but its tangent is not.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tangent } from '../../src/ad/index.js';
import { interpret } from '../../src/ir/interp.js';
import { parseFunction } from '../../src/ir/parse-text.js';
import { OPS } from '../../src/ops/table.js';
import { compileAndImport } from '../util/load.js';

/** For each op marked unbounded: source applying it to `a` (a finite singular argument, as an
 *  expression of the variable a), and that argument. */
const SINGULAR: Record<string, { src: string; at: number }> = {
  div: { src: '1 / a', at: 0 }, mod: { src: '1 % a', at: 0 }, pow: { src: 'a ** 0.5', at: 0 },
  sqrt: { src: 'Math.sqrt(a)', at: 0 }, cbrt: { src: 'Math.cbrt(a)', at: 0 }, log: { src: 'Math.log(a)', at: 0 },
  log1p: { src: 'Math.log1p(a)', at: -1 }, log2: { src: 'Math.log2(a)', at: 0 }, log10: { src: 'Math.log10(a)', at: 0 },
  asin: { src: 'Math.asin(a)', at: 1 }, acos: { src: 'Math.acos(a)', at: 1 }, acosh: { src: 'Math.acosh(a)', at: 1 },
  atanh: { src: 'Math.atanh(a)', at: 1 }, atan2: { src: 'Math.atan2(a, a)', at: 0 }, exp: { src: 'Math.exp(a)', at: 710 },
  expm1: { src: 'Math.expm1(a)', at: 710 }, sinh: { src: 'Math.sinh(a)', at: 711 }, cosh: { src: 'Math.cosh(a)', at: 711 },
};
const marked = Object.values(OPS).filter((op) => op.unbounded && op.name !== 'dmul').map((op) => op.name);

/** ∂op/∂argᵢ at `args` by the forward transform (the JVP along eᵢ), interpreted. */
function partialsAt(op: string, args: number[]): number[] {
  const params = args.map((_, i) => `x${i}`);
  const fn = parseFunction(`fn p(${params.map((p) => `${p}: f64`).join(', ')}) -> (z)\n  z = ${op} ${params.join(' ')}\n`);
  const t = tangent(fn, params).fn;
  return args.map((_, i) => interpret(t, [...args, ...args.map((__, j) => (i === j ? 1 : 0))])[1] as number);
}

describe('the op table marks exactly the ops with a non-finite partial at finite arguments', () => {
  it('every marked op has a singular case here, and its partial there is non-finite', () => {
    expect(Object.keys(SINGULAR).sort()).toEqual([...marked].sort());
    for (const op of marked) {
      const arity = OPS[op].arity === 2 ? 2 : 1;
      const args = arity === 2 ? (op === 'mod' ? [1, 0] : op === 'pow' ? [0, 0.5] : [0, 0]) : [SINGULAR[op].at];
      expect(partialsAt(op, args).some((p) => !Number.isFinite(p)), op).toBe(true);
    }
  });

  it('no other op has a non-finite partial at extreme finite inputs', () => {
    const xs = [0, -0, 1, -1, 0.5, 2, 1e-300, -1e-300, 5e-324, 1e308, -1e308, 709, 710, -745, Math.PI / 2, -Math.PI / 2, 1e16];
    const others = Object.values(OPS).filter((op) => op.partials && !op.unbounded && op.result !== 'bool' && !['select', 'copy'].includes(op.name));
    expect(others.length).toBeGreaterThan(10);
    for (const op of others) {
      const arity = op.arity === 'variadic' ? 2 : op.arity;
      const points = arity === 1 ? xs.map((x) => [x]) : xs.flatMap((x) => xs.map((y) => [x, y]));
      for (const p of points) {
        const ps = partialsAt(op.name, p);
        if (!ps.every(Number.isFinite)) throw new Error(`${op.name}(${p.join(', ')}) has partials ${ps.join(', ')}`);
      }
    }
  });
});

describe('every marked op is guarded in reverse, forward and second-order code', async () => {
  // where: r is computed and discarded at x = 0 (its adjoint is 0); clamp: the argument is
  // clamped to the singular point (its tangent is 0).
  const source = marked.map((op, i) => {
    const { src, at } = SINGULAR[op];
    const e = (a: string) => src.replace(/\ba\b/g, a);
    return `export function w${i}(x: number): number {\n  const r = ${e(`(x + ${at})`)};\n  return x > 0 ? r : 0;\n}\n` +
      `export function k${i}(x: number): number {\n  return ${e(`Math.max(${at}, x + ${at})`)};\n}\n`;
  }).join('');
  const m = await compileAndImport(source, { modes: ['grad', 'jvp', 'hvp', 'hessian'] });
  it.each(marked.map((op, i) => [op, i] as const))('%s', (op, i) => {
    for (const [f, x] of [[`w${i}`, 0], [`k${i}`, -1]] as const) {
      expect(m[`${f}_grad`](x).grad, `${f} (${op}) gradient`).toEqual([0]);
      expect(m[`${f}_jvp`](x, 1).tangent, `${f} (${op}) JVP`).toBe(0);
      expect(m[`${f}_hvp`](x, 1).hvp, `${f} (${op}) HVP`).toEqual([0]);
      expect(Array.from(m[`${f}_hessian`](x).hessian[0]), `${f} (${op}) Hessian`).toEqual([0]);
    }
  });
});

/** The reproductions: each function is constant near the points listed. */
const PATTERNS = `
export function angle(c: number): number { return Math.acos(Math.max(-1, Math.min(1, c))); }
export function root(x: number): number { return Math.sqrt(Math.max(0, x)); }
export function angleTernary(c: number): number { const m = c > 1 ? 1 : c < -1 ? -1 : c; return Math.acos(m); }
export function angleIf(c: number): number {
  let m = c;
  if (m > 1) m = 1;
  else if (m < -1) m = -1;
  return Math.acos(m);
}
export function where(x: number): number { const r = Math.sqrt(x); return x > 0 ? r : 0; }
export function untaken(x: number, y: number): number {
  const l = Math.log(x * y);
  const q = y / x;
  if (x > 0 && y > 0) return l + q;
  return 0;
}
/** The angle between two 2-vectors, clamped as everybody writes it. */
export function between(u: number[], v: number[]): number {
  const d = (u[0] * v[0] + u[1] * v[1]) / (Math.hypot(u[0], u[1]) * Math.hypot(v[0], v[1]));
  return Math.acos(Math.max(-1, Math.min(1, d)));
}
export function clamps(x: number[]): number[] {
  return [Math.acos(Math.max(-1, Math.min(1, x[0]))), Math.sqrt(Math.max(0, x[1])), x[0] * x[1]];
}
`;
const SCALAR_POINTS: [string, number[][]][] = [
  ['angle', [[2], [-3], [1], [-1]]], ['root', [[-1], [0]]], ['angleTernary', [[2], [-2]]], ['angleIf', [[2], [-2]]],
  ['where', [[-1], [0]]], ['untaken', [[0, 1], [-1, 0], [0, 0]]],
];

/** −0 and +0 compare equal here (toEqual tells them apart). */
const z = (xs: ArrayLike<number>) => Array.from(xs, (x) => (x === 0 ? 0 : x));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function checkPatterns(m: any) {
  for (const [f, points] of SCALAR_POINTS) {
    for (const p of points) {
      const zeros = p.map(() => 0);
      const at = `${f}(${p.join(', ')})`;
      expect(z(m[`${f}_grad`](...p).grad), `${at} gradient`).toEqual(zeros);
      p.forEach((_, k) => expect(m[`${f}_jvp`](...p, ...p.map((__, j) => (j === k ? 1 : 0))).tangent, `${at} JVP`).toBe(0));
      expect(z(m[`${f}_hvp`](...p, ...p.map(() => 1)).hvp), `${at} HVP`).toEqual(zeros);
      expect(m[`${f}_hessian`](...p).hessian.map(z), `${at} Hessian`).toEqual(p.map(() => zeros));
    }
  }
  // Parallel and anti-parallel vectors: the clamp is active (|d| may round to just above 1).
  for (const [u, v] of [[[1, 2], [2, 4]], [[3, 1], [-6, -2]], [[0.1, 0.7], [0.3, 2.1]]]) {
    const g = m.between_grad(u, v).grad.flatMap((a: Float64Array) => Array.from(a));
    expect(g.every(Number.isFinite), `between gradient ${g}`).toBe(true);
    const h = m.between_hessian(u, v).hessian.flatMap((r: Float64Array) => Array.from(r));
    expect(h.every(Number.isFinite), 'between Hessian').toBe(true);
  }
  const x = new Float64Array([1.5, -2]);
  expect(m.clamps_jacobian(x).jacobian.map(z)).toEqual([[0, 0], [0, 0], [-2, 1.5]]);
  expect(z(m.clamps_vjp(x, new Float64Array([1, 1, 0])).grad[0])).toEqual([0, 0]);
  expect(z(m.clamps_jvp(x, new Float64Array([1, 1])).tangent)).toEqual([0, 0, -0.5]);
}

describe('clamps, where and untaken computations have derivative 0 in every mode', () => {
  it('through compile()', async () => {
    checkPatterns(await compileAndImport(PATTERNS));
  });

  it('through the CLI', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-nan-'));
    const file = path.join(dir, 'edges.ts');
    writeFileSync(file, PATTERNS);
    const r = spawnSync(process.execPath, [path.resolve(__dirname, '../../bin/adgen.js'), file], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    checkPatterns(await import(pathToFileURL(path.join(dir, 'edges.grad.js')).href));
  });

  it('a zero adjoint with a non-zero tangent keeps its second-order term', async () => {
    // f = (√x − 1)²: at x = 1 the adjoint of u = √x − 1 is 2u = 0, and f'' = x^(−3/2) / 2 = 0.5.
    const m = await compileAndImport('export function f(x: number): number { const u = Math.sqrt(x) - 1; return u * u; }');
    expect(m.f_grad(1).grad).toEqual([0]);
    expect(m.f_hvp(1, 1).hvp[0]).toBeCloseTo(0.5, 14);
    expect(m.f_hessian(1).hessian[0][0]).toBeCloseTo(0.5, 14);
  });
});
