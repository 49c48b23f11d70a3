/**
 * Inputs for testing compiled examples: a seeded PRNG and argument builders that respect each
 * example's shapes and domains (known examples get realistic sizes; anything else gets numbers
 * in [0.5, 1.5] and arrays of length 4).
 */
import type { ExportedFunction } from '../../src/ir/types.js';
import type { Arg } from './dual-oracle.js';

/** mulberry32, seeded from a string. */
export function rng(seed: string | number): () => number {
  let s = typeof seed === 'number' ? seed : [...seed].reduce((h, ch) => Math.imul(h ^ ch.charCodeAt(0), 16777619), 2166136261);
  return () => {
    s = (s + 0x6d2b79f5) | 0;
    let t = Math.imul(s ^ (s >>> 15), 1 | s);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const vec = (n: number, r: () => number, lo = -1, hi = 1) => Float64Array.from({ length: n }, () => lo + (hi - lo) * r());

/** Realistic arguments for the known examples; generic ones otherwise. */
export function argsFor(exp: ExportedFunction, r: () => number): Arg[] {
  switch (exp.fn.name) {
    case 'gmmObjective': {
      const d = 3, k = 2, n = 4;
      const icfSize = (d * (d + 1)) / 2;
      return [vec(k, r), vec(k * d, r), vec(k * icfSize, r, -0.5, 0.5), vec(n * d, r), 1.5, 2, -3];
    }
    case 'mlpLoss': {
      const din = 3, h = 4, c = 3, batch = 2;
      return [vec(h * din, r), vec(h, r), vec(c * h, r), vec(c, r), vec(batch * din, r), Int32Array.from([0, 2])];
    }
    case 'logisticLoss':
      return [vec(3, r), r(), vec(5 * 3, r), Float64Array.from([1, -1, 1, 1, -1])];
    case 'baResidual':
      return [Float64Array.from([0.1 + 0.2 * r(), -0.2, 0.3, 0.1, 0.2, -5, 400 + r(), 300, 200, 1e-3, 1e-6]), vec(3, r), 1 + r(), vec(2, r)];
    case 'cubicRoot':
      return [1 + r(), 2 * r() - 1];
    case 'blackScholesCall':
      return [90 + 20 * r(), 100, 0.01 + 0.04 * r(), 0.1 + 0.3 * r(), 0.5 + r()];
    case 'softplus':
      return [(r() - 0.5) * 60];
    case 'leapfrogEnergy': {
      const n = 3;
      return [vec(2 * n, r, -2, 2), vec(2 * n, r, -0.3, 0.3), vec(n, r, 1, 2), 0.01, 8];
    }
    case 'softmaxLogLikelihood':
      return [vec(4, r), 2];
    case 'rootCost':
      return [1 + r(), 2 * r() - 1];
    case 'maxCost':
      return [vec(2, r), Float64Array.of(1, 1)];
    case 'saddle':
      return [Float64Array.of(1, 1)];
    case 'particle':
    case 'trajectoryCost':
      return [0.1 * r()];
    default:
      return exp.paramTypeText.map((t) => (/number\b(?!\[)|^number$/.test(t) && !t.includes('[') ? 0.5 + r() : vec(4, r, 0.5, 1.5)));
  }
}

/** Number of active scalars (flattened in parameter order). */
export function flatSize(exp: ExportedFunction, args: Arg[]): number {
  return exp.fn.params.reduce((n, p, i) => (exp.wrt.includes(p) ? n + (typeof args[i] === 'number' ? 1 : (args[i] as Float64Array).length) : n), 0);
}
