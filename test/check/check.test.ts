/**
 * The gradient checker: it passes correct modules, catches a wrong custom derivative rule, reads
 * points from JSDoc and from a points file, and `adgen check` prints the table with the exit
 * codes the build uses.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkFile, checkModule, formatReport } from '../../src/index.js';
import { main } from '../../src/cli/main.js';

const dir = mkdtempSync(path.join(tmpdir(), 'adgen-check-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

const SOFTPLUS = (rule: string) => `
/** @vjp softplusVjp */
function softplus(x: number): number { return Math.log(1 + Math.exp(x)); }
function softplusVjp(x: number, g: number): number { return ${rule}; }
export function loss(w: Float64Array, b: number): number {
  let s = 0;
  for (let i = 0; i < w.length; i++) s += softplus(w[i] * b);
  return s;
}
`;

async function run(...argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

describe('checkModule', () => {
  it('passes every entry point of a correct scalar module', async () => {
    const src = `export function f(x: number, y: number): number {\n  return x * x * y + Math.sin(x * y);\n}\n`;
    const report = await checkModule(src, { fileName: path.join(dir, 'f.ts') });
    expect(report.ok).toBe(true);
    const entries = new Set(report.rows.map((r) => r.entry));
    for (const e of ['f_grad', 'f_grad_into', 'f_jvp', 'f_jvp_tangent', 'f_hvp', 'f_hvp_into', 'f_hessian', 'f_hessian_into']) expect(entries).toContain(e);
    const oracles = report.rows.map((r) => `${r.entry} ${r.oracle}`);
    expect(oracles).toContain('f_jvp dot-product test with f_grad');
    expect(oracles).toContain('f_hessian symmetry');
    expect(oracles).toContain('f_grad central differences');
    for (const r of report.rows) expect(r.error).toBeLessThan(1e-5);
  });

  it('passes a vector-valued module: Jacobian, JVP, VJP and the dot-product test', async () => {
    const src = `export function g(v: Float64Array, s: number): number[] {\n  return [v[0] * s, Math.exp(v[1]) * v[2], v[0] + v[1] + v[2]];\n}\n`;
    const report = await checkModule(src, { fileName: path.join(dir, 'g.ts') });
    expect(report.ok).toBe(true);
    expect(report.rows.map((r) => `${r.entry} ${r.oracle}`)).toEqual(
      expect.arrayContaining(['g_jacobian central differences', 'g_jvp central differences', 'g_vjp central differences', 'g_vjp dot-product test with g_jvp', 'g_vjp_into g_vjp']),
    );
  });

  it('catches a wrong custom @vjp rule (the rule drifts from the body it replaces)', async () => {
    const good = await checkModule(SOFTPLUS('g / (1 + Math.exp(-x))'), { fileName: path.join(dir, 'good.ts') });
    expect(good.ok).toBe(true);
    const bad = await checkModule(SOFTPLUS('g / (1 + Math.exp(x))'), { fileName: path.join(dir, 'bad.ts') });
    expect(bad.ok).toBe(false);
    const gradRow = bad.rows.find((r) => r.entry === 'loss_grad' && r.oracle === 'central differences');
    expect(gradRow?.status).toBe('mismatch');
    expect(gradRow!.error).toBeGreaterThan(1e-3);
    expect(formatReport(bad)).toMatch(/loss_grad +central differences +\S+ +mismatch/);
  });

  it('catches a @vjp rule wrong by a little (1e-3) and a wrong @jvp rule', async () => {
    const src = (tag: string, rule: string) => `
/** @${tag} cubeRule */
function cube(x: number): number { return x * x * x; }
function cubeRule(x: number, g: number): number { return ${rule}; }
export function h(x: number): number { return cube(x) + x; }
`;
    const status = (r: Awaited<ReturnType<typeof checkModule>>, entry: string) => r.rows.find((row) => row.entry === entry && row.oracle === 'central differences')?.status;
    expect((await checkModule(src('vjp', 'g * 3 * x * x'), { fileName: path.join(dir, 'h.ts') })).ok).toBe(true);
    const slightly = await checkModule(src('vjp', 'g * (3 * x * x + 1e-3 * Math.sin(100 * x))'), { fileName: path.join(dir, 'h2.ts') });
    expect(status(slightly, 'h_grad')).toBe('mismatch');
    const jvpWrong = await checkModule(src('jvp', '3 * x * g'), { fileName: path.join(dir, 'h3.ts') });
    expect(status(jvpWrong, 'h_jvp')).toBe('mismatch');
    expect(jvpWrong.ok).toBe(false);
  });

  it('evaluates at the points of @check and @example lines', async () => {
    const src = `/**\n * @check 4\n * @example r(9) // 3\n */\nexport function r(x: number): number {\n  return Math.sqrt(x);\n}\n`;
    const report = await checkModule(src, { fileName: path.join(dir, 'r.ts') });
    expect(report.points.r).toEqual([[4], [9]]);
    expect(report.ok).toBe(true);
  });

  it('takes points as data and shapes them as the parameters are declared', async () => {
    const src = `export function d(v: Float64Array, idx: Int32Array): number {\n  return v[idx[0]] * v[idx[1]];\n}\n`;
    const report = await checkModule(src, { fileName: path.join(dir, 'd.ts'), points: { d: [[[1, 2, 3], [0, 2]]] } });
    expect(report.points.d[0][0]).toBeInstanceOf(Float64Array);
    expect(report.points.d[0][1]).toBeInstanceOf(Int32Array);
    expect(report.ok).toBe(true);
  });

  it('skips points outside the domain and says so', async () => {
    const src = `/** @check -1\n * @check 2 */\nexport function l(x: number): number {\n  return Math.log(x);\n}\n`;
    const report = await checkModule(src, { fileName: path.join(dir, 'l.ts') });
    expect(report.ok).toBe(true);
    expect(report.rows[0].note).toMatch(/1 point\(s\) outside the domain skipped/);
  });
});

describe('adgen check', () => {
  it('prints the table and exits 0 when everything agrees', async () => {
    const r = await run('check', file('ok.ts', SOFTPLUS('g / (1 + Math.exp(-x))')));
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/^function +entry point +against +max rel\. error +status/);
    expect(r.out).toMatch(/all \d+ comparisons agree$/);
  });

  it('exits 1 on a mismatch', async () => {
    const r = await run('check', file('wrong.ts', SOFTPLUS('g / (1 + Math.exp(x))')));
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/mismatch/);
  });

  it('reads a points file', async () => {
    const f = file('p.ts', `export function p(x: number): number {\n  return Math.sqrt(x);\n}\n`);
    const points = file('points.json', JSON.stringify({ p: [[16]] }));
    const r = await run('check', f, '--points', points);
    expect(r.code).toBe(0);
  });

  it('reports compile errors located, exit 1; usage errors exit 2', async () => {
    const bad = await run('check', file('err.ts', `export function e(x: number): number {\n  return "a" + x;\n}\n`));
    expect(bad.code).toBe(1);
    expect(bad.err).toMatch(/err\.ts:2:10: error: /);
    expect((await run('check', path.join(dir, 'missing.ts'))).code).toBe(2);
    expect((await run('check')).code).toBe(2);
  });
});

describe('the oracles on hand-written modules', () => {
  const exp = { name: 'f', params: [{ name: 'x', kind: 'number' as const, active: true }, { name: 'y', kind: 'number' as const, active: true }], output: 'scalar' as const, entryPoints: ['f', 'f_grad', 'f_jvp', 'f_hessian'] };
  const f = (x: number, y: number) => x * x * y;
  const grad = (x: number, y: number) => ({ value: f(x, y), grad: [2 * x * y, x * x] });
  const rnd = () => 0.3;

  it('the dot-product test fails when a JVP disagrees with the gradient', async () => {
    const { measureScalar } = await import('../../src/check/oracles.js');
    const mod = { f, f_grad: grad, f_jvp: (x: number, y: number, tx: number, ty: number) => ({ value: f(x, y), tangent: 2 * x * y * tx + x * ty }), f_hessian: () => ({ hessian: [Float64Array.of(2, 2), Float64Array.of(2, 0)] }) };
    const m = measureScalar(exp, mod, [1.5, 2], rnd);
    expect(m.find((r) => r.oracle === 'dot-product test with f_grad')!.error).toBeGreaterThan(1e-3);
    expect(m.find((r) => r.entry === 'f_grad')!.error).toBeLessThan(1e-8);
  });

  it('the symmetry check fails on an asymmetric Hessian', async () => {
    const { measureScalar } = await import('../../src/check/oracles.js');
    const mod = { f, f_grad: grad, f_jvp: (x: number, y: number, tx: number, ty: number) => ({ tangent: 2 * x * y * tx + x * x * ty }), f_hessian: (x: number, y: number) => ({ hessian: [Float64Array.of(2 * y, 2 * x), Float64Array.of(0, 0)] }) };
    const m = measureScalar(exp, mod, [1.5, 2], rnd);
    expect(m.find((r) => r.oracle === 'symmetry')!.error).toBeGreaterThan(0.1);
    expect(m.find((r) => r.oracle === 'dot-product test with f_grad')!.error).toBeLessThan(1e-12);
  });
});

describe('sparse entry points', () => {
  it('a sparse Hessian is densified, checked for symmetry and against the HVP', async () => {
    const { checkFile } = await import('../../src/index.js');
    const report = await checkFile(path.resolve(import.meta.dirname, '../../examples/gmm.ts'));
    expect(report.rows.map((r) => `${r.entry} ${r.oracle} ${r.status}`)).toEqual(expect.arrayContaining(['gmmObjective_hessian_sparse symmetry ok', 'gmmObjective_hessian_sparse gmmObjective_hvp ok']));
    expect(report.ok).toBe(true);
  });
});

describe('time limit', () => {
  // A loop that never ends at the generated points (x in [0.5, 1.5]): the checker must stop it.
  const SPIN = `export function spin(x: number): number {\n  let y = x;\n  while (y > 0) y = y + 1;\n  return y;\n}\nexport function sq(x: number): number {\n  return x * x;\n}\n`;

  it('stops a function that does not return, reports it, checks the others and exits 1', () => {
    // Through the built CLI: the worker that bounds the time is the compiled dist/check/worker.js.
    const bin = path.join(__dirname, '../../bin/adgen.js');
    const r = spawnSync(process.execPath, [bin, 'check', file('spin.ts', SPIN), '--timeout', '2'], { encoding: 'utf8', timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toMatch(/spin +spin +— +timeout \(no answer within 2 s/);
    expect(r.stdout).toMatch(/sq +sq_grad +central differences/);
    expect(r.stdout).toMatch(/1 function out of time$/m);
  });

  it('rejects a time limit that is not a number of seconds', async () => {
    expect((await run('check', file('sq.ts', `export function sq(x: number): number {\n  return x * x;\n}\n`), '--timeout', 'soon')).code).toBe(2);
  });
});

describe('every example', () => {
  const examples = path.join(__dirname, '../../examples');
  it.each(readdirSync(examples).filter((f) => f.endsWith('.ts')))('%s passes adgen check at its @check points', async (name) => {
    const report = await checkFile(path.join(examples, name));
    expect(report.rows.filter((r) => r.status !== 'ok' && r.status !== 'skipped')).toEqual([]);
    // Every exported function with derivatives was compared somewhere.
    expect(report.rows.some((r) => r.status === 'ok')).toBe(true);
  });
});
