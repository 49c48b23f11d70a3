/**
 * A leapfrog (kick–drift–kick) integrator of n gravitating bodies in the plane whose forces are
 * the gradient of the potential, taken in the source with `grad` from adgen/runtime. The compiled
 * module differentiates the final energy with respect to the initial state, the masses and the
 * step: reverse mode over the inlined reverse-mode forces. Uncompiled, the file still runs
 * (adgen/runtime's grad is finite differences there).
 */
import { grad } from 'adgen/runtime';

/** Softened pairwise gravitational potential; q = [x₀, y₀, x₁, y₁, …]. */
function potential(q: Float64Array, m: Float64Array): number {
  let e = 0;
  for (let i = 0; i < m.length; i++) {
    for (let j = i + 1; j < m.length; j++) {
      const dx = q[2 * i] - q[2 * j];
      const dy = q[2 * i + 1] - q[2 * j + 1];
      e -= (m[i] * m[j]) / Math.sqrt(dx * dx + dy * dy + 0.01);
    }
  }
  return e;
}

function kinetic(p: Float64Array, m: Float64Array): number {
  let e = 0;
  for (let i = 0; i < m.length; i++) e += (p[2 * i] * p[2 * i] + p[2 * i + 1] * p[2 * i + 1]) / (2 * m[i]);
  return e;
}

/**
 * Total energy after `steps` leapfrog (velocity Verlet) steps of size h from positions q0 and
 * momenta p0. The force at the end of one step is the force at the start of the next, so it is
 * computed steps + 1 times, at one place. @nondiff steps
 * @check [0, 0, 1, 0], [0, 0.5, 0, -0.5], [1, 1], 0.01, 10
 */
export function leapfrogEnergy(q0: Float64Array, p0: Float64Array, m: Float64Array, h: number, steps: number): number {
  const q = Float64Array.from(q0);
  const p = Float64Array.from(p0);
  for (let s = 0; s <= steps; s++) {
    const f = grad(potential)(q, m);
    // Close the previous step with a half kick, then open the next one: half kick and drift.
    for (let k = 0; k < q.length; k++) p[k] -= (s > 0 ? 0.5 * h : 0) * f[k];
    if (s < steps) {
      for (let k = 0; k < q.length; k++) p[k] -= 0.5 * h * f[k];
      for (let k = 0; k < q.length; k++) q[k] += (h * p[k]) / m[Math.floor(k / 2)];
    }
  }
  return potential(q, m) + kinetic(p, m);
}
