// Property: the generated JavaScript of random IR programs (straight-line code, if, for, while,
// loads/stores, push/pop, several results) computes exactly what the interpreter computes —
// before and after optimization. Exercises declaration placement, inlining and the tape.
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { interpret } from '../../src/ir/interp.js';
import { printFunction } from '../../src/ir/print.js';
import { optimize } from '../../src/opt/index.js';
import { generateModule } from '../../src/codegen/module.js';
import { exported } from './fixtures.js';
import { importJs } from './load.js';
import { randomProgram, sameValue, seededPick } from './random_ir.js';
import type { IRFunction } from '../../src/ir/types.js';

/** Module source for `fn` plus an accessor for the result registers (results 2, 3, …). */
function moduleFor(fn: IRFunction): string {
  const { js } = generateModule({
    sourceName: 'random.ts',
    version: 'test',
    functions: [{ exp: exported(fn, [], 'scalar', ['number', 'number', 'number', 'Float64Array', 'number'], 'number') }],
  });
  const registers = [...js.matchAll(/^let (r_r\d+) = /gm)].map((m) => m[1]);
  return `${js}\nexport function registers() { return [${registers.join(', ')}]; }\n`;
}

const inputs: [number, number, number, number[]][] = [
  [0.5, -1.25, 2, [1, -0.5, 0.25, 3]],
  [-2, 0, 0.75, [0, 2, -1, 0.5]],
  [1, 1, -3, [-2, 0, 1, 1]],
];

async function check(fn: IRFunction, label: string): Promise<void> {
  const mod = await importJs(moduleFor(fn), 'random');
  for (const [x0, x1, x2, arr] of inputs) {
    const a1 = Float64Array.from(arr);
    const expected = interpret(fn, [x0, x1, x2, a1, 3]);
    const a2 = Float64Array.from(arr);
    const got = [mod.r(x0, x1, x2, a2, 3), ...mod.registers()];
    const same = expected.every((e, i) => Object.is(e, got[i]) || sameValue(e, got[i])) && a1.every((e, i) => Object.is(e, a2[i]));
    if (!same) {
      throw new Error(`${label}: generated code disagrees with the interpreter\n${printFunction(fn)}\n${moduleFor(fn)}\n` +
        `expected ${String(expected)} / ${String(a1)}\ngot ${String(got)} / ${String(a2)}`);
    }
  }
}

describe('generated code on random programs', () => {
  it('matches the interpreter bit for bit (seeded programs, optimized or not)', async () => {
    for (let seed = 1; seed <= 60; seed++) {
      const fn = randomProgram(seededPick(seed));
      await check(fn, `seed ${seed}`);
      await check(optimize(fn), `seed ${seed} optimized`);
    }
  });

  it('matches the interpreter (fast-check, shrinking)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.gen().map((g) => randomProgram((n: number) => g(fc.integer, { min: 0, max: n - 1 }) as number)),
        async (fn) => {
          await check(fn, 'fast-check');
        },
      ),
      { numRuns: 60 },
    );
  });
});

describe('generated code of a few shapes', () => {
  it('a while loop whose condition is computed in its test', async () => {
    const fn = randomProgram(seededPick(3));
    expect(() => generateModule({ sourceName: 's', version: 'v', functions: [{ exp: exported(fn, [], 'scalar', [], 'number') }] })).not.toThrow();
  });
});
