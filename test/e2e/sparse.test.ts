/**
 * Sparse Hessians and Jacobians (`f_hessian_sparse`, `f_jacobian_sparse`) against the dense entry
 * points of the same module and against central differences (of the compiled gradient for
 * Hessians, of the primal for Jacobians): every entry outside the detected pattern must be
 * exactly zero in the dense matrix, every entry inside must match. Also the colourings of
 * templates/sparse.js on random patterns: recovery from the compressed products must be exact.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { numericJacobianFlat } from '../../src/runtime/index.js';
import { compileAndImport, compileOrThrow } from '../util/load.js';
import { rng } from '../util/inputs.js';
import { generateBatch } from '../util/progen.js';

interface Csr {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

function dense(m: Csr): number[][] {
  const out = Array.from({ length: m.rows }, () => new Array<number>(m.cols).fill(0));
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.rowPtr[i]; k < m.rowPtr[i + 1]; k++) out[i][m.colIdx[k]] = m.values[k];
  }
  return out;
}

function expectCsrShape(m: Csr): void {
  expect(m.rowPtr.length).toBe(m.rows + 1);
  expect(m.rowPtr[m.rows]).toBe(m.values.length);
  for (let i = 0; i < m.rows; i++) {
    for (let k = m.rowPtr[i] + 1; k < m.rowPtr[i + 1]; k++) expect(m.colIdx[k]).toBeGreaterThan(m.colIdx[k - 1]);
  }
}

/** Same matrix, entries outside the pattern exactly 0 in `full`. */
function expectSameMatrix(m: Csr, full: ArrayLike<number>[], tol = 1e-12): void {
  expectCsrShape(m);
  const d = dense(m);
  expect(d.length).toBe(full.length);
  d.forEach((row, i) =>
    row.forEach((x, j) => {
      const ref = full[i][j];
      expect(Math.abs(x - ref)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(ref)));
    }),
  );
}

const rand = (n: number, seed: number) => {
  const r = rng(seed);
  return Float64Array.from({ length: n }, () => 2 * r() - 1);
};

const SOURCE = `
export function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}

/** Arrowhead: every x[i] coupled with the scalar c, and a quotient coupling y with itself. */
export function arrow(c: number, x: Float64Array, y: number): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += c * x[i] + Math.sin(x[i]);
  return s + x.length / y + Math.floor(c * y);
}

/** Couples the pairs named by an index array; writes into its scratch argument. */
export function pairs(x: Float64Array, a: Int32Array, b: Int32Array, tmp: Float64Array): number {
  let s = 0;
  for (let k = 0; k < a.length; k++) {
    tmp[k] = x[a[k]] - x[b[k]];
    s += Math.exp(tmp[k]) + x[a[k]] * 2;
  }
  return s;
}

export function band(u: Float64Array, h: number): Float64Array {
  const n = u.length;
  const r = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const left = i > 0 ? u[i - 1] : 0;
    const right = i < n - 1 ? u[i + 1] : 0;
    r[i] = (left - 2 * u[i] + right) / (h * h) + u[i] * u[i] * u[i];
  }
  return r;
}

/** Residuals over observations that pick their camera and point through index arrays. */
export function gather(cam: Float64Array, pt: Float64Array, ci: Int32Array, pi: Int32Array): Float64Array {
  const out = new Float64Array(2 * ci.length);
  for (let k = 0; k < ci.length; k++) {
    const c = 2 * ci[k];
    const p = 2 * pi[k];
    out[2 * k] = cam[c] * pt[p] - cam[c + 1];
    out[2 * k + 1] = Math.sin(cam[c + 1]) * pt[p + 1];
  }
  return out;
}
`;

describe('sparse Hessians', async () => {
  const m = await compileAndImport(SOURCE, { fileName: 'sparse.ts' });

  it('rosenbrock: tridiagonal, as the dense Hessian and differences of the gradient', () => {
    for (const n of [1, 2, 7, 40]) {
      const x = rand(n, n);
      const s = m.rosenbrock_hessian_sparse(x);
      const d = m.rosenbrock_hessian(x);
      expect(s.value).toBe(d.value);
      expect(Array.from(s.grad[0])).toEqual(Array.from(d.grad[0]));
      expect(s.hessian.values.length).toBe(n === 1 ? 0 : 3 * n - 2);
      expectSameMatrix(s.hessian, d.hessian);
      const fd = numericJacobianFlat((v: Float64Array) => m.rosenbrock_grad(v).grad[0], [x]);
      expectSameMatrix(s.hessian, fd, 1e-6);
    }
  });

  it('mixed scalar and array parameters (arrowhead, quotient, zero-derivative ops)', () => {
    const x = rand(9, 3);
    const s = m.arrow_hessian_sparse(0.7, x, 1.3);
    const d = m.arrow_hessian(0.7, x, 1.3);
    expect(s.hessian.rows).toBe(11);
    expectSameMatrix(s.hessian, d.hessian);
    // c couples with every x[i] (both triangles), x[i] with itself, y with itself: 9 + 9 + 9 + 1
    // entries; c·y only feeds floor (no derivative), so it is inactive and couples nothing.
    expect(s.hessian.values.length).toBe(28);
  });

  it('index arrays decide the pattern: a new index array is a new plan; written arrays restored', () => {
    const x = rand(6, 5);
    const tmp = new Float64Array(3);
    const cases = [[[0, 2, 4], [1, 3, 5], 12], [[0, 0, 1], [5, 4, 3], 11], [[0, 2, 4], [1, 3, 5], 12]] as const;
    for (const [a, b, entries] of cases) {
      const [ia, ib] = [Int32Array.from(a), Int32Array.from(b)];
      const s = m.pairs_hessian_sparse(x, ia, ib, tmp);
      const after = Float64Array.from(tmp);
      const d = m.pairs_hessian(x, ia, ib, tmp);
      expect(Array.from(tmp)).toEqual(Array.from(after));
      expectSameMatrix(s.hessian, d.hessian);
      expect(s.hessian.values.length).toBe(entries);
    }
    // Changing an index array in place is noticed too.
    const ia = Int32Array.of(0, 2, 4);
    const ib = Int32Array.of(1, 3, 5);
    m.pairs_hessian_sparse(x, ia, ib, tmp);
    ib[2] = 0;
    expectSameMatrix(m.pairs_hessian_sparse(x, ia, ib, tmp).hessian, m.pairs_hessian(x, ia, ib, tmp).hessian);
  });

  it('the caller owns every array it gets', () => {
    const x = rand(5, 9);
    const first = m.rosenbrock_hessian_sparse(x);
    const copy = Float64Array.from(first.hessian.values);
    first.hessian.colIdx[0] = 99;
    const second = m.rosenbrock_hessian_sparse(rand(5, 10));
    expect(Array.from(first.hessian.values)).toEqual(Array.from(copy));
    expect(second.hessian.colIdx[0]).toBe(0);
  });
});

describe('sparse Jacobians', async () => {
  const m = await compileAndImport(SOURCE, { fileName: 'sparse.ts' });

  it('banded residual: as the dense Jacobian and central differences', () => {
    for (const n of [1, 3, 30]) {
      const u = rand(n, 20 + n);
      const s = m.band_jacobian_sparse(u, 0.5);
      const d = m.band_jacobian(u, 0.5);
      expect(Array.from(s.value)).toEqual(Array.from(d.value));
      expect(s.jacobian.values.length).toBe(n === 1 ? 2 : 3 * n - 2 + n); // the band, and h's column
      expectSameMatrix(s.jacobian, d.jacobian);
      expectSameMatrix(s.jacobian, numericJacobianFlat((v: Float64Array, h: number) => m.band(v, h), [u, 0.5]), 1e-6);
    }
  });

  it('observations through index arrays (bundle-adjustment shape)', () => {
    const cam = rand(6, 31);
    const pt = rand(8, 32);
    for (const [ci, pi] of [[[0, 1, 2, 0], [3, 2, 1, 0]], [[2, 2, 2, 2], [0, 1, 2, 3]]]) {
      const [a, b] = [Int32Array.from(ci), Int32Array.from(pi)];
      const s = m.gather_jacobian_sparse(cam, pt, a, b);
      const d = m.gather_jacobian(cam, pt, a, b);
      expect(s.jacobian.rows).toBe(8);
      expect(s.jacobian.cols).toBe(14);
      expectSameMatrix(s.jacobian, d.jacobian);
    }
  });

  it('is declared in the .d.ts', () => {
    const { dts } = compileOrThrow(SOURCE, { fileName: 'sparse.ts' });
    expect(dts).toContain('export declare function band_jacobian_sparse(u: Float64Array, h: number): { value: Float64Array; jacobian: { rows: number; cols: number; rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array; colors: number } };');
    expect(dts).toContain('export declare function rosenbrock_hessian_sparse(x: Float64Array): { value: number; grad: [Float64Array]; hessian: {');
  });
});

/** The template's helpers, loaded as plain functions. */
function helpers() {
  const text = readFileSync(new URL('../../templates/sparse.js', import.meta.url), 'utf8').replace(/\$sp/g, 'sp');
  const names = ['spColorColumns', 'spStarColor', 'spJacobianGather', 'spHessianGather', 'spCsr'];
  // eslint-disable-next-line @typescript-eslint/no-implied-eval
  return new Function(`${text}\nreturn { ${names.join(', ')} };`)();
}

/** A random pattern with entries (i, j) kept with probability p; symmetric with the diagonal if asked. */
function randomPattern(h: ReturnType<typeof helpers>, rows: number, cols: number, p: number, seed: number, symmetric: boolean) {
  const r = rng(seed);
  const keys = new Set<number>();
  for (let i = 0; i < rows; i++) {
    for (let j = 0; j < cols; j++) {
      if (symmetric && j < i) continue;
      if (r() < p || (symmetric && i === j)) {
        keys.add(i * cols + j);
        if (symmetric) keys.add(j * cols + i);
      }
    }
  }
  return h.spCsr(Float64Array.from(keys), rows, cols) as { rowPtr: Int32Array; colIdx: Int32Array };
}

describe('colourings', () => {
  const h = helpers();

  it('distance-2 column colouring recovers random Jacobians exactly', () => {
    for (let seed = 0; seed < 30; seed++) {
      const [m, n] = [5 + (seed % 7), 3 + ((seed * 5) % 11)];
      const { rowPtr, colIdx } = randomPattern(h, m, n, 0.05 + 0.03 * (seed % 5), seed, false);
      const { color, colors } = h.spColorColumns(m, n, rowPtr, colIdx);
      const values = Float64Array.from(colIdx, (_, k) => k + 1);
      const products = new Float64Array(Math.max(colors, 1) * m);
      for (let i = 0; i < m; i++) for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) products[color[colIdx[k]] * m + i] += values[k];
      const at = h.spJacobianGather(m, rowPtr, colIdx, color);
      expect(Array.from(at, (a: number) => products[a])).toEqual(Array.from(values));
    }
  });

  it('star colouring recovers random symmetric matrices exactly, with fewer colours than distance-2 on an arrowhead', () => {
    for (let seed = 0; seed < 40; seed++) {
      const n = 4 + (seed % 13);
      const { rowPtr, colIdx } = randomPattern(h, n, n, 0.04 + 0.04 * (seed % 6), 100 + seed, true);
      const { color, colors } = h.spStarColor(n, rowPtr, colIdx);
      // A symmetric matrix with distinct values: H[i][j] = H[j][i] = 1 + min·n + max.
      const value = (i: number, j: number) => 1 + Math.min(i, j) * n + Math.max(i, j);
      const products = new Float64Array(Math.max(colors, 1) * n);
      for (let i = 0; i < n; i++) for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) products[color[colIdx[k]] * n + i] += value(i, colIdx[k]);
      const at = h.spHessianGather(n, rowPtr, colIdx, color, colors);
      const expected: number[] = [];
      for (let i = 0; i < n; i++) for (let k = rowPtr[i]; k < rowPtr[i + 1]; k++) expected.push(value(i, colIdx[k]));
      expect(Array.from(at, (a: number) => products[a])).toEqual(expected);
    }
    const n = 12;
    const keys: number[] = [];
    for (let i = 0; i < n; i++) keys.push(i * n + i, i * n, i);
    const arrow = h.spCsr(Float64Array.from(new Set(keys)), n, n);
    expect(h.spStarColor(n, arrow.rowPtr, arrow.colIdx).colors).toBe(2);
    expect(h.spColorColumns(n, n, arrow.rowPtr, arrow.colIdx).colors).toBe(n);
  });
});

describe('random programs', async () => {
  const batch = generateBatch(23, 60, 3);
  const m = await compileAndImport(batch.ts, { fileName: 'random.ts' });
  const copy = (args: (number | Float64Array)[]) => args.map((a) => (typeof a === 'number' ? a : Float64Array.from(a)));
  const sparseOnes = batch.functions.filter((f) => f.params.some((p) => p.kind === 'arr' && f.wrt.includes(p.name)));

  it('sparse equals dense on every function with an active array', () => {
    expect(sparseOnes.length).toBeGreaterThan(20);
    for (const f of sparseOnes) {
      const args = f.args(rng(f.name));
      const scalar = f.output === 'scalar';
      const s = m[`${f.name}_${scalar ? 'hessian' : 'jacobian'}_sparse`](...copy(args));
      const d = m[`${f.name}_${scalar ? 'hessian' : 'jacobian'}`](...copy(args));
      const [sm, dm] = scalar ? [s.hessian, d.hessian] : [s.jacobian, d.jacobian];
      const full = dense(sm);
      dm.forEach((row: Float64Array, i: number) =>
        row.forEach((ref, j) => {
          const x = full[i][j];
          if (Number.isFinite(ref)) expect(Math.abs(x - ref), `${f.name}[${i}][${j}]`).toBeLessThanOrEqual(1e-9 * Math.max(1, Math.abs(ref)));
          else expect(x, `${f.name}[${i}][${j}]`).toBeNaN();
        }),
      );
    }
  });
});
