/**
 * The build command as esbuild/tsc users expect it, run as `npx adgen` runs it (bin/adgen.js over
 * dist/): several files and globs, --outdir, the summary line, --quiet, --stdout, --dump,
 * colour rules, configuration from package.json or adgen.config.*, and --watch.
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/adgen.js');
const notebook = readFileSync(path.join(root, 'examples/notebook.ts'), 'utf8');

function adgen(args: string[], cwd: string, env: NodeJS.ProcessEnv = {}) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A temporary project: files given relative to its root. */
function project(files: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'adgen-build-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

const square = 'export function sq(x: number): number {\n  return x * x;\n}\n';

describe('adgen build', () => {
  it('compiles a glob of files, one summary line each, and skips .d.ts and generated files', () => {
    const dir = project({ 'src/a.ad.ts': notebook, 'src/deep/b.ad.ts': square, 'src/other.ts': square, 'src/x.d.ts': 'export {};\n' });
    const r = adgen(['src/**/*.ad.ts'], dir);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^src\/a\.ad\.ts → src\/a\.ad\.grad\.js {2}2 functions, 18 entry points, \d+\.\d kB, \d+ ms$/);
    expect(lines[1]).toMatch(/^src\/deep\/b\.ad\.ts → src\/deep\/b\.ad\.grad\.js {2}1 function, 9 entry points, /);
    expect(existsSync(path.join(dir, 'src/other.grad.js'))).toBe(false);
    // Running again does not pick up the generated files.
    expect(adgen(['src/**/*'], dir).stdout).not.toContain('grad.js →');
  });

  it('--outdir keeps the layout under the common directory; the modules compute', async () => {
    const dir = project({ 'src/a.ts': notebook, 'src/deep/b.ts': square });
    const r = adgen(['src/a.ts', 'src/deep/b.ts', '--outdir', 'gen'], dir);
    expect(r.code).toBe(0);
    const a = await import(pathToFileURL(path.join(dir, 'gen/a.grad.js')).href);
    const b = await import(pathToFileURL(path.join(dir, 'gen/deep/b.grad.js')).href);
    expect(a.f_grad(3, 4).grad).toEqual([24, 10]);
    expect(b.sq_grad(5).grad).toEqual([10]);
    expect(existsSync(path.join(dir, 'gen/deep/b.grad.d.ts'))).toBe(true);
    expect(readFileSync(path.join(dir, 'gen/deep/b.grad.js'), 'utf8')).toContain('from ../../src/deep/b.ts');
  });

  it('a failing file writes nothing, the others are written, exit 1', () => {
    const dir = project({ 'a.ts': square, 'bad.ts': 'export function f(x: number): number {\n  return "a" + x;\n}\n' });
    const r = adgen(['a.ts', 'bad.ts'], dir);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('bad.ts:2:10: error:');
    expect(r.stderr).toContain('bad.ts: 1 error; nothing written for it.');
    expect(existsSync(path.join(dir, 'a.grad.js'))).toBe(true);
    expect(existsSync(path.join(dir, 'bad.grad.js'))).toBe(false);
  });

  it('--quiet prints nothing on success; --stdout prints the module and writes nothing', () => {
    const dir = project({ 'a.ts': square });
    const q = adgen(['a.ts', '--quiet'], dir);
    expect([q.code, q.stdout, q.stderr]).toEqual([0, '', '']);
    const dir2 = project({ 'a.ts': square, 'b.ts': square });
    const s = adgen(['a.ts', '--stdout'], dir2);
    expect(s.code).toBe(0);
    expect(s.stdout).toContain('export function sq_grad(');
    const written = readFileSync(path.join(dir, 'a.grad.js'), 'utf8').replace(/\/\/# sourceMappingURL=a\.grad\.js\.map\n$/, '');
    expect(s.stdout.trimEnd()).toBe(written.trimEnd());
    expect(existsSync(path.join(dir2, 'a.grad.js'))).toBe(false);
    const two = adgen(['a.ts', 'b.ts', '--stdout'], dir2);
    expect([two.code, two.stdout]).toEqual([2, '']);
    expect(two.stderr).toContain('--stdout takes a single input');
  });

  it('--dump prints the IR at the chosen stage', () => {
    const dir = project({ 'a.ts': square });
    const ir = adgen(['a.ts', '--dump', 'ir', '--stdout'], dir).stdout;
    expect(ir).toMatch(/^fn sq\(x: f64\) -> \(/);
    expect(ir).toContain('= mul x x');
    const adjoint = adgen(['a.ts', '--dump', 'adjoint', '--quiet', '--modes', 'grad'], dir).stdout;
    expect(adjoint).toMatch(/^fn sq_grad\(x: f64, seed: f64, gradOut: f64\[\]\)/);
    expect(adgen(['a.ts', '--dump', 'tangent', '--quiet', '--modes', 'jvp'], dir).stdout).toMatch(/^fn sq_jvp\(/);
    expect(adgen(['a.ts', '--dump', 'optimized', '--quiet'], dir).stdout.match(/^fn /gm)!.length).toBeGreaterThan(3);
    const bad = adgen(['a.ts', '--dump', 'nope'], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown --dump stage nope');
  });

  it('colours only on a terminal and never with NO_COLOR', () => {
    const dir = project({ 'a.ts': square, 'bad.ts': 'export function f(x: number): number { return "a"; }\n' });
    // Not a TTY (a pipe): plain text, even with FORCE_COLOR-like CI variables around.
    const plain = adgen(['a.ts', 'bad.ts'], dir, { CI: 'true' });
    expect(plain.stdout + plain.stderr).not.toMatch(/\x1b\[/);
    const script = spawnSync('script', ['--version'], { encoding: 'utf8' });
    if (script.status !== 0) return;
    const tty = (env: string) => spawnSync('script', ['-qec', `${env} ${process.execPath} ${bin} a.ts bad.ts`, '/dev/null'], { cwd: dir, encoding: 'utf8' }).stdout;
    expect(tty('NO_COLOR=')).toMatch(/\x1b\[31m/);
    expect(tty('NO_COLOR=1')).not.toMatch(/\x1b\[/);
  });

  it('reads options from the "adgen" field of package.json and from adgen.config.json; flags win', () => {
    const dir = project({ 'package.json': JSON.stringify({ adgen: { include: ['src/*.ts'], outdir: 'gen', modes: ['grad'] } }), 'src/a.ts': square });
    const r = adgen([], dir);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^src\/a\.ts → gen\/a\.grad\.js {2}1 function, 3 entry points/);
    expect(adgen(['--modes', 'jvp'], dir).stdout).toMatch(/1 function, 3 entry points/);
    expect(readFileSync(path.join(dir, 'gen/a.grad.js'), 'utf8')).toContain('sq_jvp');
    const dir2 = project({ 'adgen.config.json': JSON.stringify({ outdir: 'out', quiet: true }), 'a.ts': square });
    const q = adgen(['a.ts'], dir2);
    expect([q.code, q.stdout]).toEqual([0, '']);
    expect(existsSync(path.join(dir2, 'out/a.grad.js'))).toBe(true);
  });

  it('a bad configuration is a usage error naming the file (exit 2)', () => {
    const dir = project({ 'adgen.config.json': JSON.stringify({ outDir: 'x' }), 'a.ts': square });
    expect(adgen(['nothing/*.ts'], project({})).stderr).toContain('no files match nothing/*.ts');
    const r = adgen(['a.ts'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('adgen.config.json: unknown option "outDir"');
    const dir2 = project({ 'package.json': JSON.stringify({ adgen: { modes: 'grad,nope' } }), 'a.ts': square });
    expect(adgen(['a.ts'], dir2).stderr).toContain('unknown mode grad,nope');
  });

  it('--watch recompiles on change, survives a compile error, and recovers', async () => {
    const dir = project({ 'a.ts': square, 'b.ts': notebook });
    const child = spawn(process.execPath, [bin, 'a.ts', 'b.ts', '--watch'], { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
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
      expect(out.match(/→/g)).toHaveLength(2);
      writeFileSync(path.join(dir, 'a.ts'), 'export function sq(x: number): number {\n  return x * x * x;\n}\n');
      await until(() => (out.match(/→/g) ?? []).length === 3, 'rebuild');
      expect(out.trim().split('\n').at(-1)).toMatch(/^a\.ts → a\.grad\.js/);
      const m = await import(pathToFileURL(path.join(dir, 'a.grad.js')).href + '?v1');
      expect(m.sq_grad(2).grad).toEqual([12]);
      writeFileSync(path.join(dir, 'a.ts'), 'export function sq(x: number): number {\n  return "s";\n}\n');
      await until(() => err.includes('a.ts:2:10: error:'), 'the error');
      writeFileSync(path.join(dir, 'a.ts'), square);
      await until(() => (out.match(/→/g) ?? []).length === 4, 'recovery');
      expect(child.exitCode).toBe(null);
    } finally {
      child.kill('SIGINT');
      await new Promise((r) => child.once('exit', r));
    }
    expect(child.exitCode).toBe(0);
  });
});
