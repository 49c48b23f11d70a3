/**
 * Multi-file projects compiled from their entry file: ES module imports in every spelling,
 * re-exports, namespaces, default exports, CommonJS, JSDoc-typed JavaScript, module-level
 * constants; derivatives against the oracles of harness.ts; errors located in the file that has
 * them.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { checkEntry, compileEntry, errorsOf, project } from './harness.js';
import { importJs } from '../util/load.js';

const GEOM = `
export const K = 2;
export const SCALE = K * Math.PI;
export type Vec = number[];
/** Euclidean norm. */
export function norm(x: Vec): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += x[i] * x[i];
  return Math.sqrt(s);
}
function cube(a: number) { return a * a * a * SCALE; }
export { cube as scaled };
// Never reached from the entry: not compiled, so not refused.
export class Unused { m() { return this; } }
`;

describe('ES modules', () => {
  it('imports with and without extensions, renamed, as a namespace, and re-exported', async () => {
    const dir = project({
      'geom.ts': GEOM,
      'index.ts': `export * from './geom.js';\nexport { norm as length } from './geom';\n`,
      'main.ts': `
import { norm, K, type Vec } from './geom.js';
import { scaled as s3 } from './geom.ts';
import * as g from './geom';
import { length } from './index.js';
// A type imported without \`type\` and re-exported: erased, not an error.
import { Vec as V2 } from './geom';
export { V2 };
const { sqrt, PI } = Math;
export function energy(x: number[], y: number): number {
  const v: Vec = x;
  return norm(v) * K + g.norm(x) * y + s3(y) + length(x) * sqrt(PI);
}
`,
    });
    expect(await checkEntry(path.join(dir, 'main.ts'))).toEqual([]);
    const { inputs } = compileEntry(path.join(dir, 'main.ts'));
    expect(inputs.map((p) => path.basename(p))).toEqual(['main.ts', 'geom.ts', 'index.ts']);
  });

  it('keeps helpers of different files with one name apart', async () => {
    const dir = project({
      // Inner declarations named like the renamed helper keep their own meaning.
      'a.ts': `function sq(x: number) { return x * x; }\nexport function fa(x: number) {\n  const twice = (sq: number) => sq * 2;\n  let s = 0;\n  { const sq = 0.5; s += sq; }\n  for (let sq = 0; sq < 2; sq++) s += sq;\n  return sq(x) + 1 + twice(x) - s - 2 * x + 0.5 + 1;\n}\n`,
      'b.ts': `function sq(x: number) { return 3 * x; }\nexport function fb(x: number) { return sq(x); }\n`,
      'main.ts': `import { fa } from './a';\nimport { fb } from './b';\nfunction sq(x: number) { return -x; }\nexport function f(x: number) { return fa(x) * fb(x) + sq(x); }\n`,
    });
    const mod = await importJs(compileEntry(path.join(dir, 'main.ts')).js);
    expect(mod.f(2)).toBe((4 + 1) * 6 - 2);
    expect(await checkEntry(path.join(dir, 'main.ts'))).toEqual([]);
  });

  it('exports the default function by its name and as the default', async () => {
    const dir = project({
      'mean.js': `import sum from './sum.js';\n/** @param {number[]} x */\nexport default function mean(x) { return sum(x) / x.length; }\n`,
      'sum.js': `function sum(x) { let s = 0; for (let i = 0; i < x.length; i++) s += x[i]; return s; }\nexport default sum;\n`,
      'main.ts': `import mean from './mean.js';\nfunction sq(x: number[]) { const m = mean(x); let s = 0; for (const v of x) s += (v - m) ** 2; return s; }\nexport default sq;\n`,
    });
    const { js, dts } = compileEntry(path.join(dir, 'main.ts'));
    const mod = await importJs(js);
    expect(mod.default).toBe(mod.sq);
    expect(typeof mod.sq_grad).toBe('function');
    expect(dts).toContain('export default sq;');
    expect(await checkEntry(path.join(dir, 'main.ts'))).toEqual([]);
    const m = await importJs(compileEntry(path.join(dir, 'mean.js')).js);
    expect(m.default).toBe(m.mean);
    expect(m.mean([1, 2, 6])).toBe(3);
  });

  it('follows import cycles (a helper of another file calling back into the entry)', async () => {
    const dir = project({
      'a.ts': `import { g } from './b';\nexport function h(x: number) { return x * 2; }\nexport function f(x: number) { return g(x) + 1; }\n`,
      'b.ts': `import { h } from './a';\nexport function g(x: number) { return h(x) * x; }\n`,
    });
    const mod = await importJs(compileEntry(path.join(dir, 'a.ts')).js);
    expect(mod.f(3)).toBe(19);
    expect(await checkEntry(path.join(dir, 'a.ts'))).toEqual([]);
  });

  it('reads imported files through the readFile option, and lists them as inputs', async () => {
    const files: Record<string, string> = { '/virtual/geom.ts': GEOM };
    const source = `import { norm } from './geom';\nexport function f(x: number[]) { return norm(x); }\n`;
    const r = compile(source, { fileName: '/virtual/main.ts', readFile: (p) => files[p] });
    expect(r.diagnostics).toEqual([]);
    expect(r.inputs).toEqual(['/virtual/main.ts', '/virtual/geom.ts']);
    const mod = await importJs(r.js!);
    expect(mod.f([3, 4])).toBe(5);
  });
});

describe('custom derivatives and adgen/runtime across files', () => {
  it('brings in the @vjp rule a helper names, and the runtime functions a helper file imports', async () => {
    const dir = project({
      // Deliberately not softplus' derivative, so the gradient shows the rule was used.
      'rules.ts': `export function softplusVjp(x: number, g: number): number { return 3 * g; }\n`,
      'nn.ts': [
        `import { stopGradient } from 'adgen/runtime';`,
        `import { softplusVjp } from './rules';`,
        `/** log(1 + eˣ). @vjp softplusVjp */`,
        `export function softplus(x: number): number { return x > 30 ? x : Math.log(1 + Math.exp(x)); }`,
        `export function frozen(x: number): number { return stopGradient(x) * x; }`,
        '',
      ].join('\n'),
      // The entry has its own function called softplusVjp: the rule keeps its meaning.
      'main.ts': `import { softplus, frozen } from './nn';\nfunction softplusVjp(x: number) { return x; }\nexport function f(x: number) { return softplus(x) + frozen(x) + softplusVjp(0); }\n`,
    });
    const { js } = compileEntry(path.join(dir, 'main.ts'));
    const mod = await importJs(js);
    const x = 0.7;
    // The rule's 3 for softplus, plus x for sg(x)·x (the stopped factor counts as a constant).
    expect(mod.f_grad(x).grad[0]).toBeCloseTo(3 + x, 14);
    expect(mod.f(x)).toBeCloseTo(Math.log(1 + Math.exp(x)) + x * x, 14);
  });
});

describe('CommonJS and JSDoc-typed JavaScript', () => {
  it('links require, module.exports and exports.f, with never-reassigned vars as constants', async () => {
    const dir = project({
      'poly.js': `'use strict';\nvar C0 = 0.5;\nvar C1 = 1.5;\nfunction poly(x) { return C0 + x * C1; }\nmodule.exports = poly;\n`,
      'more.js': `'use strict';\nexports.twice = function (x) { return 2 * x; };\nmodule.exports.half = function half(x) { return x / 2; };\n`,
      'main.js': `'use strict';\nvar poly = require('./poly');\nvar more = require('./more.js');\nvar { half } = require('./more');\nvar TINY = 1e-300;\n/**\n * @param {number} x\n * @param {number[]} w\n * @returns {number}\n */\nfunction model(x, w) { return poly(x) * more.twice(w[0]) + half(w[1]) + TINY; }\nmodule.exports = { model };\n`,
    });
    const mod = await importJs(compileEntry(path.join(dir, 'main.js')).js);
    expect(mod.model(2, [3, 4])).toBe((0.5 + 3) * 6 + 2 + 1e-300);
    // Imported from an ES module, the default of CommonJS is its exports object.
    writeFileSync(path.join(dir, 'esm.ts'), `import more from './more.js';\nexport function g(x: number) { return more.twice(x) + more.half(x); }\n`);
    expect((await importJs(compileEntry(path.join(dir, 'esm.ts')).js)).g(4)).toBe(10);
    expect(await checkEntry(path.join(dir, 'main.js'))).toEqual([]);
  });
});

describe('module-level constants', () => {
  it('folds numbers, Number constants and integer operators, and builds constant arrays once per function', async () => {
    const dir = project({
      'coef.ts': `export const W = [0.25, -0.5, 2 ** -3];\nexport const T = Float64Array.of(1, 1 << 2, 1023 | 0);\nexport const BIG = Number.MAX_VALUE / 2;\n`,
      'main.ts': `import { W, T, BIG } from './coef';\nconst C = [W.length, 3];\nfunction dot(x: number[], w: number[]) { let s = 0; for (let i = 0; i < w.length; i++) s += x[i] * w[i]; return s; }\nexport function f(x: number[]) { return dot(x, W) * T[1] + dot(x, C) + x[0] * T[2] + (BIG > 1 ? 1 : 0); }\n`,
    });
    const { js } = compileEntry(path.join(dir, 'main.ts'));
    const mod = await importJs(js);
    const x = [1, 2, 3];
    expect(mod.f(x)).toBe((0.25 - 1 + 0.375) * 4 + (3 + 6) + 1023 + 1);
    expect(js.match(/new Float64Array\(3\)/g)?.length).toBeGreaterThan(0);
    expect(await checkEntry(path.join(dir, 'main.ts'), () => [Float64Array.of(0.5, 1.5, -1)])).toEqual([]);
  });

  it('reads members of an object of constants, imported or local', async () => {
    const dir = project({
      'cfg.js': `var P = { g: 9.81, m: -2, mode: 'fast', damped: true, spring: { k: 0.5 } };\nmodule.exports = { P };\n`,
      'main.ts': `import { P } from './cfg.js';\nconst Q = { k: 0.5 };\nexport function e(h: number) { return P.mode === 'fast' && P.damped ? P.m * P.g * h + Q.k * h * P.spring.k * 2 * h : 0; }\n`,
    });
    const mod = await importJs(compileEntry(path.join(dir, 'main.ts')).js);
    expect(mod.e(3)).toBe(-2 * 9.81 * 3 + 0.5 * 9);
    expect(await checkEntry(path.join(dir, 'main.ts'))).toEqual([]);
    const bad = project({ 'main.ts': `const P = { g: 9.81 };\nexport function f(x: number) { const q = P; return x * P.h; }\n` });
    const errors = errorsOf(path.join(bad, 'main.ts')).map((e) => e.split('\n')[0]);
    expect(errors).toEqual([
      expect.stringMatching(/main\.ts:2:42: error: P is the constant object P: read its members/),
      expect.stringMatching(/main\.ts:2:58: error: P\.h: the constant object P has no member h/),
    ]);
  });

  it('refuses a write into a constant array, where it is written', () => {
    const dir = project({ 'main.ts': `const S = [0, 0];\nexport function f(x: number) {\n  S[0] = x;\n  return S[0] * x;\n}\n` });
    expect(errorsOf(path.join(dir, 'main.ts'))[0]).toMatch(/main\.ts:3:3: error: S is a module-level constant, shared by every call/);
  });
});

describe('JavaScript as compilers publish it', () => {
  it('links the CommonJS that tsc emits: __esModule marker, export placeholders, (0, m.f)(x) calls', async () => {
    const dir = project({
      'geom.js': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.dot = exports.K = void 0;',
        'exports.K = 2;',
        'function dot(a, b) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }',
        'exports.dot = dot;',
        '',
      ].join('\n'),
      'main.js': [
        '"use strict";',
        'Object.defineProperty(exports, "__esModule", { value: true });',
        'exports.energy = void 0;',
        'const geom_1 = require("./geom");',
        '/** @param {number[]} x */',
        'function energy(x) { return (0, geom_1.dot)(x, x) / geom_1.K; }',
        'exports.energy = energy;',
        '',
      ].join('\n'),
    });
    const mod = await importJs(compileEntry(path.join(dir, 'main.js')).js);
    expect(mod.energy([3, 4])).toBe(12.5);
    expect(await checkEntry(path.join(dir, 'main.js'))).toEqual([]);
  });
});

describe('errors in imported files', () => {
  it('name the file, line and column where the construct is', () => {
    const dir = project({
      'helpers.ts': `export function ok(x: number) { return x; }\n\nexport function bad(x: number) {\n  return "s" + x;\n}\n`,
      'main.ts': `import { bad } from './helpers';\nexport function f(x: number) { return bad(x); }\n`,
    });
    const errors = errorsOf(path.join(dir, 'main.ts'));
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatch(/helpers\.ts:4:10: error: strings are not supported/);
    expect(errors[0]).toContain('4 |   return "s" + x;');
  });

  it('report a missing file and a missing package at the import', () => {
    const dir = project({ 'main.ts': `import { g } from './nowhere';\nimport { h } from 'no-such-package';\nimport { readFileSync } from 'node:fs';\nexport function f(x: number) { return g(x) + h(x) + readFileSync(x); }\n` });
    const errors = errorsOf(path.join(dir, 'main.ts'));
    expect(errors[0]).toMatch(/main\.ts:1:19: error: cannot find '\.\/nowhere'/);
    expect(errors[1]).toMatch(/main\.ts:2:19: error: cannot find the JavaScript source of the package 'no-such-package'/);
    expect(errors[2]).toMatch(/main\.ts:3:30: error: 'node:fs' is a Node\.js built-in module/);
    expect(errors).toHaveLength(3);
  });

  it('report an import of a name the module does not export, at the import', () => {
    const dir = project({ 'g.ts': GEOM, 'main.ts': `import geom, { nope } from './g';\nexport function f(x: number[]) { return nope(x) + geom(x); }\n` });
    const errors = errorsOf(path.join(dir, 'main.ts')).map((e) => e.split('\n')[0]);
    expect(errors).toEqual([
      expect.stringMatching(/main\.ts:1:8: error: '\.\/g' \(.*g\.ts\) has no default export/),
      expect.stringMatching(/main\.ts:1:16: error: '\.\/g' \(.*g\.ts\) has no export named nope/),
    ]);
  });

  it('erase an import of a missing file that only types use (a declaration file)', async () => {
    const dir = project({ 'types.d.ts': 'export interface Options { k: number }\n', 'main.ts': `import { Options } from './types';\nexport type Settings = Options & { n: number };\nexport function f(x: number): number { return x * 2; }\n` });
    const mod = await importJs(compileEntry(path.join(dir, 'main.ts')).js);
    expect(mod.f(2)).toBe(4);
  });

  it('report a syntax error of an imported file in that file', () => {
    const dir = project({ 'g.ts': `export function g(x: number) {\n  return x +;\n}\n`, 'main.ts': `import { g } from './g';\nexport function f(x: number) { return g(x); }\n` });
    const errors = errorsOf(path.join(dir, 'main.ts'));
    expect(errors[0]).toMatch(/g\.ts:2:13: error: Expression expected/);
  });

  it('refuse a module exported as a value, and a default export of an expression', () => {
    const ns = project({ 'g.ts': GEOM, 'main.ts': `export * as geometry from './g';\nexport function f(x: number) { return x; }\n` });
    expect(errorsOf(path.join(ns, 'main.ts'))[0]).toMatch(/main\.ts:1:1: error: export geometry: a module cannot be exported as a value/);
    const def = project({ 'main.ts': `export default (x: number) => x;\nexport function f(x: number) { return x; }\n` });
    expect(errorsOf(path.join(def, 'main.ts'))[0]).toMatch(/main\.ts:1:1: error: default exports are not supported for this value: export a named function/);
  });

  it('refuse a namespace used as a value', () => {
    const dir = project({ 'g.ts': GEOM, 'main.ts': `import * as g from './g';\nexport function f(x: number[]) { const h = g; return g.nope(x); }\n` });
    const errors = errorsOf(path.join(dir, 'main.ts'));
    expect(errors.some((e) => /main\.ts:2:44: error: g is the module .*g\.ts: read its members \(g\.name\) rather than g itself/.test(e))).toBe(true);
    expect(errors.some((e) => /main\.ts:2:56: error: g\.nope: the module .* has no member nope/.test(e))).toBe(true);
  });
});
