/**
 * Declared types from TypeScript's checker, for the lowering to ask about.
 *
 * The lowering works on ESTree nodes whose offsets point into the loaded files (load.ts lays
 * them end to end, the entry file first at offset 0). A TypeOracle answers "what type does the
 * source declare here" for such a node: a parameter, a variable, a property, an expression. It
 * resolves what only the checker knows (aliases, interfaces, generics instantiated with numbers,
 * `typeof`, `readonly`, JSDoc `@typedef` in `.js` files, types imported from other files) and
 * answers in a small structural form (DeclaredType) rather than TypeScript's own objects.
 *
 * The checker is expensive (about 0.3 s for its first answer: lib files, binding), so the
 * program is built on the first question, never for a file whose lowering does not ask.
 *
 * In the lowering: `cx.L.mod.oracle.typeOf(param.node)` (or any ESTree node of the source, in
 * any loaded file) → e.g. `{ kind: 'array', readonly: true, element: { kind: 'object',
 * name: 'Body', properties: [...] } }`; `typeText` gives `readonly Body[]` for the .d.ts.
 */
import path from 'node:path';
import { ts } from './typescript.js';
import { libFiles } from './typescript.js';

/** A declared type, structurally. Object properties are in the order the type declares them. */
export type DeclaredType =
  | { kind: 'number' }
  | { kind: 'boolean' }
  /** A string; `values` when it is a union of string literals (`'call' | 'put'`). */
  | { kind: 'string'; values?: string[] }
  | { kind: 'array'; element: DeclaredType; readonly: boolean }
  /** Float64Array, Int32Array, … */
  | { kind: 'typed-array'; name: string }
  | { kind: 'tuple'; elements: DeclaredType[]; readonly: boolean }
  /** An interface, object type or alias of one; `name` is the declared name when it has one. */
  | { kind: 'object'; name?: string; properties: DeclaredProperty[] }
  | { kind: 'function' }
  /** Anything else (any, unknown, unions of unlike types, recursive types): `text` says what. */
  | { kind: 'other'; text: string };

export interface DeclaredProperty {
  name: string;
  type: DeclaredType;
  optional: boolean;
  readonly: boolean;
}

export interface TypeOracle {
  /**
   * The declared type at an ESTree node (matched by its exact range): the declared type of a
   * parameter or variable identifier, or the type of an expression. Undefined when no node of
   * the source has that range (e.g. a node the lowering made up).
   */
  typeOf(node: { start: number; end: number }): DeclaredType | undefined;
  /** The same type as TypeScript writes it (`Body[]`, `readonly Vec2[]`), for messages and .d.ts. */
  typeText(node: { start: number; end: number }): string | undefined;
}

/** One file as the oracle sees it: where its text starts in the offsets the lowering uses. */
export interface OracleFile {
  /** Absolute path (or the name the caller uses for an in-memory file). */
  path: string;
  source: string;
  base: number;
  /** The parsed tree, when the front end already has one (reused rather than parsed again). */
  sf?: ts.SourceFile;
}

export interface OracleOptions {
  /** Compiler options of the nearest tsconfig.json, if any; the oracle adds what it needs. */
  compilerOptions?: ts.CompilerOptions;
  /** How other files (imported types, declaration files) are read: default none. */
  readFile?: (path: string) => string | undefined;
}

const TYPED_ARRAYS = new Set(['Float64Array', 'Float32Array', 'Int32Array', 'Uint32Array', 'Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Uint8ClampedArray']);
const LIB_DIR = '/__adgen_lib__/';
/**
 * What declared types of numeric code need (arrays, typed arrays, Math, Number, iteration),
 * and no more: the checker's first answer costs about half of what it does with all of ES2022.
 */
const LIBS = ['lib.es5.d.ts', 'lib.es2015.core.d.ts', 'lib.es2015.iterable.d.ts', 'lib.es2015.symbol.d.ts'];
const MAX_DEPTH = 8;

export function createTypeOracle(files: readonly OracleFile[], options: OracleOptions = {}): TypeOracle {
  let checked: { program: ts.Program; checker: ts.TypeChecker } | undefined;
  const load = () => (checked ??= buildProgram(files, options));
  const sorted = [...files].sort((a, b) => a.base - b.base);
  const locate = (node: { start: number; end: number }): ts.Node | undefined => {
    const file = [...sorted].reverse().find((f) => f.base <= node.start);
    if (!file || node.end > file.base + file.source.length) return undefined;
    const sf = load().program.getSourceFile(absolute(file.path));
    return sf && nodeAt(sf, node.start - file.base, node.end - file.base);
  };
  const typeAt = (n: ts.Node): ts.Type => {
    const { checker } = load();
    const declared = ts.isIdentifier(n) && n.parent && (ts.isParameter(n.parent) || ts.isVariableDeclaration(n.parent)) && n.parent.name === n;
    return declared ? checker.getTypeAtLocation(n.parent) : checker.getTypeAtLocation(n);
  };
  return {
    typeOf(node) {
      const n = locate(node);
      return n && describe(load().checker, typeAt(n), n, 0, new Set());
    },
    typeText(node) {
      const n = locate(node);
      return n && load().checker.typeToString(typeAt(n), undefined, ts.TypeFormatFlags.NoTruncation);
    },
  };
}

function buildProgram(files: readonly OracleFile[], options: OracleOptions): { program: ts.Program; checker: ts.TypeChecker } {
  const byPath = new Map(files.map((f) => [absolute(f.path), f]));
  const libs = libFiles();
  const compilerOptions: ts.CompilerOptions = {
    // Resolved as the loader resolves imports (resolve.ts) unless a tsconfig.json says otherwise.
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    ...options.compilerOptions,
    target: ts.ScriptTarget.ES2022,
    lib: LIBS,
    allowJs: true,
    checkJs: true,
    noEmit: true,
    skipLibCheck: true,
    types: [],
  };
  const text = (path: string): string | undefined =>
    path.startsWith(LIB_DIR) ? libs.get(path.slice(LIB_DIR.length)) : (byPath.get(path)?.source ?? options.readFile?.(path));
  const host: ts.CompilerHost = {
    getSourceFile: (path, languageVersion) => {
      const own = byPath.get(path)?.sf;
      if (own) return own;
      const t = text(path);
      return t === undefined ? undefined : ts.createSourceFile(path, t, languageVersion, true);
    },
    getDefaultLibFileName: () => LIB_DIR + LIBS[0],
    getDefaultLibLocation: () => LIB_DIR.slice(0, -1),
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (path) => text(path) !== undefined,
    readFile: text,
  };
  const program = ts.createProgram({ rootNames: [...byPath.keys()], options: compilerOptions, host });
  return { program, checker: program.getTypeChecker() };
}

/** In-memory names (`input.ts`) are taken as files of the root folder, as the checker sees them. */
const absolute = (p: string): string => path.posix.resolve('/', p.split(path.sep).join('/'));

/** The innermost node spanning exactly [start, end) (its first token at start). */
function nodeAt(sf: ts.SourceFile, start: number, end: number): ts.Node | undefined {
  let found: ts.Node | undefined;
  const visit = (n: ts.Node): void => {
    if (n.pos > start || n.end < end) return;
    if (n.end === end && n.getStart(sf) === start) found = n;
    n.forEachChild(visit);
  };
  sf.forEachChild(visit);
  return found;
}

function describe(checker: ts.TypeChecker, t: ts.Type, at: ts.Node, depth: number, seen: Set<ts.Type>): DeclaredType {
  const other = (): DeclaredType => ({ kind: 'other', text: checker.typeToString(t) });
  if (depth > MAX_DEPTH || seen.has(t)) return other();
  const f = t.flags;
  if (f & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral)) return { kind: 'number' };
  if (f & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral)) return { kind: 'boolean' };
  if (f & ts.TypeFlags.String) return { kind: 'string' };
  if (f & ts.TypeFlags.StringLiteral) return { kind: 'string', values: [(t as ts.StringLiteralType).value] };
  if (t.isUnion()) return union(checker, t, at, depth, seen) ?? other();
  if (!(f & ts.TypeFlags.Object)) return other();
  const inner = new Set(seen).add(t);
  const args = () => checker.getTypeArguments(t as ts.TypeReference);
  if (checker.isTupleType(t)) {
    const readonly = ((t as ts.TypeReference).target as ts.TupleType).readonly;
    return { kind: 'tuple', elements: args().map((e) => describe(checker, e, at, depth + 1, inner)), readonly };
  }
  if (checker.isArrayType(t)) {
    const element = describe(checker, args()[0]!, at, depth + 1, inner);
    return { kind: 'array', element, readonly: t.getSymbol()?.getName() === 'ReadonlyArray' };
  }
  const name = t.getSymbol()?.getName();
  if (name && TYPED_ARRAYS.has(name)) return { kind: 'typed-array', name };
  if (t.getCallSignatures().length > 0) return { kind: 'function' };
  const properties = checker.getPropertiesOfType(t).map((p): DeclaredProperty => ({
    name: p.getName(),
    type: describe(checker, checker.getTypeOfSymbolAtLocation(p, at), at, depth + 1, inner),
    optional: (p.getFlags() & ts.SymbolFlags.Optional) !== 0,
    readonly: isReadonly(p),
  }));
  const declared = t.aliasSymbol?.getName() ?? (name && !name.startsWith('__') ? name : undefined);
  return declared ? { kind: 'object', name: declared, properties } : { kind: 'object', properties };
}

/** A union of string literals is a string flag; `T | undefined` (an optional value) is T. */
function union(checker: ts.TypeChecker, t: ts.UnionType, at: ts.Node, depth: number, seen: Set<ts.Type>): DeclaredType | undefined {
  const parts = t.types.filter((p) => !(p.flags & (ts.TypeFlags.Undefined | ts.TypeFlags.Null)));
  if (parts.every((p) => p.flags & ts.TypeFlags.StringLiteral)) return { kind: 'string', values: parts.map((p) => (p as ts.StringLiteralType).value) };
  if (parts.every((p) => p.flags & (ts.TypeFlags.Number | ts.TypeFlags.NumberLiteral))) return { kind: 'number' };
  if (parts.every((p) => p.flags & (ts.TypeFlags.Boolean | ts.TypeFlags.BooleanLiteral))) return { kind: 'boolean' };
  return parts.length === 1 ? describe(checker, parts[0]!, at, depth, seen) : undefined;
}

function isReadonly(p: ts.Symbol): boolean {
  return (p.declarations ?? []).some((d) => (ts.getCombinedModifierFlags(d) & ts.ModifierFlags.Readonly) !== 0);
}
