/**
 * GradBench `lse`: LogSumExp with the max trick, written from its primitives (a maximum and a
 * sum), LSE(x) = a + log Σᵢ exp(xᵢ − a) with a = max x.
 */
export function lse(x: Float64Array): number {
  const n = x.length;
  let a = x[0];
  for (let i = 1; i < n; i++) a = Math.max(a, x[i]);
  let s = 0;
  for (let i = 0; i < n; i++) s += Math.exp(x[i] - a);
  return Math.log(s) + a;
}
