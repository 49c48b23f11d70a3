/**
 * Newton's method with a fixed step count: the real root of x³ + a·x − b = 0 (a > 0). Its
 * derivatives with respect to a and b are those of the implicit function, reached by
 * differentiating through the iterations.
 */
export function cubicRoot(a: number, b: number): number {
  let x = 1;
  for (let k = 0; k < 30; k++) {
    const fx = x * x * x + a * x - b;
    const dfx = 3 * x * x + a;
    x = x - fx / dfx;
  }
  return x;
}
