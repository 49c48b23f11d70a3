// The techniques checked against each other on a dozen functions that together use every
// supported operation, at random points from a seeded PRNG (a failure names its seed and point).
// Exact techniques agree to rounding; finite differences (central) agree loosely.
import { describe, expect, it } from 'vitest';
import {
  BINARY_NAMES, Dual, GradientTape, UNARY_NAMES, Var, dualGradient, dualJvp, dualOps, graphGradient,
  graphHessian, graphOps, makeOps, numberOps, numericGradient, numericGradientFlat, numericHessian,
  tapeGradient, tapeHessian, tapeOps, type BinaryName, type Node, type Ops, type UnaryName,
} from '../../src/runtime/index.js';
import { expectClose, prng } from './helpers.js';

/** A function written once against `Ops`, run by every technique. Inputs are in [0.3, 0.9]. */
type Fn = <T>(o: Ops<T>, x: T, y: T, z: T) => T;

const functions: Record<string, Fn> = {
  notebook: (o, x, y) => o.add(o.add(o.mul(o.mul(x, x), y), y), 2),
  trig: (o, x, y, z) => o.sub(o.mul(o.sin(o.mul(x, x)), o.cos(y)), o.tan(o.div(z, 2))),
  expDiv: (o, x, y, z) => o.div(o.exp(o.mul(x, y)), o.add(1, o.mul(z, z))),
  logs: (o, x, y, z) => o.add(o.mul(o.log(o.add(x, y)), o.sqrt(z)), o.log1p(o.mul(x, z))),
  powers: (o, x, y, z) => o.sub(o.add(o.pow(x, y), o.pow(z, 3)), o.expm1(o.neg(y))),
  hyperbolic: (o, x, y, z) => o.add(o.mul(o.tanh(o.sub(x, y)), o.sinh(z)), o.cosh(o.mul(x, y))),
  inverseTrig: (o, x, y, z) => o.add(o.asin(o.div(x, 2)), o.mul(o.acos(o.div(y, 2)), o.atan(z))),
  inverseHyperbolic: (o, x, y, z) =>
    o.add(o.add(o.asinh(o.mul(x, y)), o.acosh(o.add(1.5, o.mul(z, z)))), o.atanh(o.div(x, 2))),
  otherLogs: (o, x, y, z) => o.add(o.mul(o.log2(x), o.log10(y)), o.cbrt(o.add(z, 1))),
  piecewise: (o, x, y, z) => {
    const steps = o.add(o.add(o.sign(o.sub(z, 0.6)), o.floor(o.mul(3, x))), o.add(o.ceil(y), o.round(o.mul(3, y))));
    return o.add(o.mul(o.abs(o.sub(x, y)), z), o.mul(o.add(steps, o.trunc(o.mul(2, z))), x));
  },
  twoArgument: (o, x, y, z) => o.mul(o.atan2(y, x), o.hypot(x, o.sub(z, 1))),
  sharedDeep: (o, x, y, z) => {
    const t = o.mul(x, y);
    return o.mul(o.sin(o.exp(o.cos(t))), o.div(z, o.add(t, 1)));
  },
  variableExponent: (o, x, y, z) => o.div(o.neg(o.sub(x, o.mul(y, z))), o.pow(o.add(x, z), o.sub(y, 0.5))),
};

// Each technique's view of a function: plain numbers, duals, tape values, graph nodes.
const onNumbers = (f: Fn) => (...v: number[]) => f(numberOps, v[0], v[1], v[2]);
const onDuals = (f: Fn) => (...v: Dual[]) => f(dualOps, v[0], v[1], v[2]);
const onTape = (f: Fn) => (...v: Parameters<Parameters<typeof tapeGradient>[0]>) => f(tapeOps, v[0], v[1], v[2]);
const onGraph = (f: Fn) => (...v: Var[]) => f(graphOps, v[0], v[1], v[2]);

const SEED = 20240611;
const POINTS = 8;
const EXACT = 1e-12; // agreement of exact techniques (rounding only)

function points(seed: number): number[][] {
  const random = prng(seed);
  return Array.from({ length: POINTS }, () => [0, 0, 0].map(() => 0.3 + 0.6 * random()));
}

it('the functions use every supported operation', () => {
  const used = new Set<string>();
  const spy = makeOps<number>(
    (name, a, b) => (used.add(name), numberOps[name](a, b)),
    (name, x) => (used.add(name), numberOps[name](x)),
  );
  for (const f of Object.values(functions)) f(spy, 0.5, 0.6, 0.7);
  expect([...used].sort()).toEqual([...BINARY_NAMES, ...UNARY_NAMES].sort());
});

describe.each(Object.entries(functions))('%s', (name, f) => {
  const xs = points(SEED + name.length);

  it('gradients: graph reverse = graph forward = graph over duals = dual numbers = tape', () => {
    for (const p of xs) {
      const dual = dualGradient(onDuals(f), p);
      expectClose(graphGradient(onGraph(f), p), dual, EXACT, EXACT, `reverse at ${p}`);
      expectClose(tapeGradient(onTape(f), p), dual, EXACT, EXACT, `tape at ${p}`);
      const vars = p.map((v, i) => new Var(`x${i}`, v));
      const y = onGraph(f)(...vars);
      expectClose(vars.map((v) => y.derivative(v).evaluate()), dual, EXACT, EXACT, `forward at ${p}`);
      const overDuals = vars.map((v) => {
        vars.forEach((w) => (w.value = new Dual(w.value as number, w === v ? 1 : 0)));
        const e = Dual.from(y.evaluate()).eps;
        vars.forEach((w) => (w.value = (w.value as Dual).value));
        return e;
      });
      expectClose(overDuals, dual, EXACT, EXACT, `graph over duals at ${p}`);
    }
  });

  it('gradients: central finite differences agree loosely', () => {
    for (const p of xs) {
      const dual = dualGradient(onDuals(f), p);
      expectClose(numericGradient(onNumbers(f), p, 1e-5, { central: true }), dual, 1e-7, 1e-7, `at ${p}`);
      expectClose(numericGradientFlat(onNumbers(f), p), dual, 1e-7, 1e-7, `flat at ${p}`);
    }
  });

  it('forward and reverse agree on directions: ⟨∇f, v⟩ = J·v', () => {
    const random = prng(SEED);
    for (const p of xs) {
      const v = p.map(() => random() - 0.5);
      const grad = tapeGradient(onTape(f), p);
      const dot = grad.reduce((s, g, i) => s + g * v[i], 0);
      expectClose(dualJvp(onDuals(f), p, v).tangent, dot, 1e-12, 1e-12, `at ${p}`);
    }
  });

  it('Hessians: graph = tape, symmetric, ≈ central differences', () => {
    for (const p of xs.slice(0, 3)) {
      const graph = graphHessian(onGraph(f), p);
      expectClose(tapeHessian(onTape(f), p), graph, 1e-11, 1e-11, `tape at ${p}`);
      graph.forEach((row, i) => row.forEach((h, j) => expectClose(h, graph[j][i], 1e-11, 1e-11, `sym ${i},${j}`)));
      expectClose(numericHessian(onNumbers(f), p, 1e-4, { central: true }), graph, 1e-5, 1e-5, `numeric at ${p}`);
    }
  });
});

describe('every operation, one at a time, as a method of Dual, Tracked and Node', () => {
  const at = (name: string) => (name === 'acosh' ? 1.7 : 0.4);

  it.each(UNARY_NAMES.map((n) => [n]))('%s', (name: UnaryName) => {
    const x0 = at(name);
    const numeric = numericGradient((x) => numberOps[name](x), [x0], 1e-5, { central: true })[0];
    const dual = new Dual(x0, 1)[name]().eps;
    expectClose(dual, numeric, 1e-7, 1e-7);
    const tape = new GradientTape({ persistent: true, unconnected: 'zero' });
    const t = tape.variable(x0);
    const [dt] = tape.gradient(t[name](), [t]);
    tape.stop();
    expect(dt!.value).toBe(dual);
    const v = new Var('x', x0);
    const node: Node = v[name]();
    const d = node.derivative(v);
    expect(d.evaluate()).toBe(dual);
    // second derivative: symbolic graph, tape, finite differences of the dual derivative
    const second = d.derivative(v).evaluate() as number;
    expectClose(tape.gradient(dt!, [t])[0]!.value, second, 1e-13, 1e-13);
    const numeric2 = numericGradient((x) => new Dual(x, 1)[name]().eps, [x0], 1e-5, { central: true })[0];
    expectClose(second, numeric2, 1e-6, 1e-6);
  });

  it.each(BINARY_NAMES.map((n) => [n]))('%s', (name: BinaryName) => {
    const p = [0.6, 1.3];
    const numeric = numericGradient((a, b) => numberOps[name](a, b), p, 1e-5, { central: true });
    const dual = [new Dual(p[0], 1)[name](p[1]).eps, new Dual(p[0])[name](new Dual(p[1], 1)).eps];
    expectClose(dual, numeric, 1e-7, 1e-7);
    expectClose(tapeGradient((a, b) => a[name](b), p), dual, EXACT, EXACT);
    expectClose(graphGradient((a, b) => a[name](b), p), dual, EXACT, EXACT);
    expectClose(graphHessian((a, b) => a[name](b), p), tapeHessian((a, b) => a[name](b), p), 1e-13, 1e-13);
  });
});
