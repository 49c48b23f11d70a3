/**
 * GradBench's particle eval (Pearlmutter and Siskind's charged particle): an optimisation whose
 * objective itself contains derivatives — the force on the particle is −∇ of the potential,
 * taken inside the Euler loop, and the control is found by gradient descent on that loop.
 * Reverse mode over reverse mode; the result is GradBench's reference 0.2071918746486116.
 */
import { grad } from 'adgen/runtime';

/** Electric potential at (x0, x1) of unit charges at (10, 10 − w) and (10, 0). */
function potential(x0: number, x1: number, w: number): number {
  return 1 / Math.hypot(x0 - 10, x1 - (10 - w)) + 1 / Math.hypot(x0 - 10, x1);
}

/**
 * Naive Euler integration of a unit charge from (0, 8) with velocity (0.75, 0), pushed by the
 * force −∇ₓ potential, until it crosses the x axis; the square of where it crosses (by linear
 * interpolation) is the cost of the control w.
 */
function naiveEuler(w: number): number {
  let x0 = 0;
  let x1 = 8;
  let v0 = 0.75;
  let v1 = 0;
  const dt = 0.1;
  let go = true;
  while (go) {
    const a0 = -grad(potential, 0)(x0, x1, w);
    const a1 = -grad(potential, 1)(x0, x1, w);
    const n0 = x0 + dt * v0;
    const n1 = x1 + dt * v1;
    if (n1 > 0) {
      x0 = n0;
      x1 = n1;
      v0 = v0 + dt * a0;
      v1 = v1 + dt * a1;
    } else {
      go = false;
    }
  }
  const dtf = -x1 / v1;
  const xf = x0 + dtf * v0;
  return xf * xf;
}

/**
 * The cost of a control w: its gradient differentiates the Euler loop and the forces inside it.
 * @check 0
 */
export function trajectoryCost(w: number): number {
  return naiveEuler(w);
}

/** The control w that steers the particle through the origin, by GradBench's gradient descent from w0. @nondiff w0 */
export function particle(w0: number): number {
  let w = w0;
  let fw = naiveEuler(w);
  let gw = grad(naiveEuler)(w);
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
        const fp = naiveEuler(wp);
        if (fp < fw) {
          w = wp;
          fw = fp;
          gw = grad(naiveEuler)(w);
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
