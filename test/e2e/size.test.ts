/**
 * No unrolling, no expression swell: derivative code size follows source size.
 * - The reverse-mode core of each array example stays within a few times its primal.
 * - A loop's trip count does not change the generated code (loops stay loops).
 * - Hessian code for straight-line functions grows about linearly with operations × inputs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compileOrThrow } from '../util/load.js';

const root = path.resolve(__dirname, '../..');

/** The text of `function name(` … up to the closing brace at column 0. */
function functionText(js: string, name: string): string {
  const start = js.search(new RegExp(`^(export )?function ${name}\\(`, 'm'));
  expect(start, name).toBeGreaterThanOrEqual(0);
  return js.slice(start, js.indexOf('\n}\n', start) + 3);
}

describe('generated code size', () => {
  const arrayExamples = ['rosenbrock', 'logreg', 'gmm', 'mlp', 'newton', 'ba'];
  it.each(arrayExamples)('%s: the reverse-mode core is within 8× the primal', (name) => {
    const js = readFileSync(path.join(root, 'generated', `${name}.grad.js`), 'utf8');
    const fns = [...js.matchAll(/^export function (\w+)\(/gm)].map((m) => m[1]).filter((f) => !f.includes('_'));
    for (const fn of fns) {
      const primal = functionText(js, fn).length;
      const grad = functionText(js, `${fn}_grad_core`).length;
      expect(grad / primal, `${fn}: ${grad} bytes vs primal ${primal}`).toBeLessThan(8);
    }
  });

  it('a constant trip count does not change the generated code', () => {
    const src = (n: number) => `export function f(x: Float64Array): number {\n  let s = 0;\n  for (let i = 0; i < ${n}; i++) s += Math.sin(x[i % x.length]) * s + x[0];\n  return s;\n}\n`;
    const a = compileOrThrow(src(10)).js;
    const b = compileOrThrow(src(100000)).js;
    expect(b.length - a.length).toBeLessThanOrEqual(8 * 4); // only the literal's digits differ
  });

  // Every entry point of one function: primal, JVP, gradient, HVP, dense and sparse Hessian (with
  // the pattern run, a second copy of the primal) and the shared runtime helpers.
  it('every examples module stays under 64 KB per exported function (128 KB where the source itself takes derivatives)', () => {
    for (const file of readdirSync(path.join(root, 'generated')).filter((f) => f.endsWith('.js'))) {
      const js = readFileSync(path.join(root, 'generated', file), 'utf8');
      const exported = [...js.matchAll(/^export function (\w+)\(/gm)].filter((m) => !m[1].includes('_')).length;
      // A source calling grad() has derivative code in its primal, so its HVP is a third derivative.
      const source = readFileSync(path.join(root, 'examples', file.replace(/\.grad\.js$/, '.ts')), 'utf8');
      const budget = source.includes("from 'adgen/runtime'") ? 128_000 : 64_000;
      expect(js.length / exported, file).toBeLessThan(budget);
    }
  });

  it('dense Hessian code grows about linearly in operations × inputs', () => {
    // A chain of k operations mixing n inputs: f = Σ_i sin(x_i · x_{i+1}) + …
    const src = (n: number) => {
      const params = Array.from({ length: n }, (_, i) => `x${i}: number`).join(', ');
      const terms = Array.from({ length: n }, (_, i) => `Math.sin(x${i} * x${(i + 1) % n}) + x${i} * x${i} * 0.5`).join(' + ');
      return `export function f(${params}): number {\n  return ${terms};\n}\n`;
    };
    const size = (n: number) => functionText(compileOrThrow(src(n), { modes: ['hessian'] }).js, 'f_hessian_core').length;
    const sizes = [2, 5, 10, 20].map(size);
    // ops ∝ n and inputs = n, so operations × inputs ∝ n²: bytes per n² must not blow up.
    const perUnit = sizes.map((s, i) => s / [2, 5, 10, 20][i] ** 2);
    expect(perUnit[3]).toBeLessThan(perUnit[1] * 1.5);
  });
});
