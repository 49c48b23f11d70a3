/**
 * The IR text parser: round trips with the printer, type inference, annotations, errors.
 */
import { describe, expect, test } from 'vitest';
import { parseFunction } from '../../src/ir/parse-text.js';
import { printFunction } from '../../src/ir/print.js';
import { adjoint, hvp } from '../../src/ad/index.js';
import { corpus } from './corpus.js';
import { controlCases } from './corpus-control.js';
import { ir, rng, run } from './helpers.js';

describe('round trip print(parse(text))', () => {
  test.each([...corpus, ...controlCases].map((c) => [c.name, c.src]))('%s', (_name, src) => {
    const printed = printFunction(parseFunction(src));
    expect(printed).toBe(src.trimStart());
    expect(printFunction(parseFunction(printed))).toBe(printed);
  });

  test('produced functions (tape, reversed loops, gradOut) print and parse back to the same behaviour', () => {
    for (const cs of controlCases) {
      const a = adjoint(ir(cs.src), cs.active);
      const back = parseFunction(printFunction(a));
      expect(printFunction(back)).toBe(printFunction(a));
      const args = cs.args(rng(1));
      const n = args.reduce<number>((k, x, i) => k + (cs.active.includes(a.params[i]) ? (typeof x === 'number' ? 1 : (x as Float64Array).length) : 0), 0);
      const seed = a.vars.get('seed')?.type === 'f64[]' ? new Float64Array(3).fill(0.5) : 0.5;
      const g1 = new Float64Array(n), g2 = new Float64Array(n);
      expect(run(back, [...args, seed, g2])).toEqual(run(a, [...args, seed, g1]));
    }
  });
});

test('types are inferred from definitions; annotations win', () => {
  const fn = parseFunction(`
fn f(x: f64, n: int, a: f64[]) -> (s)   # a comment
  s = copy 0          // f64, even though 0 is an integer
  k: int = copy 0
  for i = 0 .. n step 1 {
    j = add i 1       # int: int operands
    t = a[j]
    c = lt t x
    u = add s t
    s = copy u
    k1 = add k 1
    k = copy k1
    m = len a
    w = mul j 0.5     # f64: a non-integer constant
  }
  b: int[] = alloc 3
  e = b[0]
  z = pop
`);
  const types = Object.fromEntries([...fn.vars].map(([name, d]) => [name, d.type]));
  expect(types).toEqual({
    x: 'f64', n: 'int', a: 'f64[]', s: 'f64', k: 'int', i: 'int', j: 'int', t: 'f64', c: 'bool', u: 'f64',
    k1: 'int', m: 'int', w: 'f64', b: 'int[]', e: 'int', z: 'f64',
  });
});

test('an accumulator defined only inside its loop defaults to f64', () => {
  const fn = parseFunction(`
fn f(x: f64) -> (s)
  for i = 0 .. 2 step 1 {
    s1 = add s x
    s = copy s1
  }
`);
  expect(fn.vars.get('s')?.type).toBe('f64');
});

test('while and if/else blocks, literals', () => {
  const src = `fn f(x: f64) -> (y, true, -0, 1e-12)
  y = copy x
  while {
    c = lt y 10
  } c do {
    t = mul y 2
    y = copy t
  }
  d = gt y 15
  if d {
    y = copy 0
  } else {
    push y
    y = pop
  }
`;
  const fn = parseFunction(src);
  expect(printFunction(fn)).toBe(src.replace('1e-12', '1e-12'));
  expect(run(fn, [3])).toEqual([12, true, -0, 1e-12]);
});

test('errors name the line', () => {
  expect(() => parseFunction('fn f(x: f64) -> (y)\n  y = frob x\n')).toThrow(/line 2: unknown op 'frob'/);
  expect(() => parseFunction('fn f(x: f64) -> (y)\n  if x {\n  y = copy x\n')).toThrow(/unclosed block/);
  expect(() => parseFunction('fn f(x: f64) -> (y)\n  y = add x q\n')).toThrow(/'q' is never defined/);
  expect(() => parseFunction('fn f(x: float) -> (y)\n')).toThrow(/line 1: bad parameter/);
  expect(() => parseFunction('fn f(x: f64) -> (y)\n  y = copy x\n}\n')).toThrow(/line 3/);
  expect(() => parseFunction('fn f(x: f64) -> (y)\n  y === x\n')).toThrow(/line 2/);
});

test('hvp output round-trips too', () => {
  const cs = controlCases[0];
  const h = hvp(ir(cs.src), cs.active).fn;
  expect(printFunction(parseFunction(printFunction(h)))).toBe(printFunction(h));
});
