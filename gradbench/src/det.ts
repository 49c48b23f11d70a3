/**
 * GradBench `det`: the determinant of the ℓ×ℓ matrix a (row-major) by expansion by minors along
 * the first row, recursively — written without recursion, which adgen does not accept: every
 * minor that the recursion reaches is the determinant of the bottom rows restricted to a set of
 * columns, so the minors are computed bottom-up over column sets (bit masks, smaller sets
 * first), each once. Same expansion and the same value (up to rounding), but O(ℓ·2^ℓ) work
 * instead of the reference's O(ℓ!), so its timings are not comparable with the eval's reference.
 * @wrt a
 */
export function det(a: Float64Array, ell: number): number {
  const size = 2 ** ell;
  const minors = new Float64Array(size);
  minors[0] = 1;
  for (let mask = 1; mask < size; mask++) {
    let count = 0;
    let rest = mask;
    while (rest > 0) {
      count += rest % 2;
      rest = Math.floor(rest / 2);
    }
    // Expand the minor of rows ell − count … ell − 1 and the columns in mask along its first row.
    const row = ell - count;
    let sum = 0;
    let sign = 1;
    let bit = 1;
    rest = mask;
    for (let j = 0; j < ell; j++) {
      if (rest % 2 === 1) {
        sum += sign * a[row * ell + j] * minors[mask - bit];
        sign = -sign;
      }
      rest = Math.floor(rest / 2);
      bit *= 2;
    }
    minors[mask] = sum;
  }
  return minors[size - 1];
}
