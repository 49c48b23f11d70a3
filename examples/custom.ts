/**
 * Custom derivative rules: a helper whose JSDoc names a rule (`@vjp name` or `@jvp name`) is
 * differentiated by that rule instead of through its body. The source stays plain TypeScript:
 * the rules are ordinary functions. Three typical uses: a numerically stable derivative, a
 * derivative that reuses the primal's work, and an iterative solver differentiated by the
 * implicit function theorem instead of through its iterations.
 */

/** log(1 + eˣ); its derivative 1 / (1 + e⁻ˣ) stays finite where e^x overflows. @vjp softplusVjp */
function softplus(x: number): number {
  return x > 30 ? x : Math.log(1 + Math.exp(x));
}
function softplusVjp(x: number, g: number): number {
  return g / (1 + Math.exp(-x));
}

/** log Σ eˣⁱ, shifted by the maximum; its gradient is the softmax. @vjp logSumExpVjp */
function logSumExp(xs: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}
/** The rule may take the helper's value (here `lse`) instead of recomputing it. */
function logSumExpVjp(xs: Float64Array, g: number, lse: number): Float64Array {
  const out = new Float64Array(xs.length);
  for (let i = 0; i < xs.length; i++) out[i] = g * Math.exp(xs[i] - lse);
  return out;
}

/**
 * The root x of x³ + a·x − b by 50 Newton steps. Its derivative by the implicit function
 * theorem: with F(x; a, b) = x³ + a·x − b = 0, ∂x/∂a = −x / (3x² + a), ∂x/∂b = 1 / (3x² + a).
 * @vjp rootVjp
 */
function cubicRoot(a: number, b: number): number {
  let x = 1;
  for (let k = 0; k < 50; k++) x = x - (x * x * x + a * x - b) / (3 * x * x + a);
  return x;
}
function rootVjp(a: number, b: number, g: number, x: number): number[] {
  const d = 3 * x * x + a;
  return [(-g * x) / d, g / d];
}

/** A smooth hinge loss with a softplus link. */
export function softplusLoss(w: number, x: number, y: number): number {
  return softplus(-y * w * x) + 0.01 * w * w;
}

/** Log-likelihood of class k under logits z = w·x (a softmax classifier, one sample). */
export function softmaxLogLikelihood(z: Float64Array, k: number): number {
  return z[Math.round(k)] - logSumExp(z);
}

/** A cost depending on the root of a cubic: differentiated without unrolling Newton's loop. */
export function rootCost(a: number, b: number): number {
  const x = cubicRoot(a, b);
  return x * x + a * b;
}
