/**
 * The functions of the notebook adgen grew from.
 */

/** f(x, y) = x²y + y + 2; at (3, 4): value 42, gradient [24, 10], Hessian [[8, 6], [6, 0]]. */
export function f(x: number, y: number): number {
  return x * x * y + y + 2;
}

/** z(x) = sin(x²); z′(3) = 6·cos 9 ≈ −5.4676. */
export function z(x: number): number {
  return Math.sin(x ** 2);
}
