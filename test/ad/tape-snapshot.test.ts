/**
 * A variable reset right before an inner loop that updates it (`inner = sign(t); for (…) inner
 * -= …`, `s = 0; for (…) s += …`) is restored by the reset's own pop in the reverse sweep, so no
 * snapshot is pushed before the inner loop; the gradients stay those of central differences.
 */
import { describe, expect, it } from 'vitest';
import { numericGradientFlat } from '../../src/runtime/index.js';
import { compileAndImport, compileOrThrow } from '../util/load.js';

const LLSQ = `
/** @wrt x */
export function llsq(x: Float64Array, n: number): number {
  const m = x.length;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const ti = -1 + (i * 2) / (n - 1);
    let inner = Math.sign(ti);
    let mul = 1;
    for (let j = 0; j < m; j++) {
      inner -= x[j] * mul;
      mul *= ti;
    }
    sum += inner * inner;
  }
  return sum / 2;
}`;

const NEAREST = `
/** @wrt c */
export function nearest(p: Float64Array, c: Float64Array, d: number): number {
  let total = 0;
  for (let i = 0; i < p.length / d; i++) {
    let best = Infinity;
    for (let j = 0; j < c.length / d; j++) {
      let s = 0;
      for (let l = 0; l < d; l++) s += (p[i * d + l] - c[j * d + l]) ** 2;
      best = Math.min(best, s);
    }
    total += best;
  }
  return total;
}`;

/** Tape pushes written inside `fn`'s reverse-mode core (one line each). */
function pushLines(js: string, fn: string): string[] {
  const start = js.indexOf(`function ${fn}_grad_core`);
  const body = js.slice(start, js.indexOf('\n}\n', start));
  return body.split('\n').filter((l) => l.includes('tape[tp++]')).map((l) => l.trim());
}

function expectClose(got: Float64Array, want: ArrayLike<number>): void {
  const scale = Math.max(1, ...Array.from(want, Math.abs));
  for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]) / scale).toBeLessThan(1e-6);
}

describe('no snapshot before a loop whose variable was just reset', () => {
  it('llsq: inner is pushed once per outer iteration (at its reset), not again before the loop', async () => {
    const { js } = compileOrThrow(LLSQ, { modes: ['grad'] });
    // At most once: where the outer loop's adjoint is fused, it is not pushed at all.
    expect(pushLines(js, 'llsq').filter((l) => l === 'tape[tp++] = inner;').length).toBeLessThanOrEqual(1);
    const m = await compileAndImport(LLSQ, { modes: ['grad'] });
    const x = Float64Array.from([0.3, -0.2, 0.5, 0.1]);
    const out = new Float64Array(4);
    m.llsq_grad_into(x, 9, out);
    expectClose(out, numericGradientFlat(m.llsq, [x, 9], { wrt: [0] }));
  });

  it('nearest centroid: s is pushed once per candidate, not again before its loop', async () => {
    const { js } = compileOrThrow(NEAREST, { modes: ['grad'] });
    expect(pushLines(js, 'nearest').filter((l) => /= s(_\d+)?;$/.test(l))).toHaveLength(1);
    const m = await compileAndImport(NEAREST, { modes: ['grad', 'hvp'] });
    const p = Float64Array.from([0.1, 0.9, -0.4, 0.3, 0.8, -0.7, 0.2, 0.2]);
    const c = Float64Array.from([0, 0, 1, -1, -0.5, 0.5]);
    const out = new Float64Array(6);
    m.nearest_grad_into(p, c, 2, out);
    expectClose(out, numericGradientFlat(m.nearest, [p, c, 2], { wrt: [1] }));
    // Forward over reverse through the same tape plan: H·1 of this piecewise quadratic is 2·count.
    const g = new Float64Array(6);
    const hv = new Float64Array(6);
    m.nearest_hvp_into(p, c, 2, new Float64Array(6).fill(1), g, hv);
    expectClose(g, out);
    expect(Array.from(hv).reduce((a, b) => a + b, 0)).toBeCloseTo(2 * 2 * 4, 9);
  });
});
