/**
 * Every corpus program: lower, verify, and check the interpreter against the source run as
 * JavaScript at several random inputs (relative difference ≤ 1e-12), including the final
 * contents of array arguments (out-parameters, in-place updates).
 */
import { describe, expect, it } from 'vitest';
import type { Value } from '../../src/ir/interp.js';
import { MATH_FUNCTIONS, OPS } from '../../src/ops/table.js';
import { corpus, mathDomains, type Args } from './corpus.js';
import { exported, importSource, lowerOk, resultDiff, rng, runIR } from './util.js';
import { interpret } from '../../src/ir/interp.js';

const clone = (args: Value[]) => args.map((a) => (ArrayBuffer.isView(a) ? (a as Float64Array).slice() : a));

async function check(src: string, calls: Record<string, Args>, seed = 1): Promise<void> {
  const module = lowerOk(src);
  const js = await importSource(src);
  const r = rng(seed);
  for (const [name, args] of Object.entries(calls)) {
    const f = exported(module, name);
    for (let trial = 0; trial < 6; trial++) {
      const input = args(r);
      const jsArgs = clone(input);
      const irArgs = clone(input);
      const expected = js[name](...jsArgs);
      const actual = interpret(f.fn, irArgs)[0];
      const what = `${name}(${input.map((a) => (ArrayBuffer.isView(a) ? `[${Array.from(a as Float64Array)}]` : a)).join(', ')})`;
      expect(resultDiff(actual, expected), `${what}: IR ${actual} vs JS ${expected}`).toBeLessThanOrEqual(1e-12);
      jsArgs.forEach((a, i) => {
        if (ArrayBuffer.isView(a)) expect(resultDiff(irArgs[i], a), `${what}: argument ${i} after the call`).toBeLessThanOrEqual(1e-12);
      });
    }
  }
}

describe('corpus: interpreter agrees with JavaScript', () => {
  for (const entry of corpus) {
    it(entry.name, async () => {
      await check(entry.src, entry.calls);
      expect(Object.keys(entry.calls).sort()).toEqual(lowerOk(entry.src).functions.map((f) => f.fn.name).sort());
    });
  }

  it('every Math function of the op table', async () => {
    const names = Object.keys(MATH_FUNCTIONS).filter((n) => OPS[MATH_FUNCTIONS[n]].arity === 1);
    expect(names.sort()).toEqual(Object.keys(mathDomains).sort());
    const src = names.map((n) => `export function m_${n}(x) { return Math.${n}(x) * 2 + 1; }`).join('\n');
    const calls = Object.fromEntries(
      names.map((n) => [`m_${n}`, (r: () => number) => [mathDomains[n][0] + (mathDomains[n][1] - mathDomains[n][0]) * r()]]),
    );
    await check(src, calls);
  });

  it('runIR helper copies arrays', () => {
    const m = lowerOk('export function f(a) { a[0] = 5; return a[0]; }');
    const a = new Float64Array([1]);
    expect(runIR(exported(m, 'f'), [a])).toBe(5);
    expect(a[0]).toBe(1);
  });
});
