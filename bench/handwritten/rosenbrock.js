/**
 * Hand-written gradient of the n-dimensional Rosenbrock function (examples/rosenbrock.ts),
 * allocation-free: writes ∇f(x) into `out` (length n) and returns f(x).
 * With aᵢ = xᵢ₊₁ − xᵢ² and bᵢ = 1 − xᵢ, term i contributes −400·aᵢ·xᵢ − 2bᵢ to ∂/∂xᵢ and
 * 200·aᵢ to ∂/∂xᵢ₊₁.
 */
export function rosenbrockGradInto(x, out) {
  const n = x.length;
  let s = 0;
  let next = 0; // the contribution 200·aᵢ₋₁ of the previous term to the current coordinate
  for (let i = 0; i < n - 1; i++) {
    const xi = x[i];
    const a = x[i + 1] - xi * xi;
    const b = 1 - xi;
    s += 100 * a * a + b * b;
    out[i] = next - 400 * a * xi - 2 * b;
    next = 200 * a;
  }
  out[n - 1] = next;
  return s;
}
