// Every number the notebook prints (Out[3] … Out[35]), reproduced with the runtime.
import { describe, expect, it } from 'vitest';
import {
  Add, Const, Dual, GradientTape, Mul, Var, dualGradient, dualOps, numericGradient, numericHessian,
  type Tracked,
} from '../../src/runtime/index.js';

const f = (x: number, y: number) => x * x * y + y + 2;
const notebookGraph = () => {
  const x = new Var('x', 3);
  const y = new Var('y', 4);
  return { x, y, f: new Add(new Mul(new Mul(x, x), y), new Add(y, new Const(2))) };
};

describe('introduction: analytic derivatives', () => {
  it('Out[3] and Out[5]', () => {
    const df = (x: number, y: number) => [2 * x * y, x * x + 1];
    const d2f = (x: number, y: number) => [[2 * y, 2 * x], [2 * x, 0]];
    expect(df(3, 4)).toEqual([24, 10]);
    expect(d2f(3, 4)).toEqual([[8, 6], [6, 0]]);
  });
});

describe('numeric differentiation', () => {
  it('Out[8], Out[9]: forward differences with eps 1e-4', () => {
    expect(numericGradient(f, [3, 4])).toEqual([24.000400000048216, 10.000000000047748]);
    const dfdx = (x: number, y: number) => numericGradient(f, [x, y])[0];
    const dfdy = (x: number, y: number) => numericGradient(f, [x, y])[1];
    expect([dfdx(3, 4), dfdy(3, 4)]).toEqual([24.000400000048216, 10.000000000047748]);
  });

  it('Out[11]: the Hessian as a difference of differences', () => {
    expect(numericHessian(f, [3, 4])).toEqual([
      [7.999999951380232, 6.000099261882497],
      [6.000099261882497, -1.4210854715202004e-6],
    ]);
  });

  it('Out[15]: d/dx sin(x²) at 3', () => {
    expect(numericGradient((x) => Math.sin(x ** 2), [3])).toEqual([-5.46761419430053]);
  });
});

describe('the exact techniques give exactly 6·cos 9 for sin(x²) at 3', () => {
  const exact = 6 * Math.cos(9);
  it('graph (reverse and forward), dual numbers, tape', () => {
    const x = new Var('x', 3);
    const z = x.mul(x).sin();
    z.evaluate();
    z.backpropagate();
    expect(x.grad).toBe(exact);
    expect(z.derivative(x).evaluate()).toBe(exact);
    expect(dualGradient((x) => x.mul(x).sin(), [3])).toEqual([exact]);
    expect(dualGradient((x) => x.pow(2).sin(), [3])).toEqual([exact]);
    const tape = new GradientTape();
    const t = tape.variable(3);
    expect(tape.gradient(t.pow(2).sin(), [t])[0]!.value).toBe(exact);
  });
});

describe('symbolic graph', () => {
  it('Out[14]: evaluate', () => {
    expect(notebookGraph().f.evaluate()).toBe(42);
  });

  it('Out[17], Out[19]: forward-mode symbolic derivatives, to second order', () => {
    const { x, y, f } = notebookGraph();
    const dfdx = f.derivative(x);
    const dfdy = f.derivative(y);
    expect([dfdx.evaluate(), dfdy.evaluate()]).toEqual([24, 10]);
    const hessian = [
      [dfdx.derivative(x).evaluate(), dfdx.derivative(y).evaluate()],
      [dfdy.derivative(x).evaluate(), dfdy.derivative(y).evaluate()],
    ];
    expect(hessian).toEqual([[8, 6], [6, 0]]);
  });

  it('Out[29] … Out[32]: reverse mode', () => {
    const { x, y, f } = notebookGraph();
    const result = f.evaluate();
    f.backpropagate(1.0);
    expect(String(f)).toBe('((x) * (x)) * (y) + y + 2');
    expect(result).toBe(42);
    expect(x.grad).toBe(24);
    expect(y.grad).toBe(10);
  });
});

describe('dual numbers', () => {
  it('Out[21], Out[22]: arithmetic and printing', () => {
    expect(String(new Dual(3, 4).add(3))).toBe('6.0 + 4.0ε');
    expect(String(dualOps.add(3, new Dual(3, 4)))).toBe('6.0 + 4.0ε');
    expect(String(new Dual(3, 4).mul(new Dual(5, 7)))).toBe('15.0 + 41.0ε');
  });

  it('Out[23] … Out[26]: the graph evaluates over dual numbers', () => {
    const { x, y, f } = notebookGraph();
    x.value = new Dual(3.0);
    y.value = new Dual(4.0);
    expect(String(f.evaluate())).toBe('42.0');
    x.value = new Dual(3.0, 1.0);
    y.value = new Dual(4.0);
    const dfdx = (f.evaluate() as Dual).eps;
    x.value = new Dual(3.0);
    y.value = new Dual(4.0, 1.0);
    const dfdy = (f.evaluate() as Dual).eps;
    expect([dfdx, dfdy]).toEqual([24, 10]);
  });
});

describe('gradient tape (TensorFlow)', () => {
  const ft = (x: Tracked, y: Tracked) => x.mul(x).mul(y).add(y).add(2);

  it('Out[34]: gradients', () => {
    const tape = new GradientTape();
    const x = tape.variable(3);
    const y = tape.variable(4);
    const jacobians = tape.gradient(ft(x, y), [x, y]);
    expect(jacobians.map((g) => g!.value)).toEqual([24, 10]);
  });

  it('Out[35]: Hessian from a persistent tape that records its own gradient; None → null', () => {
    const tape = new GradientTape({ persistent: true });
    const x = tape.variable(3);
    const y = tape.variable(4);
    const [dfdx, dfdy] = tape.gradient(ft(x, y), [x, y]); // inside the `with` block
    tape.stop(); // leaving it
    const [d2fd2x, d2fdydx] = tape.gradient(dfdx!, [x, y]);
    const [d2fdxdy, d2fd2y] = tape.gradient(dfdy!, [x, y]);
    const hessians = [[d2fd2x, d2fdydx], [d2fdxdy, d2fd2y]].map((row) => row.map((h) => h?.value ?? null));
    expect(hessians).toEqual([[8, 6], [6, null]]);
  });
});
