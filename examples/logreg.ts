/**
 * Logistic-regression loss over a dataset: Σᵢ log(1 + exp(−yᵢ (w·xᵢ + b))) with labels yᵢ ∈ {−1, 1}.
 * X holds the n rows of d features one after another (n = y.length, d = w.length).
 * @wrt w b
 * @check [0.3, -0.2], 0.15, [1, 2, -1, 0.5, 0.3, -1], [1, -1, 1]
 */
export function logisticLoss(w: Float64Array, b: number, X: Float64Array, y: Float64Array): number {
  const n = y.length;
  const d = w.length;
  let loss = 0;
  for (let i = 0; i < n; i++) {
    let z = b;
    for (let j = 0; j < d; j++) {
      z += w[j] * X[i * d + j];
    }
    loss += softplus(-y[i] * z);
  }
  return loss;
}

/** log(1 + eᵗ) without overflow. */
function softplus(t: number): number {
  return Math.max(t, 0) + Math.log1p(Math.exp(-Math.abs(t)));
}
