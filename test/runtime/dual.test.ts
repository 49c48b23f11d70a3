// Dual numbers: printing like Python's "{:.1f}", number mixing, gradient and JVP helpers.
import { describe, expect, it } from 'vitest';
import { Dual, dualGradient, dualJvp, dualOps, fixed1 } from '../../src/runtime/index.js';

describe('printing', () => {
  it('prints only the value when eps is 0', () => {
    expect(String(new Dual(6))).toBe('6.0');
    expect(String(new Dual(3, -4))).toBe('3.0 + -4.0ε');
  });

  it('fixed1 matches Python "{:.1f}" (ties to even, big numbers, nan, inf, -0)', () => {
    const python: [number, string][] = [
      [0.25, '0.2'], [0.75, '0.8'], [2.25, '2.2'], [-0.25, '-0.2'], [-0, '-0.0'],
      [0.05, '0.1'], [0.15, '0.1'], [1e21, '1000000000000000000000.0'],
      [1.2345678901234569e23, '123456789012345685803008.0'], [NaN, 'nan'], [-Infinity, '-inf'],
      [24.000400000048216, '24.0'], [-5.46761419430053, '-5.5'],
    ];
    for (const [x, s] of python) expect(fixed1(x), String(x)).toBe(s);
  });
});

describe('arithmetic', () => {
  it('follows the notebook rules, numbers mixing in as constants', () => {
    const a = new Dual(3, 4);
    const b = new Dual(5, 7);
    expect(a.sub(b)).toEqual(new Dual(-2, -3));
    expect(a.div(b)).toEqual(new Dual(3 / 5, (4 * 5 - 3 * 7) / 25));
    expect(a.neg()).toEqual(new Dual(-3, -4));
    expect(a.mul(2)).toEqual(new Dual(6, 8));
    expect(a.pow(2)).toEqual(new Dual(9, 24));
    expect(new Dual(2).pow(new Dual(3, 1))).toEqual(new Dual(8, 8 * Math.log(2)));
    expect(new Dual(0.5, 2).sin()).toEqual(new Dual(Math.sin(0.5), 2 * Math.cos(0.5)));
  });

  it('a zero tangent contributes nothing, even through an infinite derivative', () => {
    expect(new Dual(0).sqrt()).toEqual(new Dual(0, 0));
    expect(new Dual(0, 1).sqrt().eps).toBe(Infinity);
  });

  it('dualOps keeps numbers as numbers', () => {
    expect(dualOps.mul(2, 3)).toBe(6);
    expect(dualOps.exp(0)).toBe(1);
    expect(dualOps.mul(2, new Dual(3, 1))).toEqual(new Dual(6, 2));
  });
});

describe('helpers', () => {
  it('dualGradient: one pass per input', () => {
    expect(dualGradient((x, y) => x.mul(x).mul(y).add(y).add(2), [3, 4])).toEqual([24, 10]);
    expect(dualGradient(() => 7, [1, 2])).toEqual([0, 0]);
  });

  it('dualJvp: one pass for a direction', () => {
    expect(dualJvp((x, y) => x.mul(x).mul(y).add(y).add(2), [3, 4], [1, 2])).toEqual({ value: 42, tangent: 44 });
  });
});
