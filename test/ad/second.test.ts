/**
 * Second order and beyond, by composition: the dense Hessian (symmetric, against finite
 * differences of the gradient and against HVPs), the HVP contract, and a third derivative by
 * differentiating the HVP once more.
 */
import { describe, expect, test } from 'vitest';
import { hessianDense, hvp, isStraightLineScalar, tangent, adjoint } from '../../src/ad/index.js';
import { printFunction } from '../../src/ir/print.js';
import { corpus } from './corpus.js';
import { controlCases } from './corpus-control.js';
import { expectClose, expectValid, fdAlong, flatDir, ir, randomDir, rng, run, type Arg } from './helpers.js';
import { activeSize, hvpOf, vjp } from './harness.js';

const straight = [...corpus, ...controlCases].filter((cs) => !cs.noFd && isStraightLineScalar(ir(cs.src), cs.active));

function hessianOf(src: string, active: string[], args: Arg[]) {
  const fn = ir(src);
  const h = hessianDense(fn, active);
  expectValid(h);
  const n = active.length;
  const grad = new Float64Array(n).fill(NaN);
  const hess = new Float64Array(n * n).fill(NaN);
  const out = run(h, [...args, grad, hess], true);
  return { h, out, grad, hess, n };
}

test('the straight-line corpus is not empty', () => {
  expect(straight.length).toBeGreaterThan(40);
});

describe.each(straight)('dense Hessian: $name', (cs) => {
  test('symmetric, = FD of the gradient, = HVPs, gradient and value exact', () => {
    const fn = ir(cs.src);
    for (const seed of [5, 6]) {
      const r = rng(seed);
      const args = cs.args(r);
      const { out, grad, hess, n } = hessianOf(cs.src, cs.active, args);
      expect(out).toEqual(run(fn, args));
      expectClose(grad, vjp(fn, cs.active, args, 1), 1e-14, 'gradient');
      for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) expect(hess[i * n + j]).toBe(hess[j * n + i]);
      for (let k = 0; k < n; k++) {
        const e = cs.active.map((_, l) => (l === k ? 1 : 0));
        const column = hess.slice(k * n, k * n + n);
        const fd = fdAlong((a) => vjp(fn, cs.active, a, 1), fn, cs.active, args, e);
        expectClose(column, fd, 2e-6, `column ${k}`);
        expectClose(column, hvpOf(fn, cs.active, args, e), 1e-12, `hvp ${k}`);
      }
    }
  });
});

test('the notebook f(x, y) = x*x*y + y + 2 gives [[2y, 2x], [2x, 0]] with structural zeros folded', () => {
  const f = `
fn f(x: f64, y: f64) -> (t4)
  t1 = mul x x
  t2 = mul t1 y
  t3 = add t2 y
  t4 = add t3 2
`;
  const { h, hess } = hessianOf(f, ['x', 'y'], [3, 4]);
  expect(Array.from(hess)).toEqual([8, 6, 6, 0]);
  expect(printFunction(h)).toBe(`fn f_hessian(x: f64, y: f64, gradOut: f64[], hessOut: f64[]) -> (t4)
  t1 = mul x x
  t2 = mul t1 y
  t3 = add t2 y
  t4 = add t3 2
  t = add 1 t1
  t_1 = mul x y
  t_2 = mul x y
  t_3 = add t_1 t_2
  t_3_dot = add y y
  t_3_dot2 = add x x
  gradOut[0] = t_3
  gradOut[1] = t
  hessOut[0] = t_3_dot
  hessOut[1] = t_3_dot2
  hessOut[2] = t_3_dot2
  hessOut[3] = 0
`);
});

test('isStraightLineScalar accepts branches, rejects loops, arrays and array parameters', () => {
  expect(isStraightLineScalar(ir('fn f(x: f64) -> (y)\n  c = gt x 0\n  if c {\n    y = sin x\n  }\n'), ['x'])).toBe(true);
  expect(isStraightLineScalar(ir('fn f(x: f64) -> (y)\n  y = copy x\n  for i = 0 .. 2 step 1 {\n    t = mul y x\n    y = copy t\n  }\n'), ['x'])).toBe(false);
  expect(isStraightLineScalar(ir('fn f(a: f64[], x: f64) -> (y)\n  y = mul x x\n'), ['x'])).toBe(false);
  expect(isStraightLineScalar(ir('fn f(x: f64) -> (y)\n  a = alloc 2\n  a[0] = x\n  y = a[0]\n'), ['x'])).toBe(false);
  expect(() => hessianDense(ir('fn f(a: f64[]) -> (y)\n  y = a[0]\n'), ['a'])).toThrow(/straight-line/);
});

test('hvp follows the contract: params, results [value, value_dot], gradOut_dot = H·v', () => {
  const fn = ir(`
fn g(x: f64, y: f64) -> (z)
  a = mul x y
  b = sin a
  z = mul b x
`);
  const h = hvp(fn, ['x', 'y']);
  expectValid(h.fn);
  expect(h.fn.name).toBe('g_hvp');
  expect(h.fn.params).toEqual(['x', 'y', 'seed', 'gradOut', 'x_dot', 'y_dot', 'gradOut_dot']);
  expect(Object.fromEntries(h.dotOf)).toEqual({ x: 'x_dot', y: 'y_dot', gradOut: 'gradOut_dot' });
  const [x, y, vx, vy] = [0.7, -1.3, 0.4, 2];
  const grad = new Float64Array(2);
  const hv = new Float64Array(2).fill(NaN);
  const [value, valueDot] = run(h.fn, [x, y, 1, grad, vx, vy, hv], true) as number[];
  // z = x sin(xy): analytic gradient and Hessian.
  const s = Math.sin(x * y), c = Math.cos(x * y);
  const gx = s + x * y * c, gy = x * x * c;
  const hxx = 2 * y * c - x * y * y * s, hxy = 2 * x * c - x * x * y * s, hyy = -x * x * x * s;
  expect(value).toBeCloseTo(x * s, 14);
  expectClose([valueDot], [gx * vx + gy * vy], 1e-14);
  expectClose(grad, [gx, gy], 1e-14);
  expectClose(hv, [hxx * vx + hxy * vy, hxy * vx + hyy * vy], 1e-13);
});

describe('third derivative by composition: d³/dx³ of sin(x)·x³', () => {
  const fn = ir(`
fn f(x: f64) -> (z)
  s = sin x
  p = pow x 3
  z = mul s p
`);
  const third = (x: number) => 6 * Math.sin(x) + 18 * x * Math.cos(x) - 9 * x * x * Math.sin(x) - x ** 3 * Math.cos(x);

  test('tangent(hvp(f))', () => {
    const t = tangent(hvp(fn, ['x']).fn, ['x']);
    expectValid(t.fn);
    // params: x, seed, gradOut, x_dot, x_dot_1 (∂/∂x again), gradOut_dot_1, gradOut_dot_dot
    expect(t.fn.params).toEqual(['x', 'seed', 'gradOut', 'x_dot', 'gradOut_dot', 'x_dot_1', 'gradOut_dot_1', 'gradOut_dot_dot']);
    for (const x of [-1.7, 0.3, 2.2]) {
      const out = new Float64Array(1);
      run(t.fn, [x, 1, new Float64Array(1), 1, new Float64Array(1), 1, new Float64Array(1), out], true);
      expectClose(out, [third(x)], 1e-13, `x = ${x}`);
    }
  });

  test('tangent(tangent(adjoint(f))) and a loop version', () => {
    const looped = ir(`
fn f(x: f64) -> (z)
  z = copy 0
  for i = 0 .. 3 step 1 {
    s = sin x
    p = pow x 3
    q = mul s p
    r = mul q 0.5
    z1 = add z r
    z = copy z1
  }
`);
    for (const [g, scale] of [[fn, 1], [looped, 1.5]] as const) {
      const t2 = tangent(tangent(adjoint(g, ['x']), ['x']).fn, ['x']);
      expectValid(t2.fn);
      const x = 0.9;
      const bufs = t2.fn.params.slice(2).map((p) => (t2.fn.vars.get(p)?.type === 'f64[]' ? new Float64Array(1) : 1));
      run(t2.fn, [x, 1, ...bufs], true);
      const last = bufs[bufs.length - 1] as Float64Array;
      expectClose(last, [scale * third(x)], 1e-12, g.name);
    }
  });
});

test('hvp of array functions matches finite differences of the gradient (spot check)', () => {
  const cs = controlCases.find((c) => c.name.startsWith('product loop'));
  if (!cs) throw new Error('missing case');
  const fn = ir(cs.src);
  const r = rng(3);
  const args = cs.args(r);
  const d = randomDir(r, fn, cs.active, args);
  const fd = fdAlong((a) => vjp(fn, cs.active, a, 1), fn, cs.active, args, d);
  expectClose(hvpOf(fn, cs.active, args, d), fd, 1e-7);
  expect(flatDir(d).length).toBe(5);
});

test('reverse over forward agrees with forward over reverse', () => {
  for (const name of ['Kepler', 'product loop', 'while whose test']) {
    const cs = controlCases.find((c) => c.name.startsWith(name));
    if (!cs) throw new Error(name);
    const fn = ir(cs.src);
    const r = rng(9);
    const args = cs.args(r);
    const d = randomDir(r, fn, cs.active, args);
    // adjoint(tangent(f)) with the tangent's output seeded: the gradient of ⟨∇f, v⟩ is H·v.
    const t = tangent(fn, cs.active);
    const dotOut = t.fn.results.length - 1;
    t.fn.results = [t.fn.results[dotOut]];
    const a = adjoint(t.fn, cs.active);
    expectValid(a);
    const n = activeSize(fn, cs.active, args);
    const g = new Float64Array(n);
    run(a, [...args, ...d.map((x) => (typeof x === 'number' ? x : Float64Array.from(x))), 1, g], true);
    expectClose(g, hvpOf(fn, cs.active, args, d), 1e-12, name);
  }
});
