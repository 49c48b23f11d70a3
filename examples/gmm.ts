/**
 * Negative log-likelihood of a Gaussian mixture model with a Wishart prior, as in ADBench's GMM
 * objective. d dimensions, k components, n points (row-major):
 *   alphas k, means k×d, icf k×(d(d+1)/2) — per component d logs of the diagonal of the inverse
 *   covariance's Cholesky factor Q, then its strictly lower triangle column by column —,
 *   x n×d, and the Wishart prior (gamma, m). `constant` carries the terms that depend on no
 *   parameter (−n·d/2·log 2π and the prior's normalisation, which needs lgamma).
 * @wrt alphas means icf
 */
export function gmmObjective(
  alphas: Float64Array,
  means: Float64Array,
  icf: Float64Array,
  x: Float64Array,
  gamma: number,
  m: number,
  constant: number,
): number {
  const k = alphas.length;
  const d = means.length / k;
  const n = x.length / d;
  const icfSize = (d * (d + 1)) / 2;
  const xc = new Float64Array(d);
  const qx = new Float64Array(d);
  const mainTerm = new Float64Array(k);
  let slse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let sumQs = 0;
      for (let j = 0; j < d; j++) {
        xc[j] = x[i * d + j] - means[c * d + j];
        sumQs += icf[c * icfSize + j];
      }
      qTimesX(d, icf, c * icfSize, xc, qx);
      let sq = 0;
      for (let j = 0; j < d; j++) sq += qx[j] * qx[j];
      mainTerm[c] = alphas[c] + sumQs - 0.5 * sq;
    }
    slse += logSumExp(mainTerm, k);
  }
  return constant + slse - n * logSumExp(alphas, k) + logWishartPrior(icf, k, d, icfSize, gamma, m);
}

/** out = Q·v for the triangular factor Q stored at icf[offset …]: exp(diagonal logs) plus the lower triangle. */
function qTimesX(d: number, icf: Float64Array, offset: number, v: Float64Array, out: Float64Array): void {
  for (let j = 0; j < d; j++) out[j] = Math.exp(icf[offset + j]) * v[j];
  let li = offset + d;
  for (let col = 0; col < d; col++) {
    for (let row = col + 1; row < d; row++) {
      out[row] += icf[li] * v[col];
      li++;
    }
  }
}

function logSumExp(v: Float64Array, len: number): number {
  let mx = v[0];
  for (let j = 1; j < len; j++) mx = Math.max(mx, v[j]);
  let s = 0;
  for (let j = 0; j < len; j++) s += Math.exp(v[j] - mx);
  return Math.log(s) + mx;
}

/** The parameter-dependent part of the Wishart prior: Σₖ ½γ²‖Qₖ‖²_F − m·Σ log diag(Qₖ). */
function logWishartPrior(icf: Float64Array, k: number, d: number, icfSize: number, gamma: number, m: number): number {
  let out = 0;
  for (let c = 0; c < k; c++) {
    let frobenius = 0;
    let sumQs = 0;
    for (let j = 0; j < d; j++) {
      const q = icf[c * icfSize + j];
      frobenius += Math.exp(2 * q);
      sumQs += q;
    }
    for (let j = d; j < icfSize; j++) {
      const l = icf[c * icfSize + j];
      frobenius += l * l;
    }
    out += 0.5 * gamma * gamma * frobenius - m * sumQs;
  }
  return out;
}
