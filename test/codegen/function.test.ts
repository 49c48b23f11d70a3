// Code generation of single functions: specific shapes, both as text and executed against the
// interpreter.
import { describe, expect, it } from 'vitest';
import { interpret, type Value } from '../../src/ir/interp.js';
import { generateModule } from '../../src/codegen/module.js';
import { exported } from './fixtures.js';
import { parseIR } from './ir_text.js';
import { importJs } from './load.js';

async function compile(src: string): Promise<{ js: string; run: (...args: Value[]) => unknown; check: (...args: Value[]) => void }> {
  const fn = parseIR(src);
  const { js } = generateModule({ sourceName: 'shapes.ts', version: 'test', functions: [{ exp: exported(fn, [], 'scalar', [], 'number') }] });
  const mod = await importJs(js, 'shape');
  const run = (...args: Value[]) => mod[fn.name](...args);
  const check = (...args: Value[]) => {
    const expected = interpret(fn, args.map((a) => (ArrayBuffer.isView(a) ? Float64Array.from(a as Float64Array) : a)))[0];
    expect(run(...args)).toEqual(expected);
  };
  return { js, run, check };
}

describe('loops', () => {
  it('evaluates a for loop end once, even when the body changes it', async () => {
    const { js, check, run } = await compile(`fn f(m: int) -> (s)
      let s: f64
      for i = 0 .. m step 1 {
        m1 = add m 1
        m = copy m1
        s1 = add s 1
        s = copy s1
      }`);
    expect(js).toContain('const i_end = m;');
    check(3);
    expect(run(3)).toBe(3);
  });

  it('declares an index read after its loop at the top, and gives nested same-index loops one variable', async () => {
    const { js, check } = await compile(`fn f(m: int) -> (r)
      for i = 0 .. m step 1 {
        for i = 0 .. 2 step 1 {
          t = add i 1
        }
        r = copy i
      }`);
    expect(js).toContain('let i = 0;');
    expect(js).toContain('for (let i_k = 0; i_k < m; i_k++) {');
    check(3);
    check(0);
  });

  it('counts down with negative steps', async () => {
    const { js, check } = await compile(`fn f(a: f64[]) -> (s)
      let s: f64
      n = len a
      last = sub n 1
      for i = last .. -1 step -2 {
        v = a[i]
        s1 = add s v
        s = copy s1
      }`);
    expect(js).toContain('i > -1; i -= 2');
    check(Float64Array.from([1, 2, 3, 4, 5]));
  });

  it('prints while loops with an empty test as while (cond), others as while (true) … break', async () => {
    const { js, check } = await compile(`fn f(x: f64) -> (k)
      let c: bool
      let k: f64
      c = lt k x
      while {
      } c do {
        k1 = add k 1
        k = copy k1
        c = lt k x
      }
      while {
        d = lt k 10
      } d do {
        k2 = add k 2
        k = copy k2
      }`);
    expect(js).toMatch(/while \(c\) \{/);
    expect(js).toMatch(/while \(true\) \{\n\s+const d = k < 10;\n\s+if \(!d\) break;\n/);
    check(3.5);
    check(-1);
  });
});

const LITERALS = `fn f(x: f64) -> (r)
  a = add x -0
  b = max a NaN
  c = min x Infinity
  d = max c -Infinity
  e = add d 5e-324
  g = mul e 1.7976931348623157e308
  h = add g 0.1
  r = select true h b`;

describe('values and ops', () => {
  it('prints literals that round-trip: -0, NaN, ±Infinity, tiny and huge numbers', async () => {
    const { js, run } = await compile(LITERALS);
    expect(js).toContain('x + -0');
    expect(js).toContain('Math.max(a, NaN)');
    expect(js).toContain('-Infinity');
    expect(js).toContain('5e-324');
    expect(js).toContain('1.7976931348623157e+308');
    expect(run(-0)).toBe(interpret(parseIR(LITERALS), [-0])[0]);
    expect(run(1e-320)).toBe(interpret(parseIR(LITERALS), [1e-320])[0]);
  });

  it('evaluates every op of the table like the interpreter', async () => {
    const { check } = await compile(`fn f(x: f64, y: f64) -> (r)
      let r: f64
      a = atan2 x y
      b = hypot x y 3
      c = pow x y
      d = mod x y
      e = sign x
      g = trunc y
      h = fround x
      k = cbrt y
      m = expm1 x
      n1 = log1p y
      p = asinh x
      q = max x y a b
      s = min c d e
      t = add g h
      u = add k m
      v = add n1 p
      w = add q s
      r1 = add t u
      r2 = add v w
      r = add r1 r2`);
    for (const [x, y] of [[0.3, 0.7], [-1.5, 2.5], [2, -0.5]]) check(x, y);
  });

  it('handles booleans: logic ops, bool pops, ints in int arrays', async () => {
    const { js, check } = await compile(`fn f(x: f64) -> (r)
      let q: bool
      let r: f64
      let ia: int[]
      p = lt x 1
      n = not p
      o = or n p
      a = and o p
      push a
      q = pop
      ia = alloc 2
      ia[0] = 7
      l = ia[0]
      if q {
        r = copy l
      } else {
        r = len ia
      }`);
    expect(js).toContain('tape[tp++] = a ? 1 : 0;');
    expect(js).toContain('tape[--tp] !== 0');
    expect(js).toContain('new Int32Array(2)');
    check(0.5);
    check(2);
  });

  it('declares arrays defined in a branch at the top as empty typed arrays', async () => {
    const { js, check } = await compile(`fn f(x: f64) -> (r)
      let b: f64[]
      c = lt x 0
      if c {
        b = alloc 2
      } else {
        b = alloc 3
      }
      r = len b`);
    expect(js).toContain('let b = new Float64Array(0);');
    check(-1);
    check(1);
  });
});

describe('declarations and inlining', () => {
  it('declares temporaries where computed and inlines single-use ones', async () => {
    const { js } = await compile(`fn f(x: f64, y: f64) -> (r)
      t = mul x x
      t_1 = mul t y
      u = add t_1 y
      r = add u 2`);
    expect(js).toContain('const u = x * x * y + y;');
    expect(js).toContain('const r = u + 2;');
  });

  it('does not move a temporary past a change of its operands or a store', async () => {
    const { js, check } = await compile(`fn f(x: f64, a: f64[]) -> (r)
      let v: f64
      v = copy x
      t = mul v 2
      v = copy 3
      t_1 = a[0]
      a[0] = 5
      s = add t t_1
      r = add s v`);
    expect(js).toContain('const t = v * 2;');
    expect(js).toContain('const t_1 = a[0];');
    check(1.5, Float64Array.from([4]));
  });

  it('keeps expressions small by naming their biggest parts', async () => {
    const { js, check } = await compile(`fn f(a: f64[], x: f64) -> (x)
      t1 = add x 1
      t2 = mul t1 t1
      t3 = neg t2
      t4 = add t3 x
      t5 = mul t4 3
      t6 = a[0]
      t7 = add t6 t5
      a[0] = t7`);
    expect(js).toContain('a[0] = a[0] + t5;');
    check(Float64Array.from([2]), 0.5);
  });

  it('copies of arrays are not inlined (arrays print as names)', async () => {
    const { check } = await compile(`fn f(a: f64[]) -> (r)
      let t: f64[]
      t = copy a
      r = t[0]`);
    check(Float64Array.from([4]));
  });

  it('a value reloaded in two loops gets a const in each', async () => {
    const { js } = await compile(`fn f(a: f64[]) -> (s)
      let s: f64
      n = len a
      for i = 0 .. n step 1 {
        ai = a[i]
        s1 = add s ai
        s = copy s1
      }
      for i = 0 .. n step 1 {
        ai = a[i]
        a[i] = s
        s2 = add s ai
        s = copy s2
      }`);
    expect(js.match(/const ai = a\[i\];/g)).toHaveLength(2);
    expect(js.match(/for \(let i = 0;/g)).toHaveLength(2);
  });
});
