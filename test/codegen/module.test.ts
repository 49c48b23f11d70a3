// Generated modules from hand-written cores: the public wrappers' shapes and numbers, checked
// against the reference interpreter running the same cores and against closed forms.
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/ir/interp.js';
import { fFunctions, gFunctions, hFunctions, kFunctions, oFunctions, pFunctions } from './fixtures.js';
import { load } from './load.js';

const [x, y] = [1.5, -0.7];

describe('scalar function f(x, y) = x²y + y + 2', async () => {
  const cf = fFunctions();
  const { mod } = await load([cf]);

  it('primal and gradient match the interpreter exactly and the closed form', () => {
    expect(mod.f(x, y)).toBe(interpret(cf.exp.fn, [x, y])[0]);
    const out = new Float64Array(2);
    const ref = interpret(cf.grad!, [x, y, 1, out]);
    const r = mod.f_grad(x, y);
    expect(r.value).toBe(ref[0]);
    expect(r.grad).toEqual([out[0], out[1]]);
    expect(r.grad[0]).toBeCloseTo(2 * x * y, 14);
    expect(r.grad[1]).toBeCloseTo(x * x + 1, 14);
  });

  it('f_grad_into writes the flattened gradient and returns the value', () => {
    const out = new Float64Array(2).fill(NaN);
    expect(mod.f_grad_into(x, y, out)).toBe(mod.f(x, y));
    expect([...out]).toEqual(mod.f_grad(x, y).grad);
  });

  it('jvp and the allocation-free tangent agree with the gradient', () => {
    const r = mod.f_jvp(x, y, 0.3, -2);
    const g = mod.f_grad(x, y).grad;
    expect(r.value).toBe(mod.f(x, y));
    expect(r.tangent).toBeCloseTo(0.3 * g[0] - 2 * g[1], 13);
    expect(mod.f_jvp_tangent(x, y, 0.3, -2)).toBe(r.tangent);
  });

  it('hvp and hessian from the dense core', () => {
    const r = mod.f_hvp(x, y, 1, 2);
    expect(r.grad).toEqual(mod.f_grad(x, y).grad);
    expect(r.hvp[0]).toBeCloseTo(2 * y + 2 * 2 * x, 13);
    expect(r.hvp[1]).toBeCloseTo(2 * x, 13);
    const h = mod.f_hessian(x, y);
    expect(h.value).toBe(mod.f(x, y));
    expect(h.hessian.map((row: Float64Array) => [...row])).toEqual([[2 * y, 2 * x], [2 * x, 0]]);
    const gradOut = new Float64Array(2);
    const hessOut = new Float64Array(4);
    expect(mod.f_hessian_into(x, y, gradOut, hessOut)).toBe(h.value);
    expect([...hessOut]).toEqual([2 * y, 2 * x, 2 * x, 0]);
  });

  it('the Hessian from HVPs equals the dense core', async () => {
    const { hessian, ...rest } = fFunctions();
    void hessian;
    const { mod: viaHvp } = await load([rest]);
    expect(viaHvp.f_hessian(x, y)).toEqual(mod.f_hessian(x, y));
  });
});

describe('array parameter g(a, s) = s·Σaᵢ²', async () => {
  const cf = gFunctions();
  const { mod } = await load([cf]);
  const a = [1, -2, 0.5];
  const s = 1.5;

  it('gradient is shaped like the parameters (subarray views of one buffer)', () => {
    const r = mod.g_grad(a, s);
    expect(r.value).toBe(7.875);
    expect(r.grad[0]).toBeInstanceOf(Float64Array);
    expect([...r.grad[0]]).toEqual([3, -6, 1.5]);
    expect(r.grad[1]).toBe(5.25);
    const out = new Float64Array(4);
    interpret(cf.grad!, [Float64Array.from(a), s, 1, out]);
    expect(mod.g_grad_into(a, s, new Float64Array(4))).toBe(7.875);
    const mine = new Float64Array(4);
    mod.g_grad_into(a, s, mine);
    expect(mine).toEqual(out);
  });

  it('jvp with an array tangent', () => {
    const r = mod.g_jvp(a, s, [1, 1, 1], 2);
    expect(r.tangent).toBeCloseTo(3 - 6 + 1.5 + 2 * 5.25, 13);
  });

  it('hvp and the Hessian assembled from HVPs, exactly symmetric', () => {
    const r = mod.g_hvp(a, s, [1, 0, 0], 1);
    expect([...r.hvp[0]]).toEqual([5, -4, 1]);
    expect(r.hvp[1]).toBe(2);
    const h = mod.g_hessian(a, s);
    expect(h.hessian.map((row: Float64Array) => [...row])).toEqual([
      [3, 0, 0, 2],
      [0, 3, 0, -4],
      [0, 0, 3, 1],
      [2, -4, 1, 0],
    ]);
    // Different sizes reuse and resize the module's scratch arrays.
    const big = mod.g_hessian([1, 2, 3, 4, 5], 2);
    expect(big.hessian).toHaveLength(6);
    expect(big.hessian[5][4]).toBe(10);
    expect(mod.g_hessian(a, s)).toEqual(h);
  });

  it('hessian_into over HVPs is exactly symmetric even when the columns are not', async () => {
    // Perturb the HVP core so that H·eⱼ columns disagree with the rows in the last digit.
    const skewed = gFunctions();
    const hvp = skewed.hvp!.fn;
    hvp.body.push({ kind: 'store', array: 'gradOut_dot', index: { kind: 'const', value: 0 }, value: { kind: 'var', name: 's' }, loc: { start: 0, end: 0 } });
    const { mod: m } = await load([skewed]);
    const hessOut = new Float64Array(16);
    m.g_hessian_into(a, s, new Float64Array(4), hessOut);
    for (let i = 0; i < 4; i++) for (let j = 0; j < 4; j++) expect(hessOut[i * 4 + j]).toBe(hessOut[j * 4 + i]);
  });
});

describe('the tape (p(x, n) = xⁿ by repeated products)', async () => {
  const cf = pFunctions();
  const { mod, js } = await load([cf]);

  it('pushes and pops across growth, and is reused by later calls', () => {
    expect(js).toContain('let tape = new Float64Array(1024);');
    const n = 3000;
    const xx = 1.0001;
    const out = new Float64Array(1);
    const ref = interpret(cf.grad!, [xx, n, 1, out]);
    const first = mod.p_grad(xx, n);
    expect(first.value).toBe(ref[0]);
    expect(first.grad[0]).toBe(out[0]);
    expect(first.grad[0]).toBeCloseTo(n * xx ** (n - 1), 8);
    expect(mod.p_grad(xx, n)).toEqual(first);
    expect(mod.p_grad(2, 3)).toEqual({ value: 8, grad: [12] });
    expect(mod.p_grad(xx, n)).toEqual(first);
  });

  it('is not emitted by modules that do not need it', async () => {
    const { js: noTape } = await load([fFunctions()]);
    expect(noTape).not.toContain('tape');
  });
});

describe('vector functions', async () => {
  const hx = 0.8;
  const hy = -1.2;
  const hJ = [[hy, hx], [Math.cos(hx), 0], [0, 1]];

  it('h (m = 3 ≥ n = 2): jacobian, jvp and vjp', async () => {
    const { mod } = await load([hFunctions()]);
    const r = mod.h_jacobian(hx, hy);
    expect(r.value).toBeInstanceOf(Float64Array);
    expect([...r.value]).toEqual([hx * hy, Math.sin(hx), hy + 1]);
    expect(r.jacobian.map((row: Float64Array) => [...row])).toEqual(hJ);
    const t = mod.h_jvp(hx, hy, 1, 2);
    expect([...t.tangent]).toEqual([hy + 2 * hx, Math.cos(hx), 2]);
    const v = mod.h_vjp(hx, hy, [1, 2, 3]);
    expect([...v.value]).toEqual([...r.value]);
    expect(v.grad).toEqual([hy + 2 * Math.cos(hx), hx + 3]);
    const out = new Float64Array(2);
    expect(mod.h_vjp_into(hx, hy, [1, 2, 3], out)).toBeUndefined();
    expect([...out]).toEqual(v.grad);
  });

  it('the Jacobian is the same by forward or reverse mode, chosen at run time', async () => {
    const both = (await load([kFunctions()])).mod;
    const fwd = (await load([kFunctions({ jvp: true })])).mod;
    const rev = (await load([kFunctions({ grad: true })])).mod;
    for (const a of [[1, 2, 3], [0.5], [2, -1]]) {
      const expected = [a.map(() => 1), a.map((ai) => 2 * ai)];
      for (const m of [both, fwd, rev]) {
        expect(m.k_jacobian(a).jacobian.map((row: Float64Array) => [...row])).toEqual(expected);
      }
    }
    expect(fwd.k_vjp).toBeUndefined();
    expect(rev.k_jvp).toBeUndefined();
    const hOnlyGrad = hFunctions();
    delete hOnlyGrad.jvp;
    expect((await load([hOnlyGrad])).mod.h_jacobian(hx, hy).jacobian.map((row: Float64Array) => [...row])).toEqual(hJ);
  });

  it('only wrappers whose cores exist are emitted', async () => {
    const { mod } = await load([{ exp: hFunctions().exp }]);
    expect(Object.keys(mod).sort()).toEqual(['h']);
  });
});

describe('several functions in one module', () => {
  it('share helpers and keep their own registers', async () => {
    const { mod, js } = await load([fFunctions(), gFunctions(), pFunctions(), hFunctions(), kFunctions()]);
    expect(mod.f_jvp(x, y, 1, 0).tangent).toBeCloseTo(2 * x * y, 13);
    expect(mod.g_jvp([1, 2], 1, [1, 0], 0).tangent).toBe(2);
    expect(js.match(/^function symmetrize\(/gm)).toHaveLength(1);
    expect(js.match(/^let tape =/gm)).toHaveLength(1);
  });
});

describe('output array parameters', () => {
  it('their tangent parameters get module scratch arrays, resized to the argument', async () => {
    const { mod, js } = await load([oFunctions()]);
    expect(js).toContain('let o_out_dot = new Float64Array(0);');
    const out = new Float64Array(1);
    expect(mod.o_jvp(2, out, 1)).toEqual({ value: 6, tangent: 3 });
    expect(out[0]).toBe(4);
    expect(mod.o_jvp_tangent(2, new Float64Array(5), 2)).toBe(6);
    expect(mod.o_hvp(2, out, 1)).toEqual({ value: 6, grad: [3], hvp: [0] });
    expect(mod.o_hessian(2, out).hessian.map((r: Float64Array) => [...r])).toEqual([[0]]);
  });
});
