/**
 * Every rejected construct is reported with its own message at its own position (line:col pinned),
 * and one run reports all the errors of a file.
 */
import { describe, expect, it } from 'vitest';
import { lineCol } from '../../src/diagnostics.js';
import { lowerProgram } from '../../src/frontend/lower-program.js';
import { lowerJs, parseJs } from './util.js';

/** `line:col code message` for each diagnostic. */
function errors(src: string, wrt?: string[]): string[] {
  const { module, diagnostics } = lowerJs(src, wrt);
  if (diagnostics.length) expect(module).toBeNull();
  return diagnostics.map((d) => {
    const { line, col } = lineCol(src, d.start);
    return `${line}:${col} ${d.code} ${d.message}`;
  });
}

/** [source, expected `line:col code message-prefix`] */
const cases: [string, string, string][] = [
  ['class', 'class A {}\nexport function f(x) { return x; }', '1:1 unsupported classes are not supported'],
  ['object literal', 'export function f(x) {\n  const o = { a: x };\n  return x;\n}', '2:13 unsupported objects are not supported'],
  ['property access', 'export function f(x) {\n  return x.foo;\n}', '2:10 unsupported property access .foo is not supported'],
  ['nested recursion', 'export function f(x) {\n  function g(n) { return n <= 0 ? 0 : g(n - 1); }\n  return g(x);\n}', '2:39 recursion recursion is not supported (g → g); write it as a loop'],
  ['function parameter of an export', 'export function f(g, x) {\n  return g(x);\n}', '1:19 unsupported parameter g of the exported function f is a function: adgen inlines functions passed as arguments, so a call site must fix it'],
  ['function variable reassigned', 'export function f(x) {\n  let g = (y) => y;\n  g = (y) => 2 * y;\n  return g(x);\n}', '3:3 unsupported cannot assign to g, which holds a function'],
  ['function returned from several returns', 'function mk(k) {\n  if (k > 1) return (x) => x;\n  return (x) => 2 * x;\n}\nexport function f(x) { return mk(x)(x); }', '2:21 unsupported a function that returns a function must have a single return at its end'],
  ['callback parameter never passed', 'export function f(x) {\n  return Array.from({ length: 2 }, (u, i) => u + i)[0] * x;\n}', '2:46 type u is undefined here'],
  ['too few arguments', 'function h(a, b) { return b + a; }\nexport function f(x) { return h(x); }', '2:31 arity h takes 2 arguments, got 1'],
  ['write into a subarray', 'export function f(x) {\n  const s = x.subarray(1);\n  s[0] = 2;\n  return s[0];\n}', '3:3 unsupported writing into a subarray is not supported'],
  ['callback returning an array', 'export function f(x) {\n  return x.reduce((s, y) => [s], 0);\n}', '2:10 type the callback of .reduce must return a number, got an array'],
  ['default on an exported array parameter', 'export function f(x, w = [1, 2]) { return x * w[0]; }', '1:22 unsupported parameter w of the exported function f has a default but is not a number'],
  ['recursion', 'export function f(x) {\n  return x > 0 ? f(x - 1) : 0;\n}', '2:18 recursion recursion is not supported (f → f)'],
  ['mutual recursion', 'function g(x) { return f(x); }\nexport function f(x) {\n  return x > 0 ? g(x - 1) : 0;\n}', '1:24 recursion recursion is not supported (f → g → f)'],
  ['generator', 'export function* f(x) { return x; }', '1:8 unsupported generators are not supported'],
  ['async', 'export async function f(x) { return x; }', '1:8 unsupported async functions are not supported'],
  ['eval', 'export function f(x) { return eval(x); }', '1:31 unsupported eval is not supported'],
  ['new Function', 'export function f(x) { const g = new Function(); return x; }', '1:34 unsupported new Function is not supported'],
  ['this', 'export function f(x) { return this; }', '1:31 unsupported this is not supported'],
  ['string', 'export function f(x) {\n  return "a" + x;\n}', '2:10 unsupported strings are not supported (adgen differentiates numbers)'],
  ['template', 'export function f(x) { return `${x}`; }', '1:31 unsupported strings are not supported'],
  ['bigint', 'export function f(x) { return 1n; }', '1:31 unsupported bigint is not supported'],
  ['regexp', 'export function f(x) { const r = /a/; return x; }', '1:34 unsupported regular expressions are not supported'],
  ['null', 'export function f(x) { return null; }', '1:31 unsupported null is not supported'],
  ['undefined', 'export function f(x) { return undefined; }', '1:31 unsupported undefined is not supported as a value'],
  ['typeof as a value', 'export function f(x) { return typeof x; }', '1:17 type exported function f must return a number or an array of numbers'],
  ['delete', 'export function f(a) { delete a[0]; return 1; }', "1:24 unsupported the 'delete' operator is not supported"],
  ['void', 'export function f(x) { return void x; }', "1:31 unsupported the 'void' operator is not supported"],
  ['in', 'export function f(x) { return x in x ? 1 : 0; }', "1:31 unsupported the 'in' operator is not supported"],
  ['instanceof', 'export function f(x) { return x instanceof x ? 1 : 0; }', "1:31 unsupported the 'instanceof' operator is not supported"],
  ['try', 'export function f(x) {\n  try { x = 1; } catch (e) {}\n  return x;\n}', '2:3 unsupported try/catch is not supported'],
  ['throw', 'export function f(x) { if (x) throw 1; return x; }', '1:37 unsupported throw takes new Error(message), RangeError or TypeError with a string message'],
  ['labeled block', 'export function f(x) { a: { x = 1; } return x; }', '1:24 unsupported labeled statements are not supported'],
  ['for-in', 'export function f(a) { for (const k in a) {} return 1; }', '1:24 unsupported for-in loops are not supported'],
  ['spread call', 'function g(a, b) { return a; }\nexport function f(a) { return g(...a); }', '2:33 unsupported spread is not supported'],
  ['spread array', 'export function f(a) { const b = [...a]; return b[0]; }', '1:35 unsupported spread is not supported'],
  ['destructuring', 'export function f(a) { const [p, q] = a; return p; }', '1:30 unsupported destructuring is not supported'],
  ['param destructuring', 'export function f([p, q]) { return p; }', '1:19 unsupported destructuring is not supported'],
  ['destructured default param', 'export function f([x] = [1]) { return x; }', '1:19 unsupported destructuring is not supported'],
  ['rest param', 'export function f(...x) { return 1; }', '1:19 unsupported rest parameters are not supported'],
  ['optional chaining', 'export function f(a) { return a?.[0]; }', '1:31 unsupported optional chaining is not supported'],
  ['sequence', 'export function f(x) { return (x, 2); }', '1:32 unsupported sequence expressions (a, b) are not supported'],
  ['import', "import { g } from './g.js';\nexport function f(x) { return x; }", '1:1 import imports cannot be resolved: adgen compiles single files'],
  ['import *', "import * as m from './g.js';\nexport function f(x) { return x; }", '1:1 import imports cannot be resolved'],
  ['re-export', "export { g } from './g.js';\nexport function f(x) { return x; }", '1:1 import imports cannot be resolved'],
  ['dynamic import', "export function f(x) { import('./g.js'); return x; }", '1:24 import imports cannot be resolved'],
  ['unknown call', 'export function f(x) {\n  return foo(x);\n}', '2:10 unknown-call unknown function foo'],
  ['console.log', 'export function f(x) {\n  console.log(x);\n  return x;\n}', '2:3 unknown-call unknown function console.log'],
  ['no exports', 'function f(x) { return x; }', '1:1 no-exports the file exports no function'],
  ['exported value', 'export const K = 3;\nexport function f(x) { return x; }', '1:14 unsupported only functions can be exported'],
  ['default export', 'export default function f(x) { return x; }\nexport function g(x) { return x; }', '1:1 unsupported default exports are not supported'],
  ['export as default', 'function f(x) { return x; }\nexport function g(x) { return x; }\nexport { f as default };', '3:10 unsupported default exports are not supported'],
  ['top-level statement', 'let k = 0;\nexport function f(x) { return x; }', '1:1 unsupported top-level variables are not supported'],
  ['top-level const', 'const k = foo();\nexport function f(x) { return x; }', '1:11 unsupported top-level constants must be numbers'],
  ['index a number', 'export function f(x) {\n  const y = 2 * x;\n  return y[0];\n}', '3:10 type expected an array here, got a number'],
  ['reassign array param', 'export function f(a, b) {\n  a = b;\n  return a[0];\n}', '2:3 unsupported cannot reassign the array parameter a'],
  ['reassign local array', 'export function f(x) {\n  const a = [x];\n  let b = [x];\n  b = a;\n  return b[0];\n}', '4:3 unsupported cannot reassign the array b'],
  ['argument count', 'function g(a, b) { return a * b; }\nexport function f(x) { return g(x); }', '2:31 arity g takes 2 arguments, got 1'],
  ['Math.random', 'export function f(x) { return x * Math.random(); }', '1:35 unsupported Math.random is not supported (not deterministic or differentiable)'],
  ['unknown Math', 'export function f(x) { return Math.foo(x); }', '1:31 unsupported Math.foo is not supported'],
  ['Math fn as value', 'export function f(x) { const s = Math.sin; return x; }', '1:34 unsupported Math.sin must be called'],
  ['Math arity', 'export function f(x) { return Math.sin(x, x); }', '1:31 arity Math.sin takes 1 argument, got 2'],
  ['&& on numbers', 'export function f(x, y) {\n  const z = x && y;\n  return z;\n}', "2:13 type '&&' on numbers is not supported as a value"],
  ['bitwise on an array', 'export function f(x) { return x.length | x; }', "1:42 type '|' needs numbers, got an array"],
  ['fall-through', 'export function f(x) {\n  let y = 0;\n  switch (x) {\n    case 1: y = 1;\n    case 2: y = 2; break;\n  }\n  return y;\n}', '4:5 unsupported switch fall-through is not supported'],
  ['labeled break', 'export function f(x) {\n  outer: for (let i = 0; i < 3; i++) {\n    for (let j = 0; j < 3; j++) { if (j > x) break outer; }\n  }\n  return x;\n}', '3:46 unsupported break to an outer label is not supported'],
  ['assign const', 'export function f(x) {\n  const y = 1;\n  y = x;\n  return y;\n}', '3:3 unsupported cannot assign to the constant y'],
  ['missing return', 'export function f(x) {\n  if (x > 0) return 1;\n  x = 2;\n}', '1:17 missing-return not every path of f returns a value'],
  ['bool result', 'export function f(x) { return x > 0; }', '1:17 type exported function f must return a number or an array'],
  ['unknown variable', 'export function f(x) { return y; }', '1:31 unknown-name unknown variable y'],
  ['new Array without fill', 'export function f(x) { const a = new Array(3); return x; }', '1:34 unsupported new Array(n) is only supported as new Array(n).fill(value)'],
  ['new Map', 'export function f(x) { const a = new Map(); return x; }', '1:34 unsupported new Map is not supported'],
  ['mixed returns', 'export function f(x) { if (x > 0) return x; return [x]; }', '1:45 type f returns an array here but a number elsewhere'],
  ['different arrays', 'export function f(a, b) { if (a[0] > b[0]) return a; return b; }', '1:61 unsupported every return of an array function must return the same array'],
  ['bool into number', 'export function f(x) { let y = 0; y = x > 1; return y; }', '1:39 type y holds a number; cannot assign a boolean'],
  ['@wrt unknown', '/** @wrt x q */\nexport function f(x, y) { return x * y; }', '2:17 wrt @wrt names q, which is not a parameter of f'],
];

describe('fence and lowering errors', () => {
  for (const [name, src, expected] of cases) {
    it(name, () => {
      const all = name === '@wrt unknown' ? wrtErrors(src) : errors(src);
      expect(all.some((e) => e.startsWith(expected)), `expected "${expected}" in:\n${all.join('\n')}`).toBe(true);
    });
  }

  it('reports every error of a file in one run, in source order', () => {
    const src = [
      'class A {}', // 1
      'export function f(x) {', // 2
      '  const s = "str" + x;', // 3
      '  return foo(x) + x.y;', // 4
      '}', // 5
      'export function g(x) {', // 6
      '  try { x = 1; } catch (e) {}', // 7
      '  return g(x);', // 8
      '}', // 9
    ].join('\n');
    const found = errors(src);
    expect(found.map((e) => e.split(' ').slice(0, 2).join(' '))).toEqual([
      '1:1 unsupported',
      '3:13 unsupported',
      '4:10 unknown-call',
      '4:19 unsupported',
      '7:3 unsupported',
      '8:10 recursion',
    ]);
  });

  it('reports an AdgenUnsupported node with its construct', () => {
    const src = 'export function f(x) { return x; }';
    const program = parseJs(src);
    (program.body as unknown[]).push({ type: 'AdgenUnsupported', construct: 'enum declaration', start: 0, end: 6 });
    const { diagnostics } = lowerProgram(program, src, 'input.ts', {});
    expect(diagnostics.map((d) => d.message)).toEqual(['enum declaration is not supported']);
  });

  it('reports --wrt names found in no function as usage errors at offset 0', () => {
    const { diagnostics } = lowerJs('export function f(x, y) { return x * y; }', ['x', 'zz']);
    expect(diagnostics).toEqual([{ code: 'usage', message: expect.stringContaining('zz'), start: 0, end: 0 }]);
  });

  it('rejects unsupported parameter types and integer arrays in @wrt', () => {
    const src = '/** @wrt idx */\nexport function f(x, idx) { return x; }';
    const program = parseJs(src);
    const fn = (program.body[0] as unknown as { declaration: { params: { adgenType?: string }[]; adgenDoc?: string } }).declaration;
    fn.params[0].adgenType = 'string';
    fn.params[1].adgenType = 'Int32Array';
    fn.adgenDoc = '/** @wrt idx */';
    const { diagnostics } = lowerProgram(program, src, 'input.ts', {});
    expect(diagnostics.map((d) => d.message)).toEqual([
      '@wrt: cannot differentiate with respect to the integer array idx',
      'parameter x has type string; adgen takes number, number[], typed arrays, boolean and string-literal unions',
    ]);
  });
});

function wrtErrors(src: string): string[] {
  const program = parseJs(src);
  const fn = program.body[0] as unknown as { declaration: { adgenDoc?: string } };
  fn.declaration.adgenDoc = '/** @wrt x q */';
  const { diagnostics } = lowerProgram(program, src, 'input.js', {});
  return diagnostics.map((d) => {
    const { line, col } = lineCol(src, d.start);
    return `${line}:${col} ${d.code} ${d.message}`;
  });
}

describe('merging diagnostics', () => {
  it('keeps distinct errors at one position and drops repeats from inlined helpers', () => {
    const src = 'function h(x) { return x.foo; }\nexport function f(x) { return h(x) + h(x); }';
    expect(errors(src)).toEqual(['1:24 unsupported property access .foo is not supported (adgen takes numbers and arrays)']);
    const program = parseJs('export function f(x, y) { return x * y; }');
    (program.body[0] as unknown as { declaration: { adgenDoc: string } }).declaration.adgenDoc = '/** @wrt p q */';
    const { diagnostics } = lowerProgram(program, '', 'input.js', {});
    expect(diagnostics.map((d) => d.message)).toEqual([
      '@wrt names p, which is not a parameter of f',
      '@wrt names q, which is not a parameter of f',
    ]);
  });
});
