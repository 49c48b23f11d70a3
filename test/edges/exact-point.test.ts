/**
 * Exact-point branches (src/ad/exact-point.ts): stdlib's besselj0 at exactly x = 8 and erf's
 * Hessian at x = ±1 (and its gradient at 0) keep their derivatives in every mode, against
 * central differences; provable shortcuts give no warning, unprovable ones warn (located), and
 * @smooth / @nowarn / warnings: false behave as documented.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { compileAndImport } from '../util/load.js';

const fixture = path.resolve(__dirname, 'stdlib-special.ts');
const written: string[] = [];
afterAll(() => written.forEach((f) => rmSync(f, { force: true })));

/** Imported from inside the repository, so the module's import of a package resolves. */
async function load(js: string) {
  const out = path.resolve(__dirname, `.gen-${process.pid}-${written.length}.mjs`);
  writeFileSync(out, js);
  written.push(out);
  return import(pathToFileURL(out).href);
}

const cd = (f: (x: number) => number, x: number, h: number) => (f(x + h) - f(x - h)) / (2 * h);
const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1e-300, Math.abs(b));

// eslint-disable-next-line @typescript-eslint/no-explicit-any
function checkEveryMode(m: any, f: string, x: number) {
  const d1 = cd(m[f], x, 1e-5);
  const d2 = cd((t) => m[`${f}_grad`](t).grad[0], x, 1e-4);
  expect(rel(m[`${f}_grad`](x).grad[0], d1), `${f}_grad(${x})`).toBeLessThan(1e-7);
  expect(rel(m[`${f}_jvp`](x, 1).tangent, d1), `${f}_jvp(${x})`).toBeLessThan(1e-7);
  expect(rel(m[`${f}_hvp`](x, 1).hvp[0], d2), `${f}_hvp(${x})`).toBeLessThan(1e-6);
  expect(rel(m[`${f}_hessian`](x).hessian[0][0], d2), `${f}_hessian(${x})`).toBeLessThan(1e-6);
  const g = m[`${f}_vec_jacobian`](Float64Array.of(x)).jacobian[0][0];
  expect(rel(g, d1), `${f}_vec_jacobian(${x})`).toBeLessThan(1e-7);
  expect(rel(m[`${f}_vec_vjp`](Float64Array.of(x), Float64Array.of(1)).grad[0][0], d1), `${f}_vec_vjp(${x})`).toBeLessThan(1e-7);
}

const wrapped = (source: string) => `${source}
export function besselj0_vec(x: Float64Array): number[] { return [besselj0(x[0])]; }
export function erf_vec(x: Float64Array): number[] { return [erf(x[0])]; }
`;

describe('stdlib besselj0 and erf at their exact points', () => {
  const source = wrapped(readFileSync(fixture, 'utf8'));
  const fileName = fixture;
  it('through compile(): every mode agrees with central differences', async () => {
    const r = compile(source, { fileName });
    expect(r.js, r.diagnostics.map((d) => formatDiagnostic(d, source, fileName)).join('\n')).toBeTruthy();
    const m = await load(r.js!);
    for (const x of [8, 7.5, 4, 0.5]) checkEveryMode(m, 'besselj0', x);
    for (const x of [1, -1, 0, 0.5, 2]) checkEveryMode(m, 'erf', x);
    // The polynomial helpers' shortcuts are proved equal to their general formulas: no warning
    // there; besselj0's own `x === 0` returns 1.0, which its formula does not give exactly.
    const warnings = r.diagnostics.map((d) => formatDiagnostic(d, source, fileName));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/stdlib-special\.ts:\d+:\d+: warning: the comparison x === 0 selects a different formula/);
    expect(warnings[0]).toMatch(/\n \d+ \|   if \(x === 0\) return 1\.0;\n +\| +\^+/);
    expect(r.diagnostics[0].severity).toBe('warning');
  });

  it('through the CLI: exit 0, the warning on stderr; --no-warn silences it', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-edges-'));
    const cli = path.resolve(__dirname, '../../bin/adgen.js');
    const r = spawnSync(process.execPath, [cli, fixture, '--out', path.join(dir, 'sp.grad.js')], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/warning: the comparison x === 0/);
    const q = spawnSync(process.execPath, [cli, fixture, '--out', path.join(dir, 'sp.grad.js'), '--no-warn'], { encoding: 'utf8' });
    expect(q.status, q.stderr).toBe(0);
    expect(q.stderr).not.toMatch(/warning/);
  });
});

describe('exact-point branches of small functions', () => {
  it('a provable shortcut is differentiated as its general formula, with no warning', async () => {
    const src = `function poly(x: number) { if (x === 0.0) return 0.5; return 0.5 + x * (-0.25 + x * 0.125); }
export function f(x: number) { const s = x - 1; return 2 + s * poly(s); }
export function g(x: number) { return x === 1 ? 3 : 3 * x; }
export function h(x: number) { const a = Math.abs(x); if (a <= 0) return 1; return Math.cos(a) + a * a; }`;
    const r = compile(src, { fileName: 'p.ts' });
    expect(r.diagnostics).toEqual([]);
    const m = await compileAndImport(src);
    expect(m.f(1)).toBe(2);
    expect(m.f_grad(1).grad[0]).toBe(0.5);
    expect(m.f_hessian(1).hessian[0][0]).toBe(-0.5); // 2·(−0.25): lost (0) without the rewrite
    expect(m.g_grad(1).grad).toEqual([3]);
  });

  it('an unprovable one warns (located), @nowarn and warnings: false silence it, @smooth keeps the value and takes the general derivative', async () => {
    const body = `{ if (x === 1) return 3; return 1 + x * x; }`;
    const src = `export function f(x: number) ${body}\n/** @nowarn */\nexport function q(x: number) ${body}\n/** @smooth */\nexport function s(x: number) ${body}`;
    const r = compile(src, { fileName: 'w.ts' });
    expect(r.diagnostics.map((d) => formatDiagnostic(d, src, 'w.ts'))).toEqual([
      expect.stringMatching(/^w\.ts:1:\d+: warning: the comparison x === 1 selects a different formula at one point/),
    ]);
    expect(compile(src, { fileName: 'w.ts', warnings: false }).diagnostics).toEqual([]);
    const m = await compileAndImport(src, { warnings: false });
    expect(m.f_grad(1).grad).toEqual([0]);
    expect(m.s_grad(1)).toEqual({ value: 3, grad: [2] });
    expect(m.s_jvp(1, 1)).toEqual({ value: 3, tangent: 2 });
    expect(m.s_hessian(1).hessian[0][0]).toBe(2);
    expect(m.s_hvp(1, 1).hvp[0]).toBe(2);
    expect(m.s(1)).toBe(3);
  });

  it('comparisons with infinity and kinks (<, <= on two-sided values) give no warning', () => {
    const src = `export function f(x: number) { if (x === Infinity) return 0; return x <= 0 ? 0 : x * x; }`;
    expect(compile(src, { fileName: 'k.ts' }).diagnostics).toEqual([]);
  });
});
