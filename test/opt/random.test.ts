// Property: optimize() keeps the interpreter's results (and the final contents of array
// arguments) on random programs, keeps the IR valid, and does not touch its input.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interpret, type Value } from '../../src/ir/interp.js';
import { printFunction } from '../../src/ir/print.js';
import { verify } from '../../src/ir/verify.js';
import { OPS } from '../../src/ops/table.js';
import { optimize } from '../../src/opt/index.js';
import { randomProgram, sameValue, seededPick, type Pick } from '../codegen/random_ir.js';
import type { IRFunction } from '../../src/ir/types.js';

const input = fc.tuple(
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.double({ min: -3, max: 3, noNaN: true }),
  fc.array(fc.double({ min: -3, max: 3, noNaN: true }), { minLength: 4, maxLength: 4 }),
);

/**
 * Run `fn` and report whether it ever multiplied a non-finite value by zero: only then may the
 * documented x*0 → 0 folding change a result, so such runs are not compared.
 */
function run(fn: IRFunction, x: [number, number, number, number[]]): { out: Value[]; a: Float64Array; zeroTimesInf: boolean } {
  const a = Float64Array.from(x[3]);
  const mul = OPS.mul.eval;
  let zeroTimesInf = false;
  OPS.mul.eval = (p: number, q: number) => {
    if ((p === 0 && !Number.isFinite(q)) || (q === 0 && !Number.isFinite(p))) zeroTimesInf = true;
    return mul(p, q);
  };
  try {
    return { out: interpret(fn, [x[0], x[1], x[2], a, 3]), a, zeroTimesInf };
  } finally {
    OPS.mul.eval = mul;
  }
}

const program = fc.gen().map((g) => randomProgram((n: number) => g(fc.integer, { min: 0, max: n - 1 }) as number));

describe('optimize on random programs', () => {
  it('preserves results, array contents and validity', () => {
    fc.assert(
      fc.property(program, fc.array(input, { minLength: 3, maxLength: 3 }), (fn, inputs) => {
        expect(verify(fn)).toEqual([]); // the generator's own output is valid
        const before = printFunction(fn);
        const opt = optimize(fn);
        expect(printFunction(fn)).toBe(before);
        const problems = verify(opt);
        if (problems.length) throw new Error(`${problems.join('; ')}\n${printFunction(fn)}\n--- optimized ---\n${printFunction(opt)}`);
        expect(opt.params).toEqual(fn.params);
        expect(opt.results.length).toBe(fn.results.length);
        for (const x of inputs) {
          const ref = run(fn, x);
          if (ref.zeroTimesInf) continue;
          const got = run(opt, x);
          const ok = ref.out.every((r, i) => sameValue(r, got.out[i])) && sameValue(ref.a, got.a);
          if (!ok) {
            throw new Error(`mismatch for ${JSON.stringify(x)}\n${printFunction(fn)}\n--- optimized ---\n${printFunction(opt)}\n` +
              `expected ${String(ref.out)} / ${String(ref.a)}, got ${String(got.out)} / ${String(got.a)}`);
          }
        }
      }),
      { numRuns: 400 },
    );
  });

  it('handles larger programs (more than 32 variables: multi-word live sets)', () => {
    let tested = 0;
    for (let seed = 0; seed < 60; seed++) {
      const fn = randomProgram(seededPick(seed), { size: 80 });
      if (fn.vars.size <= 32) continue;
      tested++;
      const opt = optimize(fn);
      for (const x of [[0.5, -1, 2, [1, 2, -3, 0.25]], [-2, 0.75, 1, [0, -1, 1, 2]]] as [number, number, number, number[]][]) {
        const ref = run(fn, x);
        if (ref.zeroTimesInf) continue;
        const got = run(opt, x);
        expect(ref.out.every((r, i) => sameValue(r, got.out[i])) && sameValue(ref.a, got.a)).toBe(true);
      }
    }
    expect(tested).toBeGreaterThan(8);
  });

  it('reaches a fixed point: optimizing twice changes nothing more than once', () => {
    fc.assert(
      fc.property(program, (fn) => {
        const once = optimize(fn);
        const twice = optimize(once);
        expect(verify(twice)).toEqual([]);
        expect(countStmts(twice)).toBeLessThanOrEqual(countStmts(once));
      }),
      { numRuns: 150 },
    );
  });
});

function countStmts(fn: IRFunction): number {
  return printFunction(fn).split('\n').length;
}

export type { Pick };
