/**
 * GradBench `hello`: square(x) = x²; `double` is its derivative, compiled by adgen (2x).
 */
export function square(x: number): number {
  return x * x;
}
