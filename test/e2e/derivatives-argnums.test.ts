/**
 * Derivatives inside code with several argnums: `grad(f, [i, j])` and `jacfwd(f, [i, j])` return
 * the tuple of gradients (a Float64Array compiled, a plain array from adgen/runtime), in argnums'
 * order. Checked against analytic partials, the uncompiled source, and — since the enclosing
 * function is differentiated again — against central differences in reverse and forward mode.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { GradientTape, numericGradientFlat, tapeOps, type OrNumber, type Tracked } from '../../src/runtime/index.js';
import { compileAndImport } from '../util/load.js';
import { uncompiled } from '../util/uncompiled.js';

type T = OrNumber<Tracked>;

const SOURCE = `
import { grad, jacfwd } from 'adgen/runtime';
function pot(x0: number, x1: number, w: number): number { return 1 / Math.hypot(x0 - 10, x1 - (10 - w)) + x0 * x0 * x1 * w; }
export function rev(x0: number, x1: number, w: number): number { const g = grad(pot, [1, 0])(x0, x1, w); return g[0] * x0 + Math.sin(g[1]); }
export function fwd(x0: number, x1: number, w: number): number { const g = jacfwd(pot, [1, 0])(x0, x1, w); return g[0] * x0 + Math.sin(g[1]); }
export function one(x0: number, x1: number, w: number): number { const g = grad(pot, [2])(x0, x1, w); return g[0] + jacfwd(pot, 2)(x0, x1, w); }
`;

/** ∂pot/∂x0, ∂pot/∂x1, ∂pot/∂w by hand. */
function partials(x0: number, x1: number, w: number): number[] {
  const dx = x0 - 10;
  const dy = x1 - (10 - w);
  const r3 = Math.hypot(dx, dy) ** 3;
  return [-dx / r3 + 2 * x0 * x1 * w, -dy / r3 + x0 * x0 * w, -dy / r3 + x0 * x0 * x1];
}

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const points = [[0.5, 8, 0], [3, 2, 1.5], [-1, 0.3, -2]];

describe('grad and jacfwd with several argnums', () => {
  it('return the gradients in argnums order, in both modes', async () => {
    const m = await compileAndImport(SOURCE);
    for (const [x0, x1, w] of points) {
      const [p0, p1, pw] = partials(x0, x1, w);
      close(m.rev(x0, x1, w), p1 * x0 + Math.sin(p0), 1e-13);
      close(m.fwd(x0, x1, w), p1 * x0 + Math.sin(p0), 1e-13);
      close(m.one(x0, x1, w), 2 * pw, 1e-13);
    }
  });

  it('agree with the uncompiled source, and differentiate again (reverse and forward over both)', async () => {
    const m = await compileAndImport(SOURCE);
    const u = await uncompiled(SOURCE);
    for (const args of points) {
      for (const f of ['rev', 'fwd', 'one']) {
        close(m[f](...args), u[f](...args), 1e-5);
        const fd = numericGradientFlat(m[f], args as never, { central: true });
        const g = m[`${f}_grad`](...args).grad as number[];
        g.forEach((x, i) => close(x, fd[i], 1e-6));
        const t = m[`${f}_jvp`](...args, 0.3, -0.7, 1.1).tangent;
        close(t, 0.3 * g[0] - 0.7 * g[1] + 1.1 * g[2], 1e-10);
      }
    }
  });

  it('agree with the runtime\'s nested gradient tape (reverse over reverse, the inner tape inside the outer)', async () => {
    const m = await compileAndImport(SOURCE);
    const o = tapeOps;
    const pot = (x0: T, x1: T, w: T) =>
      o.add(o.div(1, o.hypot(o.sub(x0, 10), o.sub(x1, o.sub(10, w)))), o.mul(o.mul(o.mul(x0, x0), x1), w));
    for (const args of points) {
      const outer = new GradientTape({ unconnected: 'zero' });
      const [x0, x1, w] = args.map((a) => outer.variable(a));
      const inner = new GradientTape({ unconnected: 'zero' });
      [x0, x1, w].forEach((x) => inner.watch(x));
      const [g1, g0] = inner.gradient(pot(x0, x1, w), [x1, x0]) as Tracked[];
      const rev = o.add(o.mul(g1, x0), o.sin(g0));
      close(m.rev(...args), (rev as Tracked).value, 1e-13);
      const want = outer.gradient(rev, [x0, x1, w]).map((g) => g!.value);
      (m.rev_grad(...args).grad as number[]).forEach((x, i) => close(x, want[i], 1e-12));
      (m.fwd_grad(...args).grad as number[]).forEach((x, i) => close(x, want[i], 1e-12));
    }
  });

  it('reports argnums it cannot honour at the call', () => {
    const errors = (src: string) => compile(src, { fileName: 'in.ts' }).diagnostics.map((d) => formatDiagnostic(d, src, 'in.ts'));
    const head = `import { grad } from 'adgen/runtime';\nfunction f(x: number, y: Float64Array): number { return x * y[0]; }\n`;
    expect(errors(`${head}export function g(x: number): number { return grad(f, [0, 0])(x, Float64Array.of(x))[0]; }`)[0]).toMatch(/3:\d+: error: argnums lists an argument twice/);
    expect(errors(`${head}export function g(x: number): number { return grad(f, [0, 1])(x, Float64Array.of(x))[0]; }`)[0]).toMatch(/3:\d+: error: grad with several argnums of which one is an array/);
  });
});
