/**
 * Watch modes of Rollup, esbuild, webpack and Rspack with adgen's plugin: the app is rebuilt
 * when a file the compiled source IMPORTS changes (not only the source itself), and a compile
 * error during watching is reported and recovered from once the file is fixed.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import adgenEsbuild from '../../src/plugins/esbuild.js';
import adgenRollup from '../../src/plugins/rollup.js';
import adgenRspack from '../../src/plugins/rspack.js';
import adgenWebpack from '../../src/plugins/webpack.js';
import { webpackConfig, type WebpackLike } from './fixture.js';

const scale = (k: number) => `export function scale(x: number): number {\n  return ${k} * x;\n}\n`;
const WAVE = `import { scale } from './scale.ts';\nexport function wave(x: number, y: number): number {\n  return scale(x) * y * y;\n}\n`;
const BROKEN = `export function scale(x: number): number {\n  return "s" + x;\n}\n`;
const MAIN = `import { wave_grad } from './wave.ts?grad';\nexport const results = wave_grad(3, 2);\n`;

/** One build's outcome: the bundle's file, or the error text the bundler reported. */
type Outcome = { file?: string; error?: string };

/**
 * A running watcher: `next()` resolves with the outcome of the next (re)build; `settle()` waits
 * until no build has ended for a while and drops what ended meanwhile (webpack rebuilds once
 * right after starting when the files are newer than its start), so that the next outcome is
 * the one an edit causes.
 */
interface Watch {
  next(): Promise<Outcome>;
  settle(): Promise<void>;
  close(): Promise<void>;
}

const QUIET_MS = 400;

function queue() {
  const done: Outcome[] = [];
  const waiting: ((o: Outcome) => void)[] = [];
  let last = Date.now();
  return {
    push: (o: Outcome) => {
      last = Date.now();
      if (waiting.length) waiting.shift()!(o);
      else done.push(o);
    },
    next: () => new Promise<Outcome>((resolve) => (done.length ? resolve(done.shift()!) : waiting.push(resolve))),
    settle: async () => {
      while (Date.now() - last < QUIET_MS) await new Promise((r) => setTimeout(r, QUIET_MS / 4));
      done.length = 0;
    },
  };
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(tmpdir(), 'adgen-watch-'));
  writeFileSync(path.join(dir, 'scale.ts'), scale(2));
  writeFileSync(path.join(dir, 'wave.ts'), WAVE);
  writeFileSync(path.join(dir, 'main.js'), MAIN);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const options = () => ({ root: dir });
const entry = () => path.join(dir, 'main.js');

async function rollupWatch(): Promise<Watch> {
  const { watch } = await import('rollup');
  const q = queue();
  const file = path.join(dir, 'out-rollup', 'out.mjs');
  const watcher = watch({ input: entry(), plugins: [adgenRollup(options())], output: { file, format: 'es' }, onwarn: () => {}, watch: { buildDelay: 50 } });
  watcher.on('event', (e) => {
    if (e.code === 'BUNDLE_END') void e.result.close().then(() => q.push({ file }));
    else if (e.code === 'ERROR') q.push({ error: String(e.error.message) });
  });
  return { next: q.next, settle: q.settle, close: () => watcher.close() };
}

async function esbuildWatch(): Promise<Watch> {
  const esbuild = await import('esbuild');
  const q = queue();
  const outfile = path.join(dir, 'out-esbuild', 'out.mjs');
  const report: import('esbuild').Plugin = {
    name: 'report',
    setup: (b) => b.onEnd((r) => q.push(r.errors.length ? { error: r.errors.map((e) => e.text).join('\n') } : { file: outfile })),
  };
  const ctx = await esbuild.context({ entryPoints: [entry()], bundle: true, format: 'esm', outfile, logLevel: 'silent', plugins: [adgenEsbuild(options()), report] });
  await ctx.watch();
  return { next: q.next, settle: q.settle, close: () => ctx.dispose() };
}

async function webpackLikeWatch(make: WebpackLike, plugin: unknown, name: string): Promise<Watch> {
  const q = queue();
  const outDir = path.join(dir, `out-${name}`);
  const compiler = make(webpackConfig(dir, entry(), outDir, plugin));
  const watching = compiler.watch({ aggregateTimeout: 50 }, (err, stats) => {
    if (err) q.push({ error: String(err) });
    else if (stats!.hasErrors()) q.push({ error: stats!.toString({ all: false, errors: true }) });
    else q.push({ file: path.join(outDir, 'out.mjs') });
  });
  return { next: q.next, settle: q.settle, close: () => new Promise((r) => watching.close(() => r())) };
}

const WATCHERS: Record<string, () => Promise<Watch>> = {
  rollup: rollupWatch,
  esbuild: esbuildWatch,
  webpack: async () => webpackLikeWatch((await import('webpack')).default as unknown as WebpackLike, adgenWebpack(options()), 'webpack'),
  rspack: async () => webpackLikeWatch((await import('@rspack/core')).rspack as unknown as WebpackLike, adgenRspack(options()), 'rspack'),
};

let run = 0;
async function gradient(o: Outcome): Promise<number[]> {
  expect(o.error).toBeUndefined();
  const mod = await import(pathToFileURL(o.file!).href + `?v=${run++}`);
  return [mod.results.value, ...mod.results.grad];
}

/** Edit a file once the watcher is settled. */
const edit = async (w: Watch, name: string, text: string) => {
  await w.settle();
  writeFileSync(path.join(dir, name), text);
};

describe.each(Object.entries(WATCHERS))('%s watch mode', (_name, start) => {
  it('rebuilds when an imported file changes, and recovers from a compile error', async () => {
    const w = await start();
    try {
      // wave = scale(x)·y² = k·x·y² at (3, 2): value 12k, gradient (4k, 12k).
      expect(await gradient(await w.next())).toEqual([24, 8, 24]);
      await edit(w, 'scale.ts', scale(5));
      expect(await gradient(await w.next())).toEqual([60, 20, 60]);
      await edit(w, 'scale.ts', BROKEN);
      const failed = await w.next();
      expect(failed.error).toMatch(/scale\.ts:2:10: error: strings are not supported/);
      await edit(w, 'scale.ts', scale(3));
      expect(await gradient(await w.next())).toEqual([36, 12, 36]);
    } finally {
      await w.close();
    }
  }, 60_000);
});
