/**
 * Patterns: binding names in declarations and parameters, and assignment targets.
 *
 * TypeScript has two syntaxes for destructuring: binding patterns (`const {a, b = 1} = o`,
 * parameters) and object/array literals on the left of `=` (`[a, b] = [b, a]`). ESTree has one
 * (ObjectPattern, ArrayPattern, AssignmentPattern, RestElement), produced here faithfully; the
 * fence decides what adgen accepts. Targets JavaScript rejects (`1 = 2`, `a?.b++`, a
 * parenthesised pattern) are syntax errors here because TypeScript's parser lets them through.
 */
import { ts } from './typescript.js';
import {
  type Ctx, type Es, annotate, checkModifiers, decoratorsUnsupported, mk, mkAt, modifiersOf, syntaxError, syntaxErrorAt, typeText,
  unsupportedAt,
} from './parse-ts-context.js';
import { expr, property } from './parse-ts-expressions.js';
import { identifier, propertyKey } from './parse-ts-literals.js';

/** The name part of a declaration or parameter: identifier, object or array pattern. */
export function bindingName(ctx: Ctx, n: ts.BindingName): Es {
  if (ts.isIdentifier(n)) return identifier(ctx, n);
  checkRest(ctx, n.elements, (e) => ts.isBindingElement(e) && !!e.dotDotDotToken);
  if (ts.isObjectBindingPattern(n)) {
    return mkAt(ctx, 'ObjectPattern', n, { properties: n.elements.map((e) => bindingProperty(ctx, e)) });
  }
  const elements = n.elements.map((e) => (ts.isOmittedExpression(e) ? null : bindingElement(ctx, e)));
  return mkAt(ctx, 'ArrayPattern', n, { elements });
}

/**
 * A rest element must come last, without a trailing comma; TypeScript's parser accepts both
 * and leaves them to the checker.
 */
function checkRest<T extends ts.Node>(ctx: Ctx, elements: ts.NodeArray<T>, isRest: (e: T) => boolean): void {
  elements.forEach((e, i) => {
    if (!isRest(e)) return;
    if (i < elements.length - 1) syntaxErrorAt(ctx, 'Rest element must be last element', e);
    else if (elements.hasTrailingComma) syntaxErrorAt(ctx, 'Comma is not permitted after the rest element', e);
  });
}

function restElement(ctx: Ctx, e: ts.BindingElement | ts.ParameterDeclaration): Es {
  if (e.initializer) syntaxErrorAt(ctx, 'Rest elements cannot have a default value', e);
  return mkAt(ctx, 'RestElement', e, { argument: bindingName(ctx, e.name) });
}

function bindingElement(ctx: Ctx, e: ts.BindingElement): Es {
  if (e.dotDotDotToken) return restElement(ctx, e);
  return withDefault(ctx, bindingName(ctx, e.name), e.initializer);
}

function bindingProperty(ctx: Ctx, e: ts.BindingElement): Es {
  if (e.dotDotDotToken) return restElement(ctx, e);
  if (e.propertyName) {
    const { key, computed } = propertyKey(ctx, e.propertyName);
    return property(ctx, e, key, withDefault(ctx, bindingName(ctx, e.name), e.initializer), { computed });
  }
  const value = withDefault(ctx, bindingName(ctx, e.name), e.initializer);
  return property(ctx, e, bindingName(ctx, e.name), value, { shorthand: true });
}

/** `target = init` in a pattern becomes AssignmentPattern spanning both. */
function withDefault(ctx: Ctx, target: Es, init: ts.Expression | undefined): Es {
  if (!init) return target;
  const right = expr(ctx, init);
  return mk('AssignmentPattern', target.start, right.end, { left: target, right });
}

/**
 * A function's parameters. A `this` parameter is a type annotation and is dropped. Parameter
 * properties (`constructor(private x: number)`) and decorators have runtime meaning adgen does
 * not model and become AdgenUnsupported. Each parameter carries its annotation as `adgenType`.
 */
export function parameters(ctx: Ctx, ps: readonly ts.ParameterDeclaration[]): Es[] {
  const out: Es[] = [];
  checkRest(ctx, ps as ts.NodeArray<ts.ParameterDeclaration>, (p) => !!p.dotDotDotToken);
  for (const p of ps) {
    if (ts.isIdentifier(p.name) && p.name.text === 'this') {
      if (ts.isArrowFunction(p.parent)) syntaxErrorAt(ctx, "An arrow function cannot have a 'this' parameter", p);
      continue;
    }
    out.push(parameter(ctx, p));
  }
  return out;
}

function parameter(ctx: Ctx, p: ts.ParameterDeclaration): Es {
  const decorated = decoratorsUnsupported(ctx, p);
  const inClass = ts.isClassLike(p.parent.parent) && (ts.isMethodDeclaration(p.parent) ||
    ts.isConstructorDeclaration(p.parent) || ts.isAccessor(p.parent));
  if (decorated && !inClass) syntaxError(ctx, 'Decorators are not valid here', decorated.start, decorated.end);
  if (decorated) return decorated;
  if (modifiersOf(p).length > 0) return parameterProperty(ctx, p);
  const type = typeText(ctx, p.type);
  if (p.dotDotDotToken) return annotate(restElement(ctx, p), 'adgenType', type);
  const name = bindingName(ctx, p.name);
  if (p.questionToken) name.adgenOptional = true; // `p?: T` (typescript-estree marks it `optional`)
  return annotate(withDefault(ctx, name, p.initializer), 'adgenType', type);
}

const PROPERTY_MODIFIERS = [
  ts.SyntaxKind.PublicKeyword, ts.SyntaxKind.PrivateKeyword, ts.SyntaxKind.ProtectedKeyword,
  ts.SyntaxKind.ReadonlyKeyword, ts.SyntaxKind.OverrideKeyword,
];

/** `constructor(private x: number)`: legal only in a constructor, and not something adgen models. */
function parameterProperty(ctx: Ctx, p: ts.ParameterDeclaration): Es {
  checkModifiers(ctx, p, PROPERTY_MODIFIERS);
  if (!ts.isConstructorDeclaration(p.parent)) {
    syntaxErrorAt(ctx, 'A parameter property is only allowed in a constructor', p);
  }
  return unsupportedAt(ctx, 'class parameter property', p);
}

/** Strips parentheses and type-only wrappers; reports whether any parenthesis was crossed. */
function unwrap(n: ts.Expression): { inner: ts.Expression; wrapped: boolean } {
  let inner = n;
  let wrapped = false;
  while (
    ts.isParenthesizedExpression(inner) || ts.isAsExpression(inner) || ts.isTypeAssertionExpression(inner) ||
    ts.isNonNullExpression(inner) || ts.isSatisfiesExpression(inner)
  ) {
    wrapped = true;
    inner = inner.expression;
  }
  return { inner, wrapped };
}

/** Target of `=` or of a for-in/of head: a pattern, identifier or member expression. */
export function assignTarget(ctx: Ctx, n: ts.Expression): Es {
  const { inner, wrapped } = unwrap(n);
  if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) {
    if (wrapped) syntaxErrorAt(ctx, 'Invalid assignment target: parenthesized pattern', n);
    return ts.isObjectLiteralExpression(inner) ? objectPattern(ctx, inner) : arrayPattern(ctx, inner);
  }
  return simpleTarget(ctx, n);
}

/** Target of a compound assignment or `++`/`--`: an identifier or a non-optional member. */
export function simpleTarget(ctx: Ctx, n: ts.Expression): Es {
  const { inner } = unwrap(n);
  const member = ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner);
  const optional = (inner.flags & ts.NodeFlags.OptionalChain) !== 0;
  if (!ts.isIdentifier(inner) && !(member && !optional)) {
    syntaxErrorAt(ctx, 'Invalid assignment target', n);
  }
  return expr(ctx, inner);
}

function objectPattern(ctx: Ctx, n: ts.ObjectLiteralExpression): Es {
  checkRest(ctx, n.properties, ts.isSpreadAssignment);
  const properties = n.properties.map((p): Es => {
    checkModifiers(ctx, p, []);
    if (ts.isPropertyAssignment(p)) {
      const { key, computed } = propertyKey(ctx, p.name);
      return property(ctx, p, key, patternElement(ctx, p.initializer), { computed });
    }
    if (ts.isShorthandPropertyAssignment(p)) {
      const value = withDefault(ctx, identifier(ctx, p.name), p.objectAssignmentInitializer);
      return property(ctx, p, identifier(ctx, p.name), value, { shorthand: true });
    }
    if (ts.isSpreadAssignment(p)) return mkAt(ctx, 'RestElement', p, { argument: simpleTarget(ctx, p.expression) });
    syntaxErrorAt(ctx, 'Invalid destructuring assignment target', p);
    return unsupportedAt(ctx, 'method in pattern', p);
  });
  return mkAt(ctx, 'ObjectPattern', n, { properties });
}

function arrayPattern(ctx: Ctx, n: ts.ArrayLiteralExpression): Es {
  checkRest(ctx, n.elements, ts.isSpreadElement);
  const elements = n.elements.map((e): Es | null => {
    if (ts.isOmittedExpression(e)) return null;
    if (ts.isSpreadElement(e)) {
      if (ts.isBinaryExpression(e.expression) && e.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
        syntaxErrorAt(ctx, 'Rest elements cannot have a default value', e);
      }
      return mkAt(ctx, 'RestElement', e, { argument: assignTarget(ctx, e.expression) });
    }
    return patternElement(ctx, e);
  });
  return mkAt(ctx, 'ArrayPattern', n, { elements });
}

/** An element of a destructuring assignment: a target, possibly with `= default`. */
function patternElement(ctx: Ctx, n: ts.Expression): Es {
  if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
    return mkAt(ctx, 'AssignmentPattern', n, { left: assignTarget(ctx, n.left), right: expr(ctx, n.right) });
  }
  return assignTarget(ctx, n);
}
