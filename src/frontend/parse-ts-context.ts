/**
 * Shared plumbing of the TypeScript → ESTree converter (parse-ts-*.ts).
 *
 * The converter walks the TypeScript compiler's own AST (`sourceFile.compilerNode` from
 * ts-morph; the ts-morph wrappers would cost a wrapper object per node) and builds plain ESTree
 * objects shaped exactly as acorn builds them, with `start`/`end` offsets into the original text:
 * `start` is the node's first token (leading trivia and JSDoc skipped), `end` its last character.
 * Parentheses and type-only wrappers disappear, so their inner expression keeps its own range,
 * as acorn does without `preserveParens`.
 *
 * Converters return `Es`, a loosely typed ESTree node: the shapes are pinned by the tests, which
 * compare the output with acorn's on the same JavaScript, rather than by acorn's `.d.ts`.
 * Grammar errors that TypeScript leaves to its checker but JavaScript makes early errors are
 * pushed to `ctx.diagnostics` (code 'syntax'); the caller then returns no program.
 */
import { ts } from './typescript.js';
import type * as acorn from 'acorn';
import type { Diagnostic } from '../diagnostics.js';

export type Es = acorn.Node & { [field: string]: unknown };

export interface Ctx {
  sf: ts.SourceFile;
  text: string;
  diagnostics: Diagnostic[];
  /** Top-level names declared only as types (`export { T }` of such a name is type-only). */
  typeNames: ReadonlySet<string>;
}

/** Builds an ESTree node; fields whose value is `undefined` are left out. */
export function mk(type: string, start: number, end: number, fields: Record<string, unknown> = {}): Es {
  const node = { type, start, end } as Es;
  for (const key in fields) if (fields[key] !== undefined) node[key] = fields[key];
  return node;
}

/** An ESTree node spanning the TypeScript node `n`. */
export function mkAt(ctx: Ctx, type: string, n: ts.Node, fields: Record<string, unknown> = {}): Es {
  return mk(type, n.getStart(ctx.sf), n.end, fields);
}

export function startOf(ctx: Ctx, n: ts.Node): number {
  return n.getStart(ctx.sf);
}

/** A construct with runtime meaning that adgen does not take; the fence reports it. */
export function unsupported(construct: string, start: number, end: number): Es {
  return mk('AdgenUnsupported', start, end, { construct });
}

export function unsupportedAt(ctx: Ctx, construct: string, n: ts.Node): Es {
  return unsupported(construct, startOf(ctx, n), n.end);
}

/** Records an early error (JavaScript rejects it while parsing; TypeScript only when checking). */
export function syntaxError(ctx: Ctx, message: string, start: number, end: number): void {
  ctx.diagnostics.push({ code: 'syntax', message, start, end });
}

export function syntaxErrorAt(ctx: Ctx, message: string, n: ts.Node): void {
  syntaxError(ctx, message, startOf(ctx, n), n.end);
}

/** Source text of a type annotation, e.g. 'readonly number[]'; undefined when there is none. */
export function typeText(ctx: Ctx, t: ts.TypeNode | undefined): string | undefined {
  return t ? ctx.text.slice(startOf(ctx, t), t.end) : undefined;
}

/** Sets `field` on `node` when `value` is defined (keeps plain-JS output free of adgen keys). */
export function annotate(node: Es, field: string, value: string | undefined): Es {
  if (value !== undefined) node[field] = value;
  return node;
}

/** Modifiers and decorators, in source order. */
export function modifiersOf(n: ts.Node): readonly ts.ModifierLike[] {
  return (n as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers ?? [];
}

export function hasModifier(n: ts.Node, kind: ts.SyntaxKind): boolean {
  return modifiersOf(n).some((m) => m.kind === kind);
}

/**
 * Reports every modifier (and decorator, unless `allowed` has SyntaxKind.Decorator) not in
 * `allowed`. TypeScript's parser takes any modifier on any declaration (`private function f()`,
 * `@dec function f()`) and lets the checker complain; a stray one must not silently vanish.
 */
export function checkModifiers(ctx: Ctx, n: ts.Node, allowed: readonly ts.SyntaxKind[]): void {
  for (const m of modifiersOf(n)) {
    if (allowed.includes(m.kind)) continue;
    if (m.kind === ts.SyntaxKind.Decorator) syntaxErrorAt(ctx, 'Decorators are not valid here', m);
    else syntaxErrorAt(ctx, `'${ts.tokenToString(m.kind) ?? m.getText(ctx.sf)}' modifier cannot appear here`, m);
  }
}

/** An AdgenUnsupported 'decorator' over the node's decorators, or null when it has none. */
export function decoratorsUnsupported(ctx: Ctx, n: ts.Node): Es | null {
  const decorators = modifiersOf(n).filter((m) => m.kind === ts.SyntaxKind.Decorator);
  if (decorators.length === 0) return null;
  return unsupported('decorator', startOf(ctx, decorators[0]!), decorators[decorators.length - 1]!.end);
}

/**
 * Where a declaration starts once `export` / `default` are taken off: acorn's FunctionDeclaration
 * inside `export async function f` starts at `async`, TypeScript's at `export`.
 */
export function startAfterExport(ctx: Ctx, n: ts.Node): number {
  let start = startOf(ctx, n);
  for (const m of modifiersOf(n)) {
    if (m.kind !== ts.SyntaxKind.ExportKeyword && m.kind !== ts.SyntaxKind.DefaultKeyword) break;
    start = skipTrivia(ctx.text, m.end);
  }
  return start;
}

/** The offset of the first token at or after `pos` (skips whitespace and comments). */
export function skipTrivia(text: string, pos: number): number {
  return scanTrivia(text, pos, text.length, () => {});
}

/** The comments between `from` and `to`, a stretch of trivia (whitespace and comments only). */
export function commentsIn(text: string, from: number, to: number): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  scanTrivia(text, from, to, (start, end) => out.push({ start, end }));
  return out;
}

function scanTrivia(text: string, pos: number, limit: number, onComment: (start: number, end: number) => void): number {
  let i = pos;
  while (i < limit) {
    const c = text.charCodeAt(i);
    const start = i;
    const hashbang = i === 0 && c === 35 /* # */ && text.charCodeAt(1) === 33; /* ! */
    if (hashbang || (c === 47 /* / */ && text.charCodeAt(i + 1) === 47)) {
      while (i < text.length && !isLineBreak(text.charCodeAt(i))) i++;
      onComment(start, i);
    } else if (c === 47 && text.charCodeAt(i + 1) === 42 /* * */) {
      const close = text.indexOf('*/', i + 2);
      i = close < 0 ? text.length : close + 2;
      onComment(start, i);
    } else if (isWhitespace(c)) {
      i++;
    } else {
      break;
    }
  }
  return i;
}

function isLineBreak(c: number): boolean {
  return c === 10 || c === 13 || c === 0x2028 || c === 0x2029;
}

function isWhitespace(c: number): boolean {
  return c <= 32 || c === 0xa0 || c === 0xfeff || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 || c === 0x2029 || c === 0x202f || c === 0x205f || c === 0x3000;
}

/** Readable name of a syntax kind for 'AdgenUnsupported' messages ('EnumDeclaration' → 'enum declaration'). */
export function kindName(kind: ts.SyntaxKind): string {
  return (ts.SyntaxKind[kind] ?? 'syntax').replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}
