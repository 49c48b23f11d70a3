/**
 * Hand-written gradient of the GMM objective (examples/gmm.ts, ADBench's GMM), written for speed
 * as a careful human would: writes [∂/∂alphas (k), ∂/∂means (k·d), ∂/∂icf (k·d(d+1)/2)] into
 * `out` and returns the objective. No allocation per call (scratch buffers are reused).
 *
 * For point i and component c, with xc = xᵢ − μ_c, y = Q_c·xc (Q_c lower triangular, diagonal
 * e^{q_cj}, strictly lower part L_c) and main_c = α_c + Σⱼ q_cj − ½‖y‖², the point contributes
 * LSE_c(main_c); its derivative is p_c = softmax_c(main_c) times
 *   ∂main/∂α_c = 1,  ∂main/∂q_cj = 1 − y_j·e^{q_cj}·xc_j,  ∂main/∂L_c[r][col] = −y_r·xc_col,
 *   ∂main/∂μ_c = +Q_cᵀ·y.
 * The −n·LSE(α) term adds −n·softmax(α); the Wishart prior ½γ²‖Q‖²_F − m·Σq adds
 * γ²·e^{2q} − m on the diagonal logs and γ²·l on the lower entries.
 * Unlike the primal, e^{q} is computed once per call instead of once per point.
 */

let diag = new Float64Array(0);
let xc = new Float64Array(0);
let qx = new Float64Array(0);
let main = new Float64Array(0);
let sumQs = new Float64Array(0);

function ensureScratch(k, d) {
  if (diag.length < k * d) {
    diag = new Float64Array(k * d);
    xc = new Float64Array(k * d);
    qx = new Float64Array(k * d);
  }
  if (main.length < k) {
    main = new Float64Array(k);
    sumQs = new Float64Array(k);
  }
}

export function gmmGradInto(alphas, means, icf, x, gamma, m, constant, out) {
  const k = alphas.length;
  const d = means.length / k;
  const n = x.length / d;
  const icfSize = (d * (d + 1)) / 2;
  const gM = k;
  const gQ = k + k * d;
  ensureScratch(k, d);
  out.fill(0, 0, gQ + k * icfSize);
  for (let c = 0; c < k; c++) {
    let s = 0;
    for (let j = 0; j < d; j++) {
      const q = icf[c * icfSize + j];
      s += q;
      diag[c * d + j] = Math.exp(q);
    }
    sumQs[c] = s;
  }
  let slse = 0;
  for (let i = 0; i < n; i++) {
    const mx = mainTerms(alphas, means, icf, x, i, k, d, icfSize);
    let total = 0;
    for (let c = 0; c < k; c++) total += main[c] = Math.exp(main[c] - mx);
    slse += Math.log(total) + mx;
    for (let c = 0; c < k; c++) accumulate(main[c] / total, c, icf, d, icfSize, out, gM, gQ);
  }
  let mxA = alphas[0];
  for (let c = 1; c < k; c++) mxA = Math.max(mxA, alphas[c]);
  let sA = 0;
  for (let c = 0; c < k; c++) sA += Math.exp(alphas[c] - mxA);
  const lseA = Math.log(sA) + mxA;
  for (let c = 0; c < k; c++) out[c] -= n * Math.exp(alphas[c] - lseA);
  return constant + slse - n * lseA + prior(icf, k, d, icfSize, gamma, m, out, gQ);
}

/** main[c] for point i (leaving xc and y = Q·xc in the scratch buffers); returns max main[c]. */
function mainTerms(alphas, means, icf, x, i, k, d, icfSize) {
  let mx = -Infinity;
  for (let c = 0; c < k; c++) {
    const base = c * d;
    for (let j = 0; j < d; j++) {
      const v = x[i * d + j] - means[base + j];
      xc[base + j] = v;
      qx[base + j] = diag[base + j] * v;
    }
    let li = c * icfSize + d;
    for (let col = 0; col < d; col++) {
      const v = xc[base + col];
      for (let row = col + 1; row < d; row++) qx[base + row] += icf[li++] * v;
    }
    let sq = 0;
    for (let j = 0; j < d; j++) sq += qx[base + j] * qx[base + j];
    const t = alphas[c] + sumQs[c] - 0.5 * sq;
    main[c] = t;
    if (t > mx) mx = t;
  }
  return mx;
}

/** Adds p·∂main_c/∂(α_c, μ_c, icf_c) for the current point. */
function accumulate(p, c, icf, d, icfSize, out, gM, gQ) {
  const base = c * d;
  const ic = c * icfSize;
  out[c] += p;
  for (let j = 0; j < d; j++) {
    const t = p * qx[base + j] * diag[base + j];
    out[gQ + ic + j] += p - t * xc[base + j];
    out[gM + base + j] += t;
  }
  let li = ic + d;
  for (let col = 0; col < d; col++) {
    const v = p * xc[base + col];
    let gm = 0;
    for (let row = col + 1; row < d; row++) {
      const y = qx[base + row];
      gm += icf[li] * y;
      out[gQ + li] -= v * y;
      li++;
    }
    out[gM + base + col] += p * gm;
  }
}

/** The Wishart prior's parameter-dependent part; adds its gradient. */
function prior(icf, k, d, icfSize, gamma, m, out, gQ) {
  const g2 = gamma * gamma;
  let total = 0;
  for (let c = 0; c < k; c++) {
    const ic = c * icfSize;
    let frobenius = 0;
    let sum = 0;
    for (let j = 0; j < d; j++) {
      const q = icf[ic + j];
      const e2 = Math.exp(2 * q);
      frobenius += e2;
      sum += q;
      out[gQ + ic + j] += g2 * e2 - m;
    }
    for (let j = d; j < icfSize; j++) {
      const l = icf[ic + j];
      frobenius += l * l;
      out[gQ + ic + j] += g2 * l;
    }
    total += 0.5 * g2 * frobenius - m * sum;
  }
  return total;
}
