/**
 * Hand-written gradients of the notebook's functions (examples/notebook.ts), allocation-free:
 * each writes the gradient into `out` and returns the value.
 *   f(x, y) = x²y + y + 2:  ∂f/∂x = 2xy,  ∂f/∂y = x² + 1
 *   z(x) = sin(x²):         z′(x) = 2x·cos(x²)
 */
export function fGradInto(x, y, out) {
  const xx = x * x;
  out[0] = 2 * x * y;
  out[1] = xx + 1;
  return xx * y + y + 2;
}

export function zGradInto(x, out) {
  const xx = x * x;
  out[0] = 2 * x * Math.cos(xx);
  return Math.sin(xx);
}
