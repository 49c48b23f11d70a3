/**
 * What one file declares, imports and exports, whatever module system it is written in: the
 * linker's view of a file (link.ts).
 *
 * ES modules (`import`/`export`, re-exports, `export default`) and CommonJS (`require`,
 * `module.exports = f`, `module.exports = { a, b }`, `exports.f = …`) come out in one form: the
 * top-level declarations by name, the imported names with the specifier they come from, the
 * exported names with the local name or specifier behind them. Along the way the file's
 * statements are normalized for the rest of the front end: `export default function mean` is
 * `export function mean` (and `mean` is the default export), a top-level `var`/`let` that
 * nothing reassigns is a `const`, `const { sqrt, PI } = Math` and `var floor = Math.floor` become
 * aliases of the Math members, and `exports.f = function (…) {…}` is a function declaration of `f`.
 */
import { assignedNames } from './lower-analysis.js';
import type { Es } from './lower-context.js';
import { externImport } from './lower-custom.js';
import { RUNTIME_MODULE } from './lower-derivatives.js';
import type { Replacement } from './link-names.js';

export interface ImportBinding {
  spec: string;
  /** The exported name it reads, `*` for the whole module (a namespace or CommonJS require). */
  name: string;
  node: Es;
  /** From `require()`: the whole module (`*`) is then `module.exports` when the file sets it, else the namespace. */
  require?: boolean;
}

export type ExportBinding = { local: string; node: Es } | { spec: string; name: string; node: Es };

export interface ModuleRecord {
  /** Top-level functions (declarations, or const arrows / function expressions) and constants. */
  decls: Map<string, { node: Es; stmt: Es }>;
  imports: Map<string, ImportBinding>;
  exports: Map<string, ExportBinding>;
  /** `export * from 'spec'`. */
  stars: { spec: string; node: Es }[];
  /** Names that stand for an expression (`const { sqrt } = Math`). */
  aliases: Map<string, Replacement>;
  /** The statements, normalized (imports and CommonJS plumbing removed). */
  body: Es[];
  /** Specifiers in order of appearance, with where each is written (for resolution errors). */
  specs: { spec: string; node: Es; require: boolean }[];
  /** What the parser noted on the whole program (`adgen…` fields, e.g. the file's type declarations). */
  notes: Record<string, unknown>;
  /** Written as CommonJS (sets `exports.…`): its default import is the whole exports object. */
  commonJs: boolean;
}

const isFunction = (e: Es | null | undefined): boolean => !!e && (e.type === 'FunctionExpression' || e.type === 'ArrowFunctionExpression');
const nameOf = (n: Es): string => n.name ?? String(n.value);

export function moduleRecord(program: Es): ModuleRecord {
  const notes = Object.fromEntries(Object.entries(program).filter(([key]) => key.startsWith('adgen')));
  const rec: ModuleRecord = { decls: new Map(), imports: new Map(), exports: new Map(), stars: [], aliases: new Map(), body: [], specs: [], notes, commonJs: false };
  const assigned = assignedNames(program);
  for (const stmt of program.body as Es[]) {
    const kept = statement(rec, stmt, assigned);
    if (kept) rec.body.push(kept);
  }
  for (const s of rec.body) declare(rec, s.type === 'ExportNamedDeclaration' && s.declaration ? s.declaration : s, s);
  return rec;
}

function declare(rec: ModuleRecord, decl: Es, stmt: Es): void {
  if (decl.type === 'FunctionDeclaration' && decl.id) rec.decls.set(decl.id.name, { node: decl, stmt });
  if (decl.type !== 'VariableDeclaration') return;
  for (const d of decl.declarations) if (d.id.type === 'Identifier') rec.decls.set(d.id.name, { node: d, stmt });
}

/** One top-level statement: recorded, and returned as it stays in the body (or null). */
function statement(rec: ModuleRecord, stmt: Es, assigned: Set<string>): Es | null {
  switch (stmt.type) {
    case 'ImportDeclaration':
      return importDeclaration(rec, stmt);
    case 'ExportAllDeclaration':
      addSpec(rec, stmt.source.value, stmt.source, false);
      if (stmt.exported) rec.exports.set(nameOf(stmt.exported), { spec: stmt.source.value, name: '*', node: stmt });
      else rec.stars.push({ spec: stmt.source.value, node: stmt });
      return null;
    case 'ExportNamedDeclaration':
      return exportNamed(rec, stmt, assigned);
    case 'ExportDefaultDeclaration':
      return exportDefault(rec, stmt);
    case 'VariableDeclaration':
      return variables(rec, stmt, assigned);
    case 'ExpressionStatement':
      return commonJsExport(rec, stmt) || compilerPlumbing(stmt.expression) ? null : stmt;
    default:
      return stmt;
  }
}

function addSpec(rec: ModuleRecord, spec: string, node: Es, require: boolean): void {
  rec.specs.push({ spec, node, require });
}

function importDeclaration(rec: ModuleRecord, stmt: Es): Es | null {
  const spec: string = stmt.source.value;
  // adgen/runtime's functions and functions with rules on their import are not loaded: the lowering calls them.
  if (spec === RUNTIME_MODULE || externImport(stmt)) return stmt;
  if (stmt.importKind === 'type' || stmt.specifiers.length === 0) return null; // type-only, or for effects
  addSpec(rec, spec, stmt.source, false);
  for (const s of stmt.specifiers) {
    const name = s.type === 'ImportDefaultSpecifier' ? 'default' : s.type === 'ImportNamespaceSpecifier' ? '*' : nameOf(s.imported);
    rec.imports.set(s.local.name, { spec, name, node: s });
  }
  return null;
}

function exportNamed(rec: ModuleRecord, stmt: Es, assigned: Set<string>): Es | null {
  if (stmt.declaration) {
    const decl = stmt.declaration.type === 'VariableDeclaration' ? variables(rec, stmt.declaration, assigned) : stmt.declaration;
    if (!decl) return null;
    for (const name of declaredNames(decl)) rec.exports.set(name, { local: name, node: stmt });
    return { ...stmt, declaration: decl };
  }
  const spec: string | undefined = stmt.source?.value;
  if (spec !== undefined) addSpec(rec, spec, stmt.source, false);
  for (const s of stmt.specifiers) {
    const exported = nameOf(s.exported);
    rec.exports.set(exported, spec === undefined ? { local: nameOf(s.local), node: s } : { spec, name: nameOf(s.local), node: s });
  }
  return null;
}

function declaredNames(decl: Es): string[] {
  if (decl.type === 'FunctionDeclaration') return decl.id ? [decl.id.name] : [];
  if (decl.type === 'VariableDeclaration') return decl.declarations.filter((d: Es) => d.id.type === 'Identifier').map((d: Es) => d.id.name);
  return [];
}

/** `export default function mean`, `export default mean`; anything else stays for the fence. */
function exportDefault(rec: ModuleRecord, stmt: Es): Es | null {
  const d = stmt.declaration;
  if (d.type === 'FunctionDeclaration' && d.id) {
    rec.exports.set('default', { local: d.id.name, node: stmt });
    rec.exports.set(d.id.name, { local: d.id.name, node: stmt });
    return { ...stmt, type: 'ExportNamedDeclaration', declaration: d, specifiers: [], source: null };
  }
  if (d.type === 'Identifier') {
    rec.exports.set('default', { local: d.name, node: d });
    return null;
  }
  return stmt;
}

/** `require('spec')`, as the init of a declaration or the object of a member read. */
function requireCall(e: Es | null | undefined): string | undefined {
  const call = e?.type === 'CallExpression' && e.callee.type === 'Identifier' && e.callee.name === 'require' && e.arguments.length === 1;
  return call && e!.arguments[0].type === 'Literal' && typeof e!.arguments[0].value === 'string' ? e!.arguments[0].value : undefined;
}

function variables(rec: ModuleRecord, decl: Es, assigned: Set<string>): Es | null {
  const kept = decl.declarations.filter(
    (d: Es) => !requireDeclarator(rec, d) && !mathDestructuring(rec, d) && !mathAlias(rec, d, assigned) && !constantObject(rec, d, assigned, decl.kind),
  );
  if (kept.length === 0) return null;
  // A top-level var/let nothing reassigns is a constant (published code writes `var TINY = 1e-300`).
  const names = kept.flatMap((d: Es) => (d.id.type === 'Identifier' ? [d.id.name] : []));
  const constant = decl.kind !== 'const' && kept.every((d: Es) => d.init) && names.every((n: string) => !assigned.has(n));
  return { ...decl, declarations: kept, kind: constant ? 'const' : decl.kind };
}

/** `var g = require('./g')`, `const { a, b: c } = require('./g')`, `var f = require('./g').f`. */
function requireDeclarator(rec: ModuleRecord, d: Es): boolean {
  const direct = requireCall(d.init);
  const member = d.init?.type === 'MemberExpression' && !d.init.computed ? requireCall(d.init.object) : undefined;
  const spec = direct ?? member;
  if (spec === undefined) return false;
  addSpec(rec, spec, (direct ? d.init : d.init.object).arguments[0], true);
  if (member !== undefined && d.id.type === 'Identifier') {
    rec.imports.set(d.id.name, { spec, name: d.init.property.name, node: d, require: true });
  } else if (d.id.type === 'Identifier') {
    rec.imports.set(d.id.name, { spec, name: '*', node: d, require: true });
  } else if (d.id.type === 'ObjectPattern' && d.id.properties.every((p: Es) => p.type === 'Property' && !p.computed && p.value.type === 'Identifier')) {
    for (const p of d.id.properties) rec.imports.set(p.value.name, { spec, name: nameOf(p.key), node: p, require: true });
  } else {
    return false;
  }
  return true;
}

/** `const { sqrt, PI: pi } = Math`: each name stands for the Math member it reads. */
function mathDestructuring(rec: ModuleRecord, d: Es): boolean {
  if (d.id.type !== 'ObjectPattern' || d.init?.type !== 'Identifier' || d.init.name !== 'Math') return false;
  if (!d.id.properties.every((p: Es) => p.type === 'Property' && !p.computed && p.value.type === 'Identifier')) return false;
  for (const p of d.id.properties) {
    const member = nameOf(p.key);
    rec.aliases.set(p.value.name, { kind: 'expr', make: (at) => mathMember(member, at) });
  }
  return true;
}

/**
 * `const P = { g: 9.81, mode: 'fast' }` (never reassigned): an object of number, boolean and
 * string literals is a table of constants, `P.g` reads `9.81` where it is written. The object
 * itself is not a value (only its members are read).
 */
function constantObject(rec: ModuleRecord, d: Es, assigned: Set<string>, kind: string): boolean {
  if (d.id.type !== 'Identifier' || d.init?.type !== 'ObjectExpression' || (kind !== 'const' && assigned.has(d.id.name))) return false;
  const table = objectTable(d.init, `the constant object ${d.id.name}`);
  if (table) rec.aliases.set(d.id.name, table);
  return !!table;
}

/** An object of literals (nested objects too) as a namespace of its members. */
function objectTable(e: Es, describe: string): Replacement | undefined {
  const members = new Map<string, Replacement>();
  for (const p of e.properties) {
    if (p.type !== 'Property' || p.computed || p.kind !== 'init' || p.method) return undefined;
    const key = nameOf(p.key);
    const v: Es = p.value;
    const member = v.type === 'ObjectExpression' ? objectTable(v, `${describe}.${key}`) : isLiteralValue(v) ? literal(v) : undefined;
    if (!member) return undefined;
    members.set(key, member);
  }
  return { kind: 'namespace', describe, members: (m) => members.get(m) };
}

const literal = (v: Es): Replacement => ({ kind: 'expr', make: (at) => ({ ...structuredClone(v), start: at.start, end: at.end }) });

/** A number, boolean or string literal, or a negated number. */
function isLiteralValue(v: Es): boolean {
  if (v.type === 'UnaryExpression' && v.operator === '-') return v.argument.type === 'Literal' && typeof v.argument.value === 'number';
  return v.type === 'Literal' && ['number', 'boolean', 'string'].includes(typeof v.value) && !v.regex;
}

/** `var floor = Math.floor` (never reassigned): `floor` stands for `Math.floor`. */
function mathAlias(rec: ModuleRecord, d: Es, assigned: Set<string>): boolean {
  const e = d.init;
  const member = e?.type === 'MemberExpression' && !e.computed && e.object.type === 'Identifier' && e.object.name === 'Math';
  if (!member || d.id.type !== 'Identifier' || assigned.has(d.id.name)) return false;
  const name: string = e.property.name;
  rec.aliases.set(d.id.name, { kind: 'expr', make: (at) => mathMember(name, at) });
  return true;
}

function mathMember(name: string, at: Es): Es {
  const id = (n: string) => ({ type: 'Identifier', start: at.start, end: at.end, name: n });
  return { type: 'MemberExpression', start: at.start, end: at.end, object: id('Math'), property: id(name), computed: false, optional: false } as Es;
}

/**
 * `module.exports = f`, `module.exports = { a, b: c }`, `module.exports.f = …`, `exports.f = …`.
 * A function expression assigned is declared under the exported name.
 */
function commonJsExport(rec: ModuleRecord, stmt: Es): boolean {
  const e = stmt.expression;
  if (e.type !== 'AssignmentExpression' || e.operator !== '=' || e.left.type !== 'MemberExpression' || e.left.computed) return false;
  const left = e.left;
  const whole = isModuleExports(left);
  const named = isModuleExports(left.object) || (left.object.type === 'Identifier' && left.object.name === 'exports');
  if (!whole && !named) return false;
  if (whole && e.right.type === 'ObjectExpression') {
    if (!e.right.properties.every((p: Es) => p.type === 'Property' && !p.computed && p.value.type === 'Identifier')) return false;
    for (const p of e.right.properties) rec.exports.set(nameOf(p.key), { local: p.value.name, node: p });
    rec.commonJs = true;
    return true;
  }
  rec.commonJs = true;
  const exported = whole ? 'default' : left.property.name;
  const local = exportedValue(rec, e.right, whole ? undefined : exported);
  if (!local) return false;
  rec.exports.set(exported, { local, node: e.right });
  return true;
}

/**
 * What tsc and Babel put in front of CommonJS output, no-ops here: the `__esModule` marker
 * (`Object.defineProperty(exports, "__esModule", { value: true })`) and the export
 * placeholders (`exports.f = exports.g = void 0`).
 */
function compilerPlumbing(e: Es): boolean {
  const isExports = (x: Es) => (x.type === 'Identifier' && x.name === 'exports') || isModuleExports(x);
  if (e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && e.callee.object.name === 'Object' && e.callee.property.name === 'defineProperty') {
    return e.arguments.length === 3 && isExports(e.arguments[0]) && e.arguments[1].value === '__esModule';
  }
  let x = e;
  while (x.type === 'AssignmentExpression' && x.operator === '=' && x.left.type === 'MemberExpression' && isExports(x.left.object)) x = x.right;
  return x !== e && x.type === 'UnaryExpression' && x.operator === 'void';
}

const isModuleExports = (e: Es): boolean =>
  e.type === 'MemberExpression' && !e.computed && e.object.type === 'Identifier' && e.object.name === 'module' && e.property.name === 'exports';

/**
 * The local name behind an exported value: an identifier, a function declared for it, or (for
 * `exports.K = 2`) a constant declared for it.
 */
function exportedValue(rec: ModuleRecord, value: Es, name: string | undefined): string | undefined {
  if (value.type === 'Identifier') return value.name;
  if (!isFunction(value)) {
    if (!name || value.type === 'UnaryExpression' && value.operator === 'void') return undefined;
    const id = { type: 'Identifier', start: value.start, end: value.start, name };
    const declarator = { type: 'VariableDeclarator', start: value.start, end: value.end, id, init: value };
    rec.body.push({ type: 'VariableDeclaration', start: value.start, end: value.end, kind: 'const', declarations: [declarator] });
    return name;
  }
  const local = name ?? value.id?.name;
  if (!local) return undefined;
  const body = value.body.type === 'BlockStatement' ? value.body : { type: 'BlockStatement', start: value.body.start, end: value.body.end, body: [{ type: 'ReturnStatement', start: value.body.start, end: value.body.end, argument: value.body }] };
  const id = { type: 'Identifier', start: value.start, end: value.start, name: local };
  rec.body.push({ ...value, type: 'FunctionDeclaration', id, body, expression: false });
  return local;
}
