/**
 * GradBench `saddle`: min over x ∈ ℝ² of max over y ∈ ℝ² of f(x, y), both by gradient descent
 * from the same start, so the outer descent differentiates the inner one (nested AD); then the
 * argmax y at that x. The output is [x₁, x₂, y₁, y₂].
 *
 * The four functions differ in the mode of each derivative, first letter the argmin's (outer,
 * also used by the final argmax, as the eval asks), second the inner argmax's: `f` is forward
 * mode (adgen's jacfwd), `r` reverse mode (grad). All are compiled by adgen in place.
 */
import { grad, jacfwd } from 'adgen/runtime';

type Mode = 'forward' | 'reverse';

/** GradBench's f(x₁, y₁, x₂, y₂) = (x₁² + y₁²) − (x₂² + y₂²), called with (x[0], x[1], y[0], y[1]). */
function cost(x: Float64Array, y: Float64Array): number {
  return x[0] * x[0] + x[1] * x[1] - (y[0] * y[0] + y[1] * y[1]);
}

/** ∇_y f(x, y) by the given mode. */
function gradY(x: Float64Array, y: Float64Array, mode: Mode): Float64Array {
  if (mode === 'forward') return jacfwd(cost, 1)(x, y);
  return grad(cost, 1)(x, y);
}

/**
 * GradBench's multivariate gradient descent (here ascent on f(x, ·)) from `start` into y: a step
 * is taken while it improves, the rate doubles after 10 accepted steps and halves after a
 * rejected one, until the gradient or the step has norm at most 1e-5.
 */
function argmaxY(x: Float64Array, start: Float64Array, y: Float64Array, mode: Mode): void {
  y[0] = start[0];
  y[1] = start[1];
  let fy = -cost(x, y);
  const gy = gradY(x, y, mode);
  let eta = 1e-5;
  let i = 0;
  let go = true;
  while (go) {
    if (Math.hypot(gy[0], gy[1]) <= 1e-5) {
      go = false;
    } else if (i === 10) {
      eta = 2 * eta;
      i = 0;
    } else {
      const y0 = y[0] + eta * gy[0];
      const y1 = y[1] + eta * gy[1];
      if (Math.hypot(eta * gy[0], eta * gy[1]) <= 1e-5) {
        go = false;
      } else {
        const fp = -cost(x, Float64Array.of(y0, y1));
        if (fp < fy) {
          y[0] = y0;
          y[1] = y1;
          fy = fp;
          const g = gradY(x, y, mode);
          gy[0] = g[0];
          gy[1] = g[1];
          i = i + 1;
        } else {
          eta = eta / 2;
          i = 0;
        }
      }
    }
  }
}

/** max over y of f(x, y), the inner argmax by the given mode. */
function maxOver(x: Float64Array, start: Float64Array, mode: Mode): number {
  const y = new Float64Array(2);
  argmaxY(x, start, y, mode);
  return cost(x, y);
}

function maxF(x: Float64Array, start: Float64Array): number {
  return maxOver(x, start, 'forward');
}

function maxR(x: Float64Array, start: Float64Array): number {
  return maxOver(x, start, 'reverse');
}

/** The same descent over x on `r1`, its gradient from `gradient`; then the argmax y at x by `mode`. */
function saddle(
  r1: (x: Float64Array, start: Float64Array) => number,
  gradient: (x: Float64Array, start: Float64Array) => Float64Array,
  start: Float64Array,
  mode: Mode,
): Float64Array {
  const x = Float64Array.from(start);
  let fx = r1(x, start);
  const gx = gradient(x, start);
  let eta = 1e-5;
  let i = 0;
  let go = true;
  while (go) {
    if (Math.hypot(gx[0], gx[1]) <= 1e-5) {
      go = false;
    } else if (i === 10) {
      eta = 2 * eta;
      i = 0;
    } else {
      const x0 = x[0] - eta * gx[0];
      const x1 = x[1] - eta * gx[1];
      if (Math.hypot(eta * gx[0], eta * gx[1]) <= 1e-5) {
        go = false;
      } else {
        const fp = r1(Float64Array.of(x0, x1), start);
        if (fp < fx) {
          x[0] = x0;
          x[1] = x1;
          fx = fp;
          const g = gradient(x, start);
          gx[0] = g[0];
          gx[1] = g[1];
          i = i + 1;
        } else {
          eta = eta / 2;
          i = 0;
        }
      }
    }
  }
  const y = new Float64Array(2);
  argmaxY(x, start, y, mode);
  return Float64Array.of(x[0], x[1], y[0], y[1]);
}

/** @nondiff start */
export function ff(start: Float64Array): Float64Array {
  return saddle(maxF, (x, s) => jacfwd(maxF)(x, s), start, 'forward');
}

/** @nondiff start */
export function fr(start: Float64Array): Float64Array {
  return saddle(maxR, (x, s) => jacfwd(maxR)(x, s), start, 'forward');
}

/** @nondiff start */
export function rf(start: Float64Array): Float64Array {
  return saddle(maxF, (x, s) => grad(maxF)(x, s), start, 'reverse');
}

/** @nondiff start */
export function rr(start: Float64Array): Float64Array {
  return saddle(maxR, (x, s) => grad(maxR)(x, s), start, 'reverse');
}
