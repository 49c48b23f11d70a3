/**
 * Context-dependent early errors over the converted ESTree, which JavaScript's parser reports
 * and TypeScript's leaves to its binder or checker:
 * - `return` outside a function; `break`/`continue` without a matching loop, switch or label;
 *   duplicate nested labels;
 * - `await` outside async code (top-level await is fine in a module), `yield` outside a
 *   generator, `new.target` outside a function, `super` outside a method or a derived
 *   constructor, `arguments` in a class field initialiser;
 * - private names (`this.#x`, `#x in o`) not declared by an enclosing class;
 * - strict mode: `with`, words reserved in module code used as identifiers (`await`, `yield`,
 *   `let`, `static`, `implements`, …), binding or assigning `eval`/`arguments`;
 * - a 'use strict' directive in a function with a non-simple parameter list.
 *
 * With parse-ts-scope.ts this gives the TypeScript front end acorn's guarantee: the fence and
 * lowering only ever see programs that are valid JavaScript modules. The walk is generic over
 * ESTree keys; only nodes that change the context or hold a non-reference name are named.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Es } from './parse-ts-context.js';
import { boundIdentifiers } from './parse-ts-scope.js';

interface Context {
  inFunction: boolean;
  awaitOk: boolean;
  yieldOk: boolean;
  newTargetOk: boolean;
  superPropertyOk: boolean;
  superCallOk: boolean;
  argumentsOk: boolean;
  labels: readonly { name: string; loop: boolean }[];
  loops: number;
  switches: number;
  privateNames: readonly ReadonlySet<string>[];
}

const TOP: Context = {
  inFunction: false, awaitOk: true, yieldOk: false, newTargetOk: false, superPropertyOk: false, superCallOk: false,
  argumentsOk: true, labels: [], loops: 0, switches: 0, privateNames: [],
};

const LOOPS = new Set(['ForStatement', 'ForInStatement', 'ForOfStatement', 'WhileStatement', 'DoWhileStatement']);
const RESERVED = new Set(['await', 'yield', 'let', 'static', 'implements', 'interface', 'package', 'private', 'protected', 'public', 'enum']);

export function checkGrammar(program: Es, out: Diagnostic[]): void {
  visit(program, TOP, out);
}

function isNode(v: unknown): v is Es {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function visitChildren(node: Es, ctx: Context, out: Diagnostic[], skip: readonly string[] = []): void {
  for (const key in node) {
    if (skip.length > 0 && skip.includes(key)) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(item, ctx, out);
    } else if (isNode(value)) {
      visit(value, ctx, out);
    }
  }
}

function error(out: Diagnostic[], message: string, node: Es): void {
  out.push({ code: 'syntax', message, start: node.start, end: node.end });
}

/** Inside a function body; an arrow keeps its surroundings' `super`, `new.target`, `arguments`. */
function functionContext(node: Es, outer: Context, method: { superCall: boolean } | null): Context {
  const arrow = node.type === 'ArrowFunctionExpression';
  return {
    ...outer,
    inFunction: true,
    awaitOk: node['async'] === true,
    yieldOk: node['generator'] === true,
    newTargetOk: arrow ? outer.newTargetOk : true,
    superPropertyOk: arrow ? outer.superPropertyOk : method !== null,
    superCallOk: arrow ? outer.superCallOk : method?.superCall === true,
    argumentsOk: arrow ? outer.argumentsOk : true,
    labels: [],
    loops: 0,
    switches: 0,
  };
}

/** Class field initialisers and static blocks. */
function classInitContext(outer: Context): Context {
  return {
    ...outer, inFunction: false, awaitOk: false, yieldOk: false, newTargetOk: true, superPropertyOk: true,
    superCallOk: false, argumentsOk: false, labels: [], loops: 0, switches: 0,
  };
}

function visit(node: Es, ctx: Context, out: Diagnostic[]): void {
  switch (node.type) {
    case 'Identifier': return checkIdentifier(node, ctx, out);
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return visitFunction(node, ctx, out, null);
    case 'ClassDeclaration':
    case 'ClassExpression':
      return visitClass(node, ctx, out);
    case 'Property': return visitProperty(node, ctx, out);
    case 'MemberExpression': return visitMember(node, ctx, out);
    case 'CallExpression':
      if ((node['callee'] as Es).type === 'Super' && !ctx.superCallOk) error(out, "super() call outside constructor of a subclass", node);
      return visitChildren(node, ctx, out);
    case 'BinaryExpression':
    case 'LogicalExpression':
      return visitOperatorChain(node, ctx, out);
    case 'AssignmentExpression':
    case 'UpdateExpression':
      checkAssignable(node.type === 'UpdateExpression' ? (node['argument'] as Es) : (node['left'] as Es), out);
      return visitChildren(node, ctx, out);
    case 'VariableDeclaration':
      if (node['kind'] === 'await using' && !ctx.awaitOk) error(out, "'await using' is only allowed in async functions and at the top level", node);
      for (const d of node['declarations'] as Es[]) checkAssignable(d['id'] as Es, out);
      return visitChildren(node, ctx, out);
    case 'CatchClause':
      checkAssignable(node['param'] as Es | null, out);
      return visitChildren(node, ctx, out);
    case 'ReturnStatement':
      if (!ctx.inFunction) error(out, "'return' outside of function", node);
      return visitChildren(node, ctx, out);
    case 'BreakStatement':
    case 'ContinueStatement':
      return checkJump(node, ctx, out);
    case 'LabeledStatement': return visitLabeled(node, ctx, out);
    case 'SwitchStatement': return visitChildren(node, { ...ctx, switches: ctx.switches + 1 }, out);
    case 'AwaitExpression':
      if (!ctx.awaitOk) error(out, "'await' is only allowed in async functions and at the top level", node);
      return visitChildren(node, ctx, out);
    case 'YieldExpression':
      if (!ctx.yieldOk) error(out, "'yield' is only allowed in generator functions", node);
      return visitChildren(node, ctx, out);
    case 'MetaProperty':
      if ((node['meta'] as Es)['name'] === 'new' && !ctx.newTargetOk) error(out, "'new.target' can only be used in functions and class static blocks", node);
      return;
    case 'ImportDeclaration':
      for (const s of node['specifiers'] as Es[]) {
        checkIdentifier(s['local'] as Es, ctx, out);
        checkAssignable(s['local'] as Es, out);
      }
      return;
    case 'WithStatement':
      error(out, "'with' in strict mode", node);
      return visitChildren(node, ctx, out);
    case 'ExportNamedDeclaration':
      return visitChildren(node, ctx, out, node['source'] ? ['specifiers', 'attributes'] : ['attributes']);
    case 'ExportSpecifier':
      return visitChildren(node, ctx, out, ['exported']);
    case 'ExportAllDeclaration':
      return;
    default:
      return visitDefault(node, ctx, out);
  }
}

/** A left-nested operator chain, walked in a loop (it may be thousands of terms long). */
function visitOperatorChain(node: Es, ctx: Context, out: Diagnostic[]): void {
  let n = node;
  while (n.type === 'BinaryExpression' || n.type === 'LogicalExpression') {
    visit(n['right'] as Es, ctx, out);
    const left = n['left'] as Es;
    if (left.type === 'PrivateIdentifier') return checkPrivate(left, ctx, out);
    n = left;
  }
  visit(n, ctx, out);
}

function visitDefault(node: Es, ctx: Context, out: Diagnostic[]): void {
  if (node.type === 'ForOfStatement' && node['await'] === true && !ctx.awaitOk) {
    error(out, "'for await' is only allowed in async functions and at the top level", node);
  }
  if (node.type === 'ForInStatement' || node.type === 'ForOfStatement') checkAssignable(node['left'] as Es, out);
  visitChildren(node, LOOPS.has(node.type) ? { ...ctx, loops: ctx.loops + 1 } : ctx, out);
}

function checkIdentifier(id: Es, ctx: Context, out: Diagnostic[]): void {
  const name = String(id['name']);
  if (RESERVED.has(name)) error(out, `The keyword '${name}' is reserved`, id);
  else if (name === 'arguments' && !ctx.argumentsOk) error(out, "Cannot use 'arguments' in a class field initializer or static block", id);
}

/** `eval` and `arguments` cannot be bound or assigned in strict code (acorn's wording for both). */
function checkAssignable(target: Es | null, out: Diagnostic[]): void {
  for (const id of boundIdentifiers(target)) {
    const name = id['name'];
    if (name === 'eval' || name === 'arguments') error(out, `Assigning to ${String(name)} in strict mode`, id);
  }
}

function visitFunction(fn: Es, ctx: Context, out: Diagnostic[], method: { superCall: boolean } | null): void {
  const inner = functionContext(fn, ctx, method);
  if (isNode(fn['id'])) {
    checkIdentifier(fn['id'], ctx, out);
    checkAssignable(fn['id'], out);
  }
  const params = fn['params'] as Es[];
  for (const p of params) {
    checkAssignable(p, out);
    visit(p, inner, out);
  }
  const body = fn['body'] as Es;
  const strictDirective = body.type === 'BlockStatement' &&
    (body['body'] as Es[]).some((s) => s['directive'] === 'use strict');
  if (strictDirective && !params.every((p) => p.type === 'Identifier')) {
    error(out, "Illegal 'use strict' directive in function with non-simple parameter list", fn);
  }
  visit(body, inner, out);
}

function visitProperty(node: Es, ctx: Context, out: Diagnostic[]): void {
  if (node['computed']) visit(node['key'] as Es, ctx, out);
  const value = node['value'] as Es;
  const isMethod = node['method'] === true || node['kind'] === 'get' || node['kind'] === 'set';
  if (isMethod) visitFunction(value, ctx, out, { superCall: false });
  else visit(value, ctx, out);
}

function visitMember(node: Es, ctx: Context, out: Diagnostic[]): void {
  const object = node['object'] as Es;
  if (object.type === 'Super' && !ctx.superPropertyOk) error(out, "'super' keyword outside a method", object);
  visit(object, ctx, out);
  const property = node['property'] as Es;
  if (node['computed']) visit(property, ctx, out);
  else if (property.type === 'PrivateIdentifier') checkPrivate(property, ctx, out);
}

function checkPrivate(id: Es, ctx: Context, out: Diagnostic[]): void {
  const name = String(id['name']);
  if (!ctx.privateNames.some((names) => names.has(name))) {
    error(out, `Private field '#${name}' must be declared in an enclosing class`, id);
  }
}

function visitClass(node: Es, ctx: Context, out: Diagnostic[]): void {
  if (isNode(node['id'])) {
    checkIdentifier(node['id'], ctx, out);
    checkAssignable(node['id'], out);
  }
  const superClass = node['superClass'] as Es | null;
  if (superClass) visit(superClass, ctx, out);
  const members = (node['body'] as Es)['body'] as Es[];
  const inner: Context = { ...ctx, privateNames: [...ctx.privateNames, privateNames(members, out)] };
  for (const m of members) {
    if (m['computed']) visit(m['key'] as Es, inner, out);
    if (m.type === 'MethodDefinition') {
      const superCall = m['kind'] === 'constructor' && superClass !== null;
      visitFunction(m['value'] as Es, inner, out, { superCall });
    } else if (m.type === 'PropertyDefinition' && isNode(m['value'])) {
      visit(m['value'], classInitContext(inner), out);
    } else if (m.type === 'StaticBlock') {
      visitChildren(m, classInitContext(inner), out);
    } else if (m.type !== 'PropertyDefinition') {
      visit(m, inner, out);
    }
  }
}

/** The private names a class body declares; a name may repeat only as a getter/setter pair. */
function privateNames(members: readonly Es[], out: Diagnostic[]): Set<string> {
  const seen = new Map<string, { isStatic: boolean; kind: string }>();
  for (const m of members) {
    const key = m['key'] as Es | undefined;
    if (key?.type !== 'PrivateIdentifier') continue;
    const name = String(key['name']);
    const entry = { isStatic: m['static'] === true, kind: String(m['kind'] ?? 'field') };
    const previous = seen.get(name);
    const accessorPair = previous !== undefined && previous.isStatic === entry.isStatic &&
      ((previous.kind === 'get' && entry.kind === 'set') || (previous.kind === 'set' && entry.kind === 'get'));
    if (previous !== undefined && !accessorPair) error(out, `Identifier '#${name}' has already been declared`, key);
    seen.set(name, accessorPair ? { ...entry, kind: 'pair' } : entry);
  }
  return new Set(seen.keys());
}

function checkJump(node: Es, ctx: Context, out: Diagnostic[]): void {
  const label = node['label'] as Es | null;
  const isBreak = node.type === 'BreakStatement';
  if (label) {
    const name = String(label['name']);
    const target = ctx.labels.find((l) => l.name === name);
    if (!target) error(out, `Undefined label '${name}'`, label);
    else if (!isBreak && !target.loop) error(out, `'continue' label '${name}' does not denote a loop`, label);
  } else if (ctx.loops === 0 && (!isBreak || ctx.switches === 0)) {
    error(out, `'${isBreak ? 'break' : 'continue'}' outside of ${isBreak ? 'a loop or switch' : 'a loop'}`, node);
  }
}

function visitLabeled(node: Es, ctx: Context, out: Diagnostic[]): void {
  const label = node['label'] as Es;
  const name = String(label['name']);
  checkIdentifier(label, ctx, out);
  if (ctx.labels.some((l) => l.name === name)) error(out, `Label '${name}' is already declared`, label);
  let body = node['body'] as Es;
  while (body.type === 'LabeledStatement') body = body['body'] as Es;
  const labels = [...ctx.labels, { name, loop: LOOPS.has(body.type) }];
  visit(node['body'] as Es, { ...ctx, labels }, out);
}
