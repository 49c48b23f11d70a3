/**
 * TypeScript expressions → acorn-shaped ESTree expressions.
 *
 * One `switch` over the syntax kind dispatches to a small converter per construct. Type-only
 * wrappers (`x as T`, `<T>x`, `x!`, `x satisfies T`, `f<T>`) and parentheses vanish: the inner
 * expression is returned with its own range, exactly what acorn gives for the same code with
 * the types erased. A kind with no ESTree counterpart becomes `AdgenUnsupported`.
 *
 * Optional chains: TypeScript flags every link of `a?.b.c()` and marks the `?.` links; ESTree
 * marks the same links `optional` and wraps the outermost link in one ChainExpression.
 */
import { ts } from './typescript.js';
import { type Ctx, type Es, checkModifiers, kindName, mk, mkAt, startOf, syntaxErrorAt, unsupportedAt } from './parse-ts-context.js';
import {
  bigintLiteral, identifier, keywordLiteral, numberLiteral, privateIdentifier, propertyKey, regexLiteral,
  stringLiteral, templateLiteral,
} from './parse-ts-literals.js';
import { assignTarget, simpleTarget } from './parse-ts-patterns.js';
import { arrowFunction, classNode, functionExpression, methodFunction } from './parse-ts-functions.js';

export function expr(ctx: Ctx, n: ts.Expression): Es {
  const e = exprInner(ctx, n);
  return isChainEnd(n) ? mk('ChainExpression', e.start, e.end, { expression: e }) : e;
}

function exprInner(ctx: Ctx, n: ts.Expression): Es {
  const K = ts.SyntaxKind;
  switch (n.kind) {
    case K.Identifier: return identifier(ctx, n as ts.Identifier);
    case K.PrivateIdentifier: // only `#x in o` (see binary) and `o.#x` (propertyAccess) are valid
      syntaxErrorAt(ctx, 'Unexpected private name', n);
      return privateIdentifier(ctx, n as unknown as ts.PrivateIdentifier);
    case K.NumericLiteral: return numberLiteral(ctx, n as ts.NumericLiteral);
    case K.BigIntLiteral: return bigintLiteral(ctx, n as ts.BigIntLiteral);
    case K.StringLiteral: return stringLiteral(ctx, n as ts.StringLiteral);
    case K.RegularExpressionLiteral: return regexLiteral(ctx, n as ts.RegularExpressionLiteral);
    case K.TrueKeyword: return keywordLiteral(ctx, n, true);
    case K.FalseKeyword: return keywordLiteral(ctx, n, false);
    case K.NullKeyword: return keywordLiteral(ctx, n, null);
    case K.NoSubstitutionTemplateLiteral:
    case K.TemplateExpression: return templateLiteral(ctx, n as ts.TemplateLiteral);
    case K.TaggedTemplateExpression: return taggedTemplate(ctx, n as ts.TaggedTemplateExpression);
    case K.ThisKeyword: return mkAt(ctx, 'ThisExpression', n);
    case K.SuperKeyword: return mkAt(ctx, 'Super', n);
    case K.ArrayLiteralExpression: return arrayLiteral(ctx, n as ts.ArrayLiteralExpression);
    case K.ObjectLiteralExpression: return objectLiteral(ctx, n as ts.ObjectLiteralExpression);
    case K.PropertyAccessExpression: return propertyAccess(ctx, n as ts.PropertyAccessExpression);
    case K.ElementAccessExpression: return elementAccess(ctx, n as ts.ElementAccessExpression);
    case K.CallExpression: return call(ctx, n as ts.CallExpression);
    case K.NewExpression: return newExpression(ctx, n as ts.NewExpression);
    case K.ParenthesizedExpression:
    case K.AsExpression:
    case K.TypeAssertionExpression:
    case K.NonNullExpression:
    case K.SatisfiesExpression:
    case K.ExpressionWithTypeArguments:
      return expr(ctx, (n as ts.ParenthesizedExpression).expression);
    case K.PrefixUnaryExpression: return prefixUnary(ctx, n as ts.PrefixUnaryExpression);
    case K.PostfixUnaryExpression: return postfixUnary(ctx, n as ts.PostfixUnaryExpression);
    case K.TypeOfExpression: return unary(ctx, n, 'typeof', (n as ts.TypeOfExpression).expression);
    case K.VoidExpression: return unary(ctx, n, 'void', (n as ts.VoidExpression).expression);
    case K.DeleteExpression: return deleteExpression(ctx, n as ts.DeleteExpression);
    case K.AwaitExpression: return mkAt(ctx, 'AwaitExpression', n, { argument: expr(ctx, (n as ts.AwaitExpression).expression) });
    case K.YieldExpression: return yieldExpression(ctx, n as ts.YieldExpression);
    case K.BinaryExpression: return binary(ctx, n as ts.BinaryExpression);
    case K.ConditionalExpression: return conditional(ctx, n as ts.ConditionalExpression);
    case K.SpreadElement: return mkAt(ctx, 'SpreadElement', n, { argument: expr(ctx, (n as ts.SpreadElement).expression) });
    case K.MetaProperty: return metaProperty(ctx, n as ts.MetaProperty);
    case K.FunctionExpression: return functionExpression(ctx, n as ts.FunctionExpression);
    case K.ArrowFunction: return arrowFunction(ctx, n as ts.ArrowFunction);
    case K.ClassExpression: return classNode(ctx, n as ts.ClassExpression, 'ClassExpression', startOf(ctx, n));
    default: return unsupportedAt(ctx, kindName(n.kind), n);
  }
}

/** True for the outermost link of an optional chain (the one ESTree wraps in ChainExpression). */
function isChainEnd(n: ts.Node): boolean {
  if (!(n.flags & ts.NodeFlags.OptionalChain)) return false;
  const p = n.parent;
  const continues = (p.flags & ts.NodeFlags.OptionalChain) !== 0 &&
    (ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p) || ts.isCallExpression(p) || ts.isNonNullExpression(p)) &&
    p.expression === n;
  return !continues;
}

function propertyAccess(ctx: Ctx, n: ts.PropertyAccessExpression): Es {
  const property = ts.isIdentifier(n.name) ? identifier(ctx, n.name) : privateIdentifier(ctx, n.name);
  return mkAt(ctx, 'MemberExpression', n, { object: expr(ctx, n.expression), property, computed: false, optional: !!n.questionDotToken });
}

function elementAccess(ctx: Ctx, n: ts.ElementAccessExpression): Es {
  const property = expr(ctx, n.argumentExpression);
  return mkAt(ctx, 'MemberExpression', n, { object: expr(ctx, n.expression), property, computed: true, optional: !!n.questionDotToken });
}

function call(ctx: Ctx, n: ts.CallExpression): Es {
  if (n.expression.kind === ts.SyntaxKind.ImportKeyword) {
    const [source, options] = n.arguments.map((a) => expr(ctx, a));
    return mkAt(ctx, 'ImportExpression', n, { source, options: options ?? null });
  }
  const args = n.arguments.map((a) => expr(ctx, a));
  return mkAt(ctx, 'CallExpression', n, { callee: expr(ctx, n.expression), arguments: args, optional: !!n.questionDotToken });
}

function newExpression(ctx: Ctx, n: ts.NewExpression): Es {
  if (n.expression.flags & ts.NodeFlags.OptionalChain) {
    syntaxErrorAt(ctx, 'Optional chaining cannot appear in the callee of new expressions', n.expression);
  }
  const args = (n.arguments ?? []).map((a) => expr(ctx, a));
  return mkAt(ctx, 'NewExpression', n, { callee: expr(ctx, n.expression), arguments: args });
}

function taggedTemplate(ctx: Ctx, n: ts.TaggedTemplateExpression): Es {
  if (n.tag.flags & ts.NodeFlags.OptionalChain || (n as { questionDotToken?: ts.Node }).questionDotToken) {
    syntaxErrorAt(ctx, 'Optional chaining cannot appear in the tag of tagged template expressions', n.tag);
  }
  return mkAt(ctx, 'TaggedTemplateExpression', n, { tag: expr(ctx, n.tag), quasi: templateLiteral(ctx, n.template) });
}

function arrayLiteral(ctx: Ctx, n: ts.ArrayLiteralExpression): Es {
  const elements = n.elements.map((e) => (ts.isOmittedExpression(e) ? null : expr(ctx, e)));
  return mkAt(ctx, 'ArrayExpression', n, { elements });
}

function objectLiteral(ctx: Ctx, n: ts.ObjectLiteralExpression): Es {
  const protos = n.properties.filter((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) &&
    (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && p.name.text === '__proto__');
  for (const p of protos.slice(1)) syntaxErrorAt(ctx, 'Redefinition of __proto__ property', p);
  return mkAt(ctx, 'ObjectExpression', n, { properties: n.properties.map((p) => objectMember(ctx, p)) });
}

function objectMember(ctx: Ctx, p: ts.ObjectLiteralElementLike): Es {
  const K = ts.SyntaxKind;
  checkModifiers(ctx, p, ts.isMethodDeclaration(p) ? [K.AsyncKeyword] : []);
  switch (p.kind) {
    case K.PropertyAssignment: {
      const { key, computed } = propertyKey(ctx, p.name);
      return property(ctx, p, key, expr(ctx, p.initializer), { computed });
    }
    case K.ShorthandPropertyAssignment: {
      if (p.objectAssignmentInitializer) {
        syntaxErrorAt(ctx, 'Shorthand property assignments are valid only in destructuring patterns', p);
      }
      return property(ctx, p, identifier(ctx, p.name), identifier(ctx, p.name), { shorthand: true });
    }
    case K.SpreadAssignment:
      return mkAt(ctx, 'SpreadElement', p, { argument: expr(ctx, p.expression) });
    case K.MethodDeclaration:
    case K.GetAccessor:
    case K.SetAccessor: {
      const { key, computed } = propertyKey(ctx, p.name);
      const kind = p.kind === K.GetAccessor ? 'get' : p.kind === K.SetAccessor ? 'set' : 'init';
      return property(ctx, p, key, methodFunction(ctx, p), { computed, kind, method: kind === 'init' });
    }
    default:
      return unsupportedAt(ctx, kindName((p as ts.Node).kind), p);
  }
}

export function property(ctx: Ctx, p: ts.Node, key: Es, value: Es, flags: Record<string, unknown>): Es {
  return mkAt(ctx, 'Property', p, { method: false, shorthand: false, computed: false, key, value, kind: 'init', ...flags });
}

function prefixUnary(ctx: Ctx, n: ts.PrefixUnaryExpression): Es {
  const operator = ts.tokenToString(n.operator)!;
  if (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken) {
    return mkAt(ctx, 'UpdateExpression', n, { operator, prefix: true, argument: simpleTarget(ctx, n.operand) });
  }
  return unary(ctx, n, operator, n.operand);
}

function postfixUnary(ctx: Ctx, n: ts.PostfixUnaryExpression): Es {
  const operator = ts.tokenToString(n.operator)!;
  return mkAt(ctx, 'UpdateExpression', n, { operator, prefix: false, argument: simpleTarget(ctx, n.operand) });
}

function unary(ctx: Ctx, n: ts.Node, operator: string, operand: ts.Expression): Es {
  return mkAt(ctx, 'UnaryExpression', n, { operator, prefix: true, argument: expr(ctx, operand) });
}

/** Strict mode forbids `delete x`; private fields cannot be deleted at all. */
function deleteExpression(ctx: Ctx, n: ts.DeleteExpression): Es {
  let target: ts.Expression = n.expression;
  while (ts.isParenthesizedExpression(target)) target = target.expression;
  if (ts.isIdentifier(target)) syntaxErrorAt(ctx, 'Deleting local variable in strict mode', n);
  if (ts.isPropertyAccessExpression(target) && ts.isPrivateIdentifier(target.name)) {
    syntaxErrorAt(ctx, 'Private fields can not be deleted', n);
  }
  return unary(ctx, n, 'delete', n.expression);
}

function yieldExpression(ctx: Ctx, n: ts.YieldExpression): Es {
  const argument = n.expression ? expr(ctx, n.expression) : null;
  return mkAt(ctx, 'YieldExpression', n, { delegate: !!n.asteriskToken, argument });
}

function conditional(ctx: Ctx, n: ts.ConditionalExpression): Es {
  return mkAt(ctx, 'ConditionalExpression', n, {
    test: expr(ctx, n.condition), consequent: expr(ctx, n.whenTrue), alternate: expr(ctx, n.whenFalse),
  });
}

function metaProperty(ctx: Ctx, n: ts.MetaProperty): Es {
  const word = n.keywordToken === ts.SyntaxKind.NewKeyword ? 'new' : 'import';
  const valid = word === 'new' ? 'target' : 'meta';
  if (n.name.text !== valid) syntaxErrorAt(ctx, `The only valid meta property for ${word} is '${word}.${valid}'`, n.name);
  const start = startOf(ctx, n);
  const meta = mk('Identifier', start, start + word.length, { name: word });
  return mkAt(ctx, 'MetaProperty', n, { meta, property: identifier(ctx, n.name) });
}

function isAssignmentOperator(op: ts.SyntaxKind): boolean {
  return op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
}

function binary(ctx: Ctx, n: ts.BinaryExpression): Es {
  const op = n.operatorToken.kind;
  if (op === ts.SyntaxKind.CommaToken) return mkAt(ctx, 'SequenceExpression', n, { expressions: sequence(ctx, n) });
  if (!isAssignmentOperator(op)) return operatorChain(ctx, n);
  const right = expr(ctx, n.right);
  const left = op === ts.SyntaxKind.EqualsToken ? assignTarget(ctx, n.left) : simpleTarget(ctx, n.left);
  return mkAt(ctx, 'AssignmentExpression', n, { operator: ts.tokenToString(op)!, left, right });
}

/**
 * Binary and logical operators. A left-nested chain (`a + b + c + …`, as generated code has
 * by the thousand) is converted bottom-up in a loop rather than by recursion on the left
 * operand, so its length is not limited by the stack.
 */
function operatorChain(ctx: Ctx, n: ts.BinaryExpression): Es {
  const K = ts.SyntaxKind;
  const spine: ts.BinaryExpression[] = [];
  let bottom: ts.Expression = n;
  while (ts.isBinaryExpression(bottom) && bottom.operatorToken.kind !== K.CommaToken && !isAssignmentOperator(bottom.operatorToken.kind)) {
    spine.push(bottom);
    bottom = bottom.left;
  }
  const privateIn = ts.isPrivateIdentifier(bottom) && spine[spine.length - 1]!.operatorToken.kind === K.InKeyword;
  let acc = privateIn ? privateIdentifier(ctx, bottom as unknown as ts.PrivateIdentifier) : expr(ctx, bottom);
  for (let i = spine.length - 1; i >= 0; i--) {
    const node = spine[i]!;
    const op = node.operatorToken.kind;
    const right = expr(ctx, node.right);
    const logical = op === K.AmpersandAmpersandToken || op === K.BarBarToken || op === K.QuestionQuestionToken;
    if (logical) checkNullishMix(ctx, node);
    acc = mk(logical ? 'LogicalExpression' : 'BinaryExpression', startOf(ctx, node), node.end, { operator: ts.tokenToString(op)!, left: acc, right });
  }
  return acc;
}

/** `a, b, c`: TypeScript nests commas to the left, ESTree keeps one flat list. */
function sequence(ctx: Ctx, n: ts.BinaryExpression): Es[] {
  const rights: ts.Expression[] = [];
  let left: ts.Expression = n;
  while (ts.isBinaryExpression(left) && left.operatorToken.kind === ts.SyntaxKind.CommaToken) {
    rights.push(left.right);
    left = left.left;
  }
  return [left, ...rights.reverse()].map((e) => expr(ctx, e));
}

/** `a ?? b || c` needs parentheses in JavaScript; TypeScript only complains when checking. */
function checkNullishMix(ctx: Ctx, n: ts.BinaryExpression): void {
  const K = ts.SyntaxKind;
  const nullish = n.operatorToken.kind === K.QuestionQuestionToken;
  for (const side of [n.left, n.right]) {
    if (!ts.isBinaryExpression(side)) continue;
    const k = side.operatorToken.kind;
    const sideNullish = k === K.QuestionQuestionToken;
    const sideLogical = k === K.AmpersandAmpersandToken || k === K.BarBarToken;
    if ((nullish && sideLogical) || (!nullish && sideNullish)) {
      syntaxErrorAt(ctx, "'??' cannot be mixed with '||' or '&&' without parentheses", side);
    }
  }
}
