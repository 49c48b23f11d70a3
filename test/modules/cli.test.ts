/**
 * Multi-file projects through the command line (bin/adgen.js over dist/, as `npx adgen` runs
 * it): one output for the entry, errors in an imported file printed at that file, `--watch`
 * rebuilding when an imported file changes, and a tsconfig.json's `paths` honoured.
 */
import { spawn, spawnSync } from 'node:child_process';
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { importJs } from '../util/load.js';
import { project } from './harness.js';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/adgen.js');

function adgen(args: string[], cwd: string) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const geom = (k: number) => `export const K = ${k};\nexport function norm2(x: number[]): number {\n  let s = 0;\n  for (const v of x) s += v * v;\n  return K * s;\n}\n`;
const main = `import { norm2 } from './lib/geom';\nexport function f(x: number[]): number {\n  return norm2(x) + x[0];\n}\n`;

describe('adgen on a multi-file project', () => {
  it('writes one standalone module for the entry, without imports', async () => {
    const dir = project({ 'lib/geom.ts': geom(2), 'main.ts': main });
    const r = adgen(['main.ts'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toMatch(/^main\.ts → main\.grad\.js/);
    const js = readFileSync(path.join(dir, 'main.grad.js'), 'utf8');
    expect(js).not.toMatch(/^import /m);
    const m = await import(pathToFileURL(path.join(dir, 'main.grad.js')).href);
    expect(m.f([1, 2])).toBe(11);
    const g = m.f_grad([1, 2]).grad; // the parameter's gradient, alone or in a list of one
    expect(Array.from(g instanceof Float64Array ? g : g[0])).toEqual([5, 8]);
  });

  it('prints an error of an imported file at that file, with its line', () => {
    const dir = project({ 'lib/geom.ts': 'export function norm2(x: number[]): number {\n  return x.foo;\n}\n', 'main.ts': main });
    const r = adgen(['main.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('lib/geom.ts:2:10: error:');
    expect(r.stderr).toContain(' 2 |   return x.foo;');
  });

  it('resolves through the paths of the nearest tsconfig.json', () => {
    const tsconfig = JSON.stringify({ compilerOptions: { baseUrl: '.', paths: { '@lib/*': ['lib/*'] } } });
    const dir = project({ 'tsconfig.json': tsconfig, 'lib/geom.ts': geom(3), 'src/main.ts': main.replace('./lib/geom', '@lib/geom') });
    const r = adgen(['src/main.ts', '--stdout'], dir);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('export function f(x)');
  });

  it('compiles through an installed package (the Kahan–Babuška sum of simple-statistics)', async () => {
    // Inside the repository, so the package resolves from its node_modules.
    const file = path.join(root, 'test/corpus', `.cli-entry-${process.pid}.ts`);
    writeFileSync(file, `import { sum } from 'simple-statistics';\nexport function total(x: number[]) { return sum(x) * 2; }\n`);
    try {
      const r = adgen([file, '--stdout'], root);
      expect(r.stderr).toBe('');
      const m = await importJs(r.stdout);
      expect(m.total([0.1, 0.2, 0.3])).toBe(2 * (await import('simple-statistics')).sum([0.1, 0.2, 0.3]));
    } finally {
      rmSync(file, { force: true });
    }
  });

  it('--watch rebuilds the entry when a file it imports changes', async () => {
    const dir = project({ 'lib/geom.ts': geom(2), 'main.ts': main });
    const child = spawn(process.execPath, [bin, 'main.ts', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    const until = async (what: () => boolean, label: string) => {
      for (let i = 0; i < 400 && !what(); i++) await new Promise((r) => setTimeout(r, 25));
      if (!what()) throw new Error(`timed out waiting for ${label}; stdout: ${out}; stderr: ${err}`);
    };
    try {
      await until(() => err.includes('watching 2 files'), 'first build');
      writeFileSync(path.join(dir, 'lib/geom.ts'), geom(5));
      await until(() => (out.match(/→/g) ?? []).length === 2, 'rebuild');
      const m = await import(pathToFileURL(path.join(dir, 'main.grad.js')).href + '?v2');
      expect(m.f([1, 2])).toBe(26);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
  });
});
