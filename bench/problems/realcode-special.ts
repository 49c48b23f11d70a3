/**
 * Special functions as the classic numerical libraries write them (rational approximations,
 * series and branches on the argument's range), and a sum of each over a sample, as a
 * log-likelihood or a loss would use them.
 */

/** Bessel J0 (Numerical Recipes' bessj0): a rational fit below 8, the asymptotic form above. */
export function besselJ0(x: number): number {
  const ax = Math.abs(x);
  if (ax < 8.0) {
    const y = x * x;
    const ans1 = 57568490574.0 + y * (-13362590354.0 + y * (651619640.7 + y * (-11214424.18 + y * (77392.33017 + y * -184.9052456))));
    const ans2 = 57568490411.0 + y * (1029532985.0 + y * (9494680.718 + y * (59272.64853 + y * (267.8532712 + y * 1.0))));
    return ans1 / ans2;
  }
  const z = 8.0 / ax;
  const y = z * z;
  const xx = ax - 0.785398164;
  const ans1 = 1.0 + y * (-0.1098628627e-2 + y * (0.2734510407e-4 + y * (-0.2073370639e-5 + y * 0.2093887211e-6)));
  const ans2 = -0.1562499995e-1 + y * (0.1430488765e-3 + y * (-0.6911147651e-5 + y * (0.7621095161e-6 - y * 0.934935152e-7)));
  return Math.sqrt(0.636619772 / ax) * (Math.cos(xx) * ans1 - z * Math.sin(xx) * ans2);
}

/** ln Γ(x) for x > 0 by Lanczos' series (Numerical Recipes' gammln, six coefficients). */
export function logGamma(x: number): number {
  const cof = [76.18009172947146, -86.50532032941677, 24.01409824083091, -1.231739572450155, 0.1208650973866179e-2, -0.5395239384953e-5];
  let y = x;
  let tmp = x + 5.5;
  tmp -= (x + 0.5) * Math.log(tmp);
  let ser = 1.000000000190015;
  for (let j = 0; j < 6; j++) {
    y += 1;
    ser += cof[j] / y;
  }
  return -tmp + Math.log((2.5066282746310005 * ser) / x);
}

/** erf(x) from Numerical Recipes' erfcc: a Chebyshev fit of erfc, exact to 1.2e-7 everywhere. */
export function erf(x: number): number {
  const z = Math.abs(x);
  const t = 1.0 / (1.0 + 0.5 * z);
  const ans = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 +
    t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? 1 - ans : ans - 1;
}

export function sumBesselJ0(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += besselJ0(x[i]);
  return s;
}

export function sumLogGamma(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += logGamma(x[i]);
  return s;
}

export function sumErf(x: Float64Array): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += erf(x[i]);
  return s;
}
