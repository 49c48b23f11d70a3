/**
 * Imports and exports → acorn-shaped ESTree module declarations.
 *
 * Type-only imports and exports vanish (`import type`, `export type`, and `type` specifiers are
 * filtered out of a mixed list). `import x = require()`, `import A = N.B` and `export =` are
 * CommonJS/namespace forms with no ES module equivalent: AdgenUnsupported. A declaration
 * carrying an `export` modifier (`export function`, `export default class`) is wrapped in the
 * ESTree export node here, so every statement converter shares one rule. `export { T }` and
 * `export default T` of a name declared only as a type are type-only too, and vanish.
 */
import { ts } from './typescript.js';
import { type Ctx, type Es, checkModifiers, hasModifier, mkAt, syntaxErrorAt, unsupportedAt } from './parse-ts-context.js';
import { expr } from './parse-ts-expressions.js';
import { identifier, moduleExportName, stringLiteral } from './parse-ts-literals.js';

const K = ts.SyntaxKind;

/** Wraps a converted declaration in ExportNamed/DefaultDeclaration when `n` has `export`. */
export function wrapExport(ctx: Ctx, n: ts.Node, declaration: Es): Es {
  if (!hasModifier(n, K.ExportKeyword)) return declaration;
  if (hasModifier(n, K.DefaultKeyword)) return mkAt(ctx, 'ExportDefaultDeclaration', n, { declaration });
  return mkAt(ctx, 'ExportNamedDeclaration', n, { declaration, specifiers: [], source: null, attributes: [] });
}

function moduleSource(ctx: Ctx, n: ts.Expression): Es {
  return ts.isStringLiteral(n) ? stringLiteral(ctx, n) : expr(ctx, n);
}

function attributes(ctx: Ctx, n: ts.ImportAttributes | undefined): Es[] {
  return (n?.elements ?? []).map((a) =>
    mkAt(ctx, 'ImportAttribute', a, { key: moduleExportName(ctx, a.name), value: expr(ctx, a.value) }),
  );
}

export function importDeclaration(ctx: Ctx, n: ts.ImportDeclaration): Es | null {
  const clause = n.importClause;
  if (clause?.isTypeOnly) return null;
  if (clause?.phaseModifier !== undefined) return unsupportedAt(ctx, `import ${ts.tokenToString(clause.phaseModifier)}`, n);
  const specifiers: Es[] = [];
  if (clause?.name) specifiers.push(mkAt(ctx, 'ImportDefaultSpecifier', clause.name, { local: identifier(ctx, clause.name) }));
  const bindings = clause?.namedBindings;
  if (bindings && ts.isNamespaceImport(bindings)) {
    specifiers.push(mkAt(ctx, 'ImportNamespaceSpecifier', bindings, { local: identifier(ctx, bindings.name) }));
  } else if (bindings) {
    for (const s of bindings.elements) {
      if (s.isTypeOnly) continue;
      const imported = moduleExportName(ctx, s.propertyName ?? s.name);
      specifiers.push(mkAt(ctx, 'ImportSpecifier', s, { imported, local: identifier(ctx, s.name) }));
    }
  }
  const source = moduleSource(ctx, n.moduleSpecifier);
  return mkAt(ctx, 'ImportDeclaration', n, { specifiers, source, attributes: attributes(ctx, n.attributes) });
}

export function importEquals(ctx: Ctx, n: ts.ImportEqualsDeclaration): Es | null {
  checkModifiers(ctx, n, [K.ExportKeyword]);
  if (n.isTypeOnly) return null;
  const construct = ts.isExternalModuleReference(n.moduleReference) ? 'import = require()' : 'import alias (import A = N.B)';
  const node = unsupportedAt(ctx, construct, n);
  node['id'] = identifier(ctx, n.name);
  return node;
}

export function exportDeclaration(ctx: Ctx, n: ts.ExportDeclaration): Es | null {
  if (n.isTypeOnly) return null;
  const source = n.moduleSpecifier ? moduleSource(ctx, n.moduleSpecifier) : null;
  const attrs = attributes(ctx, n.attributes);
  const clause = n.exportClause;
  if (!clause || ts.isNamespaceExport(clause)) {
    const exported = clause ? moduleExportName(ctx, clause.name) : null;
    return mkAt(ctx, 'ExportAllDeclaration', n, { exported, source, attributes: attrs });
  }
  const specifiers = clause.elements.filter((s) => !s.isTypeOnly && (source || !exportsTypeName(ctx, s))).map((s) => {
    const local = s.propertyName ?? s.name;
    if (!source && ts.isStringLiteral(local)) {
      syntaxErrorAt(ctx, 'A string literal cannot be used as an exported binding without `from`', local);
    }
    return mkAt(ctx, 'ExportSpecifier', s, { local: moduleExportName(ctx, local), exported: moduleExportName(ctx, s.name) });
  });
  return mkAt(ctx, 'ExportNamedDeclaration', n, { declaration: null, specifiers, source, attributes: attrs });
}

function exportsTypeName(ctx: Ctx, s: ts.ExportSpecifier): boolean {
  const local = s.propertyName ?? s.name;
  return ts.isIdentifier(local) && ctx.typeNames.has(local.text);
}

export function exportAssignment(ctx: Ctx, n: ts.ExportAssignment): Es | null {
  if (n.isExportEquals) return unsupportedAt(ctx, 'export =', n);
  if (ts.isIdentifier(n.expression) && ctx.typeNames.has(n.expression.text)) return null;
  return mkAt(ctx, 'ExportDefaultDeclaration', n, { declaration: expr(ctx, n.expression) });
}

/**
 * Top-level names declared only as types: interfaces, type aliases, ambient (`declare`)
 * declarations, overload signatures and type-only imports, minus any name that also has a
 * value declaration (`interface A {}` merged with `class A {}` is a value).
 */
export function topLevelTypeNames(statements: readonly ts.Statement[]): Set<string> {
  const types = new Set<string>();
  const values = new Set<string>();
  for (const s of statements) {
    const into = isTypeOnlyStatement(s) ? types : values;
    for (const name of declaredNames(s)) into.add(name);
    if (ts.isImportDeclaration(s) && !s.importClause?.isTypeOnly) {
      const bindings = s.importClause?.namedBindings;
      if (bindings && ts.isNamedImports(bindings)) {
        for (const e of bindings.elements) (e.isTypeOnly ? types : values).add(e.name.text);
      }
    }
  }
  for (const v of values) types.delete(v);
  return types;
}

function isTypeOnlyStatement(s: ts.Statement): boolean {
  if (ts.isInterfaceDeclaration(s) || ts.isTypeAliasDeclaration(s)) return true;
  if (ts.isFunctionDeclaration(s) && !s.body) return true;
  if (ts.isImportDeclaration(s)) return s.importClause?.isTypeOnly === true;
  if (ts.isImportEqualsDeclaration(s)) return s.isTypeOnly;
  return hasModifier(s, K.DeclareKeyword);
}

/** Names a top-level statement declares (named imports are handled by the caller). */
function declaredNames(s: ts.Statement): string[] {
  if (ts.isVariableStatement(s)) return s.declarationList.declarations.flatMap((d) => bindingNames(d.name));
  if (ts.isImportDeclaration(s)) {
    const clause = s.importClause;
    const names = clause?.name ? [clause.name.text] : [];
    if (clause?.namedBindings && ts.isNamespaceImport(clause.namedBindings)) names.push(clause.namedBindings.name.text);
    if (clause?.isTypeOnly && clause.namedBindings && ts.isNamedImports(clause.namedBindings)) {
      names.push(...clause.namedBindings.elements.map((e) => e.name.text));
    }
    return names;
  }
  const name = (s as { name?: ts.Node }).name;
  return name && ts.isIdentifier(name) ? [name.text] : [];
}

function bindingNames(n: ts.BindingName): string[] {
  if (ts.isIdentifier(n)) return [n.text];
  return n.elements.flatMap((e) => (ts.isOmittedExpression(e) ? [] : bindingNames(e.name)));
}
