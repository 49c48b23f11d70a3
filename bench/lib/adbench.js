/**
 * Readers for the ADBench input files (GMM and bundle adjustment), as described in
 * shared/DESIGN.md "Data", and the GMM objective's constant term.
 *
 * GMM: `d k n`, k alphas, k×d means, k×d(d+1)/2 icf, n×d points, then `gamma m`. If a file holds
 * fewer point rows than n, the rows are replicated cyclically up to n (as ADBench's own reader
 * does for its shortened files). BA: `n m p`, then one camera (11), one point (3), one weight and
 * one feature (2), which ADBench replicates to n cameras, m points and p observations.
 *
 * examples/gmm.ts takes the parameter-free terms as one `constant`:
 *   −n·d/2·log 2π − k·C,  C = n_w·d·(log γ − ½ log 2) − log Γ_d(n_w/2),  n_w = d + m + 1,
 * with the multivariate log-gamma log Γ_d(a) = d(d−1)/4·log π + Σⱼ₌₁..d lgamma(a + (1 − j)/2).
 */
import { existsSync, readFileSync } from 'node:fs';

/** Whitespace-separated numbers of a file. */
function numbers(file) {
  return readFileSync(file, 'utf8').trim().split(/\s+/).map(Number);
}

/** Reads a GMM file: `{ d, k, n, alphas, means, icf, x, gamma, m, rowsInFile }`. */
export function readGmm(file) {
  const t = numbers(file);
  const [d, k, n] = t;
  const icfSize = (d * (d + 1)) / 2;
  let at = 3;
  const take = (count) => Float64Array.from(t.slice(at, (at += count)));
  const alphas = take(k);
  const means = take(k * d);
  const icf = take(k * icfSize);
  const rowsInFile = Math.min(n, Math.floor((t.length - at - 2) / d));
  const rows = take(rowsInFile * d);
  const [gamma, m] = t.slice(t.length - 2);
  const x = new Float64Array(n * d);
  for (let i = 0; i < n; i++) x.set(rows.subarray((i % rowsInFile) * d, (i % rowsInFile + 1) * d), i * d);
  return { d, k, n, alphas, means, icf, x, gamma, m, rowsInFile };
}

/** Reads a BA file: `{ n, m, p, cam, X, w, feat }` (one of each; ADBench replicates them). */
export function readBa(file) {
  const t = numbers(file);
  const [n, m, p] = t;
  return {
    n, m, p,
    cam: Float64Array.from(t.slice(3, 14)),
    X: Float64Array.from(t.slice(14, 17)),
    w: t[17],
    feat: Float64Array.from(t.slice(18, 20)),
  };
}

export const exists = existsSync;

// Lanczos approximation (g = 7, 9 coefficients): |error| ~1e-15 for positive arguments.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];

/** log Γ(x) for x > 0. */
export function lgamma(x) {
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0];
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Multivariate log-gamma log Γ_p(a). */
export function lgammaMultivariate(a, p) {
  let out = 0.25 * p * (p - 1) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) out += lgamma(a + 0.5 * (1 - j));
  return out;
}

/** The GMM objective's parameter-free terms (see the header). */
export function gmmConstant({ d, k, n, gamma, m }) {
  const nw = d + m + 1;
  const C = nw * d * (Math.log(gamma) - 0.5 * Math.log(2)) - lgammaMultivariate(0.5 * nw, d);
  return -n * d * 0.5 * Math.log(2 * Math.PI) - k * C;
}
