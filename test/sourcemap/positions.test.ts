/**
 * SourcePositions and the piece arithmetic of the module assembly: offsets become the lines and
 * columns source maps count (CRLF and Unicode line separators are line breaks, columns in UTF-16
 * units), files laid end to end are told apart by their base, and marks move with their pieces.
 */
import { describe, expect, it } from 'vitest';
import { joinPieces, prepend, SourcePositions, sourceMapOf, textPiece } from '../../src/codegen/sourcemap.js';
import { originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';

describe('SourcePositions', () => {
  it('counts lines as source maps do', () => {
    const text = 'a\r\nbc\rd\u2028e\nπx';
    const p = new SourcePositions([{ name: 'a.ts', text, base: 0 }]);
    const at = (s: string) => p.position(text.indexOf(s));
    expect([at('a'), at('b'), at('d'), at('e'), at('x')].map(({ line, column }) => [line, column])).toEqual([
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 0],
      [5, 1],
    ]);
    expect(p.locate({ start: 0, end: 0 })).toBeUndefined();
  });

  it('tells files laid end to end apart by their base', () => {
    const entry = 'export f\nend\n';
    const lib = 'one\ntwo\n';
    const p = new SourcePositions([
      { name: 'f.ts', text: entry, base: 0 },
      { name: 'lib.ts', text: lib, base: entry.length },
    ]);
    expect(p.position(entry.indexOf('end'))).toEqual({ line: 2, column: 0, source: 0 });
    expect(p.position(entry.length + lib.indexOf('two') + 1)).toEqual({ line: 2, column: 1, source: 1 });
  });
});

describe('pieces', () => {
  it('keep their marks on their lines when prefixed and joined', () => {
    const mark = (line: number, column: number, srcLine: number) => ({ line, column, source: 0, srcLine, srcColumn: 0 });
    const a = { text: 'x = 1;\ny = 2;', marks: [mark(1, 0, 7)] };
    const b = prepend('// doc\n// more\n', { text: 'z = 3;', marks: [mark(0, 2, 9)] });
    const joined = joinPieces([textPiece('// header'), a, b], '\n\n');
    const lines = joined.text.split('\n');
    expect(lines[joined.marks[0].line]).toBe('y = 2;');
    expect(lines[joined.marks[1].line]).toBe('z = 3;');
    const map = new TraceMap(sourceMapOf(joined.marks, [{ name: 'f.ts', text: 'src', base: 0 }]) as never);
    expect(originalPositionFor(map, { line: joined.marks[1].line + 1, column: 2 })).toMatchObject({ source: 'f.ts', line: 10, column: 0 });
  });
});
