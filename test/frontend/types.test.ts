/**
 * int/f64 inference, the counted-loop decision (IR `for` vs `while`) and the leanness of the
 * lowered code (no needless copies, flags or temporaries).
 */
import { describe, expect, it } from 'vitest';
import { printFunction } from '../../src/ir/print.js';
import type { IRFunction, Stmt } from '../../src/ir/types.js';
import { exported, lowerOk } from './util.js';

const fnOf = (src: string, name = 'f'): IRFunction => exported(lowerOk(src), name).fn;
const typeOf = (fn: IRFunction, name: string) => fn.vars.get(name)?.type;

function kinds(block: Stmt[], out: string[] = []): string[] {
  for (const s of block) {
    out.push(s.kind);
    if (s.kind === 'if') (kinds(s.then, out), kinds(s.else, out));
    if (s.kind === 'for') kinds(s.body, out);
    if (s.kind === 'while') (kinds(s.test, out), kinds(s.body, out));
  }
  return out;
}

describe('int/f64 inference', () => {
  it('types counters, lengths and int-array loads as int, accumulators as f64', () => {
    const fn = fnOf(`export function f(x) {
      const idx = new Int32Array(x.length);
      let k = 0; let s = 0; let m = 0;
      for (let i = 0; i < x.length; i++) { s += x[i]; k++; m = Math.max(m, idx[i] * 2 + 1); }
      const n = x.length; const h = n / 2; const fl = Math.floor(n); const fx = Math.floor(s);
      return s + k + m + h + fl + fx;
    }`);
    expect([typeOf(fn, 'k'), typeOf(fn, 's'), typeOf(fn, 'm'), typeOf(fn, 'i')]).toEqual(['int', 'f64', 'int', 'int']);
    expect([typeOf(fn, 'n'), typeOf(fn, 'h'), typeOf(fn, 'fl'), typeOf(fn, 'fx')]).toEqual(['int', 'f64', 'int', 'f64']);
  });

  it('gives each inlined copy of a helper its own types', () => {
    const fn = fnOf(`function at(i, j, n) { const k = i * n + j; return k; }
      export function f(a, x) { let s = 0; for (let i = 0; i < 3; i++) s += a[at(i, 2, a.length)] + at(x, i, 2); return s; }`);
    const ks = [...fn.vars.values()].filter((d) => d.hint === 'k').map((d) => d.type);
    expect(ks.sort()).toEqual(['f64', 'int']);
  });

  it('declares booleans for comparisons and logic', () => {
    const fn = fnOf('export function f(x) { const p = x > 0 && x < 1; return p ? x : -x; }');
    expect(typeOf(fn, 'p')).toBe('bool');
  });
});

describe('counted loops', () => {
  const shape = (body: string, params = 'x, n') => kinds(fnOf(`export function f(${params}) { let s = 0; ${body} return s; }`).body);

  it('makes IR for loops of the counted forms', () => {
    for (const loop of [
      'for (let i = 0; i < 10; i++) s += x;',
      'for (let i = 10; i > 0; i--) s += x;',
      'for (let i = 0; i <= n; i += 2) s += x;',
      'for (let i = 10; i >= n; i -= 3) s += x;',
      'for (let i = 0; 5 > i; i = i + 1) s += x;',
      'for (let i = 0; i < 8; i++) { if (i === 2) continue; s += x; }',
      'for (let i = 0; i < 8; i++) { for (let j = i; j < 8; j++) s += x; }',
    ]) {
      expect(shape(loop), loop).toContain('for');
      expect(shape(loop), loop).not.toContain('while');
    }
  });

  it('falls back to while when the loop is not a counted one', () => {
    for (const loop of [
      'for (let i = 0; i < 10; i++) { s += x; if (s > 3) break; }',
      'for (let i = 0; i < 10; i++) { s += x; if (s > 3) return s; }',
      'for (let i = 0; i < 10; i++) { s += x; i += s > 1 ? 1 : 0; }',
      'for (let i = 0; i < n; i++) { s += x; n = n - 1; }',
      'for (let i = 0; i < 10; i--) s += x;',
      'for (let i = 0; i < 10; i += 0.5) s += x;',
      'for (let i = x; i < 10; i++) s += i;',
      'for (let i = 0.5; i <= 10; i++) s += i;',
      'let i = 0; for (; i < 3; i++) s += x;',
      'var i; for (i = 0; i < 3; i++) s += x;',
    ]) {
      expect(shape(loop), loop).toContain('while');
    }
  });

  it('keeps an int bound as B + 1 for <=, and floors an f64 one', () => {
    const int = fnOf('export function f(x, a) { let s = 0; for (let i = 0; i <= a.length; i++) s += x; return s; }');
    expect(printFunction(int)).toContain('t_1 = add t 1\n  for i = 0 .. t_1 step 1');
    const real = printFunction(fnOf('export function f(x, n) { let s = 0; for (let i = 0; i <= n; i++) s += x; return s; }'));
    expect(real).toMatch(/(\w+) = floor n\n {2}(\w+) = add \1 1\n {2}for i = 0 \.\. \2 step 1/);
  });

  it('keeps a passive f64 start (a length divided) as an IR for', () => {
    const fn = fnOf('export function f(x, v, k) { const d = v.length / 2; let s = 0; for (let j = d; j < v.length; j++) s += x * v[j]; return s; }');
    expect(kinds(fn.body)).toContain('for');
    expect(typeOf(fn, 'j')).toBe('f64');
  });
});

describe('lean output', () => {
  it('writes ops straight into user variables and folds constants', () => {
    const text = printFunction(fnOf('const K = 2;\nexport function f(x) { const y = x * K; const z = Math.PI / 2; const w = y; return Math.sin(w + z); }'));
    expect(text).toBe('fn f(x: f64) -> (t_1)\n  y = mul x 2\n  t = add y 1.5707963267948966\n  t_1 = sin t\n');
  });

  it('turns early returns into branches without flags', () => {
    const fn = fnOf('export function f(x) { if (x > 1) return 1; if (x < -1) { const y = x * x; return y; } return x; }');
    expect([...fn.vars.keys()].some((n) => n.startsWith('done'))).toBe(false);
    expect(kinds(fn.body)).toEqual(['assign', 'if', 'assign', 'assign', 'if', 'assign', 'assign', 'assign']);
  });

  it('binds helper parameters to the arguments without copies', () => {
    const text = printFunction(fnOf('function sq(t) { return t * t; }\nexport function f(x) { return sq(x) + sq(3); }'));
    expect(text).toBe('fn f(x: f64) -> (t_1)\n  t = mul x x\n  t_1 = add t 9\n');
  });

  it('drops unused locals and flags', () => {
    const fn = fnOf('export function f(x) { const unused = Math.exp(x); let n = 0; for (let i = 0; i < 3; i++) { if (i === 1) continue; n++; } return x; }');
    expect(printFunction(fn)).toBe('fn f(x: f64) -> (x)\n');
  });
});
