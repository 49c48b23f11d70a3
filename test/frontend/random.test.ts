/**
 * Random programs (fast-check, fixed seed, reproducible): scalar expressions, Math functions,
 * ?:, branches with early returns, counted / while / do-while loops with break and continue,
 * helper calls (early returns, assigned and aliased parameters) and array reads and writes. Each program is lowered (no diagnostics, IR verifies)
 * and the interpreter must agree with the program run as JavaScript (and leave the array
 * argument in the same state). A failure prints the shrunk program.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { interpret } from '../../src/ir/interp.js';
import { verify } from '../../src/ir/verify.js';
import { lowerJs, resultDiff, rng } from './util.js';

type Expr =
  | { k: 'var'; pick: number }
  | { k: 'const'; value: number }
  | { k: 'un'; op: string; e: Expr }
  | { k: 'bin'; op: string; a: Expr; b: Expr }
  | { k: 'sel'; c: Cond; a: Expr; b: Expr }
  | { k: 'call'; fn: number; a: Expr; b: Expr }
  | { k: 'elem'; pick: number };
type Cond = { op: string; a: Expr; b: Expr; not: boolean };
type Stmt =
  | { k: 'assign'; pick: number; op: string; e: Expr }
  | { k: 'store'; pick: number; e: Expr }
  | { k: 'if'; c: Cond; then: Stmt[]; else: Stmt[] | null }
  | { k: 'loop'; form: 'for' | 'down' | 'while' | 'do'; n: number; body: Stmt[] }
  | { k: 'jump'; what: 'break' | 'continue' | 'return'; c: Cond; e: Expr };

const CONSTS = [0.5, 1, 1.5, 2, 3, -1, -0.25];
const UNARY = ['neg', 'sin', 'cos', 'tanh', 'atan', 'sqrtabs', 'log1pabs', 'expt', 'abs', 'floor', 'cbrt'];
const BINARY = ['+', '-', '*', '/', 'max', 'min', '%', 'hypot'];
const CMP = ['<', '<=', '>', '>=', '===', '!=='];

const { expr, cond, stmts } = fc.letrec<{ expr: Expr; cond: Cond; stmts: Stmt[]; stmt: Stmt }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('var' as const), pick: fc.nat(20) }),
    fc.record({ k: fc.constant('const' as const), value: fc.constantFrom(...CONSTS) }),
    fc.record({ k: fc.constant('elem' as const), pick: fc.nat(20) }),
    fc.record({ k: fc.constant('un' as const), op: fc.constantFrom(...UNARY), e: tie('expr') }),
    fc.record({ k: fc.constant('bin' as const), op: fc.constantFrom(...BINARY), a: tie('expr'), b: tie('expr') }),
    fc.record({ k: fc.constant('sel' as const), c: tie('cond'), a: tie('expr'), b: tie('expr') }),
    fc.record({ k: fc.constant('call' as const), fn: fc.nat(3), a: tie('expr'), b: tie('expr') }),
  ),
  cond: fc.record({ op: fc.constantFrom(...CMP), a: tie('expr'), b: tie('expr'), not: fc.boolean() }),
  stmt: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.record({ k: fc.constant('assign' as const), pick: fc.nat(20), op: fc.constantFrom('=', '+=', '-=', '*=', '++'), e: tie('expr') }),
    fc.record({ k: fc.constant('store' as const), pick: fc.nat(20), e: tie('expr') }),
    fc.record({ k: fc.constant('jump' as const), what: fc.constantFrom('break' as const, 'continue' as const, 'return' as const), c: tie('cond'), e: tie('expr') }),
    fc.record({ k: fc.constant('if' as const), c: tie('cond'), then: tie('stmts'), else: fc.option(tie('stmts'), { nil: null }) }),
    fc.record({ k: fc.constant('loop' as const), form: fc.constantFrom('for' as const, 'down' as const, 'while' as const, 'do' as const), n: fc.integer({ min: 0, max: 4 }), body: tie('stmts') }),
  ),
  stmts: fc.array(tie('stmt'), { maxLength: 4 }),
}));

/** Renders programs; `scope` holds the readable variables, `loops` the enclosing loop depth. */
class Render {
  private counter = 0;
  expr(e: Expr, scope: string[]): string {
    switch (e.k) {
      case 'var':
        return scope[e.pick % scope.length];
      case 'const':
        return e.value < 0 ? `(${e.value})` : String(e.value);
      case 'elem':
        return `v[${this.index(e.pick, scope)}]`;
      case 'un': {
        const x = this.expr(e.e, scope);
        const forms: Record<string, string> = {
          neg: `-(${x})`, sin: `Math.sin(${x})`, cos: `Math.cos(${x})`, tanh: `Math.tanh(${x})`, atan: `Math.atan(${x})`,
          sqrtabs: `Math.sqrt(Math.abs(${x}))`, log1pabs: `Math.log1p(Math.abs(${x}))`, expt: `Math.exp(Math.tanh(${x}))`,
          abs: `Math.abs(${x})`, floor: `Math.floor(${x})`, cbrt: `Math.cbrt(${x})`,
        };
        return forms[e.op];
      }
      case 'bin': {
        const [a, b] = [this.expr(e.a, scope), this.expr(e.b, scope)];
        if (e.op === 'max' || e.op === 'min' || e.op === 'hypot') return `Math.${e.op}(${a}, ${b})`;
        if (e.op === '/') return `(${a}) / (1 + (${b}) * (${b}))`;
        if (e.op === '%') return `(${a}) % (1.5 + Math.abs(${b}))`;
        return `(${a}) ${e.op} (${b})`;
      }
      case 'sel':
        return `(${this.cond(e.c, scope)} ? ${this.expr(e.a, scope)} : ${this.expr(e.b, scope)})`;
      case 'call':
        return `${['h', 'g', 'k', 'm'][e.fn]}(${this.expr(e.a, scope)}, ${this.expr(e.b, scope)})`;
    }
  }
  /** An always-valid index into v (length 4): a loop counter or a constant. */
  index(pick: number, scope: string[]): string {
    const counters = scope.filter((s) => /^[ijw]\d/.test(s));
    return counters.length && pick % 2 ? `${counters[pick % counters.length]} % 4` : String(pick % 4);
  }
  cond(c: Cond, scope: string[]): string {
    const s = `(${this.expr(c.a, scope)}) ${c.op} (${this.expr(c.b, scope)})`;
    return c.not ? `!(${s})` : s;
  }
  stmts(list: Stmt[], scope: string[], inLoop: boolean, ind: string): string {
    return list.map((s) => this.stmt(s, scope, inLoop, ind)).join('');
  }
  stmt(s: Stmt, scope: string[], inLoop: boolean, ind: string): string {
    const locals = ['p', 'q', 'r'];
    switch (s.k) {
      case 'assign': {
        const target = locals[s.pick % 3];
        return s.op === '++' ? `${ind}${target}++;\n` : `${ind}${target} ${s.op} ${this.expr(s.e, scope)};\n`;
      }
      case 'store':
        return `${ind}v[${this.index(s.pick, scope)}] = ${this.expr(s.e, scope)};\n`;
      case 'jump': {
        if (s.what !== 'return' && !inLoop) return '';
        const body = s.what === 'return' ? `return ${this.expr(s.e, scope)};` : `${s.what};`;
        return `${ind}if (${this.cond(s.c, scope)}) ${body}\n`;
      }
      case 'if': {
        const then = this.stmts(s.then, scope, inLoop, ind + '  ');
        const els = s.else ? ` else {\n${this.stmts(s.else, scope, inLoop, ind + '  ')}${ind}}` : '';
        return `${ind}if (${this.cond(s.c, scope)}) {\n${then}${ind}}${els}\n`;
      }
      case 'loop': {
        const id = this.counter++;
        const inner = ind + '  ';
        if (s.form === 'for' || s.form === 'down') {
          const i = `${s.form === 'for' ? 'i' : 'j'}${id}`;
          const head = s.form === 'for' ? `let ${i} = 0; ${i} < ${s.n}; ${i}++` : `let ${i} = ${s.n}; ${i} >= 1; ${i} -= 1`;
          return `${ind}for (${head}) {\n${this.stmts(s.body, [...scope, i], true, inner)}${ind}}\n`;
        }
        const w = `w${id}`;
        const body = `${inner}${w}++;\n${this.stmts(s.body, [...scope, w], true, inner)}`;
        if (s.form === 'while') return `${ind}let ${w} = 0;\n${ind}while (${w} < ${s.n}) {\n${body}${ind}}\n`;
        return `${ind}let ${w} = 0;\n${ind}do {\n${body}${ind}} while (${w} < ${s.n});\n`;
      }
    }
  }
}

function program(body: Stmt[], result: Expr): string {
  const r = new Render();
  const scope = ['a', 'b', 'c', 'p', 'q', 'r'];
  return [
    'function h(x, y) { if (x > y) return x - y; return Math.sin(x * y); }',
    'function g(x, y) { let t = x; t += y; x = x * t; const u = y; return x + u + h(y, y); }',
    'function k(x, y) { for (let i = 0; i < 3; i++) { if (x > i) return x * i + y; } return -x; }',
    'function m(x, y) { let t = y; t *= x; return t + y; }',
    'export function f(a, b, c, v) {',
    '  let p = a; let q = b; let r = 1.5;',
    r.stmts(body, scope, false, '  ') + `  return ${r.expr(result, scope)};`,
    '}',
  ].join('\n');
}

describe('random programs', () => {
  it('interpreter agrees with JavaScript on 200 random programs', () => {
    const r = rng(7);
    fc.assert(
      fc.property(stmts, expr, (body, result) => {
        const src = program(body, result);
        const { module, diagnostics } = lowerJs(src);
        expect(diagnostics, src).toEqual([]);
        const f = module!.functions[0];
        expect(verify(f.fn), src).toEqual([]);
        const js = new Function(`${src.replace('export ', '')}\nreturn f;`)() as (...args: unknown[]) => number;
        for (let trial = 0; trial < 3; trial++) {
          const args = [4 * r() - 2, 4 * r() - 2, 4 * r() - 2];
          const v = Float64Array.from({ length: 4 }, () => 4 * r() - 2);
          const jsV = v.slice();
          const irV = v.slice();
          const expected = js(...args, jsV);
          const actual = interpret(f.fn, [...args, irV])[0];
          expect(resultDiff(actual, expected), `${src}\nargs ${args}`).toBeLessThanOrEqual(1e-12);
          expect(resultDiff(irV, jsV), `${src}\narray after the call`).toBeLessThanOrEqual(1e-12);
        }
      }),
      { seed: 20260101, numRuns: 200 },
    );
  });
});
