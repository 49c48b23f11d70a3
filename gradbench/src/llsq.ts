/**
 * GradBench `llsq` (cmpad's llsq_obj): the linear least-squares objective
 *   y(x) = ½ Σᵢ (sᵢ − x₀ − x₁tᵢ − x₂tᵢ² − …)²,  tᵢ = −1 + 2i/(n − 1),  sᵢ = sign(tᵢ),
 * over n sample points; x holds the m polynomial coefficients.
 * @wrt x
 */
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
}
