// The gradient tape: persistence, nesting, unconnected sources, recording rules.
import { describe, expect, it } from 'vitest';
import { GradientTape, Tracked, tapeGradient, tapeHessian } from '../../src/runtime/index.js';

const values = (gs: (Tracked | null)[]) => gs.map((g) => (g === null ? null : g.value));

describe('GradientTape', () => {
  it('a non-persistent tape answers once, then throws a clear error', () => {
    const tape = new GradientTape();
    const x = tape.variable(3);
    const y = x.mul(x);
    expect(values(tape.gradient(y, [x]))).toEqual([6]);
    expect(() => tape.gradient(y, [x])).toThrow(/only be called once on a non-persistent tape.*persistent: true/);
  });

  it('a persistent tape answers several calls', () => {
    const tape = new GradientTape({ persistent: true });
    const x = tape.variable(3);
    const y = x.mul(x);
    const z = y.sin();
    expect(values(tape.gradient(y, [x]))).toEqual([6]);
    expect(values(tape.gradient(z, [x, y]))).toEqual([6 * Math.cos(9), Math.cos(9)]);
  });

  it('unconnected sources give null by default, Tracked 0 with unconnected: "zero"', () => {
    for (const [unconnected, expected] of [['none', null], ['zero', 0]] as const) {
      const tape = new GradientTape({ unconnected });
      const x = tape.variable(3);
      const y = tape.variable(4);
      expect(values(tape.gradient(x.mul(2), [x, y]))).toEqual([2, expected]);
    }
  });

  it('gradients are Tracked values; constants ones too', () => {
    const tape = new GradientTape();
    const x = tape.variable(3);
    const [g] = tape.gradient(x.add(1), [x]);
    expect(g).toBeInstanceOf(Tracked);
    expect(g!.value).toBe(1);
  });

  it('nested tapes: the outer tape records the inner gradient computation', () => {
    const outer = new GradientTape();
    const x = outer.variable(0.7);
    const inner = new GradientTape();
    inner.watch(x);
    const y = x.mul(x).mul(x).sin(); // sin(x³)
    const [dy] = inner.gradient(y, [x]); // 3x² cos(x³), recorded on outer
    const [d2y] = outer.gradient(dy!, [x]);
    const c = 0.7 ** 3;
    expect(dy!.value).toBeCloseTo(3 * 0.49 * Math.cos(c), 14);
    expect(d2y!.value).toBeCloseTo(6 * 0.7 * Math.cos(c) - 9 * 0.7 ** 4 * Math.sin(c), 14);
  });

  it('third derivatives by nesting three tapes', () => {
    const t1 = new GradientTape();
    const x = t1.variable(2);
    const t2 = new GradientTape();
    t2.watch(x);
    const t3 = new GradientTape();
    t3.watch(x);
    const y = x.pow(4);
    const [d1] = t3.gradient(y, [x]);
    const [d2] = t2.gradient(d1!, [x]);
    const [d3] = t1.gradient(d2!, [x]);
    expect([d1!.value, d2!.value, d3!.value]).toEqual([32, 48, 48]);
  });

  it('records nothing after stop() or on tapes that do not watch an operand', () => {
    const a = new GradientTape();
    const b = new GradientTape();
    const x = a.variable(2);
    x.mul(3);
    expect(a.entries).toHaveLength(1);
    expect(b.entries).toHaveLength(0);
    a.stop();
    const late = x.mul(3);
    expect(a.entries).toHaveLength(1);
    expect(late.value).toBe(6);
    expect(values(a.gradient(late, [x]))).toEqual([null]);
  });

  it('the gradient of a source with respect to itself is 1; of a number is unconnected', () => {
    const tape = new GradientTape({ persistent: true });
    const x = tape.variable(5);
    expect(values(tape.gradient(x, [x]))).toEqual([1]);
    expect(values(tape.gradient(3, [x]))).toEqual([null]);
  });

  it('helpers: tapeGradient and tapeHessian', () => {
    const f = (x: Tracked, y: Tracked) => x.mul(x).mul(y).add(y).add(2);
    expect(tapeGradient(f, [3, 4])).toEqual([24, 10]);
    expect(tapeHessian(f, [3, 4])).toEqual([[8, 6], [6, 0]]);
  });
});
