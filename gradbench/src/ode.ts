/**
 * GradBench `ode` (cmpad's an_ode): s classical Runge–Kutta steps over t ∈ [0, 2] of
 *   y₀′ = x₀,  yᵢ′ = xᵢ·yᵢ₋₁ (i > 0),  y(0) = 0,
 * returning y(2). The eval's gradient is that of the last component, a VJP with a unit vector.
 * @wrt x
 */
export function ode(x: Float64Array, s: number): Float64Array {
  const n = x.length;
  const h = 2 / s;
  const y = new Float64Array(n);
  const k1 = new Float64Array(n);
  const k2 = new Float64Array(n);
  const k3 = new Float64Array(n);
  const k4 = new Float64Array(n);
  const yTmp = new Float64Array(n);
  for (let step = 0; step < s; step++) {
    derivative(n, x, y, k1);
    for (let i = 0; i < n; i++) yTmp[i] = y[i] + (h * k1[i]) / 2;
    derivative(n, x, yTmp, k2);
    for (let i = 0; i < n; i++) yTmp[i] = y[i] + (h * k2[i]) / 2;
    derivative(n, x, yTmp, k3);
    for (let i = 0; i < n; i++) yTmp[i] = y[i] + h * k3[i];
    derivative(n, x, yTmp, k4);
    for (let i = 0; i < n; i++) y[i] += (h * (k1[i] + 2 * k2[i] + 2 * k3[i] + k4[i])) / 6;
  }
  return y;
}

/** z = y′ at state y: z₀ = x₀, zᵢ = xᵢ·yᵢ₋₁. */
function derivative(n: number, x: Float64Array, y: Float64Array, z: Float64Array): void {
  z[0] = x[0];
  for (let i = 1; i < n; i++) z[i] = x[i] * y[i - 1];
}
