/**
 * Redeclaration and export early errors over the converted ESTree, following acorn's scope
 * rules for module code (always strict):
 * - `let`/`const`/`class`/`import` bindings clash with anything else of the same name in their
 *   scope; `var` clashes with a lexical binding in any scope it hoists through (a simple catch
 *   parameter excepted);
 * - function declarations are var-like directly in a function body, lexical elsewhere
 *   (including the module top level);
 * - parameters are vars of the function scope and may not repeat;
 * - `export { x }` must name a top-level binding; an exported name may appear once.
 *
 * TypeScript reports these from its binder or checker; for a `.ts` file to give a program
 * exactly when its type-erased JavaScript parses, the converter checks them itself.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Es } from './parse-ts-context.js';

interface Scope {
  vars: Set<string>;
  lexical: Set<string>;
  /** A function body's scope: `var` stops here and function declarations are var-like. */
  functionScope: boolean;
  /** Any var scope (function, static block, module). */
  varScope: boolean;
  simpleCatch?: string;
}

interface State {
  out: Diagnostic[];
  stack: Scope[];
  exported: Set<string>;
  exportRefs: Es[];
}

function scope(flags: Partial<Scope> = {}): Scope {
  return { vars: new Set(), lexical: new Set(), functionScope: false, varScope: false, ...flags };
}

export function checkScopes(program: Es, out: Diagnostic[]): void {
  const top = scope({ varScope: true });
  const state: State = { out, stack: [top], exported: new Set(), exportRefs: [] };
  for (const s of program['body'] as Es[]) visit(state, s);
  for (const ref of state.exportRefs) {
    const name = String(ref['name']);
    if (!top.vars.has(name) && !top.lexical.has(name)) error(state, `Export '${name}' is not defined`, ref);
  }
}

function error(state: State, message: string, node: Es): void {
  state.out.push({ code: 'syntax', message, start: node.start, end: node.end });
}

function current(state: State): Scope {
  return state.stack[state.stack.length - 1]!;
}

function withScope(state: State, s: Scope, body: () => void): void {
  state.stack.push(s);
  body();
  state.stack.pop();
}

function redeclared(state: State, id: Es): void {
  error(state, `Identifier '${String(id['name'])}' has already been declared`, id);
}

function declareLexical(state: State, id: Es): void {
  const name = String(id['name']);
  const s = current(state);
  if (s.lexical.has(name) || s.vars.has(name)) redeclared(state, id);
  s.lexical.add(name);
}

function declareVar(state: State, id: Es): void {
  const name = String(id['name']);
  for (let i = state.stack.length - 1; i >= 0; i--) {
    const s = state.stack[i]!;
    if (s.lexical.has(name) && s.simpleCatch !== name) {
      redeclared(state, id);
      return;
    }
    s.vars.add(name);
    if (s.varScope) return;
  }
}

/** The identifiers a binding pattern declares. */
export function boundIdentifiers(pattern: Es | null, into: Es[] = []): Es[] {
  if (!pattern) return into;
  switch (pattern.type) {
    case 'Identifier': into.push(pattern); break;
    case 'ObjectPattern':
      for (const p of pattern['properties'] as Es[]) boundIdentifiers(p.type === 'RestElement' ? p : (p['value'] as Es), into);
      break;
    case 'ArrayPattern': for (const e of pattern['elements'] as (Es | null)[]) boundIdentifiers(e, into); break;
    case 'RestElement': boundIdentifiers(pattern['argument'] as Es, into); break;
    case 'AssignmentPattern': boundIdentifiers(pattern['left'] as Es, into); break;
    default: break;
  }
  return into;
}

function isNode(v: unknown): v is Es {
  return typeof v === 'object' && v !== null && typeof (v as { type?: unknown }).type === 'string';
}

function visitChildren(state: State, node: Es): void {
  for (const key in node) {
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (isNode(item)) visit(state, item);
    } else if (isNode(value)) {
      visit(state, value);
    }
  }
}

function visitAll(state: State, nodes: readonly (Es | null)[]): void {
  for (const n of nodes) if (n) visit(state, n);
}

function visit(state: State, node: Es): void {
  switch (node.type) {
    case 'FunctionDeclaration': {
      const id = node['id'] as Es | null;
      if (id) (current(state).functionScope ? declareVar : declareLexical)(state, id);
      return visitFunction(state, node);
    }
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      return visitFunction(state, node);
    case 'ClassDeclaration':
      if (node['id']) declareLexical(state, node['id'] as Es);
      return visitAll(state, [node['superClass'] as Es | null, node['body'] as Es]);
    case 'StaticBlock':
      return withScope(state, scope({ varScope: true }), () => visitAll(state, node['body'] as Es[]));
    case 'BlockStatement':
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement':
      return withScope(state, scope(), () => visitChildren(state, node));
    case 'SwitchStatement':
      visit(state, node['discriminant'] as Es);
      return withScope(state, scope(), () => visitAll(state, node['cases'] as Es[]));
    case 'CatchClause':
      return visitCatch(state, node);
    case 'VariableDeclaration':
      return visitVariables(state, node);
    case 'ImportDeclaration':
      for (const s of node['specifiers'] as Es[]) declareLexical(state, s['local'] as Es);
      return;
    case 'ExportNamedDeclaration':
    case 'ExportDefaultDeclaration':
    case 'ExportAllDeclaration':
      recordExports(state, node);
      if (isNode(node['declaration'])) visit(state, node['declaration']);
      return;
    case 'BinaryExpression':
    case 'LogicalExpression': {
      // A left-nested chain may be thousands of terms long: walk it in a loop.
      let n = node;
      for (; n.type === 'BinaryExpression' || n.type === 'LogicalExpression'; n = n['left'] as Es) visit(state, n['right'] as Es);
      return visit(state, n);
    }
    case 'AdgenUnsupported':
      // An enum or namespace binds its name (so `export { E }` is defined); TypeScript merges
      // repeated or mixed declarations of it, and the fence reports the construct anyway.
      if (isNode(node['id'])) current(state).lexical.add(String(node['id']['name']));
      return;
    default:
      return visitChildren(state, node);
  }
}

/** Parameters are vars of the function's own scope; the body block shares that scope. */
function visitFunction(state: State, fn: Es): void {
  withScope(state, scope({ varScope: true, functionScope: true }), () => {
    const seen = new Set<string>();
    for (const param of fn['params'] as Es[]) {
      for (const id of boundIdentifiers(param)) {
        const name = String(id['name']);
        if (seen.has(name)) error(state, 'Argument name clash', id);
        seen.add(name);
        declareVar(state, id);
      }
      visitChildren(state, param);
    }
    const body = fn['body'] as Es;
    if (body.type === 'BlockStatement') visitAll(state, body['body'] as Es[]);
    else visit(state, body);
  });
}

function visitCatch(state: State, clause: Es): void {
  const param = clause['param'] as Es | null;
  const simple = param?.type === 'Identifier' ? String(param['name']) : undefined;
  withScope(state, scope({ simpleCatch: simple }), () => {
    if (simple !== undefined) current(state).lexical.add(simple);
    else for (const id of boundIdentifiers(param)) declareLexical(state, id);
    if (param) visitChildren(state, param);
    visitAll(state, (clause['body'] as Es)['body'] as Es[]);
  });
}

function visitVariables(state: State, decl: Es): void {
  const declare = decl['kind'] === 'var' ? declareVar : declareLexical;
  for (const d of decl['declarations'] as Es[]) {
    for (const id of boundIdentifiers(d['id'] as Es)) declare(state, id);
    visitChildren(state, d);
  }
}

function recordExports(state: State, node: Es): void {
  const names: Es[] = [];
  if (node.type === 'ExportDefaultDeclaration') {
    names.push({ ...node, type: 'Identifier', name: 'default' } as Es);
  } else if (node.type === 'ExportAllDeclaration') {
    if (isNode(node['exported'])) names.push(node['exported']);
  } else {
    const declaration = node['declaration'] as Es | null;
    if (declaration?.type === 'VariableDeclaration') {
      for (const d of declaration['declarations'] as Es[]) names.push(...boundIdentifiers(d['id'] as Es));
    } else if (declaration && isNode(declaration['id'])) {
      names.push(declaration['id']);
    }
    for (const s of node['specifiers'] as Es[]) {
      names.push(s['exported'] as Es);
      const local = s['local'] as Es;
      if (!node['source'] && local.type === 'Identifier') state.exportRefs.push(local);
    }
  }
  for (const n of names) {
    const name = n.type === 'Literal' ? String(n['value']) : String(n['name']);
    if (state.exported.has(name)) error(state, `Duplicate export '${name}'`, n);
    state.exported.add(name);
  }
}
