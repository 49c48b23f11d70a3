/**
 * Statistics reductions as numeric libraries write them: Kahan's compensated sum, Welford's
 * one-pass variance and the two-pass Pearson correlation.
 */

/** Σ x[i] with Kahan's compensation: c carries the low-order bits lost by each addition. */
export function kahanSum(x: Float64Array): number {
  let sum = 0;
  let c = 0;
  for (let i = 0; i < x.length; i++) {
    const y = x[i] - c;
    const t = sum + y;
    c = t - sum - y;
    sum = t;
  }
  return sum;
}

/** The sample variance by Welford's update of the running mean and sum of squared deviations. */
export function variance(x: Float64Array): number {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < x.length; i++) {
    const delta = x[i] - mean;
    mean += delta / (i + 1);
    m2 += delta * (x[i] - mean);
  }
  return m2 / (x.length - 1);
}

/** Pearson's correlation of x and y: the means first, then the centred sums of products. */
export function correlation(x: Float64Array, y: Float64Array): number {
  const n = x.length;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i];
    my += y[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = x[i] - mx;
    const dy = y[i] - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxy / Math.sqrt(sxx * syy);
}
