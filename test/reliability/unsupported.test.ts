/**
 * Valid TypeScript that adgen does not support is rejected by compile() with an error that names
 * the construct at its position (line:col pinned, plus a word of the message), and no output.
 * (test/frontend/errors.test.ts pins the same for JavaScript through the lowering alone.)
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic, lineCol } from '../../src/diagnostics.js';

/** [construct, source, expected line:col, a word the message must contain] */
const cases: [string, string, string, RegExp][] = [
  ['class declaration', 'class P { x = 1; }\nexport function f(x: number): number {\n  return x;\n}', '1:1', /class/],
  ['class expression', 'export function f(x: number): number {\n  const C = class {};\n  return x;\n}', '2:13', /class/],
  ['object literal', 'export function f(x: number): number {\n  const o = { a: x };\n  return o.a;\n}', '2:13', /object/],
  ['function stored in an array', 'export function f(x: number): number {\n  const fs = [(v: number) => v * x];\n  return x;\n}', '2:15', /array elements must be numbers, got a function/],
  ['recursion', 'export function f(x: number): number {\n  return x > 1 ? x * f(x - 1) : 1;\n}', '2:22', /recursion/],
  ['mutual recursion', 'function g(x: number): number {\n  return f(x) + 1;\n}\nexport function f(x: number): number {\n  return x > 1 ? g(x - 1) : 1;\n}', '2:10', /recursion/],
  ['generator', 'export function* f(x: number): Generator<number> {\n  yield x;\n}', '1:8', /generator/],
  ['async function', 'export async function f(x: number): Promise<number> {\n  return x;\n}', '1:8', /async/],
  ['eval', 'export function f(x: number): number {\n  return eval("x");\n}', '2:10', /eval/],
  ['string arithmetic', 'export function f(x: number): number {\n  const s: string = "v" + x;\n  return x;\n}', '2:21', /string/],
  ['template literal', 'export function f(x: number): number {\n  const s = `${x}`;\n  return x;\n}', '2:13', /string/],
  ['string parameter', 'export function f(x: number, s: string): number {\n  return x;\n}', '1:30', /string/],
  ['bigint arithmetic', 'export function f(x: number): number {\n  const n = 10n * 2n;\n  return x;\n}', '2:13', /bigint/],
  ['bigint parameter', 'export function f(x: bigint): number {\n  return 1;\n}', '1:19', /bigint/],
  ['dynamic property access', 'export function f(x: number, a: Float64Array): number {\n  const k = "length";\n  return a[k];\n}', '3:12', /string/],
  ['property access', 'export function f(x: number, a: Float64Array): number {\n  return a.byteLength + x;\n}', '2:10', /property access/],
  ['method with a callback', 'export function f(x: number, a: Float64Array): number {\n  return a.sort((u, v) => u - v)[0];\n}', '2:10', /a\.sort/],
  ['interface-typed parameter', 'interface P { a: number }\nexport function f(p: P): number {\n  return p.a;\n}', '2:19', /type P/],
  ['enum', 'enum E { A, B }\nexport function f(x: number): number {\n  return x;\n}', '1:1', /enum/],
  ['namespace', 'namespace N { export const k = 1; }\nexport function f(x: number): number {\n  return x;\n}', '1:1', /namespace/],
  ['decorator', '@sealed class Q {}\nexport function f(x: number): number {\n  return x;\n}', '1:1', /decorator|class/],
  ['top-level side effect', 'globalThis.__adgenRan = true;\nexport function f(x: number): number {\n  return x;\n}', '1:1', /top-level/],
  ['Math.random', 'export function f(x: number): number {\n  return x * Math.random();\n}', '2:14', /Math\.random/],
  ['new Date', 'export function f(x: number): number {\n  const d = new Date();\n  return x;\n}', '2:13', /Date/],
  ['try/finally', 'export function f(x: number): number {\n  try { return x; } finally { x = 1; }\n}', '2:3', /try/],
  ['arguments', 'export function f(x: number): number {\n  return arguments.length;\n}', '2:10', /arguments/],
  ['any parameter', 'export function f(x: any): number {\n  return x;\n}', '1:19', /any/],
];

function errors(src: string): string[] {
  const { js, dts, diagnostics } = compile(src, { fileName: 'u.ts' });
  expect(js).toBeNull();
  expect(dts).toBeNull();
  return diagnostics.map((d) => {
    const { line, col } = lineCol(src, d.start);
    expect(formatDiagnostic(d, src, 'u.ts')).toMatch(/^u\.ts:\d+:\d+: error: /);
    return `${line}:${col} ${d.message}`;
  });
}

describe('unsupported TypeScript is rejected with the construct and its position', () => {
  it.each(cases)('%s', (_, src, where, word) => {
    const found = errors(src);
    expect(found.some((e) => e.startsWith(`${where} `) && word.test(e)), `expected ${where} ${word} in:\n${found.join('\n')}`).toBe(true);
    expect(found.some((e) => /internal/.test(e))).toBe(false);
  });

  // Regression (front end, src/frontend/fence.ts call): `new Function(...)()` (a call whose
  // callee is not a name) was reported as "unknown function " with an empty name and the callee
  // was not examined. FIXED: the callee is visited (new Function is named) and the call says
  // "only named functions can be called".
  it('new Function(…)() names the construct', () => {
    const found = errors('export function f(x: number): number {\n  return new Function("return 1")();\n}');
    expect(found).toContain('2:10 new Function is not supported');
    expect(found.some((e) => /unknown function $/.test(e))).toBe(false);
  });
});
