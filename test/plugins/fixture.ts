/**
 * A small app using every way of importing a compiled module, written to a fresh temporary
 * folder, and the values its gradients must have. Each bundler test builds it, runs the bundle
 * and compares.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';

export const FILES: Record<string, string> = {
  // Named by its source with ?grad.
  'src/energy.ts': `/** x²y + sin y */\nexport function energy(x: number, y: number): number {\n  return x * x * y + Math.sin(y);\n}\n`,
  // Named by the CLI's output name (typed by the .d.ts the plugin writes).
  'src/rosen.ts': `export function rosen(v: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i + 1 < v.length; i++) s += 100 * (v[i + 1] - v[i] * v[i]) ** 2 + (1 - v[i]) ** 2;\n  return s;\n}\n`,
  // Matched by the include pattern and compiled in place.
  'src/spring.ad.ts': `export function spring(k: number, x: number): number {\n  return 0.5 * k * x * x;\n}\n`,
  'src/main.js': [
    `import { energy_grad } from './energy.ts?grad';`,
    `import { rosen_grad } from './rosen.grad.js';`,
    `import { spring_grad, spring_hessian } from './spring.ad.ts';`,
    `export const results = {`,
    `  energy: energy_grad(3, 2),`,
    `  rosen: rosen_grad(Float64Array.of(1.5, 2, -1)),`,
    `  spring: spring_grad(4, 3),`,
    `  springHessian: spring_hessian(4, 3).hessian.map((r) => Array.from(r)),`,
    `};`,
    ``,
  ].join('\n'),
  'src/bad.ts': `export function bad(x: number): number {\n  const y = x * 2;\n  return "a" + y;\n}\n`,
  'src/broken.js': `import { bad_grad } from './bad.ts?grad';\nexport const r = bad_grad(1);\n`,
};

export const INCLUDE = ['src/**/*.ad.ts'];

export function makeApp(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(path.join(tmpdir(), 'adgen-app-'));
  for (const [name, text] of Object.entries(FILES)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

type Results = {
  energy: { value: number; grad: number[] };
  rosen: { value: number; grad: [Float64Array] };
  spring: { value: number; grad: number[] };
  springHessian: number[][];
};

const close = (a: number, b: number) => expect(a).toBeCloseTo(b, 12);

/** The gradients, from the formulas by hand. */
export function expectResults(r: Results): void {
  close(r.energy.value, 9 * 2 + Math.sin(2));
  close(r.energy.grad[0], 2 * 3 * 2);
  close(r.energy.grad[1], 9 + Math.cos(2));
  const v = [1.5, 2, -1];
  const g = [0, 0, 0];
  for (let i = 0; i < 2; i++) {
    const a = v[i + 1] - v[i] * v[i];
    g[i] += -400 * v[i] * a - 2 * (1 - v[i]);
    g[i + 1] += 200 * a;
  }
  Array.from(r.rosen.grad[0]).forEach((x, i) => close(x, g[i]));
  close(r.spring.value, 18);
  close(r.spring.grad[0], 4.5);
  close(r.spring.grad[1], 12);
  expect(r.springHessian).toEqual([[0, 3], [3, 4]]);
}

/** The error of src/bad.ts, line 3 column 10 (`"a"`), with its code frame. */
export function expectLocated(text: string): void {
  expect(text).toMatch(/bad\.ts:3:10: error: /);
}

/**
 * The configuration webpack and Rspack build the app with (they read the same one): a Node ES
 * module bundle of `entry` in `outDir`/out.mjs, with the adgen plugin.
 */
export function webpackConfig(context: string, entry: string, outDir: string, plugin: unknown): object {
  return {
    mode: 'none',
    context,
    entry,
    target: 'node',
    output: { path: outDir, filename: 'out.mjs', module: true, library: { type: 'module' } },
    experiments: { outputModule: true },
    plugins: [plugin],
  };
}

/** What the tests use of webpack's and Rspack's compiler factories (their own types differ in detail). */
export interface WebpackLikeStats {
  hasErrors(): boolean;
  toString(options: object): string;
}
export type WebpackLike = (config: object) => {
  run(done: (err: Error | null, stats?: WebpackLikeStats) => void): void;
  close(done: () => void): void;
  watch(options: object, done: (err: Error | null, stats?: WebpackLikeStats) => void): { close(done: () => void): void };
};
