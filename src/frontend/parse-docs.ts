/**
 * JSDoc attachment, shared by both front ends so `.ts` and `.js` agree exactly.
 *
 * The block comment starting with `/**` that immediately precedes a top-level function
 * statement (only whitespace in between) is attached, verbatim with its delimiters, as
 * `adgenDoc` on the function node. Recognised statements: `function f`, `export function f`,
 * `export default function`, `[export] const f = (…) => …` / `= function …` (every such
 * declarator), `export default (…) => …`, and `import` declarations (rules for the functions
 * they import). Nested functions and methods get no doc.
 */
import type * as acorn from 'acorn';

export interface CommentRange {
  start: number;
  end: number;
}

type Node = acorn.Node & { [field: string]: unknown };

const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function attachDocs(program: acorn.Program, source: string, comments: readonly CommentRange[]): void {
  const sorted = [...comments].sort((a, b) => a.start - b.start);
  for (const statement of program.body as unknown as Node[]) {
    const doc = docBefore(source, sorted, statement.start);
    if (doc === undefined) continue;
    // An import's JSDoc may name derivative rules of the functions it imports.
    if (statement.type === 'ImportDeclaration') statement['adgenDoc'] = doc;
    for (const fn of documentedFunctions(statement)) fn['adgenDoc'] = doc;
  }
}

/** The JSDoc text ending right before `start`, if the last comment before it is one. */
function docBefore(source: string, comments: readonly CommentRange[], start: number): string | undefined {
  let last: CommentRange | undefined;
  for (const c of comments) {
    if (c.end > start) break;
    last = c;
  }
  if (!last || source.slice(last.end, start).trim() !== '') return undefined;
  const text = source.slice(last.start, last.end);
  return text.startsWith('/**') && text !== '/**/' ? text : undefined;
}

/** The function nodes a doc comment in front of `statement` describes. */
function documentedFunctions(statement: Node): Node[] {
  let target = statement;
  if (target.type === 'ExportNamedDeclaration' || target.type === 'ExportDefaultDeclaration') {
    const declaration = target['declaration'] as Node | null;
    if (!declaration) return [];
    target = declaration;
  }
  if (FUNCTIONS.has(target.type)) return [target];
  if (target.type !== 'VariableDeclaration') return [];
  const inits = (target['declarations'] as Node[]).map((d) => d['init'] as Node | null);
  return inits.filter((init): init is Node => init !== null && FUNCTIONS.has(init.type));
}
