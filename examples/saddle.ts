/**
 * GradBench's saddle eval: min over x of max over y of f(x, y), both by gradient descent, so
 * the outer descent differentiates a loop that takes gradients itself (reverse over reverse).
 * From (1, 1) it reaches GradBench's reference point 8.246324826140356e-6 in every coordinate.
 */
import { grad } from 'adgen/runtime';

/** f(x, y) = (x₁² + x₂²) − (y₁² + y₂²): GradBench's f(x₁, y₁, x₂, y₂) with its points as arrays. */
function cost(x: Float64Array, y: Float64Array): number {
  return x[0] * x[0] + x[1] * x[1] - (y[0] * y[0] + y[1] * y[1]);
}

/** −cost(x, ·) minimised by GradBench's gradient descent from `start`; the argmax lands in y. */
function argmaxY(x: Float64Array, start: Float64Array, y: Float64Array): void {
  y[0] = start[0];
  y[1] = start[1];
  let fy = -cost(x, y);
  const gy = grad(cost, 1)(x, y);
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
        const yp = Float64Array.of(y0, y1);
        const fp = -cost(x, yp);
        if (fp < fy) {
          y[0] = y0;
          y[1] = y1;
          fy = fp;
          const g = grad(cost, 1)(x, y);
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

/** max over y of cost(x, y). */
function r1cost(x: Float64Array, start: Float64Array): number {
  const y = new Float64Array(2);
  argmaxY(x, start, y);
  return cost(x, y);
}

/** max over y of cost(x, y), found by gradient ascent; differentiable in x. @nondiff start */
export function maxCost(x: Float64Array, start: Float64Array): number {
  return r1cost(x, start);
}

/** The saddle point: x minimising max_y cost(x, y) by gradient descent, then y; [x₁, x₂, y₁, y₂]. @nondiff start */
export function saddle(start: Float64Array): Float64Array {
  const x = Float64Array.from(start);
  let fx = r1cost(x, start);
  const gx = grad(r1cost)(x, start);
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
        const xp = Float64Array.of(x0, x1);
        const fp = r1cost(xp, start);
        if (fp < fx) {
          x[0] = x0;
          x[1] = x1;
          fx = fp;
          const g = grad(r1cost)(x, start);
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
  argmaxY(x, start, y);
  return Float64Array.of(x[0], x[1], y[0], y[1]);
}
