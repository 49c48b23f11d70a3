/** n-dimensional Rosenbrock function: Σ 100 (x[i+1] − x[i]²)² + (1 − x[i])². Minimum 0 at (1, …, 1). */
export function rosenbrock(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = x[i + 1] - x[i] * x[i];
    const b = 1 - x[i];
    s += 100 * a * a + b * b;
  }
  return s;
}
