/**
 * GradBench `particle` (Pearlmutter and Siskind's charged particle): the control w that steers a
 * unit charge through the origin, found by gradient descent on the square of where its trajectory
 * crosses the x axis; the trajectory is naive Euler integration pushed by the force −∇ₓ of the
 * potential of two fixed charges, so the objective takes a derivative itself (nested AD).
 *
 * The four functions differ in the mode of each derivative, first letter the argmin's (outer),
 * second the force's (inner): `f` is forward mode (adgen's jacfwd), `r` reverse mode (grad). Both
 * are compiled by adgen into the enclosing code; nothing is differentiated by hand.
 */
import { grad, jacfwd } from 'adgen/runtime';

type Mode = 'forward' | 'reverse';

/** p(x; w) = ‖x − (10, 10 − w)‖⁻¹ + ‖x − (10, 0)‖⁻¹. */
function potential(x0: number, x1: number, w: number): number {
  return 1 / Math.hypot(x0 - 10, x1 - (10 - w)) + 1 / Math.hypot(x0 - 10, x1);
}

/** ∇ₓ p at (x0, x1), by the given mode: [∂p/∂x0, ∂p/∂x1]. */
function gradPotential(x0: number, x1: number, w: number, mode: Mode): Float64Array {
  if (mode === 'forward') return jacfwd(potential, [0, 1])(x0, x1, w);
  return grad(potential, [0, 1])(x0, x1, w);
}

/**
 * From x = (0, 8), ẋ = (0.75, 0), Euler steps of 0.1 while the next position is above the x
 * axis; then linear interpolation to the crossing, whose first coordinate squared is returned.
 */
function naiveEuler(w: number, mode: Mode): number {
  let x0 = 0;
  let x1 = 8;
  let v0 = 0.75;
  let v1 = 0;
  const dt = 0.1;
  let go = true;
  while (go) {
    const g = gradPotential(x0, x1, w, mode);
    const n0 = x0 + dt * v0;
    const n1 = x1 + dt * v1;
    if (n1 > 0) {
      x0 = n0;
      x1 = n1;
      v0 = v0 - dt * g[0];
      v1 = v1 - dt * g[1];
    } else {
      go = false;
    }
  }
  const dtf = -x1 / v1;
  const xf = x0 + dtf * v0;
  return xf * xf;
}

function eulerF(w: number): number {
  return naiveEuler(w, 'forward');
}

function eulerR(w: number): number {
  return naiveEuler(w, 'reverse');
}

/**
 * GradBench's one-dimensional gradient descent from w0: a step is taken while it lowers the cost,
 * the rate doubles after 10 accepted steps and halves after a rejected one, until the gradient
 * or the step is at most 1e-5.
 */
function argmin(cost: (w: number) => number, gradient: (w: number) => number, w0: number): number {
  let w = w0;
  let fw = cost(w);
  let gw = gradient(w);
  let eta = 1e-5;
  let i = 0;
  let go = true;
  while (go) {
    if (Math.abs(gw) <= 1e-5) {
      go = false;
    } else if (i === 10) {
      eta = 2 * eta;
      i = 0;
    } else {
      const wp = w - eta * gw;
      if (Math.abs(eta * gw) <= 1e-5) {
        go = false;
      } else {
        const fp = cost(wp);
        if (fp < fw) {
          w = wp;
          fw = fp;
          gw = gradient(w);
          i = i + 1;
        } else {
          eta = eta / 2;
          i = 0;
        }
      }
    }
  }
  return w;
}

/** @nondiff w0 */
export function ff(w0: number): number {
  return argmin(eulerF, (w) => jacfwd(eulerF)(w), w0);
}

/** @nondiff w0 */
export function fr(w0: number): number {
  return argmin(eulerR, (w) => jacfwd(eulerR)(w), w0);
}

/** @nondiff w0 */
export function rf(w0: number): number {
  return argmin(eulerF, (w) => grad(eulerF)(w), w0);
}

/** @nondiff w0 */
export function rr(w0: number): number {
  return argmin(eulerR, (w) => grad(eulerR)(w), w0);
}
