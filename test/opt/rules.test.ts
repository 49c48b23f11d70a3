// One test per optimizer rule: input IR (text form) → expected optimized IR.
import { describe, expect, it } from 'vitest';
import { printFunction } from '../../src/ir/print.js';
import { verify } from '../../src/ir/verify.js';
import { optimize } from '../../src/opt/index.js';
import { interpret } from '../../src/ir/interp.js';
import { simplify } from '../../src/opt/simplify.js';
import { parseIR } from '../codegen/ir_text.js';

/** Optimize `src` and compare the body (lines after the header) with `expected`. */
function opt(src: string): string {
  const out = optimize(parseIR(src));
  expect(verify(out)).toEqual([]);
  return printFunction(out).trim();
}

/** One simplification pass only (no propagation or DCE), to see a single rule at work. */
function simp(src: string): string {
  const fn = parseIR(src);
  simplify(fn);
  expect(verify(fn)).toEqual([]);
  return printFunction(fn).trim();
}

const fx = 'fn f(x: f64, y: f64) -> (r)';
const lines = (...l: string[]) => [fx, ...l.map((s) => '  ' + s)].join('\n');

describe('constant folding and identities', () => {
  const cases: [string, string, string][] = [
    ['folds literals with the op table', 'r = add 2 3', 'r = copy 5'],
    ['folds Math calls', 'r = sqrt 4', 'r = copy 2'],
    ['folds to NaN/Infinity', 'r = div 1 0', 'r = copy Infinity'],
    ['x*1', 'r = mul x 1', 'r = copy x'],
    ['1*x', 'r = mul 1 x', 'r = copy x'],
    ['x*0 (zero convention)', 'r = mul x 0', 'r = copy 0'],
    ['0*x', 'r = mul 0 x', 'r = copy 0'],
    ['x*-1', 'r = mul x -1', 'r = neg x'],
    ['x+0', 'r = add x 0', 'r = copy x'],
    ['0+x', 'r = add 0 x', 'r = copy x'],
    ['x-0', 'r = sub x 0', 'r = copy x'],
    ['0-x', 'r = sub 0 x', 'r = neg x'],
    ['x/1', 'r = div x 1', 'r = copy x'],
    ['x/-1', 'r = div x -1', 'r = neg x'],
    ['pow(x, 1)', 'r = pow x 1', 'r = copy x'],
    ['pow(x, 0)', 'r = pow x 0', 'r = copy 1'],
    ['pow(x, 2)', 'r = pow x 2', 'r = mul x x'],
    ['a + (-u) → a - u', 'u = neg y\n  r = add x u', 'u = neg y\n  r = sub x y'],
    ['(-u) + b → b - u', 'u = neg y\n  r = add u x', 'u = neg y\n  r = sub x y'],
    ['a - (-u) → a + u', 'u = neg y\n  r = sub x u', 'u = neg y\n  r = add x y'],
    ['select with a literal condition', 'r = select true x y', 'r = copy x'],
    ['select of equal operands', 'c = lt x y\n  r = select c y y', 'c = lt x y\n  r = copy y'],
  ];
  for (const [name, src, expected] of cases) {
    it(name, () => expect(simp(lines(src))).toBe(lines(expected)));
  }

  it('neg(neg x)', () => expect(simp(lines('t = neg x', 'r = neg t'))).toBe(lines('t = neg x', 'r = copy x')));
  it('not(not b)', () => {
    const src = 'fn f(x: f64, y: f64) -> (n)\n  b = lt x y\n  n = not b\n  r = not n';
    expect(simp(src)).toBe('fn f(x: f64, y: f64) -> (n)\n  b = lt x y\n  n = not b\n  r = copy b');
  });
  it('the whole pipeline folds chains completely', () => {
    expect(opt(lines('t = add 2 3', 'u = mul x t', 'v = mul u 1', 'w = neg v', 'r = neg w'))).toBe(
      'fn f(x: f64, y: f64) -> (u)\n  u = mul x 5',
    );
  });
  it('and/or with literals', () => {
    const src = 'fn f(x: f64, y: f64) -> (r, s, u, w)\n  b = lt x y\n  r = and b true\n  s = or false b\n  u = and false b\n  w = or b true';
    expect(opt(src)).toBe('fn f(x: f64, y: f64) -> (b, b, false, true)\n  b = lt x y');
  });
  it('does not fold neg(neg x) when x changed in between', () => {
    const src = lines('t = neg x', 'x = copy y', 'r = neg t');
    expect(opt(src)).toBe(lines('t = neg x', 'x = copy y', 'r = neg t'));
  });
  it('keeps NaN-producing operations that are not identities', () => {
    expect(opt(lines('r = sub x x'))).toBe(lines('r = sub x x'));
    expect(opt(lines('r = div 0 x'))).toBe(lines('r = div 0 x'));
  });
});

describe('copy propagation', () => {
  it('propagates a single copy and removes it', () => {
    expect(opt(lines('t = copy x', 'r = mul t t'))).toBe(lines('r = mul x x'));
  });
  it('propagates literals, which then fold', () => {
    expect(opt(lines('t = copy 2', 'u = mul t 3', 'r = add u x'))).toBe(lines('r = add 6 x'));
  });
  it('does not propagate when the source is reassigned before a use', () => {
    const src = lines('t = copy x', 'x = copy y', 'r = add t x');
    expect(opt(src)).toBe(src);
  });
  it('does not propagate a variable assigned more than once', () => {
    const src = lines('c = lt x y', 't = copy x', 'if c {', '  t = copy y', '}', 'r = mul t 2');
    expect(opt(src)).toBe(src);
  });
  it('does not propagate into reads before the copy in a loop body', () => {
    const src = [
      'fn f(x: f64, y: f64) -> (r)',
      '  for i = 0 .. 3 step 1 {',
      '    u = add r t',
      '    r = copy u',
      '    t = copy x',
      '  }',
    ].join('\n');
    expect(opt(src)).toBe(src);
  });
  it('propagates within a loop body when source and target are stable there', () => {
    const src = ['fn f(x: f64, y: f64) -> (r)', '  for i = 0 .. 3 step 1 {', '    t = copy x', '    u = mul t y', '    v = add r u', '    r = copy v', '  }'].join('\n');
    const out = ['fn f(x: f64, y: f64) -> (r)', '  for i = 0 .. 3 step 1 {', '    u = mul x y', '    v = add r u', '    r = copy v', '  }'].join('\n');
    expect(opt(src)).toBe(out);
  });
  it('does not propagate a copy made in a branch to reads after it', () => {
    const src = lines('c = lt x y', 'if c {', '  t = copy x', '}', 'r = add t 1');
    expect(opt(src)).toBe(src);
  });
  it('propagates into results only from the function body', () => {
    expect(opt(lines('t = mul x y', 'r = copy t'))).toBe('fn f(x: f64, y: f64) -> (t)\n  t = mul x y');
  });
});

describe('common subexpressions', () => {
  it('reuses an earlier value', () => {
    expect(opt(lines('a = mul x y', 'b = mul y x', 'r = add a b'))).toBe(lines('a = mul x y', 'r = add a a'));
  });
  it('does not reuse across a redefinition of an operand', () => {
    const src = lines('a = mul x y', 'x = copy 3', 'b = mul x y', 'r = add a b');
    expect(opt(src)).toBe(src); // (x is a parameter: copies into parameters stay)
    const local = lines('p = sin x', 'a = mul p y', 'p = copy y', 'b = mul p y', 'r = add a b');
    expect(opt(local)).toBe(local);
  });
  it('reuses loads until a store', () => {
    const src = 'fn f(a: f64[], x: f64) -> (r)\n  p = a[0]\n  q = a[0]\n  s = add p q\n  a[1] = x\n  u = a[0]\n  r = add s u';
    expect(opt(src)).toBe('fn f(a: f64[], x: f64) -> (r)\n  p = a[0]\n  s = add p p\n  a[1] = x\n  u = a[0]\n  r = add s u');
  });
  it('does not carry values into or across loops that change them', () => {
    const src = [
      'fn f(x: f64, y: f64) -> (r)',
      '  a = mul x y',
      '  for i = 0 .. 3 step 1 {',
      '    b = mul x y',
      '    x = copy b',
      '  }',
      '  c = mul x y',
      '  r = add a c',
    ].join('\n');
    expect(opt(src)).toBe(src);
  });
});

describe('dead code', () => {
  it('removes unread assignments, chains of them, and their variables', () => {
    const fn = optimize(parseIR(lines('t = sin x', 'u = mul t t', 'r = add x y')));
    expect(printFunction(fn).trim()).toBe(lines('r = add x y'));
    expect([...fn.vars.keys()]).toEqual(['x', 'y', 'r']);
  });
  it('removes overwritten values (liveness)', () => {
    expect(opt(lines('r = sin x', 'r = cos y'))).toBe(lines('r = cos y'));
  });
  it('keeps stores, push, pop and assignments to parameters', () => {
    const src = 'fn f(a: f64[], x: f64) -> (x)\n  a[0] = x\n  push x\n  t = pop\n  x = copy 2';
    expect(opt(src)).toBe(src);
  });
  it('keeps values read in a later loop iteration', () => {
    const src = ['fn f(x: f64, y: f64) -> (r)', '  for i = 0 .. 3 step 1 {', '    r = add t x', '    t = mul r y', '  }'].join('\n');
    expect(opt(src)).toBe(src);
  });
  it('removes empty ifs and loops that cannot run or do nothing', () => {
    const src = lines('c = lt x y', 'if c {', '  t = sin x', '}', 'for i = 0 .. 0 step 1 {', '  r = copy 1', '}', 'for j = 0 .. 5 step 1 {', '}', 'r = copy x');
    expect(opt(src)).toBe('fn f(x: f64, y: f64) -> (x)');
  });
  it('inlines the taken branch of an if with a literal condition', () => {
    expect(opt(lines('if false {', '  r = sin x', '} else {', '  r = cos x', '}'))).toBe(lines('r = cos x'));
  });
  it('keeps while loops, even empty ones, but runs the test of a while(false)', () => {
    const forever = lines('while {', '} true do {', '}', 'r = copy x');
    expect(opt(forever)).toBe('fn f(x: f64, y: f64) -> (x)\n  while {\n  } true do {\n  }');
    expect(opt(lines('while {', '  push x', '} false do {', '  r = copy y', '}'))).toBe(lines('push x'));
  });
  it('keeps a counter loop whose body only updates the counter read by its test', () => {
    const src = 'fn f(x: f64) -> (x)\n  k = copy 0\n  while {\n    c = lt k x\n  } c do {\n    k1 = add k 1\n    k = copy k1\n  }';
    expect(opt(src)).toBe(src);
  });
});

describe('optimize', () => {
  it('does not mutate its input and keeps the interpreter results', () => {
    const src = lines('t = mul x 1', 'u = copy t', 'v = mul u y', 'w = mul y u', 'r = add v w');
    const fn = parseIR(src);
    const out = optimize(fn);
    expect(printFunction(fn).trim()).toBe(src);
    expect(printFunction(out).trim()).toBe('fn f(x: f64, y: f64) -> (r)\n  v = mul x y\n  r = add v v');
    expect(interpret(out, [1.5, -2])).toEqual(interpret(fn, [1.5, -2]));
  });
});

describe('regressions', () => {
  it('drops x = neg(neg x) instead of writing x = copy x', () => {
    const src = 'fn f(x: f64, v: f64) -> (v)\n  let u: f64\n  u = neg v\n  v = neg u';
    expect(simp(src)).toBe('fn f(x: f64, v: f64) -> (v)\n  u = neg v');
  });
});
