/**
 * Compiled Hessians against the runtime's nested gradient tape (second-order reverse over
 * reverse, an independent technique), its symbolic graph, and the numeric Hessian; compiled
 * Jacobians against the numeric Jacobian. The functions are the examples' scalar ones, written
 * once more against the runtime's tracked values.
 */
import { describe, expect, it } from 'vitest';
// Generated modules are plain JavaScript.
import * as nb from '../../generated/notebook.grad.js';
import * as sc from '../../generated/scalar.grad.js';
import * as vc from '../../generated/vector.grad.js';
import { graphHessian, numericHessian, numericJacobian, tapeHessian, type Tracked, type Node } from '../../src/runtime/index.js';

type T = Tracked;
const cases: { name: string; primal: (...xs: number[]) => number; compiled: (...xs: number[]) => { hessian: Float64Array[] }; tape: (...xs: T[]) => T; graph: (...xs: Node[]) => Node; at: number[] }[] = [
  {
    name: 'notebook f',
    primal: nb.f,
    compiled: nb.f_hessian,
    tape: (x, y) => x.mul(x).mul(y).add(y).add(2),
    graph: (x, y) => x.mul(x).mul(y).add(y).add(2),
    at: [3, 4],
  },
  {
    name: 'projectileRange',
    primal: sc.projectileRange,
    compiled: sc.projectileRange_hessian,
    tape: (v, th, g) => v.mul(v).mul(th.mul(2).sin()).div(g),
    graph: (v, th, g) => v.mul(v).mul(th.mul(2).sin()).div(g),
    at: [20, 0.6, 9.81],
  },
  {
    name: 'normalNll',
    primal: sc.normalNll,
    compiled: sc.normalNll_hessian,
    tape: (x, mu, s) => { const z = x.sub(mu).div(s); return z.mul(z).mul(0.5).add(s.log()).add(0.5 * Math.log(2 * Math.PI)); },
    graph: (x, mu, s) => { const z = x.sub(mu).div(s); return z.mul(z).mul(0.5).add(s.log()).add(0.5 * Math.log(2 * Math.PI)); },
    at: [1.3, 0.4, 0.8],
  },
];

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));

describe('compiled Hessians against the nested tape, the graph and numeric Hessians', () => {
  it.each(cases)('$name', ({ primal, compiled, tape, graph, at }) => {
    const H = compiled(...at).hessian.map((row) => Array.from(row));
    const byTape = tapeHessian(tape, at);
    const byGraph = graphHessian(graph, at);
    const numeric = numericHessian(primal, at, 1e-4, { central: true });
    for (let i = 0; i < at.length; i++) {
      for (let j = 0; j < at.length; j++) {
        expect(rel(H[i][j], byTape[i][j]), `H[${i}][${j}] vs tape`).toBeLessThan(1e-12);
        expect(rel(H[i][j], byGraph[i][j]), `H[${i}][${j}] vs graph`).toBeLessThan(1e-12);
        expect(rel(H[i][j], numeric[i][j]), `H[${i}][${j}] vs numeric`).toBeLessThan(1e-4);
      }
    }
  });

  it('the notebook Hessian equals the nested tape exactly ([[8, 6], [6, 0]])', () => {
    expect(nb.f_hessian(3, 4).hessian.map((r: Float64Array) => Array.from(r))).toEqual(tapeHessian((x, y) => x.mul(x).mul(y).add(y).add(2), [3, 4]));
  });
});

describe('compiled Jacobians against the numeric Jacobian', () => {
  it('Lorenz and polar coordinates', () => {
    const at: [number, number, number, number, number, number] = [1.1, 2.2, 3.3, 10, 28, 8 / 3];
    const J = vc.lorenz_jacobian(...at).jacobian;
    const N = numericJacobian((...xs: number[]) => vc.lorenz(...(xs as typeof at)), at, 1e-6, { central: true });
    J.forEach((row: Float64Array, i: number) => row.forEach((v, j) => expect(rel(v, N[i][j])).toBeLessThan(1e-7)));
    const P = vc.polarToCartesian_jacobian(2, 0.7).jacobian;
    const Q = numericJacobian((r: number, t: number) => vc.polarToCartesian(r, t), [2, 0.7], 1e-6, { central: true });
    P.forEach((row: Float64Array, i: number) => row.forEach((v, j) => expect(rel(v, Q[i][j])).toBeLessThan(1e-7)));
  });
});
