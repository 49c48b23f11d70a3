/**
 * Functions of a package adgen does not compile, with derivatives the source supplies: the
 * fixture package test/fixtures/node_modules/bessel-lite (Bessel functions, plain JavaScript).
 * The generated module imports it (and says so in its header); its derivatives must be the
 * rules' (checked against central differences, and with a deliberately wrong rule); a function
 * without a rule is a located error exactly where a derivative would flow through it.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { afterAll, describe, expect, it } from 'vitest';
import { compile, type CompileOptions } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { numericGradientFlat } from '../../src/runtime/index.js';

// Modules are written beside the fixture's node_modules so that `import … from 'bessel-lite'` resolves.
const dir = mkdtempSync(path.resolve('test/fixtures/.out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let counter = 0;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function load(js: string): Promise<any> {
  const file = path.join(dir, `m${counter++}.mjs`);
  writeFileSync(file, js);
  return import(pathToFileURL(file).href);
}

function compiled(source: string, options: Partial<CompileOptions> = {}): string {
  const r = compile(source, { fileName: 'wave.ts', ...options });
  if (!r.js) throw new Error(r.diagnostics.map((d) => formatDiagnostic(d, source, 'wave.ts')).join('\n'));
  return r.js;
}

const errorsOf = (source: string, options: Partial<CompileOptions> = {}) =>
  compile(source, { fileName: 'in.ts', ...options }).diagnostics.map((d) => formatDiagnostic(d, source, 'in.ts'));

const RULES = `
/**
 * Bessel functions from a package; J₀′ = −J₁, J₁′ = (J₀ − J₂)/2, ∂Jₙ/∂x = (Jₙ₋₁ − Jₙ₊₁)/2.
 * @vjp besselJ0 j0Vjp
 * @jvp besselJ1 j1Jvp
 * @vjp besselJn jnVjp
 */
import { besselJ0, besselJ1, besselJn } from 'bessel-lite';

function j0Vjp(x: number, g: number): number { return -g * besselJ1(x); }
function j1Jvp(x: number, dx: number): number { return 0.5 * (besselJ0(x) - besselJn(2, x)) * dx; }
function jnVjp(n: number, x: number, g: number): number[] { return [0, 0.5 * g * (besselJn(n - 1, x) - besselJn(n + 1, x))]; }

/** A vibrating membrane's mode, damped. */
export function wave(r: number, k: number): number {
  return besselJ0(k * r) * Math.exp(-r) + besselJ1(r) * k + besselJn(3, k + r);
}
`;

const close = (a: number, b: number, tol: number) => expect(Math.abs(a - b)).toBeLessThanOrEqual(tol * Math.max(1, Math.abs(b)));
const points = [[0.7, 2.1], [3.2, 0.4], [-1.5, 1.3]];

describe('functions of a package with derivatives from the source', () => {
  it('imports the package, says so in the header, and the primal matches the uncompiled source', async () => {
    const js = compiled(RULES);
    expect(js).toMatch(/^\/\/ Not standalone: it calls functions of 'bessel-lite'/m);
    expect(js).toMatch(/^import \{ besselJ0, besselJ1, besselJn \} from "bessel-lite";$/m);
    const m = await load(js);
    const u = await load(ts.transpileModule(RULES, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText);
    for (const [r, k] of points) expect(m.wave(r, k)).toBe(u.wave(r, k));
  });

  it('gives gradients, JVPs and Hessians that agree with central differences', async () => {
    const m = await load(compiled(RULES));
    for (const args of points) {
      const fd = numericGradientFlat(m.wave, args as never, { central: true });
      const g = m.wave_grad(...args).grad as number[];
      g.forEach((x, i) => close(x, fd[i], 1e-7));
      close(m.wave_jvp(...args, 0.3, -1.2).tangent, 0.3 * g[0] - 1.2 * g[1], 1e-12);
      const h = m.wave_hessian(...args).hessian;
      for (let i = 0; i < 2; i++) {
        const row = numericGradientFlat((...a: never[]) => m.wave_grad(...a).grad[i], args as never, { central: true });
        row.forEach((x, j) => close(h[i][j], x, 1e-6));
      }
    }
  });

  it('works inside derivatives taken in the source, and the whole differentiates again', async () => {
    const nested = `import { grad, jacfwd } from 'adgen/runtime';\n${RULES}
export function slope(r: number, k: number): number { return grad(wave)(r, k) + jacfwd(wave, 1)(r, k); }
`;
    // slope's gradient is a second derivative of wave; its Hessian, a third, is past the rules' depth.
    expect(errorsOf(nested)[0]).toMatch(/besselJn from 'bessel-lite' has no derivative here/);
    const m = await load(compiled(nested, { modes: ['grad', 'jvp'] }));
    for (const args of points) {
      const g = m.wave_grad(...args).grad as number[];
      close(m.slope(...args), g[0] + g[1], 1e-12);
      const fd = numericGradientFlat(m.slope, args as never, { central: true });
      (m.slope_grad(...args).grad as number[]).forEach((x, i) => close(x, fd[i], 1e-6));
    }
  });

  it('follows the rule, not the package: a deliberately wrong rule reaches the output', async () => {
    const wrong = `/** @vjp besselJ0 fake */\nimport { besselJ0 } from 'bessel-lite';\nfunction fake(x: number, g: number): number { return 42 * g; }\nexport function f(x: number): number { return 2 * besselJ0(x * x); }\n`;
    const m = await load(compiled(wrong));
    expect(m.f_grad(1.5).grad[0]).toBe(2 * 42 * 2 * 1.5);
    expect(m.f_jvp(1.5, 1).tangent).toBe(2 * 42 * 2 * 1.5);
    expect(m.f(1.5)).toBe(2 * (await import('./../fixtures/node_modules/bessel-lite/index.js' as string)).besselJ0(2.25));
  });

  it('reports a missing rule where a derivative needs it, and only there', async () => {
    const source = `/** @extern */\nimport { besselJ0 } from 'bessel-lite';\nexport function f(x: number, k: number): number {\n  return besselJ0(k) * x;\n}\n`;
    // Only x is differentiated: no derivative flows through besselJ0(k).
    const m = await load(compiled(source, { wrt: ['x'] }));
    expect(m.f_grad(2, 1).grad[0]).toBe(m.f(1, 1));
    expect(errorsOf(source)[0]).toMatch(/4:10: error: besselJ0 from 'bessel-lite' has no derivative here: give it one with `@vjp besselJ0 rule`/);
    // A second derivative differentiates the rule, which calls J₁ — that needs a rule too.
    const second = `/** @vjp besselJ0 j0Vjp */\nimport { besselJ0, besselJ1 } from 'bessel-lite';\nfunction j0Vjp(x: number, g: number): number { return -g * besselJ1(x); }\nexport function f(x: number): number { return besselJ0(x); }\n`;
    expect(errorsOf(second, { modes: ['grad'] })).toEqual([]);
    expect(errorsOf(second, { modes: ['hessian'] })[0]).toMatch(/besselJ1 from 'bessel-lite' has no derivative here/);
  });

  it('takes rules and package imports from imported files too, renamed where names clash', async () => {
    const lib = `/** @vjp besselJ0 v */\nimport { besselJ0 } from 'bessel-lite';\nfunction v(x: number, g: number): number { return 7 * g; }\n` +
      `/** @vjp sqVjp */\nexport function sq(x: number): number { return x * x; }\nfunction sqVjp(x: number, g: number): number { return 5 * g; }\n` +
      `export function j(x: number): number { return besselJ0(x); }\n`;
    // The entry has its own sqVjp, which is not sq's rule.
    const main = `import { j, sq } from './lib';\nfunction sqVjp(q: number): number { return q; }\nexport function f(x: number): number { return 2 * j(x) + sq(x) + sqVjp(x); }\n`;
    const files = new Map([[path.resolve('test/fixtures/lib.ts'), lib]]);
    const m = await load(compiled(main, { fileName: 'test/fixtures/main.ts', readFile: (p) => files.get(p) }));
    const bessel = await import('../fixtures/node_modules/bessel-lite/index.js' as string);
    expect(m.f(0.6)).toBe(2 * bessel.besselJ0(0.6) + 0.36 + 0.6);
    expect(m.f_grad(0.6).grad[0]).toBe(2 * 7 + 5 + 1);
  });

  it('reports misuse at the import or the call', () => {
    const head = `/** @vjp besselJ0 nope */\nimport { besselJ0, sumOf } from 'bessel-lite';\n`;
    expect(errorsOf(`${head}export function f(x: number): number { return besselJ0(x); }`)[0]).toMatch(/2:10: error: @vjp names nope, which is not a function of this file/);
    expect(errorsOf(`${head}export function f(x: Float64Array): number { return sumOf(x); }`)[0]).toMatch(/3:\d+: error: sumOf from 'bessel-lite' is not compiled, so it takes numbers only/);
  });

  it('calls the package where its import names rules, compiles it through where it does not', async () => {
    const plain = `import { besselJ0 } from 'bessel-lite';\nexport function f(x: number): number { return besselJ0(x); }\n`;
    const tagged = `/** @vjp besselJ0 v */\n${plain}function v(x: number, g: number): number { return 7 * g; }\n`;
    // From a file beside the fixture package, so that the package resolves.
    const through = compiled(plain, { fileName: 'test/fixtures/f.ts' });
    expect(through).not.toMatch(/^import /m);
    const called = compiled(tagged, { fileName: 'test/fixtures/f.ts' });
    expect(called).toMatch(/^import \{ besselJ0 \} from "bessel-lite";$/m);
    const [a, b] = [await load(through), await load(called)];
    expect(b.f(0.7)).toBe(a.f(0.7));
    close(a.f_grad(0.7).grad[0], numericGradientFlat(a.f, [0.7], { central: true })[0], 1e-7);
    expect(b.f_grad(0.7).grad[0]).toBe(7);
  });
});
