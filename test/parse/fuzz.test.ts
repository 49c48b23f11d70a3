/**
 * Random inputs (fast-check; a failure prints its seed and shrunk counterexample):
 * - parseFile never throws, and returns a program exactly when it returns no diagnostic, for
 *   arbitrary strings and for token-level mutations of valid files, in both languages;
 * - no mutation makes the TypeScript converter crash ('internal');
 * - differential: whenever acorn and the TS converter both accept a mutated JavaScript file,
 *   their ESTrees are identical, offsets included;
 * - the early-error passes never reject what acorn accepts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isDeepStrictEqual } from 'node:util';
import type { Diagnostic } from '../../src/diagnostics.js';
import { parseFile } from '../../src/frontend/parse.js';
import type { Es } from '../../src/frontend/parse-ts-context.js';
import { checkGrammar } from '../../src/frontend/parse-ts-grammar.js';
import { checkScopes } from '../../src/frontend/parse-ts-scope.js';
import { JS_CORPUS } from './corpus.js';
import { plain } from './helpers.js';
import { applyAll, mutationArb } from './mutate.js';
import { TS_PAIRS } from './ts-corpus.js';

const TS_SOURCES = Object.values(TS_PAIRS).map((p) => p.ts);
const JS_SOURCES = Object.values(JS_CORPUS);

function wellFormed(source: string, fileName: string): void {
  const { program, diagnostics } = parseFile(source, fileName);
  expect(program === null).toBe(diagnostics.length > 0);
  for (const d of diagnostics) {
    expect(d.code).toBe('syntax');
    expect(d.start >= 0 && d.start <= d.end && d.end <= source.length).toBe(true);
  }
}

const mutated = (sources: string[]): fc.Arbitrary<string> =>
  fc.tuple(fc.nat(sources.length - 1), fc.array(mutationArb, { minLength: 1, maxLength: 4 }))
    .map(([i, ms]) => applyAll(sources[i]!, ms));

describe('parseFile never throws', () => {
  it('on arbitrary strings', () => {
    const text = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 100 }),
      fc.array(fc.constantFrom(...'(){}[];,.=+-*/<>!?:`\'"\\#@ \nxyz019'.split('')), { maxLength: 80 }).map((a) => a.join('')));
    fc.assert(fc.property(text, fc.constantFrom('a.ts', 'a.js'), (s, f) => wellFormed(s, f)), { numRuns: 400 });
  });

  it('on mutations of valid TypeScript', () => {
    fc.assert(fc.property(mutated(TS_SOURCES), (s) => wellFormed(s, 'a.ts')), { numRuns: 400 });
  });

  it('on mutations of valid JavaScript, in both front ends', () => {
    fc.assert(fc.property(mutated(JS_SOURCES), (s) => {
      wellFormed(s, 'a.ts');
      wellFormed(s, 'a.js');
    }), { numRuns: 300 });
  });
});

describe('deep nesting', () => {
  it('is a syntax error, not a crash, in both front ends', () => {
    const n = 20_000;
    for (const source of ['x = ' + '('.repeat(n) + '1' + ')'.repeat(n), '{'.repeat(n) + '}'.repeat(n)]) {
      for (const file of ['a.ts', 'a.js']) {
        const { program, diagnostics } = parseFile(source, file);
        expect(program).toBeNull();
        expect(diagnostics.map((d) => d.code)).toEqual(['syntax']);
      }
    }
  });
});

describe('long operator chains', () => {
  it('convert and check without recursion on the left operand (TypeScript)', () => {
    const source = 'export const s = (x: number): number => x' + ' + x * 2'.repeat(50_000) + ';';
    const { program, diagnostics } = parseFile(source, 'a.ts');
    expect(diagnostics).toEqual([]);
    expect(program).not.toBeNull();
  });
});

describe('differential against acorn', () => {
  it('both accept ⇒ same ESTree, offsets included', () => {
    fc.assert(fc.property(mutated(JS_SOURCES), (s) => {
      const js = parseFile(s, 'a.js').program;
      const ts = parseFile(s, 'a.ts').program;
      if (js && ts) expect(isDeepStrictEqual(plain(ts, { positions: true, adgen: true }), plain(js, { positions: true, adgen: true }))).toBe(true);
    }), { numRuns: 300 });
  });

  it('the early-error passes accept whatever acorn accepts', () => {
    fc.assert(fc.property(mutated(JS_SOURCES), (s) => {
      const js = parseFile(s, 'a.js').program;
      if (!js) return;
      const out: Diagnostic[] = [];
      checkGrammar(js as unknown as Es, out);
      checkScopes(js as unknown as Es, out);
      expect(out).toEqual([]);
    }), { numRuns: 300 });
  });
});
