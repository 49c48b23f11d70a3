/**
 * Syntax errors: reported with the right code and position by both front ends, every error
 * TypeScript gives is reported, and JavaScript's early errors are errors in `.ts` files too.
 */
import { describe, expect, it } from 'vitest';
import { formatDiagnostic, lineCol } from '../../src/diagnostics.js';
import { parseFile } from '../../src/frontend/parse.js';
import { EARLY_ERRORS } from './early-errors.js';

function errorsAt(source: string, fileName: string): string[] {
  const { program, diagnostics } = parseFile(source, fileName);
  expect(program).toBeNull();
  return diagnostics.map((d) => {
    const { line, col } = lineCol(source, d.start);
    return `${d.code} ${line}:${col}`;
  });
}

describe('syntax error positions', () => {
  const source = 'export function f(x: number): number {\n  const y = x *;\n  return y;\n}\n';
  it('TypeScript: line:col of the offending token', () => {
    expect(errorsAt(source, 'a.ts')).toEqual(['syntax 2:16']);
  });

  it('JavaScript: line:col from acorn, message without its own (line:col)', () => {
    const js = 'export function f(x) {\n  const y = x *;\n  return y;\n}\n';
    expect(errorsAt(js, 'a.js')).toEqual(['syntax 2:16']);
    const d = parseFile(js, 'a.js').diagnostics[0]!;
    expect(d.message).toBe('Unexpected token');
    expect(formatDiagnostic(d, js, 'a.js')).toBe('a.js:2:16: error: Unexpected token\n 2 |   const y = x *;\n   |                ^');
  });

  it('TypeScript reports every syntax error, in order; acorn stops at the first', () => {
    const src = 'const a = ;\nlet b = 1 +;\nfunction g(x) {\n  return x *;\n}\n';
    expect(errorsAt(src, 'a.ts')).toEqual(['syntax 1:11', 'syntax 2:12', 'syntax 4:13']);
    expect(errorsAt(src, 'a.js')).toEqual(['syntax 1:11']);
  });

  it('early errors point at the offending construct', () => {
    expect(errorsAt('function f() {\n  return 1;\n}\nbreak;', 'a.ts')).toEqual(['syntax 4:1']);
    expect(errorsAt('let a = 1;\nconst b = 2;\nlet a = 3;', 'a.ts')).toEqual(['syntax 3:5']);
    expect(errorsAt('x = 1;\n  1 = y;', 'a.ts')).toEqual(['syntax 2:3']);
    expect(errorsAt('export function f(x: number) {\n  await x;\n}', 'a.ts')).toEqual(['syntax 2:3']);
  });

  it('unterminated and truncated input', () => {
    expect(errorsAt('function f(x) { return `a', 'a.ts')).toEqual(['syntax 1:26']);
    expect(errorsAt('function f(x) { return `a', 'a.js')).toEqual(['syntax 1:25']);
    expect(errorsAt('/* open', 'a.ts')).toEqual(['syntax 1:8']);
  });
});

describe('JavaScript early errors are errors in TypeScript files too', () => {
  for (const source of EARLY_ERRORS) {
    it(JSON.stringify(source), () => {
      const js = parseFile(source.replace(/: number|: void|@dec |private |public /g, ''), 'a.js');
      const ts = parseFile(source, 'a.ts');
      expect(ts.program).toBeNull();
      expect(ts.diagnostics.length).toBeGreaterThan(0);
      expect(ts.diagnostics.every((d) => d.code === 'syntax' && d.start >= 0 && d.end <= source.length)).toBe(true);
      if (!/: |@dec|private |public |\(this\)/.test(source)) expect(js.program).toBeNull();
    });
  }
});

describe('file types', () => {
  it('chooses the parser by extension', () => {
    expect(parseFile('let x: number = 1;', 'a.ts').program).not.toBeNull();
    expect(parseFile('let x: number = 1;', 'a.MTS').program).not.toBeNull();
    expect(parseFile('let x: number = 1;', 'a.cts').program).not.toBeNull();
    for (const js of ['a.js', 'a.mjs', 'a.cjs']) expect(parseFile('let x: number = 1;', js).program).toBeNull();
  });

  it('rejects other files with a file-type diagnostic', () => {
    for (const name of ['a.tsx', 'a.d.ts', 'a.json', 'README']) {
      expect(parseFile('x', name).diagnostics.map((d) => d.code)).toEqual(['file-type']);
    }
  });
});
