/**
 * The TypeScript front end: source text → acorn-shaped ESTree (see surface.ts), or syntax
 * diagnostics.
 *
 * TypeScript's parser (the one ts-morph bundles) parses the file as an ES module. We call
 * `ts.createSourceFile` rather than ts-morph's `Project.createSourceFile` because the latter
 * passes only the script target to the parser, so a file without `import`/`export` is parsed as
 * a script and top-level `await (x)` becomes a call of a function named `await`. The direct
 * call is also cheaper: no project, no wrapper objects, nothing cached between files.
 *
 * All of the parser's diagnostics are reported. Only then is the tree converted
 * (parse-ts-statements.ts and friends), and the early errors JavaScript has but TypeScript
 * leaves to its binder and checker are added (converter checks, parse-ts-grammar.ts,
 * parse-ts-scope.ts), so a `.ts` file yields a program exactly when its type-erased
 * JavaScript would parse with acorn.
 */
import { ts } from './typescript.js';
import type * as acorn from 'acorn';
import type { Diagnostic } from '../diagnostics.js';
import { attachDocs, type CommentRange } from './parse-docs.js';
import { type Ctx, commentsIn, mk } from './parse-ts-context.js';
import { checkGrammar } from './parse-ts-grammar.js';
import { topLevelTypeNames } from './parse-ts-modules.js';
import { checkScopes } from './parse-ts-scope.js';
import { statementList } from './parse-ts-statements.js';

export interface ParseResult {
  program: acorn.Program | null;
  diagnostics: Diagnostic[];
}

/** Marks the file as a module (TypeScript's `moduleDetection: force` does the same). */
function forceModule(file: ts.SourceFile): void {
  (file as { externalModuleIndicator?: unknown }).externalModuleIndicator = true;
}

export function parseTs(source: string, fileName: string): ParseResult {
  const options = { languageVersion: ts.ScriptTarget.Latest, setExternalModuleIndicator: forceModule };
  const sf = ts.createSourceFile(fileName, source, options, true, ts.ScriptKind.TS);
  const parsed = (sf as { parseDiagnostics?: ts.Diagnostic[] }).parseDiagnostics ?? [];
  if (parsed.length > 0) return { program: null, diagnostics: sortDiagnostics(parsed.map(toDiagnostic)) };
  const statements = tiled(sf.statements);
  const ctx: Ctx = { sf, text: source, diagnostics: [], typeNames: topLevelTypeNames(statements) };
  const program = mk('Program', 0, source.length, { body: statementList(ctx, statements, 'program'), sourceType: 'module' });
  checkGrammar(program, ctx.diagnostics);
  checkScopes(program, ctx.diagnostics);
  if (ctx.diagnostics.length > 0) return { program: null, diagnostics: sortDiagnostics(ctx.diagnostics) };
  const result = program as unknown as acorn.Program;
  attachDocs(result, source, topLevelComments(sf, statements, source));
  return { program: result, diagnostics: [] };
}

function toDiagnostic(d: ts.Diagnostic): Diagnostic {
  const start = d.start ?? 0;
  return { code: 'syntax', message: ts.flattenDiagnosticMessageText(d.messageText, '\n'), start, end: start + (d.length ?? 0) };
}

/** In source order, without exact duplicates. */
function sortDiagnostics(ds: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return [...ds]
    .sort((a, b) => a.start - b.start || a.end - b.end)
    .filter((d) => {
      const key = `${d.start}:${d.end}:${d.message}`;
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The comments in the trivia before each top-level statement (all JSDoc attachment needs). */
function topLevelComments(sf: ts.SourceFile, statements: readonly ts.Statement[], source: string): CommentRange[] {
  return statements.flatMap((s) => commentsIn(source, s.pos, s.getStart(sf)));
}

/**
 * Works around a TypeScript parser bug: when a top-level `await` is first read as an
 * identifier (`x = await {}`), the module re-parse (`reparseTopLevelAwait`) re-reads the rest of
 * the file and then appends the old statements after it as well, so the last statements
 * appear twice. The re-parsed ones come first; a statement starting before the previous one
 * ended is such a stale copy.
 */
function tiled(statements: readonly ts.Statement[]): ts.Statement[] {
  const out: ts.Statement[] = [];
  let end = 0;
  for (const s of statements) {
    if (s.pos < end) continue;
    out.push(s);
    end = s.end;
  }
  return out;
}
