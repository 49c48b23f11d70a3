/**
 * The notebook's numbers, from the compiled module (generated/notebook.grad.js), exactly — the
 * README shows these calls.
 */
import { describe, expect, it } from 'vitest';
import * as nb from '../../generated/notebook.grad.js';

describe('notebook example, compiled', () => {
  it('f(3, 4) = 42 with gradient [24, 10], Hessian [[8, 6], [6, 0]], exactly', () => {
    expect(nb.f(3, 4)).toBe(42);
    expect(nb.f_grad(3, 4)).toEqual({ value: 42, grad: [24, 10] });
    const h = nb.f_hessian(3, 4);
    expect(h.value).toBe(42);
    expect(h.hessian.map((row: Float64Array) => Array.from(row))).toEqual([[8, 6], [6, 0]]);
    expect(nb.f_hvp(3, 4, 1, 0)).toEqual({ value: 42, grad: [24, 10], hvp: [8, 6] });
    expect(nb.f_jvp(3, 4, 1, 0)).toEqual({ value: 42, tangent: 24 });
    expect(nb.f_jvp(3, 4, 0, 1).tangent).toBe(10);
  });

  it("z(x) = sin(x²) has z′(3) = 6·cos 9 exactly, in both modes", () => {
    expect(nb.z_grad(3).grad[0]).toBe(6 * Math.cos(9));
    expect(nb.z_jvp(3, 1).tangent).toBe(6 * Math.cos(9));
  });

  it('allocation-free entry points write into the caller’s arrays', () => {
    const g = new Float64Array(2);
    expect(nb.f_grad_into(3, 4, g)).toBe(42);
    expect(Array.from(g)).toEqual([24, 10]);
    const H = new Float64Array(4);
    expect(nb.f_hessian_into(3, 4, g, H)).toBe(42);
    expect(Array.from(H)).toEqual([8, 6, 6, 0]);
  });
});
