// Finite differences: central option, Jacobians, and the flat versions for array arguments.
import { describe, expect, it } from 'vitest';
import {
  numericGradient, numericGradientFlat, numericHessian, numericJacobian, numericJacobianFlat,
} from '../../src/runtime/index.js';
import { expectClose } from './helpers.js';

const f = (x: number, y: number) => x * x * y + y + 2;

describe('numericGradient', () => {
  it('central differences are exact on quadratics up to rounding', () => {
    expectClose(numericGradient(f, [3, 4], 1e-4, { central: true }), [24, 10], 1e-10);
    // forward differences are off by ε·f''/2 = 4e-4 in x
    expect(numericGradient(f, [3, 4])[0] - 24).toBeCloseTo(4e-4, 9);
  });

  it('the step is a parameter', () => {
    expectClose(numericGradient((x) => Math.exp(x), [1], 1e-7), [Math.E], 1e-6);
  });

  it('central Hessian', () => {
    expectClose(numericHessian(f, [3, 4], 1e-4, { central: true }), [[8, 6], [6, 0]], 1e-6);
  });

  it('does not modify its input', () => {
    const xs = [3, 4];
    numericHessian(f, xs);
    expect(xs).toEqual([3, 4]);
  });
});

describe('numericJacobian', () => {
  const g = (x: number, y: number) => [x * y, Math.sin(x), y * y];
  const exact = (x: number, y: number) => [[y, x], [Math.cos(x), 0], [0, 2 * y]];

  it('rows are outputs, columns inputs; forward and central', () => {
    expectClose(numericJacobian(g, [0.5, 2]), exact(0.5, 2), 1e-3);
    expectClose(numericJacobian(g, [0.5, 2], 1e-5, { central: true }), exact(0.5, 2), 1e-9);
  });

  it('accepts Float64Array outputs', () => {
    const h = (x: number, y: number) => Float64Array.of(x * y, Math.sin(x), y * y);
    expectClose(numericJacobian(h, [0.5, 2], 1e-5, { central: true }), exact(0.5, 2), 1e-9);
  });
});

describe('flat versions for array arguments', () => {
  // f(a, w, b) = a·Σ wᵢ² + b·w₀, with w a Float64Array and b a number[] of length 1
  const h = (a: number, w: Float64Array, b: number[]) => a * w.reduce((s, v) => s + v * v, 0) + b[0] * w[0];
  const args = [2, Float64Array.of(1, -2, 3), [5]] as const;

  it('perturbs every scalar, flattened in parameter order', () => {
    const grad = numericGradientFlat(h, args);
    expect(grad).toBeInstanceOf(Float64Array);
    expectClose(grad, [14, 2 * 2 * 1 + 5, 2 * 2 * -2, 2 * 2 * 3, 1], 1e-8);
  });

  it('wrt selects the arguments; forward differences on request', () => {
    expectClose(numericGradientFlat(h, args, { wrt: [1] }), [9, -8, 12], 1e-8);
    expectClose(numericGradientFlat(h, args, { wrt: [1], central: false }), [9, -8, 12], 1e-4);
  });

  it('the step scales with |x|', () => {
    const big = (x: number) => Math.log(x);
    expectClose(numericGradientFlat(big, [1e8]), [1e-8], 1e-8, 0);
  });

  it('gives f fresh copies, so f may mutate its arguments and args stay intact', () => {
    const w = Float64Array.of(1, 2);
    const mutating = (v: Float64Array) => {
      v[0] *= 3;
      return v[0] * v[1];
    };
    expectClose(numericGradientFlat(mutating, [w]), [6, 3], 1e-8);
    expect(Array.from(w)).toEqual([1, 2]);
  });

  it('Jacobian rows', () => {
    const g = (x: Float64Array, s: number) => [x[0] * s, x[1] * x[1], Math.sin(s)];
    const jac = numericJacobianFlat(g, [Float64Array.of(1, 3), 0.5]);
    expect(jac).toHaveLength(3);
    expectClose(jac, [[0.5, 0, 1], [0, 6, 0], [0, 0, Math.cos(0.5)]], 1e-8);
    expect(numericJacobianFlat(g, [Float64Array.of(1, 3), 0.5], { wrt: [] })).toEqual([
      new Float64Array(0), new Float64Array(0), new Float64Array(0),
    ]);
  });
});
