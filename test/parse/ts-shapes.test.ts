/**
 * The TypeScript front end: types vanish (TS and type-erased JS give the same ESTree), type
 * annotations and JSDoc are kept as text, offsets point at the right source text.
 */
import { describe, expect, it } from 'vitest';
import { firstOfType, nodes, parseOk, plain } from './helpers.js';
import { TS_PAIRS } from './ts-corpus.js';
import { JS_CORPUS } from './corpus.js';

describe('TypeScript and its type-erased JavaScript give the same ESTree', () => {
  for (const [name, { ts, js }] of Object.entries(TS_PAIRS)) {
    it(name, () => {
      expect(plain(parseOk(ts, `${name}.ts`))).toEqual(plain(parseOk(js, `${name}.js`)));
    });
  }
});

/** Every node lies within its parent and inside the file; names and raws are the source text. */
function offsetProblems(source: string, root: unknown): string[] {
  const problems: string[] = [];
  type N = Record<string, unknown> & { type: string; start: number; end: number };
  const visit = (node: N, parent: { start: number; end: number }): void => {
    const text = source.slice(node.start, node.end);
    if (node.start < parent.start || node.end > parent.end || node.start > node.end) problems.push(`${node.type} ${text}`);
    if (node.type === 'Identifier' && !text.includes('\\') && text !== node['name']) problems.push(`name ${text}`);
    if (node.type === 'Literal' && text !== node['raw']) problems.push(`raw ${text}`);
    for (const value of Object.values(node)) {
      for (const c of Array.isArray(value) ? value : [value]) {
        if (c && typeof c === 'object' && typeof (c as { type?: unknown }).type === 'string') visit(c as N, node);
      }
    }
  };
  visit(root as N, { start: 0, end: source.length });
  return problems;
}

describe('offsets', () => {
  const sources = [...Object.values(TS_PAIRS).map((p) => p.ts), ...Object.values(JS_CORPUS)];
  it('nest and match the source text in every corpus file', () => {
    for (const source of sources) expect(offsetProblems(source, parseOk(source, 'x.ts'))).toEqual([]);
  });

  it('exclude leading comments, JSDoc and `export`', () => {
    const src = '/** doc */\nexport async function f(x: number) { return x; }';
    const fn = firstOfType(parseOk(src, 'a.ts'), 'FunctionDeclaration');
    expect(src.slice(fn.start, fn.end)).toBe('async function f(x: number) { return x; }');
  });

  it('exclude parentheses and type wrappers', () => {
    const src = 'const v = ((x as number)!) satisfies number;';
    const init = firstOfType(parseOk(src, 'a.ts'), 'VariableDeclarator')['init'] as { start: number; end: number };
    expect(src.slice(init.start, init.end)).toBe('x');
  });
});

describe('adgen fields', () => {
  it('adgenType on parameters (whatever their shape) and declarators; adgenReturnType on functions', () => {
    const src = `export function f(a: number, b: Float64Array, c: readonly number[], d: number[] = [], ...e: Int32Array[]): [number, number] {
      const s: number = 1, t = 2;
      return [s, t];
    }`;
    const fn = firstOfType(parseOk(src, 'a.ts'), 'FunctionDeclaration');
    const params = fn['params'] as Record<string, unknown>[];
    expect(params.map((p) => [p['type'], p['adgenType']])).toEqual([
      ['Identifier', 'number'], ['Identifier', 'Float64Array'], ['Identifier', 'readonly number[]'],
      ['AssignmentPattern', 'number[]'], ['RestElement', 'Int32Array[]'],
    ]);
    expect(fn['adgenReturnType']).toBe('[number, number]');
    const declarators = nodes(fn).filter((n) => n.type === 'VariableDeclarator');
    expect(declarators.map((d) => d['adgenType'])).toEqual(['number', undefined]);
  });

  it('return types on arrows, function expressions and methods', () => {
    const program = parseOk('const a = (x: number): number => x; const b = function (): string { return ""; }; class C { m(): void {} }', 'a.ts');
    expect(nodes(program).filter((n) => n['adgenReturnType']).map((n) => [n.type, n['adgenReturnType']])).toEqual([
      ['ArrowFunctionExpression', 'number'], ['FunctionExpression', 'string'], ['FunctionExpression', 'void'],
    ]);
  });

  it('no adgen fields at all for plain JavaScript or untyped TypeScript', () => {
    for (const file of ['a.js', 'a.ts']) {
      const program = parseOk('function f(x) { let y = x; return y; }', file);
      expect(nodes(program).some((n) => Object.keys(n).some((k) => k.startsWith('adgen')))).toBe(false);
    }
  });
});

describe('JSDoc', () => {
  const docOf = (src: string, file: string, type = 'FunctionDeclaration'): unknown =>
    nodes(parseOk(src, file)).find((n) => n.type === type)?.['adgenDoc'];

  for (const file of ['a.ts', 'a.js']) {
    it(`is attached verbatim to top-level functions (${file})`, () => {
      expect(docOf('/** Sum. @wrt x */\nexport function f(x) { return x; }', file)).toBe('/** Sum. @wrt x */');
      expect(docOf('/**\n * Multi\n * line\n */\nfunction f() {}', file)).toBe('/**\n * Multi\n * line\n */');
      expect(docOf('/** A. */\nexport const f = (x) => x;', file, 'ArrowFunctionExpression')).toBe('/** A. */');
      expect(docOf('/** F. */\nconst f = function () {};', file, 'FunctionExpression')).toBe('/** F. */');
      expect(docOf('/** D. */\nexport default function (x) { return x; }', file)).toBe('/** D. */');
      expect(docOf('x; /** Same line. */\nfunction f() {}', file)).toBe('/** Same line. */');
    });

    it(`is only the comment immediately before (${file})`, () => {
      expect(docOf('/** Doc. */\n// other\nfunction f() {}', file)).toBeUndefined();
      expect(docOf('/* not a doc */\nfunction f() {}', file)).toBeUndefined();
      expect(docOf('/**/\nfunction f() {}', file)).toBeUndefined();
      expect(docOf('/** First. */\n/** Second. */\nfunction f() {}', file)).toBe('/** Second. */');
      expect(docOf('function g() {\n  /** Inner. */\n  function f() {}\n}', file, 'FunctionDeclaration')).toBeUndefined();
    });
  }
});

describe('literals', () => {
  const cases: [string, unknown][] = [
    ['1', 1], ['1.5', 1.5], ['.5', 0.5], ['1e3', 1000], ['1E-7', 1e-7], ['0x10', 16], ['0X1f', 31], ['0o17', 15],
    ['0b101', 5], ['1_000_000', 1_000_000], ['0.1_2', 0.12], ['12345678901234567890', 12345678901234567890],
    ['1e400', Infinity], ['5e-324', 5e-324], ['0.1', 0.1], ['9007199254740993', 9007199254740992],
    ['0xaaeb6444c12c644106be', 8.071445120572601e+23], ['0x2e212fc8274b3574b0d5fe8', 8.922769154521301e+26],
  ];
  for (const file of ['a.ts', 'a.js']) {
    it(`number values are exact JS numbers, raw kept (${file})`, () => {
      for (const [raw, value] of cases) {
        const lit = firstOfType(parseOk(`x = ${raw};`, file), 'Literal');
        expect([lit['raw'], lit['value']]).toEqual([raw, value]);
      }
    });
  }

  it('bigint, regexp, template, strings like acorn', () => {
    const src = 'a = 0x1Fn; b = /x+/gi; c = `p${q}r`; d = "\\u0041\\n";';
    expect(plain(parseOk(src, 'a.ts'), { positions: true })).toEqual(plain(parseOk(src, 'a.js'), { positions: true }));
    const big = firstOfType(parseOk(src, 'a.ts'), 'Literal');
    expect([big['value'], big['bigint']]).toEqual([31n, '31']);
  });
});

describe('TypeScript with runtime meaning but no place in adgen → AdgenUnsupported', () => {
  const cases: [string, string, string][] = [
    ['enum E { A, B }', 'enum', 'enum E { A, B }'],
    ['export const enum E { A }', 'enum', 'const enum E { A }'],
    ['namespace N { export const x = 1; }', 'namespace', 'namespace N { export const x = 1; }'],
    ['@dec class A {}', 'decorator', '@dec'],
    ['class A { @dec m() {} }', 'decorator', '@dec'],
    ['class A { m(@dec x: number) {} }', 'decorator', '@dec'],
    ['class A { constructor(private x: number) {} }', 'class parameter property', 'private x: number'],
    ['export abstract class A { abstract m(): void; }', 'abstract class', 'abstract class A { abstract m(): void; }'],
    ['class A { accessor x = 1; }', 'auto-accessor', 'accessor x = 1;'],
    ['import x = require("m");', 'import = require()', 'import x = require("m");'],
    ['export = f;', 'export =', 'export = f;'],
  ];
  for (const [source, construct, text] of cases) {
    it(source, () => {
      const found = nodes(parseOk(source, 'a.ts')).filter((n) => n.type === 'AdgenUnsupported');
      expect(found.map((n) => [n['construct'], source.slice(n.start, n.end)])).toEqual([[construct, text]]);
    });
  }

  it('keeps the declared name, so the name is bound and exportable', () => {
    const program = parseOk('enum E { A }\nenum E { B = 2 }\nexport { E };', 'a.ts');
    const ids = nodes(program).filter((n) => n.type === 'AdgenUnsupported').map((n) => (n['id'] as { name: string }).name);
    expect(ids).toEqual(['E', 'E']);
  });

  it('type-only and ambient declarations vanish without a trace', () => {
    const src = 'declare enum D {}\ndeclare namespace M {}\ndeclare module "m" {}\nexport default interface I {}\nclass C { m?(): void; }';
    expect(nodes(parseOk(src, 'a.ts')).filter((n) => n.type === 'AdgenUnsupported')).toEqual([]);
  });
});

describe('regressions', () => {
  it('top-level await read first as an identifier does not duplicate statements (TypeScript re-parse bug)', () => {
    const src = 'o = await {};\na;\nb;';
    expect(parseOk(src, 'a.ts').body.map((s) => src.slice(s.start, s.end))).toEqual(['o = await {};', 'a;', 'b;']);
  });
});
