/**
 * GradBench `gmm`: the log posterior of a Gaussian mixture model with a Wishart prior on the
 * precision matrices, as the eval defines it (after its algebraic simplifications):
 *   −N(D/2·log 2π + lse(α)) + Σᵢ lse(βᵢ)
 *   + K(nD·log(γ/√2) − log Γ_D(n/2)) − Σₖ(γ²/2·‖Qₖ‖²_F − m·Σⱼ qₖⱼ),   n = D + m + 1,
 *   βᵢₖ = αₖ + Σⱼ qₖⱼ − ½‖Qₖ(xᵢ − μₖ)‖²,
 * where Qₖ is lower triangular with diagonal exp(qₖ) and strict lower triangle lₖ, filled column
 * by column. Arrays are flat and row-major: alpha K, mu K×D, q K×D, l K×D(D−1)/2, x N×D.
 * @wrt alpha mu q l
 */
export function gmm(
  alpha: Float64Array,
  mu: Float64Array,
  q: Float64Array,
  l: Float64Array,
  x: Float64Array,
  m: number,
  gamma: number,
): number {
  const k = alpha.length;
  const d = mu.length / k;
  const n = x.length / d;
  const lSize = (d * (d - 1)) / 2;
  const centered = new Float64Array(d);
  const qCentered = new Float64Array(d);
  const beta = new Float64Array(k);
  let sumLse = 0;
  for (let i = 0; i < n; i++) {
    for (let c = 0; c < k; c++) {
      let sumQ = 0;
      for (let j = 0; j < d; j++) {
        centered[j] = x[i * d + j] - mu[c * d + j];
        sumQ += q[c * d + j];
      }
      qTimes(d, q, l, c * d, c * lSize, centered, qCentered);
      let sq = 0;
      for (let j = 0; j < d; j++) sq += qCentered[j] * qCentered[j];
      beta[c] = alpha[c] + sumQ - 0.5 * sq;
    }
    sumLse += logSumExp(beta, k);
  }
  const likelihood = -n * d * 0.5 * Math.log(2 * Math.PI) + sumLse - n * logSumExp(alpha, k);
  return likelihood + logWishartPrior(q, l, k, d, lSize, m, gamma);
}

/** out = Qₖ·v, Qₖ from q[qOff …] (log-diagonal) and l[lOff …] (strict lower triangle by columns). */
function qTimes(
  d: number,
  q: Float64Array,
  l: Float64Array,
  qOff: number,
  lOff: number,
  v: Float64Array,
  out: Float64Array,
): void {
  for (let j = 0; j < d; j++) out[j] = Math.exp(q[qOff + j]) * v[j];
  let li = lOff;
  for (let col = 0; col < d; col++) {
    for (let row = col + 1; row < d; row++) {
      out[row] += l[li] * v[col];
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

/** log p(θ): the Wishart prior of every component, its normalising constant included. */
function logWishartPrior(
  q: Float64Array,
  l: Float64Array,
  k: number,
  d: number,
  lSize: number,
  m: number,
  gamma: number,
): number {
  const dof = d + m + 1;
  const constant = dof * d * (Math.log(gamma) - 0.5 * Math.log(2)) - logMultiGamma(0.5 * dof, d);
  let out = 0;
  for (let c = 0; c < k; c++) {
    let frobenius = 0;
    let sumQ = 0;
    for (let j = 0; j < d; j++) {
      const qj = q[c * d + j];
      const diag = Math.exp(qj);
      frobenius += diag * diag;
      sumQ += qj;
    }
    for (let j = 0; j < lSize; j++) frobenius += l[c * lSize + j] * l[c * lSize + j];
    out += 0.5 * gamma * gamma * frobenius - m * sumQ;
  }
  return k * constant - out;
}

/** log Γ_p(a) = p(p−1)/4·log π + Σⱼ log Γ(a + (1 − j)/2), for a a multiple of ½ (as here). */
function logMultiGamma(a: number, p: number): number {
  let out = 0.25 * p * (p - 1) * Math.log(Math.PI);
  for (let j = 1; j <= p; j++) out += logGammaHalf(2 * a + 1 - j);
  return out;
}

/** log Γ(t/2) for an integer t ≥ 1: Γ(k) = (k − 1)! and Γ(k + ½) = √π·Π (i − ½). */
function logGammaHalf(t: number): number {
  let out = 0;
  if (t % 2 === 0) {
    for (let i = 2; i < t / 2; i++) out += Math.log(i);
  } else {
    out = 0.5 * Math.log(Math.PI);
    for (let i = 1; i <= (t - 1) / 2; i++) out += Math.log(i - 0.5);
  }
  return out;
}
