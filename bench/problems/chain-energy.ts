/**
 * The total energy of a planar five-link pendulum chain (a small robot arm hanging from a fixed
 * base), as a user would write it for a simulator or a trajectory optimizer: 10 inputs (the five
 * relative joint angles q1…q5 and the five relative joint rates w1…w5), straight-line code of
 * about 130 operations (+ − * and Math.sin/cos/exp/log), one number out.
 *
 * Energy = kinetic (point masses at the link ends) + gravity + nonlinear joint springs + a soft
 * contact penalty keeping the tip above the floor. It is compiled at bench time with `compile()`
 * (bench/problems/chain.js) and written a second time against the runtime's Ops interface there,
 * operation for operation, for the graph, tape, dual numbers and TF.js.
 */
export function chainEnergy(
  q1: number, q2: number, q3: number, q4: number, q5: number,
  w1: number, w2: number, w3: number, w4: number, w5: number,
): number {
  // Absolute link angles and angular velocities (each joint is relative to the previous link).
  const th1 = q1;
  const th2 = th1 + q2;
  const th3 = th2 + q3;
  const th4 = th3 + q4;
  const th5 = th4 + q5;
  const om1 = w1;
  const om2 = om1 + w2;
  const om3 = om2 + w3;
  const om4 = om3 + w4;
  const om5 = om4 + w5;
  const c1 = Math.cos(th1);
  const s1 = Math.sin(th1);
  const c2 = Math.cos(th2);
  const s2 = Math.sin(th2);
  const c3 = Math.cos(th3);
  const s3 = Math.sin(th3);
  const c4 = Math.cos(th4);
  const s4 = Math.sin(th4);
  const c5 = Math.cos(th5);
  const s5 = Math.sin(th5);
  // Link ends (lengths 0.9, 0.8, 0.7, 0.6, 0.5; y points up, the base at the origin).
  const x1 = 0.9 * s1;
  const y1 = -0.9 * c1;
  const x2 = x1 + 0.8 * s2;
  const y2 = y1 - 0.8 * c2;
  const x3 = x2 + 0.7 * s3;
  const y3 = y2 - 0.7 * c3;
  const x4 = x3 + 0.6 * s4;
  const y4 = y3 - 0.6 * c4;
  const x5 = x4 + 0.5 * s5;
  const y5 = y4 - 0.5 * c5;
  // Their velocities.
  const vx1 = 0.9 * c1 * om1;
  const vy1 = 0.9 * s1 * om1;
  const vx2 = vx1 + 0.8 * c2 * om2;
  const vy2 = vy1 + 0.8 * s2 * om2;
  const vx3 = vx2 + 0.7 * c3 * om3;
  const vy3 = vy2 + 0.7 * s3 * om3;
  const vx4 = vx3 + 0.6 * c4 * om4;
  const vy4 = vy3 + 0.6 * s4 * om4;
  const vx5 = vx4 + 0.5 * c5 * om5;
  const vy5 = vy4 + 0.5 * s5 * om5;
  // Kinetic energy of the masses 2.0, 1.6, 1.2, 0.8, 0.5 (kg).
  const kinetic =
    0.5 *
    (2.0 * (vx1 * vx1 + vy1 * vy1) +
      1.6 * (vx2 * vx2 + vy2 * vy2) +
      1.2 * (vx3 * vx3 + vy3 * vy3) +
      0.8 * (vx4 * vx4 + vy4 * vy4) +
      0.5 * (vx5 * vx5 + vy5 * vy5));
  const gravity = 9.81 * (2.0 * y1 + 1.6 * y2 + 1.2 * y3 + 0.8 * y4 + 0.5 * y5);
  // Joint springs stiffening away from their rest angles: k·d²·(1 + d²/4).
  const d1 = q1 - 0.1;
  const d2 = q2 - 0.2;
  const d3 = q3 + 0.1;
  const d4 = q4 - 0.3;
  const d5 = q5 + 0.2;
  const springs =
    40 * d1 * d1 * (1 + 0.25 * d1 * d1) +
    30 * d2 * d2 * (1 + 0.25 * d2 * d2) +
    20 * d3 * d3 * (1 + 0.25 * d3 * d3) +
    10 * d4 * d4 * (1 + 0.25 * d4 * d4) +
    5 * d5 * d5 * (1 + 0.25 * d5 * d5);
  // Soft contact with the floor at y = −3.2 (a softplus barrier) and a viscous joint term.
  const contact = 0.05 * Math.log(1 + Math.exp(-20 * (y5 + 3.2)));
  const friction = 0.01 * (w1 * w1 + w2 * w2 + w3 * w3 + w4 * w4 + w5 * w5) / (1 + x5 * x5);
  return kinetic + gravity + springs + contact + friction;
}
