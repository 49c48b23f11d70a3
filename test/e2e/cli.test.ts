/**
 * End-to-end: run the real `adgen` command (bin/adgen.js over dist/, as `npx adgen` does) on
 * files, import what it wrote, and check exit codes, messages and the atomic-write promise.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/adgen.js');

function adgen(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function tmp(): string {
  return mkdtempSync(path.join(tmpdir(), 'adgen-cli-'));
}

describe('adgen CLI', () => {
  it('compiles the notebook example beside the input, and the module computes f and its gradient', async () => {
    const dir = tmp();
    const src = path.join(dir, 'notebook.ts');
    writeFileSync(src, readFileSync(path.join(root, 'examples/notebook.ts')));
    const r = adgen([src]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const js = path.join(dir, 'notebook.grad.js');
    expect(existsSync(path.join(dir, 'notebook.grad.d.ts'))).toBe(true);
    const m = await import(pathToFileURL(js).href);
    expect(m.f(3, 4)).toBe(42);
    expect(m.f_grad(3, 4).grad).toEqual([24, 10]);
    expect(m.f_grad(3, 4).value).toBe(42);
    expect(m.z_grad(3).grad[0]).toBeCloseTo(6 * Math.cos(9), 12);
  });

  it('honours --out and names the source relative to the output in the header', () => {
    const dir = tmp();
    const out = path.join(dir, 'sub', 'f.js');
    execFileSync('mkdir', ['-p', path.dirname(out)]);
    const r = adgen(['examples/notebook.ts', '--out', out]);
    expect(r.code).toBe(0);
    const header = readFileSync(out, 'utf8').split('\n').slice(0, 3).join('\n');
    const expected = path.relative(path.dirname(out), path.join(root, 'examples/notebook.ts')).split(path.sep).join('/');
    expect(header).toContain(`from ${expected}`);
    expect(header).not.toMatch(/from \//);
    expect(existsSync(path.join(dir, 'sub', 'f.d.ts'))).toBe(true);
  });

  it('prints --help and --version with exit 0', () => {
    expect(adgen(['--help']).code).toBe(0);
    expect(adgen(['--help']).stdout).toContain('Usage: adgen');
    const pkg = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8'));
    expect(adgen(['--version']).stdout.trim()).toBe(pkg.version);
  });

  it('exits 2 on usage errors: unknown flag, missing file, unknown mode, unknown --wrt name', () => {
    for (const args of [['--bogus', 'examples/notebook.ts'], ['nope.ts'], [], ['examples/notebook.ts', '--modes', 'grad,bogus'], ['examples/notebook.ts', '--wrt', 'nobody', '--out', path.join(tmp(), 'x.js')]]) {
      const r = adgen(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(/^adgen: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('reports every error with path:line:col and a caret, exits 1, and writes nothing', () => {
    const dir = tmp();
    const src = path.join(dir, 'bad.ts');
    writeFileSync(src, 'export function f(x: number): number {\n  return "a" + x;\n}\nexport function g(x: number): number {\n  return unknownFn(x);\n}\n');
    const r = adgen([src]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${src}:2:10: error:`);
    expect(r.stderr).toContain(`${src}:5:10: error:`);
    expect(r.stderr).toMatch(/\^/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(path.join(dir, 'bad.grad.js'))).toBe(false);
  });

  it('leaves an existing output untouched when a compile fails', () => {
    const dir = tmp();
    const src = path.join(dir, 'f.ts');
    const out = path.join(dir, 'f.grad.js');
    writeFileSync(out, '// previous output\n');
    writeFileSync(src, 'export function f(x: number): number { try { return x; } catch { return 0; } }\n');
    expect(adgen([src]).code).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe('// previous output\n');
    expect(existsSync(path.join(dir, 'f.grad.d.ts'))).toBe(false);
  });

  it('produces byte-identical output from another working directory', () => {
    const dir = tmp();
    const a = path.join(dir, 'a', 'f.js');
    expect(adgen(['examples/scalar.ts', '--out', a]).code).toBe(0);
    const b = path.join(dir, 'b', 'f.js');
    expect(adgen([path.join(root, 'examples/scalar.ts'), '--out', b], dir).code).toBe(0);
    expect(readFileSync(a, 'utf8')).toBe(readFileSync(b, 'utf8'));
    expect(readFileSync(`${a}.map`, 'utf8')).toBe(readFileSync(`${b}.map`, 'utf8'));
  });
});
