/**
 * A function from an npm package, with a derivative the source supplies: J₀ from
 * @stdlib/math-base-special-besselj0, which adgen calls instead of compiling (the import's JSDoc
 * names its rule), so the generated module imports that package — the one case where the output
 * is not standalone. The rule J₀′ = −J₁ computes J₁ here, by Bessel's integral, in code adgen
 * compiles; second derivatives differentiate the rule.
 *
 * @vjp besselj0 besselj0Vjp
 */
import besselj0 from '@stdlib/math-base-special-besselj0';

/** J₁(x) = (1/π) ∫₀^π cos(t − x sin t) dt, by the trapezoid rule (geometric convergence, |x| ≲ 30). */
function besselj1(x: number): number {
  const n = 64;
  let s = 0.5 * (1 + Math.cos(Math.PI));
  for (let k = 1; k < n; k++) {
    const t = (Math.PI * k) / n;
    s += Math.cos(t - x * Math.sin(t));
  }
  return s / n;
}

function besselj0Vjp(x: number, g: number): number {
  return -g * besselj1(x);
}

/**
 * Height of a circular drum's fundamental mode at radius r (drum radius a, amplitude c):
 * c · J₀(z₀₁ r / a), with z₀₁ the first zero of J₀.
 */
export function drumMode(r: number, a: number, c: number): number {
  return c * besselj0((2.404825557695773 * r) / a);
}
