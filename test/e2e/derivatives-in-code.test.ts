/**
 * Custom derivative rules, stopGradient and derivatives inside differentiated code, end to end:
 * compiled modules against central differences, analytic values, the uncompiled source (run as
 * plain JavaScript with adgen/runtime's finite-difference versions), and rules deliberately
 * "wrong" so that only the rule — not the body — can explain the derivative.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { numericGradientFlat } from '../../src/runtime/index.js';
import { compileAndImport, importJs } from '../util/load.js';
import { rng } from '../util/inputs.js';
import { generateFunction } from '../util/progen.js';
import { uncompiled } from '../util/uncompiled.js';


function errorsOf(source: string): string[] {
  const r = compile(source, { fileName: 'in.ts' });
  return r.diagnostics.map((d) => formatDiagnostic(d, source, 'in.ts'));
}

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));

const NESTED = `
import { grad, hessian, hvp, jvp, stopGradient } from 'adgen/runtime';
function plus(y: number, x: number): number { return x + y; }
function U(q: number): number { return 0.5 * q ** 4 + Math.sin(q); }
function dU(q: number): number { return grad(U)(q); }
/** The classic perturbation-confusion test: x ↦ x · d/dy (x + y) has derivative 1. */
export function confusion(x: number): number { return x * grad(plus)(x, 2); }
export function force(q: number): number { return -grad(U)(q) * q; }
export function second(q: number): number { return grad(dU)(q); }
export function curvature(q: number): number { return hessian(U)(q) + hvp(U)(q, 2); }
export function tangent(q: number): number { return jvp(U, [q], [3])[1]; }
export function stopped(x: number, y: number): number { return stopGradient(x * y) + x * y; }
`;

describe('derivatives inside differentiated code', () => {
  it('avoids perturbation confusion in every mode', async () => {
    const m = await compileAndImport(NESTED);
    for (const x of [-2, 0, 0.5, 3]) {
      expect(m.confusion(x)).toBe(x);
      expect(m.confusion_grad(x).grad[0]).toBe(1);
      expect(m.confusion_jvp(x, 1).tangent).toBe(1);
      expect(m.confusion_hessian(x).hessian[0][0]).toBe(0);
    }
  });

  it('matches analytic first, second and third derivatives (reverse over reverse, grad of grad)', async () => {
    const m = await compileAndImport(NESTED);
    for (const q of [-1.3, 0.2, 0.7, 2]) {
      const d1 = 2 * q ** 3 + Math.cos(q);
      const d2 = 6 * q * q - Math.sin(q);
      const d3 = 12 * q - Math.cos(q);
      close(m.force(q), -d1 * q, 1e-14);
      close(m.force_grad(q).grad[0], -d2 * q - d1, 1e-12);
      close(m.force_hessian(q).hessian[0][0], -d3 * q - 2 * d2, 1e-12);
      close(m.second(q), d2, 1e-12);
      close(m.second_grad(q).grad[0], d3, 1e-12);
      close(m.curvature(q), 3 * d2, 1e-12);
      close(m.curvature_grad(q).grad[0], 3 * d3, 1e-12);
      close(m.tangent(q), 3 * d1, 1e-12);
      close(m.tangent_jvp(q, 1).tangent, 3 * d2, 1e-12);
    }
  });

  it('stopGradient passes the value and stops the derivative at every order', async () => {
    const m = await compileAndImport(NESTED);
    expect(m.stopped(2, 3)).toBe(12);
    expect(m.stopped_grad(2, 3).grad).toEqual([3, 2]);
    expect(m.stopped_hessian(2, 3).hessian.map((r: Float64Array) => Array.from(r))).toEqual([[0, 1], [1, 0]]);
  });

  it('gives the same primal values compiled and uncompiled, and derivatives close to the runtime versions', async () => {
    const m = await compileAndImport(NESTED);
    const u = await uncompiled(NESTED);
    for (const q of [-1.3, 0.7, 2]) {
      for (const f of ['force', 'second', 'curvature', 'tangent', 'confusion']) close(m[f](q), u[f](q), 1e-4);
      close(m.force_grad(q).grad[0], numericGradientFlat(u.force, [q], { central: true })[0], 1e-4);
    }
  });

  it('differentiates a leapfrog integrator whose forces are the gradient of its potential', async () => {
    const source = LEAPFROG;
    const m = await compileAndImport(source);
    const r = rng(7);
    const n = 4;
    const q0 = Float64Array.from({ length: 2 * n }, () => 4 * r() - 2);
    const p0 = Float64Array.from({ length: 2 * n }, () => r() - 0.5);
    const ms = Float64Array.from({ length: n }, () => 1 + r());
    const args = [q0, p0, ms, 0.01, 25];
    const g = m.leapfrog_grad(...args);
    const fd = numericGradientFlat((q: Float64Array, p: Float64Array, mm: Float64Array, h: number) => m.leapfrog(q, p, mm, h, 25), args.slice(0, 4) as never, { central: true });
    const flat = [...g.grad[0], ...g.grad[1], ...g.grad[2], g.grad[3]];
    flat.forEach((x, i) => close(x, fd[i], 1e-5));
    const u = await uncompiled(source);
    close(m.leapfrog(...args), u.leapfrog(...args), 1e-6);
  });
});

export const LEAPFROG = `
import { grad } from 'adgen/runtime';
function potential(q: Float64Array, m: Float64Array): number {
  let e = 0;
  for (let i = 0; i < m.length; i++) {
    for (let j = i + 1; j < m.length; j++) {
      const dx = q[2 * i] - q[2 * j];
      const dy = q[2 * i + 1] - q[2 * j + 1];
      e -= (m[i] * m[j]) / Math.sqrt(dx * dx + dy * dy + 0.01);
    }
  }
  return e;
}
function kinetic(p: Float64Array, m: Float64Array): number {
  let e = 0;
  for (let i = 0; i < m.length; i++) e += (p[2 * i] ** 2 + p[2 * i + 1] ** 2) / (2 * m[i]);
  return e;
}
export function leapfrog(q0: Float64Array, p0: Float64Array, m: Float64Array, h: number, steps: number): number {
  const q = Float64Array.from(q0);
  const p = Float64Array.from(p0);
  for (let s = 0; s < steps; s++) {
    const f1 = grad(potential)(q, m);
    for (let k = 0; k < q.length; k++) p[k] -= 0.5 * h * f1[k];
    for (let k = 0; k < q.length; k++) q[k] += (h * p[k]) / m[Math.floor(k / 2)];
    const f2 = grad(potential)(q, m);
    for (let k = 0; k < q.length; k++) p[k] -= 0.5 * h * f2[k];
  }
  return potential(q, m) + kinetic(p, m);
}
`;

const CUSTOM = `
/** @vjp softplusVjp */
function softplus(x: number): number { return Math.log(1 + Math.exp(x)); }
function softplusVjp(x: number, g: number): number { return g / (1 + Math.exp(-x)); }

/** @jvp sqJvp */
function sq(x: number, y: number): number { return x * x * y; }
function sqJvp(x: number, y: number, dx: number, dy: number): number { return 2 * x * y * dx + x * x * dy; }

/** @vjp lseVjp */
function logSumExp(xs: Float64Array): number {
  let m = -Infinity;
  for (let i = 0; i < xs.length; i++) m = Math.max(m, xs[i]);
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += Math.exp(xs[i] - m);
  return m + Math.log(s);
}
function lseVjp(xs: Float64Array, g: number): Float64Array {
  const out = new Float64Array(xs.length);
  const l = logSumExp(xs);
  for (let i = 0; i < xs.length; i++) out[i] = g * Math.exp(xs[i] - l);
  return out;
}

/** Newton's method for the cube root; its derivative by the implicit function theorem. @vjp cbrtVjp */
function cubeRoot(a: number): number {
  let x = 1;
  for (let k = 0; k < 60; k++) x = x - (x * x * x - a) / (3 * x * x);
  return x;
}
function cbrtVjp(a: number, g: number, x: number): number { return g / (3 * x * x); }

export function f1(x: number): number { return softplus(3 * x) * x; }
export function f2(x: number, y: number): number { return sq(x, y) + Math.sin(sq(y, x)); }
export function f3(xs: Float64Array, w: number): number { return w * logSumExp(xs); }
export function f4(a: number): number { return cubeRoot(a) * a; }
`;

describe('random programs with derivatives inside', () => {
  it('a gradient taken in the source agrees with differences, and so does the gradient of the whole', async () => {
    const r = rng(99);
    let checked = 0;
    for (let seed = 500; checked < 15 && seed < 900; seed++) {
      const gen = generateFunction(seed, 3, 'body');
      if (gen.output !== 'scalar' || gen.writesParams || gen.params.some((p) => p.kind !== 'num') || gen.wrt.length !== gen.params.length) continue;
      const names = gen.params.map((p) => p.name);
      const sig = names.map((n) => `${n}: number`).join(', ');
      const source = `import { grad } from 'adgen/runtime';\n${gen.ts.replace('export function body(', 'function body(')}\n` +
        `export function inner(${sig}): number { return grad(body)(${names.join(', ')}); }\n` +
        `export function outer(${sig}): number { return ${names[0]} * grad(body)(${names.join(', ')}) + body(${names.join(', ')}); }\n`;
      // Bodies whose gradient needs a tape cannot be differentiated in reverse again (a located error).
      const compiled = compile(source, { fileName: 'nested.ts' });
      if (compiled.diagnostics.some((d) => d.message.includes('needs a tape'))) continue;
      const m = await importJs(compiled.js!);
      const args = gen.args(r) as number[];
      const body = (...a: number[]) => m.outer(...a) - a[0] * m.inner(...a);
      const fdInner = numericGradientFlat(body as never, args as never, { central: true })[0];
      if (!Number.isFinite(fdInner) || Math.abs(fdInner) > 1e6) continue; // near a kink or a pole
      close(m.inner(...args), fdInner, 1e-4);
      const g = m.outer_grad(...args).grad as number[];
      const fd = numericGradientFlat(m.outer, args as never, { central: true });
      g.forEach((x, i) => close(x, fd[i], 1e-4));
      const t = args.map(() => r() - 0.5);
      close(m.outer_jvp(...args, ...t).tangent, g.reduce((s, x, i) => s + x * t[i], 0), 1e-10);
      checked++;
    }
    expect(checked).toBe(15);
  });
});

describe('custom derivative rules', () => {
  const points: [string, (number | Float64Array)[]][] = [
    ['f1', [0.3]], ['f1', [-2]], ['f2', [0.3, 1.2]], ['f2', [-1, 0.4]], ['f3', [Float64Array.of(1, 2, 0.5), 1.5]], ['f4', [5]], ['f4', [0.3]],
  ];

  it('gives gradients, JVPs and Hessians that agree with central differences', async () => {
    const m = await compileAndImport(CUSTOM);
    for (const [name, args] of points) {
      const fd = numericGradientFlat(m[name], args as never, { central: true });
      const g = m[`${name}_grad`](...args).grad.flatMap((x: number | Float64Array) => (typeof x === 'number' ? [x] : [...x]));
      g.forEach((x: number, i: number) => close(x, fd[i], 1e-6));
      const h = m[`${name}_hessian`](...args).hessian;
      for (let i = 0; i < g.length; i++) {
        const fdRow = numericGradientFlat((...a: never[]) => m[`${name}_grad`](...a).grad.flatMap((x: number | Float64Array) => (typeof x === 'number' ? [x] : [...x]))[i], args as never, { central: true });
        for (let j = 0; j < g.length; j++) close(h[i][j], fdRow[j], 1e-5);
      }
    }
  });

  it('uses the rule, not the body: the body is never differentiated', async () => {
    const m = await compileAndImport(CUSTOM);
    const js = compile(CUSTOM, { fileName: 'c.ts' }).js!;
    // The Newton loop of cubeRoot runs in the primal but has no adjoint: one rule evaluation.
    const start = js.indexOf('function f4_grad_core');
    const gradCore = js.slice(start, js.indexOf('\n}\n', start));
    expect(gradCore.match(/for \(/g)).toHaveLength(1); // the primal's Newton loop, no recomputation, no reversed copy
    expect(gradCore).toMatch(/gradOut\[0\]/);
    close(m.f4_grad(8).grad[0], (4 / 3) * 2, 1e-12);
  });

  it('follows a deliberately wrong rule placed in random programs', async () => {
    const r = rng(2024);
    let checked = 0;
    for (let seed = 1; checked < 25 && seed < 400; seed++) {
      const gen = generateFunction(seed, 3, 'body');
      if (gen.output !== 'scalar' || gen.writesParams || gen.params.some((p) => p.kind !== 'num') || gen.wrt.length !== gen.params.length) continue;
      const names = gen.params.map((p) => p.name);
      const k = [2 + Math.floor(r() * 5), 1 + Math.floor(r() * 3)];
      // The "rule" says ∂body/∂pᵢ = kᵢ·pᵢ — nothing to do with the body — so the compiled
      // gradient of wrap = 2·body + p₀ must be exactly 2·kᵢ·pᵢ (+1 for p₀).
      const rule = `function bodyVjp(${names.join(', ')}, g: number): number[] { return [${names.map((n, i) => `g * ${k[i % 2]} * ${n}`).join(', ')}]; }`;
      const single = names.length === 1 ? `function bodyVjp(${names[0]}: number, g: number): number { return g * ${k[0]} * ${names[0]}; }` : rule;
      const source = `${gen.ts.replace('export function body(', '/** @vjp bodyVjp */\nfunction body(')}\n${single}\nexport function wrap(${names.map((n) => `${n}: number`).join(', ')}): number { return 2 * body(${names.join(', ')}) + ${names[0]}; }\n`;
      const m = await compileAndImport(source);
      const args = gen.args(r) as number[];
      const { value, grad } = m.wrap_grad(...args);
      expect(Object.is(value, m.wrap(...args)) || Math.abs(value - m.wrap(...args)) <= 1e-12 * Math.abs(value)).toBe(true);
      grad.forEach((x: number, i: number) => close(x, 2 * k[i % 2] * args[i] + (i === 0 ? 1 : 0), 1e-12));
      const t = m.wrap_jvp(...args, ...args.map((_, i) => (i === 0 ? 1 : 0))).tangent;
      close(t, 2 * k[0] * args[0] + 1, 1e-12);
      checked++;
    }
    expect(checked).toBe(25);
  });
});

describe('non-differentiable parameters declared in the source', () => {
  it('@nondiff removes a parameter from the gradient, @wrt and --wrt still apply', async () => {
    const m = await compileAndImport(`/** @nondiff k */\nexport function f(x: number, k: number, y: number): number { return k * x * y; }`);
    expect(m.f_grad(2, 3, 5).grad).toEqual([15, 6]);
    expect(errorsOf(`/** @nondiff z */\nexport function f(x: number): number { return x; }`)[0]).toMatch(/@nondiff names z, which is not a parameter of f/);
  });
});

describe('located errors for derivatives in code', () => {
  it('reports misuse at the call', () => {
    expect(errorsOf(`/** @vjp nope */ function g(x: number): number { return x; }\nexport function f(x: number): number { return g(x); }`)[0]).toMatch(/1:\d+: error: @vjp names nope, which is not a function of this file/);
    expect(errorsOf(`/** @vjp gv */ function g(x: number): number { return x; }\nfunction gv(x: number): number { return x; }\nexport function f(x: number): number { return g(x); }`)[0]).toMatch(/must take 2 parameters/);
    expect(errorsOf(`import { grad } from 'adgen/runtime';\nexport function f(x: number): number { return grad(Math.sin)(x); }`)[0]).toMatch(/2:\d+: error: grad needs the name of a function of this file/);
    expect(errorsOf(`import { tape } from 'adgen/runtime';\nexport function f(x: number): number { return x; }`)[0]).toMatch(/tape from adgen\/runtime cannot be compiled/);
    const taped = `import { grad } from 'adgen/runtime';\nfunction g(x: number): number { let y = x; let k = 0; while (y < 10) { y = y * y + 1; k++; } return y; }\nexport function f(x: number): number { return grad(g)(x); }`;
    expect(errorsOf(taped)[0]).toMatch(/2:\d+: error: f calls a derivative that needs a tape/);
    expect(errorsOf(`import { grad } from 'adgen/runtime';\nexport function f(x: number): number { return grad(f)(x); }`)[0]).toMatch(/recursion/);
  });
});
