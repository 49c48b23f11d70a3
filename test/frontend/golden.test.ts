/**
 * Golden tests of the printed IR for a few functions, so changes to the lowering show up as a
 * readable diff. Regenerate with UPDATE_SNAPSHOTS=1.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { printFunction } from '../../src/ir/print.js';
import { lowerOk } from './util.js';

const dir = path.join(__dirname, 'golden');

const samples: Record<string, string> = {
  'early-returns': `
    export function softplus(x) {
      if (x > 20) return x;
      if (x < -20) return Math.exp(x);
      return Math.log1p(Math.exp(x));
    }`,
  'loops-break-continue': `
    export function scan(a, t) {
      let s = 0;
      let n = 0;
      for (let i = 0; i < a.length; i++) {
        if (a[i] < 0) continue;
        s += a[i] * a[i];
        n++;
      }
      let k = 0;
      while (k < a.length) {
        if (a[k] > t) break;
        k++;
      }
      return s / n + k;
    }`,
  'helpers-out-params': `
    function rotate(c, s, v, out) {
      out[0] = c * v[0] - s * v[1];
      out[1] = s * v[0] + c * v[1];
    }
    function sq(x) { return x * x; }
    export function spin(theta, x, y) {
      const v = [x, y];
      const w = new Float64Array(2);
      rotate(Math.cos(theta), Math.sin(theta), v, w);
      return sq(w[0]) + sq(w[1]);
    }`,
  'vector-output': `
    export function lorenz(x, y, z, sigma, rho, beta) {
      return [sigma * (y - x), x * (rho - z) - y, x * y - beta * z];
    }
    export function clampAll(v, lo) {
      const out = new Float64Array(v.length);
      for (let i = 0; i < v.length; i++) out[i] = v[i] > lo ? v[i] : lo;
      return out;
    }`,
};

describe('golden IR', () => {
  for (const [name, src] of Object.entries(samples)) {
    it(name, () => {
      const text = lowerOk(src).functions.map((f) => printFunction(f.fn)).join('\n');
      const file = path.join(dir, `${name}.ir`);
      if (process.env.UPDATE_SNAPSHOTS || !existsSync(file)) writeFileSync(file, text);
      expect(text).toBe(readFileSync(file, 'utf8'));
    });
  }
});
