/**
 * Smoke test of the benchmark suite (bench/): the hand-written gradients it compares the compiler
 * with agree with finite differences of the examples' own functions, and `node bench/run.js
 * --quick` runs to the end and writes a report and its SVG charts. Timings are never asserted.
 * Needs dist/ (npm test builds it first); the compiled modules may be missing.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { gmmObjective } from '../../examples/gmm.js';
import { logisticLoss } from '../../examples/logreg.js';
import { f, z } from '../../examples/notebook.js';
import { rosenbrock } from '../../examples/rosenbrock.js';
import { numberOps, numericGradientFlat, type FlatArg } from '../../src/runtime/index.js';
import { chainEnergy } from '../../bench/problems/chain-energy.js';

const root = path.resolve(__dirname, '../..');
const load = (file: string) => import(pathToFileURL(path.join(root, 'bench', file)).href);

/** A deterministic pseudo-random array in [lo, hi). */
function values(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => lo + (hi - lo) * (0.5 + 0.5 * Math.sin(seed * 12.9898 + i * 78.233)));
}

/** Checks `into(...args, out)` against central differences of `primal` over the `wrt` arguments. */
function expectGradient(
  primal: (...a: never[]) => number,
  into: (...a: unknown[]) => number,
  args: FlatArg[],
  wrt: number[],
): void {
  const expected = numericGradientFlat(primal, args, { wrt });
  const out = new Float64Array(expected.length);
  const value = into(...args, out);
  expect(value).toBeCloseTo((primal as (...a: unknown[]) => number)(...args), 9);
  const scale = Math.max(1, ...expected.map(Math.abs));
  for (let i = 0; i < expected.length; i++) expect(Math.abs(out[i] - expected[i]) / scale).toBeLessThan(1e-6);
}

describe('bench: hand-written gradients agree with finite differences', () => {
  it('notebook f and z', async () => {
    const hw = await load('handwritten/notebook.js');
    expectGradient(f, hw.fGradInto, [3, 4], [0, 1]);
    expectGradient(f, hw.fGradInto, [-1.3, 0.7], [0, 1]);
    expectGradient(z, hw.zGradInto, [3], [0]);
    expectGradient(z, hw.zGradInto, [-0.4], [0]);
  });

  it('Rosenbrock', async () => {
    const hw = await load('handwritten/rosenbrock.js');
    for (const n of [2, 3, 17]) expectGradient(rosenbrock, hw.rosenbrockGradInto, [values(n, n, -1.5, 1.5)], [0]);
  });

  it('logistic regression', async () => {
    const hw = await load('handwritten/logreg.js');
    const [n, d] = [23, 4];
    const y = Float64Array.from(values(n, 5), (v) => (v < 0 ? -1 : 1));
    expectGradient(logisticLoss, hw.logisticGradInto, [values(d, 1), 0.2, values(n * d, 2, -3, 3), y], [0, 1]);
  });

  it('GMM', async () => {
    const hw = await load('handwritten/gmm.js');
    for (const [d, k, n] of [[1, 2, 5], [3, 4, 7]]) {
      const icfSize = (d * (d + 1)) / 2;
      const args = [values(k, 1), values(k * d, 2), values(k * icfSize, 3, -0.5, 0.5), values(n * d, 4, -2, 2), 1.3, 2, -3.5];
      expectGradient(gmmObjective, hw.gmmGradInto, args, [0, 1, 2]);
    }
  });
});

describe('bench: the 100+-operation function, the real code and the memory instruments', () => {
  it('the real code\'s compiled gradients agree with central differences of its own functions', async () => {
    const { problems } = await load('problems/realcode.js');
    const list = await problems();
    expect(list).toHaveLength(8);
    for (const p of list) {
      const [primal, , into, fd] = p.techniques;
      expect(into.skip, p.id).toBeNull();
      const got = into.make().flat();
      const want = fd.make().flat();
      const scale = Math.max(1, ...Array.from(want as ArrayLike<number>, Math.abs));
      for (let i = 0; i < want.length; i++) expect(Math.abs(got[i] - want[i]) / scale, `${p.id}[${i}]`).toBeLessThan(1e-5);
      expect(typeof primal.make().run()).toBe('number');
    }
  }, 60_000);

  it('the goals table has no work-item numbers and one entry per group of rows', async () => {
    const { GOALS, evaluateGoals } = await load('lib/goals.js');
    expect(GOALS.map((g: { name: string }) => g.name)).toContain('real code');
    const rows = evaluateGoals([], undefined, {});
    for (const r of rows) expect(r.goal).not.toMatch(/issue|\(\d+\)/i);
  });

  it('chainOps (graph, tape, dual, TF.js) is the same function as chain-energy.ts', async () => {
    const chain = await load('problems/chain.js');
    expect(chain.countChainOps()).toBeGreaterThanOrEqual(100);
    for (const seed of [1, 2, 3]) {
      const p = Array.from(values(10, seed, -1.5, 1.5));
      const [a, b] = [chainOps(chain, p), (chainEnergy as (...a: number[]) => number)(...p)];
      expect(Math.abs(a - b)).toBeLessThanOrEqual(1e-12 * Math.max(1, Math.abs(b)));
    }
  });

  it('counts tape pushes in generated text and sizes its functions', async () => {
    const { instrumentTape, tapeUse } = await load('memory/tape.js');
    const { functionSizes } = await load('compiler/hessian-size.js');
    const js = [
      'let tape = new Float64Array(4);', 'let tp = 0;',
      'export function f(n) {', '  for (let i = 0; i < n; i++) {', '    tape[tp++] = i;', '  }', '  while (tp > 0) tp--;', '  return n;', '}', '',
    ].join('\n');
    const inst = instrumentTape(js);
    expect(inst.pushSites).toBe(1);
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-bench-tape-'));
    try {
      const file = path.join(dir, 'm.mjs');
      writeFileSync(file, inst.js);
      const mod = await import(pathToFileURL(file).href);
      const use = tapeUse(mod, inst.tapes, () => mod.f(3));
      expect([use.pushes, use.bytes, use.peakBytes]).toEqual([3, 24, 24]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(functionSizes(js).get('f')).toBe(js.indexOf('\n}\n') + 2 - js.indexOf('export function f'));
  });
});

/** chain.js's Ops version evaluated on numbers. */
const chainOps = (chain: { chainOps: (o: unknown, p: number[]) => number }, p: number[]) => chain.chainOps(numberOps, p);

describe('bench: npm run bench -- --quick', () => {
  it('runs to the end and writes RESULTS.md and the charts', () => {
    const out = mkdtempSync(path.join(tmpdir(), 'adgen-bench-test-'));
    try {
      const run = spawnSync(process.execPath, ['bench/run.js', '--quick', '--out', out], { cwd: root, encoding: 'utf8', timeout: 90_000 });
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      const report = readFileSync(path.join(out, 'RESULTS.md'), 'utf8');
      expect(report).toContain('## Goals');
      expect(report).toContain('Rosenbrock');
      for (const section of ['## Scalar functions', '## Second order', '## Memory', 'pendulum chain energy', 'real code: gradient ≤ 3× the primal']) expect(report).toContain(section);
      // The report speaks of what is measured, never of work items.
      expect(report).not.toMatch(/\bissues?\b/i);
      for (const svg of ['overhead.svg', 'rosenbrock.svg']) {
        expect(existsSync(path.join(out, svg))).toBe(true);
        expect(readFileSync(path.join(out, svg), 'utf8')).toMatch(/^<svg[^>]*>[\s\S]*<\/svg>\n$/);
      }
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  }, 100_000);
});
