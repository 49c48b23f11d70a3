/**
 * Functions (declarations, expressions, arrows, methods) and classes → acorn-shaped ESTree.
 *
 * Functions carry `adgenReturnType` (the return annotation's text); JSDoc is attached later,
 * by parse-docs.ts, identically for TypeScript and JavaScript. A method's FunctionExpression
 * starts at its `(`, as acorn's does. A function without a body is an overload signature or
 * an abstract/ambient declaration: type-only, so the caller drops it.
 *
 * Classes are converted faithfully (the fence rejects them); what is TypeScript-only with
 * runtime meaning becomes AdgenUnsupported: abstract classes and members, decorators,
 * parameter properties, `accessor` fields. Type-only members (index signatures, `declare`
 * fields, overloads) are dropped; accessibility, `readonly` and `override` are ignored.
 */
import { ts } from './typescript.js';
import {
  type Ctx, type Es, annotate, checkModifiers, decoratorsUnsupported, hasModifier, kindName, mk, mkAt, modifiersOf,
  skipTrivia, startOf, syntaxError, syntaxErrorAt, typeText, unsupported, unsupportedAt,
} from './parse-ts-context.js';
import { expr } from './parse-ts-expressions.js';
import { identifier, propertyKey } from './parse-ts-literals.js';
import { parameters } from './parse-ts-patterns.js';
import { blockStatement, checkOverload, statementList } from './parse-ts-statements.js';

type FunctionLike = ts.FunctionDeclaration | ts.FunctionExpression | ts.ArrowFunction | ts.MethodDeclaration |
  ts.ConstructorDeclaration | ts.AccessorDeclaration;

/** The fields every ESTree function has, plus `adgenReturnType`. */
function functionParts(ctx: Ctx, n: FunctionLike): Record<string, unknown> {
  const body = n.body;
  let converted: Es;
  if (!body) {
    syntaxErrorAt(ctx, 'Function implementation is missing', n);
    converted = mk('BlockStatement', n.end, n.end, { body: [] });
  } else {
    converted = ts.isBlock(body) ? blockStatement(ctx, body, 'function') : expr(ctx, body);
  }
  return {
    id: null,
    expression: !!body && !ts.isBlock(body),
    generator: !!n.asteriskToken,
    async: hasModifier(n, ts.SyntaxKind.AsyncKeyword),
    params: parameters(ctx, n.parameters),
    body: converted,
    adgenReturnType: typeText(ctx, n.type),
  };
}

export function functionDeclaration(ctx: Ctx, n: ts.FunctionDeclaration, start: number): Es {
  const id = n.name ? identifier(ctx, n.name) : null;
  return mk('FunctionDeclaration', start, n.end, { ...functionParts(ctx, n), id });
}

export function functionExpression(ctx: Ctx, n: ts.FunctionExpression): Es {
  checkModifiers(ctx, n, [ts.SyntaxKind.AsyncKeyword]);
  const id = n.name ? identifier(ctx, n.name) : null;
  return mkAt(ctx, 'FunctionExpression', n, { ...functionParts(ctx, n), id });
}

export function arrowFunction(ctx: Ctx, n: ts.ArrowFunction): Es {
  checkModifiers(ctx, n, [ts.SyntaxKind.AsyncKeyword]);
  return mkAt(ctx, 'ArrowFunctionExpression', n, functionParts(ctx, n));
}

/** The FunctionExpression of a method, accessor or constructor: from `(` to the closing `}`. */
export function methodFunction(ctx: Ctx, n: ts.MethodDeclaration | ts.ConstructorDeclaration | ts.AccessorDeclaration): Es {
  const fn = mk('FunctionExpression', n.parameters.pos - 1, n.end, functionParts(ctx, n));
  checkAccessorParams(ctx, n, fn);
  return fn;
}

/** A getter takes no parameter, a setter exactly one that is not a rest parameter. */
function checkAccessorParams(ctx: Ctx, n: ts.Node, fn: Es): void {
  const params = fn['params'] as Es[];
  if (ts.isGetAccessor(n) && params.length !== 0) syntaxError(ctx, 'getter should have no params', fn.start, fn.end);
  if (ts.isSetAccessor(n) && params.length !== 1) syntaxError(ctx, 'setter should have exactly one param', fn.start, fn.end);
  if (ts.isSetAccessor(n) && params[0]?.type === 'RestElement') syntaxError(ctx, 'Setter cannot use rest params', params[0].start, params[0].end);
}

/** ClassDeclaration or ClassExpression starting at `start` (after `export default`). */
export function classNode(ctx: Ctx, n: ts.ClassLikeDeclaration, type: string, start: number): Es {
  const decorated = decoratorsUnsupported(ctx, n);
  if (decorated) return decorated;
  if (hasModifier(n, ts.SyntaxKind.AbstractKeyword)) return unsupported('abstract class', start, n.end);
  const extendsClause = n.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  if (extendsClause && extendsClause.types.length !== 1) {
    syntaxErrorAt(ctx, 'A class extends exactly one expression', extendsClause);
  }
  const superClass = extendsClause?.types[0] ? expr(ctx, extendsClause.types[0].expression) : null;
  const members = n.members.map((m) => classMember(ctx, m)).filter((m): m is Es => m !== null);
  checkClassMembers(ctx, members);
  const body = mk('ClassBody', n.members.pos - 1, n.end, { body: members });
  return mk(type, start, n.end, { id: n.name ? identifier(ctx, n.name) : null, superClass, body });
}

const MEMBER_MODIFIERS = [
  ts.SyntaxKind.StaticKeyword, ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.PrivateKeyword,
  ts.SyntaxKind.ProtectedKeyword, ts.SyntaxKind.ReadonlyKeyword, ts.SyntaxKind.OverrideKeyword,
  ts.SyntaxKind.AbstractKeyword, ts.SyntaxKind.DeclareKeyword, ts.SyntaxKind.AccessorKeyword,
  ts.SyntaxKind.AsyncKeyword, ts.SyntaxKind.Decorator,
];

/** One class member, or null for a type-only one. */
function classMember(ctx: Ctx, m: ts.ClassElement): Es | null {
  const K = ts.SyntaxKind;
  checkModifiers(ctx, m, MEMBER_MODIFIERS);
  const decorated = decoratorsUnsupported(ctx, m);
  if (decorated) return decorated;
  if (hasModifier(m, K.DeclareKeyword)) return null;
  if (hasModifier(m, K.AbstractKeyword)) return unsupportedAt(ctx, 'abstract class member', m);
  const isStatic = hasModifier(m, K.StaticKeyword);
  switch (m.kind) {
    case K.PropertyDeclaration:
      return propertyDefinition(ctx, m as ts.PropertyDeclaration, isStatic);
    case K.MethodDeclaration:
    case K.GetAccessor:
    case K.SetAccessor: {
      const method = m as ts.MethodDeclaration | ts.AccessorDeclaration;
      if (!method.body) {
        if (!ts.isMethodDeclaration(method)) syntaxErrorAt(ctx, 'An accessor must have a body', method);
        // An overload signature, or `m?(): void;` which only declares a type.
        else if (!method.questionToken) checkOverload(ctx, method, (method.parent as ts.ClassLikeDeclaration).members);
        return null;
      }
      const kind = m.kind === K.GetAccessor ? 'get' : m.kind === K.SetAccessor ? 'set' : 'method';
      const { key, computed } = propertyKey(ctx, method.name);
      return methodDefinition(ctx, method, key, kind, { computed, static: isStatic });
    }
    case K.Constructor: {
      const ctor = m as ts.ConstructorDeclaration;
      if (!ctor.body) checkOverload(ctx, ctor, ctor.parent.members);
      if (!ctor.body) return null;
      return methodDefinition(ctx, ctor, constructorKey(ctx, ctor), 'constructor', { computed: false, static: isStatic });
    }
    case K.ClassStaticBlockDeclaration:
      return mkAt(ctx, 'StaticBlock', m, { body: statementList(ctx, (m as ts.ClassStaticBlockDeclaration).body.statements, 'block') });
    case K.SemicolonClassElement:
    case K.IndexSignature:
      return null;
    default:
      return unsupportedAt(ctx, kindName(m.kind), m);
  }
}

function propertyDefinition(ctx: Ctx, p: ts.PropertyDeclaration, isStatic: boolean): Es {
  if (hasModifier(p, ts.SyntaxKind.AccessorKeyword)) return unsupportedAt(ctx, 'auto-accessor', p);
  const { key, computed } = propertyKey(ctx, p.name);
  const value = p.initializer ? expr(ctx, p.initializer) : null;
  const node = mkAt(ctx, 'PropertyDefinition', p, { static: isStatic, computed, key, value });
  return annotate(node, 'adgenType', typeText(ctx, p.type));
}

function methodDefinition(
  ctx: Ctx, m: ts.MethodDeclaration | ts.AccessorDeclaration | ts.ConstructorDeclaration, key: Es, kind: string,
  flags: Record<string, unknown>,
): Es {
  return mkAt(ctx, 'MethodDefinition', m, { ...flags, key, kind, value: methodFunction(ctx, m) });
}

/** The `constructor` (or `"constructor"`) token, which TypeScript does not keep as a node. */
function constructorKey(ctx: Ctx, c: ts.ConstructorDeclaration): Es {
  const mods = modifiersOf(c);
  const start = mods.length > 0 ? skipTrivia(ctx.text, mods[mods.length - 1]!.end) : startOf(ctx, c);
  const quote = ctx.text[start];
  if (quote === '"' || quote === "'") {
    const raw = ctx.text.slice(start, start + 13);
    return mk('Literal', start, start + 13, { value: 'constructor', raw });
  }
  return mk('Identifier', start, start + 11, { name: 'constructor' });
}

function keyName(member: Es): string | undefined {
  const key = member['key'] as Es | undefined;
  if (!key || member['computed']) return undefined;
  if (key.type === 'Identifier') return String(key['name']);
  if (key.type === 'Literal') return String(key['value']);
  return key.type === 'PrivateIdentifier' ? `#${String(key['name'])}` : undefined;
}

/** The class-body early errors about `constructor`, `prototype` and `#constructor`. */
function checkClassMembers(ctx: Ctx, members: readonly Es[]): void {
  let constructors = 0;
  for (const m of members) {
    const name = keyName(m);
    const key = m['key'] as Es;
    const fail = (message: string): void => syntaxError(ctx, message, key.start, key.end);
    if (name === '#constructor') fail("Classes can't have an element named '#constructor'");
    if (m.type === 'PropertyDefinition' && name === 'constructor') fail("Classes can't have a field named 'constructor'");
    if (m.type === 'PropertyDefinition' && m['static'] && name === 'prototype') fail("Classes can't have a static field named 'prototype'");
    if (m.type === 'MethodDefinition' && m['static'] && name === 'prototype') fail('Classes may not have a static property named prototype');
    if (m.type !== 'MethodDefinition' || m['static'] || name !== 'constructor') continue;
    const value = m['value'] as Es;
    if (m['kind'] === 'get' || m['kind'] === 'set') fail("Constructor can't have get/set modifier");
    if (value['generator']) fail("Constructor can't be a generator");
    if (value['async']) fail("Constructor can't be an async method");
    if (m['kind'] === 'constructor' && ++constructors > 1) syntaxError(ctx, 'Duplicate constructor in the same class', m.start, m.end);
  }
}
