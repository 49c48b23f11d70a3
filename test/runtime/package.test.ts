// The published entry point: `adgen/runtime` resolves through package.json "exports" to the
// built dist/runtime/index.js (npm test builds first).
import { expect, it } from 'vitest';
import { Dual, GradientTape, Var, numericGradient } from 'adgen/runtime';

it('imports from adgen/runtime and runs the notebook example', () => {
  expect(numericGradient((x, y) => x * x * y + y + 2, [3, 4])).toEqual([24.000400000048216, 10.000000000047748]);
  const x = new Var('x', 3);
  const y = new Var('y', 4);
  const f = x.mul(x).mul(y).add(y).add(2);
  f.evaluate();
  f.backpropagate();
  expect([x.grad, y.grad]).toEqual([24, 10]);
  expect(String(new Dual(3, 4).mul(new Dual(5, 7)))).toBe('15.0 + 41.0ε');
  const tape = new GradientTape();
  const a = tape.variable(3);
  const b = tape.variable(4);
  expect(tape.gradient(a.mul(a).mul(b).add(b).add(2), [a, b]).map((g) => g!.value)).toEqual([24, 10]);
});
