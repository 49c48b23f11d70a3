/**
 * Hand-written gradient of the logistic-regression loss (examples/logreg.ts), allocation-free:
 * writes [∂/∂w (d values), ∂/∂b] into `out` and returns the loss Σᵢ softplus(−yᵢ·zᵢ),
 * zᵢ = w·xᵢ + b. With tᵢ = −yᵢ·zᵢ, ∂loss/∂zᵢ = −yᵢ·σ(tᵢ); σ and softplus share e = exp(−|t|):
 * softplus(t) = max(t, 0) + log1p(e), σ(t) = 1/(1 + e) for t ≥ 0 and e/(1 + e) otherwise.
 */
export function logisticGradInto(w, b, X, y, out) {
  const n = y.length;
  const d = w.length;
  for (let j = 0; j <= d; j++) out[j] = 0;
  let loss = 0;
  let gb = 0;
  for (let i = 0; i < n; i++) {
    const row = i * d;
    let z = b;
    for (let j = 0; j < d; j++) z += w[j] * X[row + j];
    const t = -y[i] * z;
    const e = Math.exp(-Math.abs(t));
    loss += Math.max(t, 0) + Math.log1p(e);
    const dz = -y[i] * (t >= 0 ? 1 / (1 + e) : e / (1 + e));
    for (let j = 0; j < d; j++) out[j] += dz * X[row + j];
    gb += dz;
  }
  out[d] = gb;
  return loss;
}
