/**
 * The fixture app built by Vite, Rollup, esbuild, webpack and Rspack through their programmatic APIs
 * with adgen's plugin, each bundle imported and its gradient values checked; and a compile
 * error reaching each bundler located as file:line:col with its code frame.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import adgenEsbuild from '../../src/plugins/esbuild.js';
import adgenRollup from '../../src/plugins/rollup.js';
import adgenRspack from '../../src/plugins/rspack.js';
import adgenVite from '../../src/plugins/vite.js';
import adgenWebpack from '../../src/plugins/webpack.js';
import { expectLocated, expectResults, INCLUDE, makeApp, webpackConfig, type WebpackLike, type WebpackLikeStats } from './fixture.js';

let app: ReturnType<typeof makeApp>;
beforeAll(() => void (app = makeApp()));
afterAll(() => app.cleanup());

const options = () => ({ root: app.dir, include: INCLUDE });
const run = async (file: string) => (await import(pathToFileURL(file).href + `?t=${Date.now()}`)).results;
const entry = (name: string) => path.join(app.dir, 'src', name);

async function viteBuild(name: string, outDir: string) {
  const { build } = await import('vite');
  await build({
    root: app.dir,
    configFile: false,
    logLevel: 'silent',
    plugins: [adgenVite(options())],
    build: { outDir, emptyOutDir: true, minify: false, lib: { entry: entry(name), formats: ['es'], fileName: () => 'out.js' } },
  });
  return path.join(outDir, 'out.js');
}

async function rollupBuild(name: string, file: string) {
  const { rollup } = await import('rollup');
  const bundle = await rollup({ input: entry(name), plugins: [adgenRollup(options())], onwarn: () => {} });
  await bundle.write({ file, format: 'es' });
  await bundle.close();
  return file;
}

async function esbuildBuild(name: string, outfile: string) {
  const { build } = await import('esbuild');
  await build({ entryPoints: [entry(name)], bundle: true, format: 'esm', outfile, logLevel: 'silent', plugins: [adgenEsbuild(options())] });
  return outfile;
}

/** webpack and Rspack: one configuration, one run. */
async function webpackLikeBuild(make: WebpackLike, plugin: unknown, name: string, outDir: string) {
  const compiler = make(webpackConfig(app.dir, entry(name), outDir, plugin));
  const stats = await new Promise<WebpackLikeStats>((resolve, reject) => compiler.run((err, s) => (err ? reject(err) : resolve(s!))));
  await new Promise<void>((r) => compiler.close(r));
  if (stats.hasErrors()) throw new Error(stats.toString({ all: false, errors: true }));
  return path.join(outDir, 'out.mjs');
}

const webpack = async () => (await import('webpack')).default as unknown as WebpackLike;
const rspack = async () => (await import('@rspack/core')).rspack as unknown as WebpackLike;

const BUNDLERS = {
  vite: (name: string) => viteBuild(name, path.join(app.dir, `dist-vite-${name}`)),
  rollup: (name: string) => rollupBuild(name, path.join(app.dir, `dist-rollup-${name}`, 'out.mjs')),
  esbuild: (name: string) => esbuildBuild(name, path.join(app.dir, `dist-esbuild-${name}`, 'out.mjs')),
  webpack: async (name: string) => webpackLikeBuild(await webpack(), adgenWebpack(options()), name, path.join(app.dir, `dist-webpack-${name}`)),
  rspack: async (name: string) => webpackLikeBuild(await rspack(), adgenRspack(options()), name, path.join(app.dir, `dist-rspack-${name}`)),
};

describe.each(Object.entries(BUNDLERS))('%s', (name, bundle) => {
  it('builds the app; the bundle computes the gradients', async () => {
    expectResults(await run(await bundle('main.js')));
    // The declarations beside the sources, as the editor reads them for `./rosen.grad.js`.
    const dts = readFileSync(path.join(app.dir, 'src/rosen.grad.d.ts'), 'utf8');
    expect(dts).toMatch(/export declare function rosen_grad\(v: Float64Array\)/);
    expect(existsSync(path.join(app.dir, 'src/energy.grad.d.ts'))).toBe(true);
  });

  it('reports a compile error at its file:line:col with the code frame', async () => {
    const error = await bundle('broken.js').then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeDefined();
    const text = errorText(error);
    expectLocated(text);
    expect(text).toContain('return "a" + y;');
    expect(text).toContain('^^^');
    // Rollup and Vite (its overlay and log) read the location and the frame from these fields.
    if (name === 'rollup' || name === 'vite') {
      // Vite's build (rolldown) gathers the errors of the build into one.
      const e = (error as { errors?: unknown[] }).errors?.[0] ?? error;
      expect(e).toMatchObject({ plugin: 'adgen', loc: { line: 3, column: 9 } });
      expect((e as { id: string }).id).toMatch(/bad\.ts$/);
      expect((e as { frame: string }).frame).toMatch(/3 \|   return "a" \+ y;\n.*\^\^\^/);
    }
  });
});

/** Everything a bundler shows for an error: message, frame, and esbuild's located messages. */
function errorText(e: unknown): string {
  const err = e as { message?: string; frame?: string; loc?: unknown; errors?: { text: string; location?: { file: string; line: number; column: number } }[] };
  const parts = [err.message ?? String(e), err.frame ?? ''];
  for (const m of err.errors ?? []) parts.push(m.text, m.location ? `${m.location.file}:${m.location.line}:${m.location.column}` : '');
  return parts.join('\n');
}

describe('configuration', () => {
  it('reads include and modes from the "adgen" field of package.json, as the CLI does', async () => {
    const { writeFileSync, mkdirSync } = await import('node:fs');
    const root = path.join(app.dir, 'configured');
    mkdirSync(path.join(root, 'src'), { recursive: true });
    writeFileSync(path.join(root, 'package.json'), JSON.stringify({ name: 'configured', type: 'module', adgen: { include: ['src/**/*.ad.ts'], modes: ['grad'] } }));
    writeFileSync(path.join(root, 'src/spring.ad.ts'), `export function spring(k: number, x: number): number {\n  return 0.5 * k * x * x;\n}\n`);
    writeFileSync(path.join(root, 'src/main.js'), `import * as m from './spring.ad.ts';\nexport const results = { exports: Object.keys(m).sort(), grad: m.spring_grad(4, 3).grad };\n`);
    const { rollup } = await import('rollup');
    const bundle = await rollup({ input: path.join(root, 'src/main.js'), plugins: [adgenRollup({ root })] });
    const file = path.join(root, 'out.mjs');
    await bundle.write({ file, format: 'es' });
    await bundle.close();
    const results = await run(file);
    expect(results.exports).toEqual(['spring', 'spring_grad', 'spring_grad_into']);
    expect(results.grad).toEqual([4.5, 12]);
  });
});

// Source maps come from the compiler; where it returns none, there is nothing to hand over.
const compilerMaps = 'map' in (await import('../../src/compile.js')).compile('export function q(x: number): number { return x * x; }', { fileName: 'q.ts' });

describe('source maps', () => {
  it.skipIf(!compilerMaps)('the bundle maps the derivative code to the source lines', async () => {
    const { rollup } = await import('rollup');
    const { TraceMap, originalPositionFor } = await import('@jridgewell/trace-mapping');
    const bundle = await rollup({ input: entry('main.js'), plugins: [adgenRollup(options())], onwarn: () => {} });
    const { output } = await bundle.generate({ format: 'es', sourcemap: true });
    await bundle.close();
    const [chunk] = output;
    expect(chunk.map!.sources.some((s) => s.endsWith('energy.ts'))).toBe(true);
    // The derivative of sin in energy's generated code lands on line 3 of energy.ts (`return x * x * y + Math.sin(y);`).
    const lines = chunk.code.split('\n');
    const at = lines.findIndex((l) => /Math\.cos\(y\)/.test(l));
    expect(at).toBeGreaterThan(-1);
    const pos = originalPositionFor(new TraceMap(chunk.map as never), { line: at + 1, column: lines[at].indexOf('Math.cos') });
    expect(pos.source).toMatch(/energy\.ts$/);
    expect(pos.line).toBe(3);
  });
});
