// The symbolic graph: printing, folding, sharing on deep graphs, reverse mode on DAGs, duals.
import { describe, expect, it } from 'vitest';
import {
  Add, Binary, Const, Div, Dual, Mul, Neg, type Node, Pow, Sub, Unary, Var, graphGradient, graphHessian,
  graphOps, topologicalOrder,
} from '../../src/runtime/index.js';

const size = (n: Node) => topologicalOrder(n).length;

describe('construction and printing', () => {
  it('prints every node kind', () => {
    const x = new Var('x');
    const y = new Var('y');
    expect(String(new Sub(x, new Add(y, new Const(2))))).toBe('x - (y + 2)');
    expect(String(new Div(new Neg(x), new Pow(y, new Const(3))))).toBe('(-(x)) / ((y) ** (3))');
    expect(String(new Unary('sin', x))).toBe('sin(x)');
    expect(String(new Binary('atan2', y, x))).toBe('atan2(y, x)');
  });

  it('methods build the nodes that were written, without folding', () => {
    const x = new Var('x', 2);
    const e = x.mul(1).add(0).exp().neg();
    expect(String(e)).toBe('-(exp((x) * (1) + 0))');
    expect(e.evaluate()).toBe(-Math.exp(2));
  });

  it('graphOps folds constants, zeros and ones', () => {
    const x = new Var('x');
    expect(graphOps.add(0, x)).toBe(x);
    expect(graphOps.mul(x, 1)).toBe(x);
    expect(String(graphOps.mul(0, x))).toBe('0');
    expect(String(graphOps.sub(0, x))).toBe('-(x)');
    expect(graphOps.neg(graphOps.neg(x))).toBe(x);
    expect(String(graphOps.mul(graphOps.add(2, 3), graphOps.sin(0)))).toBe('0');
    expect(String(graphOps.pow(x, 2))).toBe('(x) ** (2)');
  });
});

describe('symbolic derivatives', () => {
  it('are folded: d/dx (x·x·y + y + 2) prints small', () => {
    const x = new Var('x', 3);
    const y = new Var('y', 4);
    const f = x.mul(x).mul(y).add(y).add(2);
    expect(String(f.derivative(x))).toBe('(y) * (x + x)');
    expect(String(f.derivative(y))).toBe('(x) * (x) + 1');
    expect(String(f.derivative(new Var('z')))).toBe('0');
  });

  it('share subgraphs: 40 nested squarings (x^(2^40)) give a derivative of linear size', () => {
    const x = new Var('x', 1);
    let p: Node = x;
    for (let i = 0; i < 40; i++) p = new Mul(p, p);
    expect(size(p)).toBe(41);
    const d = p.derivative(x);
    expect(size(d)).toBeLessThan(4 * 41);
    expect(d.evaluate()).toBe(2 ** 40);
    const d2 = d.derivative(x);
    expect(size(d2)).toBeLessThan(16 * 41);
    expect(d2.evaluate()).toBe(2 ** 40 * (2 ** 40 - 1));
  });

  it('40 nested products with fresh factors stay linear too', () => {
    const x = new Var('x', 1.01);
    let p: Node = x;
    for (let i = 0; i < 40; i++) p = p.mul(x.sin());
    const d = p.derivative(x);
    expect(size(d)).toBeLessThan(8 * size(p));
    const h = 1e-6;
    x.value = 1.01 + h;
    const up = p.evaluate() as number;
    x.value = 1.01 - h;
    const down = p.evaluate() as number;
    x.value = 1.01;
    expect(d.evaluate()).toBeCloseTo((up - down) / (2 * h), 5);
  });

  it('graphHessian differentiates twice', () => {
    expect(graphHessian((x, y) => x.mul(x).mul(y).add(y).add(2), [3, 4])).toEqual([[8, 6], [6, 0]]);
  });
});

describe('reverse mode', () => {
  it('visits each node of a DAG once: a node reused 2^40 times along paths', () => {
    const x = new Var('x', 1);
    let p: Node = x;
    for (let i = 0; i < 40; i++) p = p.add(p);
    expect(p.evaluate()).toBe(2 ** 40);
    p.backpropagate();
    expect(x.grad).toBe(2 ** 40);
  });

  it('a wide DAG: one node used by many', () => {
    const x = new Var('x', 0.5);
    const s = x.sin();
    let sum: Node = new Const(0);
    for (let i = 0; i < 1000; i++) sum = sum.add(s.mul(i));
    sum.evaluate();
    sum.backpropagate();
    expect(x.grad).toBeCloseTo(Math.cos(0.5) * 499500, 6);
  });

  it('handles deep chains without recursion', () => {
    const x = new Var('x', 0.1);
    let p: Node = x;
    for (let i = 0; i < 20000; i++) p = p.add(1e-3);
    expect(p.evaluate()).toBeCloseTo(20.1, 9);
    p.backpropagate();
    expect(x.grad).toBe(1);
    expect(p.derivative(x).evaluate()).toBe(1);
  });

  it('accumulates into Var.grad; zeroGrad() resets', () => {
    const x = new Var('x', 3);
    const f = x.mul(x);
    f.evaluate();
    f.backpropagate();
    f.backpropagate(2);
    expect(x.grad).toBe(6 + 12);
    f.zeroGrad();
    expect(x.grad).toBe(0);
    f.backpropagate();
    expect(x.grad).toBe(6);
  });

  it('needs evaluate() first, and number values', () => {
    const x = new Var('x', 3);
    const f = x.mul(x);
    expect(() => f.backpropagate()).toThrow(/evaluate\(\) first/);
    x.value = new Dual(3, 1);
    f.evaluate();
    expect(() => f.backpropagate()).toThrow(/number values/);
  });

  it('graphGradient', () => {
    expect(graphGradient((x, y) => x.mul(x).mul(y).add(y).add(2), [3, 4])).toEqual([24, 10]);
  });
});

describe('evaluation over dual numbers', () => {
  it('mixes numbers and duals, so a dual input gives a directional derivative', () => {
    const x = new Var('x', new Dual(0.5, 1));
    const y = new Var('y', 2);
    const f = x.exp().mul(y).add(y.log());
    const v = f.evaluate() as Dual;
    expect(v).toBeInstanceOf(Dual);
    expect(v.value).toBe(Math.exp(0.5) * 2 + Math.log(2));
    expect(v.eps).toBe(Math.exp(0.5) * 2);
    x.value = 0.5;
    expect(typeof f.evaluate()).toBe('number');
  });
});
