/**
 * Source maps: every generated statement of a module (primal, cores, wrappers) points back at the
 * source expression it came from, so a stack trace, a breakpoint or a profile of `f_grad` lands on
 * the user's line.
 *
 * How: IR statements carry `loc` (source offsets, copied by every pass from the statement they
 * came from); codegen turns it into an ESTree `loc` on the statement (and on an inlined
 * temporary's expression). astring's `sourceMap` option reports a mapping for each node that has
 * a `loc`, but only where it writes a name or a literal, so the statement's own start would go
 * unmapped; MAPPING_GENERATOR wraps astring's generator to also mark where each located node
 * starts, and to return to the enclosing node's position after a located sub-expression ends.
 *
 * The module is assembled from separately printed pieces (templates, functions, wrappers), so
 * each piece keeps its marks relative to its own first line and joinPieces shifts them into
 * place. @jridgewell/gen-mapping (the encoder Babel and Rollup's tools use) writes the map.
 * Without a position table nothing here runs: the module's text is the same with or without maps.
 */
import { GENERATOR, generate } from 'astring';
import { GenMapping, maybeAddSegment, setSourceContent, toEncodedMap } from '@jridgewell/gen-mapping';
import type * as ES from 'estree';
import path from 'node:path';
import type { Loc } from '../ir/types.js';

/** A version 3 source map, ready for JSON.stringify or a bundler's `map` field. */
export interface SourceMap {
  version: 3;
  file?: string;
  sources: string[];
  /** The sources' texts (absent from declaration maps: TypeScript opens the files themselves, and ignores a map that embeds them). */
  sourcesContent?: (string | null)[];
  names: string[];
  mappings: string;
}

/** A generated position (0-based line of its piece, column) and the source position it shows (source index, 0-based line, column). */
export interface Mark {
  line: number;
  column: number;
  source: number;
  srcLine: number;
  srcColumn: number;
}

/** Generated text and the marks inside it. */
export interface Piece {
  text: string;
  marks: Mark[];
}

export const textPiece = (text: string): Piece => ({ text, marks: [] });

/** One source file of the map: its name in `sources`, its text, and where its offsets start in the IR's locations. */
export interface MapSource {
  name: string;
  text: string;
  /** The IR's offsets of this file start here (0 for the entry file; imported files follow it). */
  base: number;
}

/**
 * The map's sources for the files a module was compiled from (the entry first, each imported
 * file after it, as the front end lays them end to end): the entry is named `entryName`, an
 * imported file by its path from the entry's folder joined onto entryName's folder, so every
 * name resolves from the map's folder as the entry's does.
 */
export function mapSources(files: readonly { path: string; source: string; base: number }[], entryName: string): MapSource[] {
  const entryDir = path.dirname(files[0].path);
  const nameDir = entryName.includes('/') ? entryName.slice(0, entryName.lastIndexOf('/') + 1) : '';
  return files.map((f, i) => {
    const relative = path.relative(entryDir, f.path).split(path.sep).join('/');
    const name = i === 0 ? entryName : path.normalize(nameDir + relative).split(path.sep).join('/');
    return { name, text: f.source, base: f.base };
  });
}

/** An ESTree position that also says which source it is in (an index into the map's sources). */
interface SourcePosition extends ES.Position {
  source: number;
}

/**
 * IR offsets → ESTree locations (1-based lines, 0-based UTF-16 columns, as source maps count),
 * for the files the IR's offsets point into.
 */
export class SourcePositions {
  private readonly lineStarts: number[][];

  constructor(readonly files: readonly MapSource[]) {
    this.lineStarts = files.map((f) => {
      const starts = [0];
      for (const m of f.text.matchAll(/\r\n?|[\n\u2028\u2029]/g)) starts.push(m.index + m[0].length);
      return starts;
    });
  }

  position(offset: number): SourcePosition {
    let source = this.files.length - 1;
    while (source > 0 && this.files[source].base > offset) source--;
    const own = offset - this.files[source].base;
    const starts = this.lineStarts[source];
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= own) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: own - starts[lo], source };
  }

  /** The ESTree location of an IR loc; undefined for synthetic code ([0, 0]). */
  locate(loc: Loc): ES.SourceLocation | undefined {
    if (loc.start === 0 && loc.end === 0) return undefined;
    return { start: this.position(loc.start), end: this.position(loc.end) };
  }
}

/** Give `node` a location unless it has one (an inlined expression keeps its own, more precise one). */
export function located<T extends ES.Node>(node: T, loc: ES.SourceLocation | undefined): T {
  if (loc && !node.loc) node.loc = loc;
  return node;
}

type Gen = (this: Record<string, Gen>, node: ES.Node, state: MappedState) => void;
interface MappedState {
  write(code: string, node?: ES.Node): void;
  locatedNodes?: ES.Node[];
}

const isExpression = (type: string) => !/(Statement|Declaration)$/.test(type);

/** astring's generator, marking the start of every located node (a zero-length write carrying it). */
const MAPPING_GENERATOR: Record<string, Gen> = Object.fromEntries(
  Object.entries(GENERATOR as unknown as Record<string, Gen>).map(([type, gen]) => [
    type,
    function (this: Record<string, Gen>, node: ES.Node, state: MappedState) {
      if (!node.loc) return gen.call(this, node, state);
      const stack = (state.locatedNodes ??= []);
      state.write('', node);
      stack.push(node);
      gen.call(this, node, state);
      stack.pop();
      const outer = stack[stack.length - 1];
      if (outer && isExpression(node.type)) state.write('', outer);
    },
  ]),
);

interface AstringMapping {
  generated: { line: number; column: number };
  /** The located node's `loc.start`, a SourcePosition. */
  original: SourcePosition;
}

/** Print `node` as astring does; with `mapped`, also collect the marks of its located nodes. */
export function printPiece(node: ES.Node, mapped: boolean): Piece {
  const options = { comments: true, indent: '  ' };
  if (!mapped) return textPiece(generate(node, options).trimEnd());
  const marks: Mark[] = [];
  const sink = {
    file: '',
    addMapping(m: AstringMapping) {
      const { line, column, source } = m.original;
      marks.push({ line: m.generated.line - 1, column: m.generated.column, source, srcLine: line - 1, srcColumn: column });
    },
  };
  const text = generate(node, { ...options, sourceMap: sink as never, generator: MAPPING_GENERATOR as never }).trimEnd();
  return { text, marks };
}

const lineCount = (text: string) => text.split('\n').length - 1;

/** `head` (whole lines) before a piece. */
export function prepend(head: string, piece: Piece): Piece {
  const shift = lineCount(head);
  return { text: head + piece.text, marks: piece.marks.map((m) => ({ ...m, line: m.line + shift })) };
}

/** The pieces joined by `separator`, their marks moved to their lines in the joined text. */
export function joinPieces(pieces: Piece[], separator: string): Piece {
  const marks: Mark[] = [];
  let line = 0;
  pieces.forEach((p, i) => {
    for (const m of p.marks) marks.push({ ...m, line: m.line + line });
    line += lineCount(p.text) + (i < pieces.length - 1 ? lineCount(separator) : 0);
  });
  return { text: pieces.map((p) => p.text).join(separator), marks };
}

/** The source map of a module from its marks (sources in the order given; their texts embedded unless `content` is false). */
export function sourceMapOf(marks: Mark[], files: readonly MapSource[], content = true): SourceMap {
  const gen = new GenMapping();
  for (const f of files) setSourceContent(gen, f.name, content ? f.text : null);
  for (const m of marks) maybeAddSegment(gen, m.line, m.column, files[m.source].name, m.srcLine, m.srcColumn);
  const encoded = toEncodedMap(gen);
  return {
    version: 3,
    sources: encoded.sources.map((s) => s ?? ''),
    ...(content && { sourcesContent: [...(encoded.sourcesContent ?? [])] }),
    names: [...encoded.names],
    mappings: encoded.mappings,
  };
}

/**
 * The map of a module's `.d.ts`: each `export declare function name(` points at the source
 * function `name` stands for (a wrapper at the function it wraps), so an editor's "go to
 * definition" on an import of the generated module lands on the user's function. Without the
 * sources' texts: TypeScript's language service ignores a declaration map that embeds them.
 */
export function declarationMap(dts: string, origin: (name: string) => Loc | undefined, positions: SourcePositions): SourceMap {
  const marks: Mark[] = [];
  dts.split('\n').forEach((text, line) => {
    const m = /^export declare function (\w+)\(/.exec(text);
    const loc = m ? positions.locate(origin(m[1]) ?? { start: 0, end: 0 }) : undefined;
    if (!loc) return;
    const { line: srcLine, column, source } = loc.start as SourcePosition;
    marks.push({ line, column: 'export declare function '.length, source, srcLine: srcLine - 1, srcColumn: column });
  });
  return sourceMapOf(marks, positions.files, false);
}
