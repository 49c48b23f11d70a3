/**
 * TypeScript statements and declarations → acorn-shaped ESTree statements.
 *
 * `statement` returns null for what is type-only and vanishes when TypeScript emits JavaScript:
 * `type`, `interface`, anything `declare`d, overload signatures, `import type`/`export type`,
 * `export as namespace`. What has runtime meaning but no place in adgen (enum, namespace,
 * `import x = require()`, `export =`) becomes AdgenUnsupported, still inside its `export` so the
 * fence sees the real shape. Imports and exports have their own file (parse-ts-modules.ts).
 */
import { ts } from './typescript.js';
import {
  type Ctx, type Es, annotate, checkModifiers, hasModifier, kindName, mk, mkAt, startAfterExport, startOf,
  syntaxError, syntaxErrorAt, typeText, unsupported, unsupportedAt,
} from './parse-ts-context.js';
import { expr } from './parse-ts-expressions.js';
import { classNode, functionDeclaration } from './parse-ts-functions.js';
import { identifier } from './parse-ts-literals.js';
import { exportAssignment, exportDeclaration, importDeclaration, importEquals, wrapExport } from './parse-ts-modules.js';
import { assignTarget, bindingName } from './parse-ts-patterns.js';

const K = ts.SyntaxKind;

/** Where a statement list is: module items may only appear in the program's. */
export type ListSite = 'program' | 'function' | 'block' | 'case';

/**
 * Converts a statement list, dropping type-only statements. In program and function bodies the
 * leading string-literal statements are prologue directives, which acorn marks with
 * `directive` (their raw text without quotes).
 */
export function statementList(ctx: Ctx, nodes: readonly ts.Statement[], site: ListSite): Es[] {
  const out: Es[] = [];
  let prologue = site === 'program' || site === 'function';
  for (const n of nodes) {
    if (site !== 'program' && isModuleItem(n)) {
      syntaxErrorAt(ctx, "'import' and 'export' may only appear at the top level", n);
    }
    if (site === 'case' && isUsing(n)) syntaxErrorAt(ctx, 'Using declaration cannot appear in a bare case statement', n);
    const s = statement(ctx, n);
    if (!s) continue;
    prologue &&= isDirective(ctx, n);
    if (prologue) s['directive'] = ctx.text.slice(s.start + 1, (s['expression'] as Es).end - 1);
    out.push(s);
  }
  return out;
}

function isModuleItem(n: ts.Statement): boolean {
  return ts.isImportDeclaration(n) || ts.isImportEqualsDeclaration(n) || ts.isExportDeclaration(n) ||
    ts.isExportAssignment(n) || hasModifier(n, K.ExportKeyword);
}

function isUsing(n: ts.Statement): boolean {
  return ts.isVariableStatement(n) && (n.declarationList.flags & ts.NodeFlags.Using) !== 0;
}

function isDirective(ctx: Ctx, n: ts.Statement): boolean {
  return ts.isExpressionStatement(n) && ts.isStringLiteral(n.expression) && startOf(ctx, n) === startOf(ctx, n.expression);
}

export function blockStatement(ctx: Ctx, n: ts.Block, site: ListSite = 'block'): Es {
  return mkAt(ctx, 'BlockStatement', n, { body: statementList(ctx, n.statements, site) });
}

/**
 * A statement in a single-statement position (loop body, `if` branch, label): declarations
 * other than `var` are not allowed there in strict code, and it must not vanish.
 */
function substatement(ctx: Ctx, n: ts.Statement): Es {
  if (isModuleItem(n)) {
    syntaxErrorAt(ctx, "'import' and 'export' may only appear at the top level", n);
  } else if (ts.isVariableStatement(n) && (n.declarationList.flags & ts.NodeFlags.BlockScoped) !== 0) {
    syntaxErrorAt(ctx, 'Lexical declaration cannot appear in a single-statement context', n);
  } else if (ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n)) {
    syntaxErrorAt(ctx, 'In strict mode code, functions and classes can only be declared at top level or inside a block', n);
  }
  return statement(ctx, n) ?? mkAt(ctx, 'EmptyStatement', n);
}

export function statement(ctx: Ctx, n: ts.Statement): Es | null {
  if (!isDeclaration(n)) checkModifiers(ctx, n, []);
  switch (n.kind) {
    case K.Block: return blockStatement(ctx, n as ts.Block);
    case K.EmptyStatement: return mkAt(ctx, 'EmptyStatement', n);
    case K.ExpressionStatement: return mkAt(ctx, 'ExpressionStatement', n, { expression: expr(ctx, (n as ts.ExpressionStatement).expression) });
    case K.VariableStatement: return variableStatement(ctx, n as ts.VariableStatement);
    case K.FunctionDeclaration: return functionStatement(ctx, n as ts.FunctionDeclaration);
    case K.ClassDeclaration: return classStatement(ctx, n as ts.ClassDeclaration);
    case K.IfStatement: return ifStatement(ctx, n as ts.IfStatement);
    case K.ForStatement: return forStatement(ctx, n as ts.ForStatement);
    case K.ForInStatement:
    case K.ForOfStatement: return forInOf(ctx, n as ts.ForInOrOfStatement);
    case K.WhileStatement: return whileStatement(ctx, n as ts.WhileStatement);
    case K.DoStatement: return doStatement(ctx, n as ts.DoStatement);
    case K.BreakStatement:
    case K.ContinueStatement: return jump(ctx, n as ts.BreakOrContinueStatement);
    case K.ReturnStatement: return returnStatement(ctx, n as ts.ReturnStatement);
    case K.ThrowStatement: return throwStatement(ctx, n as ts.ThrowStatement);
    case K.TryStatement: return tryStatement(ctx, n as ts.TryStatement);
    case K.SwitchStatement: return switchStatement(ctx, n as ts.SwitchStatement);
    case K.LabeledStatement: return labeled(ctx, n as ts.LabeledStatement);
    case K.WithStatement: return withStatement(ctx, n as ts.WithStatement);
    case K.DebuggerStatement: return mkAt(ctx, 'DebuggerStatement', n);
    case K.ImportDeclaration: return importDeclaration(ctx, n as ts.ImportDeclaration);
    case K.ImportEqualsDeclaration: return importEquals(ctx, n as ts.ImportEqualsDeclaration);
    case K.ExportDeclaration: return exportDeclaration(ctx, n as ts.ExportDeclaration);
    case K.ExportAssignment: return exportAssignment(ctx, n as ts.ExportAssignment);
    case K.EnumDeclaration: return runtimeOnlyTs(ctx, n as ts.EnumDeclaration, 'enum', [K.ConstKeyword]);
    case K.ModuleDeclaration: return moduleDeclaration(ctx, n as ts.ModuleDeclaration);
    case K.InterfaceDeclaration:
    case K.TypeAliasDeclaration:
      checkModifiers(ctx, n, [K.ExportKeyword, K.DefaultKeyword, K.DeclareKeyword]);
      return null;
    case K.NamespaceExportDeclaration: return null;
    default: return unsupportedAt(ctx, kindName(n.kind), n);
  }
}

/** Statements whose modifiers are checked by their own converter. */
function isDeclaration(n: ts.Statement): boolean {
  return ts.isVariableStatement(n) || ts.isFunctionDeclaration(n) || ts.isClassDeclaration(n) ||
    ts.isEnumDeclaration(n) || ts.isModuleDeclaration(n) || ts.isInterfaceDeclaration(n) ||
    ts.isTypeAliasDeclaration(n) || ts.isImportEqualsDeclaration(n);
}

function variableStatement(ctx: Ctx, n: ts.VariableStatement): Es | null {
  checkModifiers(ctx, n, [K.ExportKeyword, K.DeclareKeyword]);
  if (hasModifier(n, K.DeclareKeyword)) return null;
  const decl = variableDeclaration(ctx, n.declarationList, startAfterExport(ctx, n), n.end, 'statement');
  return wrapExport(ctx, n, decl);
}

type DeclarationSite = 'statement' | 'for' | 'for-in-of';

/**
 * `let`/`const`/`var`/`using` declarations. Early errors JavaScript's parser reports and
 * TypeScript's does not: a `const` or a pattern without initializer, and a for-in/of head with
 * several declarators or an initializer.
 */
export function variableDeclaration(ctx: Ctx, list: ts.VariableDeclarationList, start: number, end: number, site: DeclarationSite): Es {
  const kind = declarationKind(list.flags);
  if (list.declarations.length === 0) syntaxError(ctx, 'Variable declaration list cannot be empty', start, end);
  if (list.declarations.hasTrailingComma) syntaxError(ctx, 'Trailing comma not allowed', list.declarations.end - 1, list.declarations.end);
  if (site === 'for-in-of' && list.declarations.length !== 1) {
    syntaxErrorAt(ctx, 'Only a single variable declaration is allowed in a for-in/for-of head', list);
  }
  const declarations = list.declarations.map((d) => {
    const init = d.initializer ? expr(ctx, d.initializer) : null;
    if (site === 'for-in-of' && init) syntaxErrorAt(ctx, 'for-in/for-of loop variable declaration may not have an initializer', d);
    if (d.exclamationToken && (init || (kind !== 'var' && kind !== 'let'))) {
      syntaxErrorAt(ctx, "A definite assignment assertion '!' is not permitted here", d.exclamationToken);
    }
    if (site !== 'for-in-of' && !init && !d.exclamationToken) {
      if (kind !== 'var' && kind !== 'let') syntaxErrorAt(ctx, `Missing initializer in ${kind} declaration`, d);
      else if (!ts.isIdentifier(d.name)) syntaxErrorAt(ctx, 'Missing initializer in destructuring declaration', d);
    }
    const declarator = mkAt(ctx, 'VariableDeclarator', d, { id: bindingName(ctx, d.name), init });
    return annotate(declarator, 'adgenType', typeText(ctx, d.type));
  });
  return mk('VariableDeclaration', start, end, { declarations, kind });
}

function declarationKind(flags: ts.NodeFlags): string {
  switch (flags & ts.NodeFlags.BlockScoped) {
    case ts.NodeFlags.Let: return 'let';
    case ts.NodeFlags.Const: return 'const';
    case ts.NodeFlags.Using: return 'using';
    case ts.NodeFlags.AwaitUsing: return 'await using';
    default: return 'var';
  }
}

function functionStatement(ctx: Ctx, n: ts.FunctionDeclaration): Es | null {
  checkModifiers(ctx, n, [K.ExportKeyword, K.DefaultKeyword, K.DeclareKeyword, K.AsyncKeyword]);
  if (hasModifier(n, K.DeclareKeyword)) return null;
  if (!n.body) {
    checkOverload(ctx, n, (n.parent as { statements?: readonly ts.Node[] }).statements ?? []);
    return null;
  }
  return wrapExport(ctx, n, functionDeclaration(ctx, n, startAfterExport(ctx, n)));
}

/**
 * A body-less function or method is an overload signature, type-only, only when the next
 * declaration is another signature or the implementation of the same name.
 */
export function checkOverload(ctx: Ctx, n: ts.SignatureDeclaration, siblings: readonly ts.Node[]): void {
  const next = siblings[siblings.indexOf(n) + 1];
  const nameOf = (d: ts.Node): string | undefined => (d as { name?: ts.Node }).name?.getText(ctx.sf);
  const sameKind = next !== undefined && next.kind === n.kind;
  if (!sameKind || nameOf(next) !== nameOf(n)) {
    syntaxErrorAt(ctx, 'Function implementation is missing or not immediately following the declaration', n);
  }
}

function classStatement(ctx: Ctx, n: ts.ClassDeclaration): Es | null {
  checkModifiers(ctx, n, [K.ExportKeyword, K.DefaultKeyword, K.DeclareKeyword, K.AbstractKeyword, K.Decorator]);
  if (hasModifier(n, K.DeclareKeyword)) return null;
  return wrapExport(ctx, n, classNode(ctx, n, 'ClassDeclaration', startAfterExport(ctx, n)));
}

/**
 * enum / namespace: dropped when ambient, otherwise AdgenUnsupported (kept under its export),
 * with the declared name as `id` so scope checks and messages can use it.
 */
function runtimeOnlyTs(ctx: Ctx, n: ts.EnumDeclaration | ts.ModuleDeclaration, construct: string, extra: ts.SyntaxKind[]): Es | null {
  checkModifiers(ctx, n, [K.ExportKeyword, K.DeclareKeyword, ...extra]);
  if (hasModifier(n, K.DeclareKeyword)) return null;
  const node = unsupported(construct, startAfterExport(ctx, n), n.end);
  if (ts.isIdentifier(n.name)) node['id'] = identifier(ctx, n.name);
  return wrapExport(ctx, n, node);
}

function moduleDeclaration(ctx: Ctx, n: ts.ModuleDeclaration): Es | null {
  if (n.flags & ts.NodeFlags.GlobalAugmentation || ts.isStringLiteral(n.name)) {
    checkModifiers(ctx, n, [K.ExportKeyword, K.DeclareKeyword]);
    return null; // `declare global`, `declare module 'm'`: ambient by nature
  }
  return runtimeOnlyTs(ctx, n, 'namespace', []);
}

function ifStatement(ctx: Ctx, n: ts.IfStatement): Es {
  return mkAt(ctx, 'IfStatement', n, {
    test: expr(ctx, n.expression),
    consequent: substatement(ctx, n.thenStatement),
    alternate: n.elseStatement ? substatement(ctx, n.elseStatement) : null,
  });
}

function forStatement(ctx: Ctx, n: ts.ForStatement): Es {
  let init: Es | null = null;
  if (n.initializer && ts.isVariableDeclarationList(n.initializer)) {
    init = variableDeclaration(ctx, n.initializer, startOf(ctx, n.initializer), n.initializer.end, 'for');
  } else if (n.initializer) {
    init = expr(ctx, n.initializer);
  }
  return mkAt(ctx, 'ForStatement', n, {
    init,
    test: n.condition ? expr(ctx, n.condition) : null,
    update: n.incrementor ? expr(ctx, n.incrementor) : null,
    body: substatement(ctx, n.statement),
  });
}

function forInOf(ctx: Ctx, n: ts.ForInOrOfStatement): Es {
  const head = n.initializer;
  const left = ts.isVariableDeclarationList(head)
    ? variableDeclaration(ctx, head, startOf(ctx, head), head.end, 'for-in-of')
    : assignTarget(ctx, head);
  const fields = { left, right: expr(ctx, n.expression), body: substatement(ctx, n.statement) };
  if (ts.isForInStatement(n)) return mkAt(ctx, 'ForInStatement', n, fields);
  return mkAt(ctx, 'ForOfStatement', n, { await: !!n.awaitModifier, ...fields });
}

function whileStatement(ctx: Ctx, n: ts.WhileStatement): Es {
  return mkAt(ctx, 'WhileStatement', n, { test: expr(ctx, n.expression), body: substatement(ctx, n.statement) });
}

function doStatement(ctx: Ctx, n: ts.DoStatement): Es {
  return mkAt(ctx, 'DoWhileStatement', n, { body: substatement(ctx, n.statement), test: expr(ctx, n.expression) });
}

function jump(ctx: Ctx, n: ts.BreakOrContinueStatement): Es {
  const type = ts.isBreakStatement(n) ? 'BreakStatement' : 'ContinueStatement';
  return mkAt(ctx, type, n, { label: n.label ? identifier(ctx, n.label) : null });
}

function returnStatement(ctx: Ctx, n: ts.ReturnStatement): Es {
  return mkAt(ctx, 'ReturnStatement', n, { argument: n.expression ? expr(ctx, n.expression) : null });
}

/** TypeScript parses `throw` + newline with a missing (empty) identifier and no diagnostic. */
function throwStatement(ctx: Ctx, n: ts.ThrowStatement): Es {
  const keywordEnd = startOf(ctx, n) + 'throw'.length;
  if (n.expression.pos === n.expression.end) {
    syntaxError(ctx, 'Illegal newline after throw', keywordEnd, keywordEnd);
    return mkAt(ctx, 'ThrowStatement', n, { argument: mk('Identifier', keywordEnd, keywordEnd, { name: '' }) });
  }
  return mkAt(ctx, 'ThrowStatement', n, { argument: expr(ctx, n.expression) });
}

function tryStatement(ctx: Ctx, n: ts.TryStatement): Es {
  const c = n.catchClause;
  let handler: Es | null = null;
  if (c) {
    const decl = c.variableDeclaration;
    const param = decl ? annotate(bindingName(ctx, decl.name), 'adgenType', typeText(ctx, decl.type)) : null;
    if (decl?.initializer) syntaxErrorAt(ctx, 'Catch clause variable cannot have an initializer', decl);
    handler = mkAt(ctx, 'CatchClause', c, { param, body: blockStatement(ctx, c.block) });
  }
  return mkAt(ctx, 'TryStatement', n, {
    block: blockStatement(ctx, n.tryBlock),
    handler,
    finalizer: n.finallyBlock ? blockStatement(ctx, n.finallyBlock) : null,
  });
}

function switchStatement(ctx: Ctx, n: ts.SwitchStatement): Es {
  const defaults = n.caseBlock.clauses.filter((c) => ts.isDefaultClause(c));
  for (const extra of defaults.slice(1)) syntaxErrorAt(ctx, 'Multiple default clauses', extra);
  const cases = n.caseBlock.clauses.map((c) =>
    mkAt(ctx, 'SwitchCase', c, {
      test: ts.isCaseClause(c) ? expr(ctx, c.expression) : null,
      consequent: statementList(ctx, c.statements, 'case'),
    }),
  );
  return mkAt(ctx, 'SwitchStatement', n, { discriminant: expr(ctx, n.expression), cases });
}

function labeled(ctx: Ctx, n: ts.LabeledStatement): Es {
  return mkAt(ctx, 'LabeledStatement', n, { body: substatement(ctx, n.statement), label: identifier(ctx, n.label) });
}

function withStatement(ctx: Ctx, n: ts.WithStatement): Es {
  return mkAt(ctx, 'WithStatement', n, { object: expr(ctx, n.expression), body: substatement(ctx, n.statement) });
}
