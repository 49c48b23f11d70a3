/**
 * The package as a consumer gets it: `npm pack` (of the built dist), the tarball installed into
 * a fresh project (from npm's cache; online only if the cache lacks a dependency), `npx adgen`
 * run there, a TypeScript consumer of the generated module and of 'adgen' / 'adgen/runtime'
 * type-checked with `tsc --strict` and run as ESM.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';

const repo = path.resolve(import.meta.dirname, '../..');
const tsc = createRequire(import.meta.url).resolve('typescript/bin/tsc');
const dir = mkdtempSync(path.join(tmpdir(), 'adgen-pack-'));
const app = path.join(dir, 'app');
const npm = (args: string[], cwd: string) => execFileSync('npm', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });

let tarball: string;

beforeAll(() => {
  // dist is built by `npm test` (and `prepare`); packing does not rebuild it.
  const [packed] = JSON.parse(npm(['pack', '--ignore-scripts', '--json', '--pack-destination', dir], repo));
  tarball = path.join(dir, packed.filename);
  execFileSync('mkdir', ['-p', app]);
  writeFileSync(path.join(app, 'package.json'), JSON.stringify({ name: 'consumer', private: true, type: 'module' }));
  const flags = ['install', '--no-audit', '--no-fund', '--ignore-scripts', tarball];
  try {
    npm([...flags, '--offline'], app);
  } catch {
    npm([...flags, '--prefer-offline'], app);
  }
}, 180_000);

afterAll(() => rmSync(dir, { recursive: true, force: true }));

it('ships what a consumer needs, and nothing of the sources or tests', () => {
  const files = execFileSync('tar', ['-tzf', tarball], { encoding: 'utf8' }).split('\n');
  expect(files).toContain('package/bin/adgen.js');
  expect(files).toContain('package/dist/index.d.ts');
  expect(files).toContain('package/dist/plugins/vite.js');
  expect(files).toContain('package/dist/check/index.js');
  expect(files.some((f) => f.startsWith('package/test/') || f.startsWith('package/src/'))).toBe(false);
  const pkg = JSON.parse(readFileSync(path.join(app, 'node_modules/adgen/package.json'), 'utf8'));
  expect(pkg.keywords).toContain('automatic-differentiation');
  expect(pkg.sideEffects).toBe(false);
  expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
  expect(pkg.bugs.url).toMatch(/^https:\/\//);
  for (const [key, entry] of Object.entries(pkg.exports as Record<string, unknown>)) if (key !== './package.json') expect(entry).toHaveProperty('types');
});

it('npx adgen compiles a file in the consumer project', () => {
  writeFileSync(path.join(app, 'f.ts'), `/** x²y + y + 2 */\nexport function f(x: number, y: number): number {\n  return x * x * y + y + 2;\n}\n`);
  const r = spawnSync('npx', ['--no-install', 'adgen', 'f.ts'], { cwd: app, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  expect(r.stderr).toBe('');
  expect(r.status).toBe(0);
  expect(r.stdout).toMatch(/^f\.ts → f\.grad\.js {2}1 function, 9 entry points, [\d.]+ kB, \d+ ms\n$/);
  const check = spawnSync('npx', ['--no-install', 'adgen', 'check', 'f.ts'], { cwd: app, encoding: 'utf8' });
  expect(check.status).toBe(0);
  expect(check.stdout).toMatch(/all \d+ comparisons agree/);
});

it('a strict TypeScript consumer type-checks and runs as ESM', () => {
  writeFileSync(
    path.join(app, 'consumer.ts'),
    `import { f, f_grad, f_hessian } from './f.grad.js';
import { compile, type CompileResult } from 'adgen';
import { numericGradient } from 'adgen/runtime';
import adgenVite from 'adgen/vite';
import adgenEsbuild from 'adgen/esbuild';

// The plugins' options are typed (the bundlers' own types are the consumer's to install).
void adgenVite({ include: ['src/**/*.ad.ts'], modes: ['grad', 'hessian'], dts: true });
void adgenEsbuild({ wrt: ['x'] });
const g: { value: number; grad: [number, number] } = f_grad(3, 4);
const h: Float64Array[] = f_hessian(3, 4).hessian;
const r: CompileResult = compile('export function sq(x: number): number { return x * x; }', { fileName: 'sq.ts' });
const vite = (await import('adgen/vite')).default;
console.log(JSON.stringify({ value: f(3, 4), grad: g.grad, hessian: h.map((row) => Array.from(row)), compiled: r.js !== null && r.js.includes('sq_grad'), numeric: numericGradient((x: number, y: number) => x * y, [3, 4]).map(Math.round), vite: typeof vite }));
`,
  );
  writeFileSync(
    path.join(app, 'tsconfig.json'),
    JSON.stringify({ compilerOptions: { strict: true, module: 'nodenext', moduleResolution: 'nodenext', target: 'es2022', outDir: 'out', skipLibCheck: true, types: [] }, files: ['consumer.ts'] }),
  );
  const t = spawnSync(process.execPath, [tsc, '-p', '.'], { cwd: app, encoding: 'utf8' });
  expect(t.stdout + t.stderr).toBe('');
  expect(t.status).toBe(0);
  // The generated module beside the consumer is plain JavaScript: copy it where tsc put the consumer.
  writeFileSync(path.join(app, 'out/f.grad.js'), readFileSync(path.join(app, 'f.grad.js')));
  const run = spawnSync(process.execPath, ['out/consumer.js'], { cwd: app, encoding: 'utf8' });
  expect(run.stderr).toBe('');
  expect(JSON.parse(run.stdout)).toEqual({ value: 42, grad: [24, 10], hessian: [[8, 6], [6, 0]], compiled: true, numeric: [4, 3], vite: 'function' });
});

it('a consumer that breaks the generated types fails tsc --strict', () => {
  writeFileSync(path.join(app, 'wrong.ts'), `import { f_grad } from './f.grad.js';\nconst s: string = f_grad(3, 4).value;\nimport adgen from 'adgen/rollup';\nadgen({ modes: ['gradient'] });\nexport { s };\n`);
  writeFileSync(path.join(app, 'tsconfig.wrong.json'), JSON.stringify({ extends: './tsconfig.json', compilerOptions: { noEmit: true }, files: ['wrong.ts'] }));
  const t = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.wrong.json'], { cwd: app, encoding: 'utf8' });
  expect(t.status).not.toBe(0);
  expect(t.stdout).toMatch(/wrong\.ts\(2,7\): error TS2322/);
  expect(t.stdout).toMatch(/wrong\.ts\(4,17\): error TS2322: Type '"gradient"' is not assignable/);
});
