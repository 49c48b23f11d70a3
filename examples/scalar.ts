/**
 * Realistic scalar functions: a little physics, statistics and finance.
 */

/** Range of a projectile launched at speed v and angle theta (radians) under gravity g, with drag ignored. */
export function projectileRange(v: number, theta: number, g: number): number {
  return (v * v * Math.sin(2 * theta)) / g;
}

/** Numerically stable softplus log(1 + eˣ), with a branch as real code has one. */
export function softplus(x: number): number {
  if (x > 20) return x;
  if (x < -20) return Math.exp(x);
  return Math.log1p(Math.exp(x));
}

/** Negative log-density of a normal distribution at x with mean mu and standard deviation sigma. */
export function normalNll(x: number, mu: number, sigma: number): number {
  const z = (x - mu) / sigma;
  return 0.5 * z * z + Math.log(sigma) + 0.5 * Math.log(2 * Math.PI);
}

/** Black–Scholes price of a European call (spot s, strike k, rate r, volatility sigma, time t). */
export function blackScholesCall(s: number, k: number, r: number, sigma: number, t: number): number {
  const sq = sigma * Math.sqrt(t);
  const d1 = (Math.log(s / k) + (r + 0.5 * sigma * sigma) * t) / sq;
  const d2 = d1 - sq;
  return s * normalCdf(d1) - k * Math.exp(-r * t) * normalCdf(d2);
}

/** Standard normal CDF by the Abramowitz–Stegun 7.1.26 approximation of erf (|error| < 1.5e-7). */
function normalCdf(x: number): number {
  const z = Math.abs(x) / Math.SQRT2;
  const t = 1 / (1 + 0.3275911 * z);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  const erf = 1 - poly * Math.exp(-z * z);
  return x >= 0 ? 0.5 * (1 + erf) : 0.5 * (1 - erf);
}

/** Two-link planar arm: distance² from the end effector to a target (tx, ty). */
export function armReach(q1: number, q2: number, tx: number, ty: number): number {
  const l1 = 1.0;
  const l2 = 0.7;
  const x = l1 * Math.cos(q1) + l2 * Math.cos(q1 + q2);
  const y = l1 * Math.sin(q1) + l2 * Math.sin(q1 + q2);
  return Math.hypot(x - tx, y - ty) ** 2;
}
