/**
 * Sparse entry points with vector forward mode: compiled with 1, 2, 3, 4 and 8 lanes per sweep
 * (the colour groups run k at a time), the CSR values are identical to one lane's, and they agree
 * with central differences of the gradient (Hessians) or of the residual (Jacobians). Functions
 * that write arrays and mix scalar and array parameters are included.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { numericGradientFlat } from '../../src/runtime/index.js';
import { importJs } from '../util/load.js';

const SOURCE = `
/** @wrt x w */
export function chain(x: Float64Array, w: number): number {
  let s = 0;
  for (let i = 0; i + 2 < x.length; i++) s += w * Math.sin(x[i] * x[i + 2]) + (x[i + 1] - x[i]) ** 2 * w * w;
  return s;
}
/** @wrt u h */
export function band(u: Float64Array, h: number): Float64Array {
  const r = new Float64Array(u.length);
  const t = new Float64Array(u.length);
  for (let i = 0; i < u.length; i++) t[i] = Math.exp(u[i] * h);
  for (let i = 0; i < u.length; i++) r[i] = (i > 0 ? t[i - 1] : 0) - 2 * u[i] + (i + 1 < u.length ? u[i + 1] * t[i] : 0);
  return r;
}
`;

const dense = (A: { rows: number; cols: number; rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array }) => {
  const out = Array.from({ length: A.rows }, () => new Float64Array(A.cols));
  for (let i = 0; i < A.rows; i++) for (let k = A.rowPtr[i]; k < A.rowPtr[i + 1]; k++) out[i][A.colIdx[k]] = A.values[k];
  return out;
};

describe('sparse Hessians and Jacobians over k lanes', () => {
  it('give the values of one lane, and agree with central differences', async () => {
    const x = Float64Array.from({ length: 9 }, (_, i) => Math.cos(1.7 * i));
    const results: { h: Float64Array; j: Float64Array }[] = [];
    for (const lanes of [1, 2, 3, 4, 8]) {
      const r = compile(SOURCE, { fileName: 'lanes.ts', lanes });
      expect(r.diagnostics).toEqual([]);
      if (lanes > 1) expect(r.js).toContain(`chain_hvp${lanes}_core`);
      const m = await importJs(r.js!);
      const h = m.chain_hessian_sparse(x, 0.7).hessian;
      const j = m.band_jacobian_sparse(x, 0.3).jacobian;
      expect(h.colors).toBeGreaterThan(1);
      results.push({ h: h.values, j: j.values });
      if (lanes !== 3) continue;
      const H = dense(h);
      const flatGrad = (...a: never[]) => { const g = m.chain_grad(...a).grad; return [...g[0], g[1]]; };
      for (let i = 0; i < H.length; i++) {
        const fd = numericGradientFlat(((xx: Float64Array, w: number) => flatGrad(xx as never, w as never)[i]) as never, [x, 0.7] as never, { central: true });
        H[i].forEach((v, c) => expect(Math.abs(v - fd[c])).toBeLessThan(1e-5));
      }
      const J = dense(j);
      for (let i = 0; i < J.length; i++) {
        const fd = numericGradientFlat(((u: Float64Array, hh: number) => m.band(u, hh)[i]) as never, [x, 0.3] as never, { central: true });
        J[i].forEach((v, c) => expect(Math.abs(v - fd[c])).toBeLessThan(1e-5));
      }
    }
    for (const r of results.slice(1)) {
      expect(Array.from(r.h)).toEqual(Array.from(results[0].h));
      expect(Array.from(r.j)).toEqual(Array.from(results[0].j));
    }
  });
});
