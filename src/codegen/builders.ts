/**
 * `b.*`: tiny builders for the ESTree nodes the code generator emits (in the style of Svelte's
 * compiler), so emitting code reads like the code emitted. Nodes are plain objects printed by
 * astring. Numbers are built so that the printed text reads back as the same double: negative
 * values (and -0) become a unary minus, NaN and ±Infinity the global identifiers, and the
 * literal's text is `String(x)`, which JavaScript guarantees to round-trip.
 */
import type * as ES from 'estree';

type Expr = ES.Expression;
type Stmt = ES.Statement;

const id = (name: string): ES.Identifier => ({ type: 'Identifier', name });

function num(x: number): Expr {
  if (Number.isNaN(x)) return id('NaN');
  if (x < 0 || Object.is(x, -0)) return unary('-', num(-x));
  if (x === Infinity) return id('Infinity');
  return { type: 'Literal', value: x, raw: String(x) };
}

const bool = (x: boolean): ES.Literal => ({ type: 'Literal', value: x, raw: String(x) });
const str = (s: string): ES.Literal => ({ type: 'Literal', value: s, raw: JSON.stringify(s) });

const LOGICAL = new Set(['&&', '||', '??']);

function bin(operator: string, left: Expr, right: Expr): Expr {
  if (LOGICAL.has(operator)) return { type: 'LogicalExpression', operator: operator as ES.LogicalOperator, left, right };
  return { type: 'BinaryExpression', operator: operator as ES.BinaryOperator, left, right };
}

function unary(operator: string, argument: Expr): ES.UnaryExpression {
  return { type: 'UnaryExpression', operator: operator as ES.UnaryOperator, prefix: true, argument };
}

/** `a.b.c` from a dotted path, or `object[property]` when `property` is an expression. */
function member(object: Expr | string, property: string | Expr): ES.MemberExpression {
  const obj = typeof object === 'string' ? dotted(object) : object;
  if (typeof property === 'string') return { type: 'MemberExpression', object: obj, property: id(property), computed: false, optional: false };
  return { type: 'MemberExpression', object: obj, property, computed: true, optional: false };
}

function dotted(path: string): Expr {
  const [head, ...rest] = path.split('.');
  return rest.reduce<Expr>((o, p) => member(o, p), id(head));
}

const call = (callee: Expr | string, ...args: Expr[]): ES.CallExpression => ({
  type: 'CallExpression',
  callee: typeof callee === 'string' ? dotted(callee) : callee,
  arguments: args,
  optional: false,
});

const newExpr = (callee: string, ...args: Expr[]): ES.NewExpression => ({ type: 'NewExpression', callee: dotted(callee), arguments: args });
const cond = (test: Expr, consequent: Expr, alternate: Expr): ES.ConditionalExpression => ({ type: 'ConditionalExpression', test, consequent, alternate });

function assign(left: ES.Pattern | string, right: Expr, operator: ES.AssignmentOperator = '='): ES.AssignmentExpression {
  return { type: 'AssignmentExpression', operator, left: typeof left === 'string' ? id(left) : left, right };
}

const update = (operator: '++' | '--', argument: string, prefix: boolean): ES.UpdateExpression => ({
  type: 'UpdateExpression',
  operator,
  argument: id(argument),
  prefix,
});

const stmt = (expression: Expr): ES.ExpressionStatement => ({ type: 'ExpressionStatement', expression });

function declare(kind: 'let' | 'const', pairs: [string, Expr | undefined][]): ES.VariableDeclaration {
  return {
    type: 'VariableDeclaration',
    kind,
    declarations: pairs.map(([name, init]) => ({ type: 'VariableDeclarator', id: id(name), init: init ?? null })),
  };
}

const block = (body: Stmt[]): ES.BlockStatement => ({ type: 'BlockStatement', body });

function ifStmt(test: Expr, consequent: Stmt[], alternate?: Stmt[]): ES.IfStatement {
  const alt = alternate && alternate.length ? block(alternate) : null;
  return { type: 'IfStatement', test, consequent: block(consequent), alternate: alt };
}

/** `if (test) statement;` on one line, for short guards. */
function ifOne(test: Expr, consequent: Stmt): ES.IfStatement {
  return { type: 'IfStatement', test, consequent, alternate: null };
}

function forStmt(init: ES.VariableDeclaration | Expr | null, test: Expr | null, update: Expr | null, body: Stmt[]): ES.ForStatement {
  return { type: 'ForStatement', init, test, update, body: block(body) };
}

const whileStmt = (test: Expr, body: Stmt[]): ES.WhileStatement => ({ type: 'WhileStatement', test, body: block(body) });
const brk = (): ES.BreakStatement => ({ type: 'BreakStatement', label: null });
const throwNew = (ctor: string, message: string): ES.ThrowStatement => ({ type: 'ThrowStatement', argument: newExpr(ctor, str(message)) });
const ret = (argument?: Expr): ES.ReturnStatement => ({ type: 'ReturnStatement', argument: argument ?? null });

function fn(name: string, params: string[], body: Stmt[]): ES.FunctionDeclaration {
  return { type: 'FunctionDeclaration', id: id(name), params: params.map(id), body: block(body), generator: false, async: false };
}

const exportNamed = (declaration: ES.Declaration): ES.ExportNamedDeclaration => ({
  type: 'ExportNamedDeclaration',
  declaration,
  specifiers: [],
  source: null,
  attributes: [],
});

const arr = (elements: Expr[]): ES.ArrayExpression => ({ type: 'ArrayExpression', elements });

/** `{ key: value, … }`, printed with the shorthand `{ value }` when the value is that name. */
function obj(entries: [string, Expr][]): ES.ObjectExpression {
  return {
    type: 'ObjectExpression',
    properties: entries.map(([key, value]) => ({
      type: 'Property',
      key: id(key),
      value,
      kind: 'init',
      method: false,
      shorthand: value.type === 'Identifier' && value.name === key,
      computed: false,
    })),
  };
}

/** Attach leading `//` comments to a statement (astring prints them with `comments: true`). */
function withComments<T extends ES.Node>(node: T, lines: string[]): T {
  const comments: ES.Comment[] = lines.map((value) => ({ type: 'Line', value: ` ${value}` }));
  return Object.assign(node, { comments });
}

export const b = {
  id,
  num,
  bool,
  str,
  bin,
  unary,
  member,
  call,
  new: newExpr,
  cond,
  assign,
  update,
  stmt,
  let: (name: string, init?: Expr) => declare('let', [[name, init]]),
  const: (name: string, init: Expr) => declare('const', [[name, init]]),
  declare,
  block,
  if: ifStmt,
  ifOne,
  for: forStmt,
  while: whileStmt,
  break: brk,
  throwNew,
  ret,
  fn,
  export: exportNamed,
  arr,
  obj,
  withComments,
};
