/**
 * The linker: the loaded files (load.ts) → one program, as if the user had written one file.
 *
 * The entry file is taken whole (the fence sees all of it). Of every other file only what the
 * entry reaches is taken: the functions and constants it imports, and what those use in turn,
 * each once, after what it depends on (a constant's value is folded from the ones before it).
 * So an imported file may hold code adgen does not compile, as long as the entry does not reach
 * it (a package's other functions, its argument checks in functions never called).
 *
 * Names: the entry's own top-level names stay; a declaration of another file keeps its name
 * unless that is taken (then `name_2`, …). References are rebound by link-names.ts: an imported
 * name to the declaration behind it (through re-exports, `export *` and CommonJS), `g.norm` of a
 * namespace to `norm`, `sqrt` of `const { sqrt } = Math` to `Math.sqrt`.
 *
 * The entry's exports become one `export { … }` of functions; its default export (if any) is
 * named in `adgenDefault` on the program, for the code generator to re-export.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { Es } from './lower-context.js';
import { freeNames, renameReferences, type Replacement } from './link-names.js';
import { relinkRules } from './lower-custom.js';
import type { ModuleRecord } from './link-record.js';

export interface LinkFile {
  /** Absolute path (or the in-memory name of an entry given as text). */
  path: string;
  /** How diagnostics name the file. */
  name: string;
  source: string;
  /** Where the file's text starts in the linked program's offsets. */
  base: number;
  record: ModuleRecord;
  /** What each specifier of the file resolved to (`require:` prefixed for require calls). */
  resolved: Map<string, LinkFile>;
  /**
   * The error for each specifier that did not resolve, reported only when a name it imports is
   * used as a value: an import that only types use (`import { Options } from './types'` of a
   * declaration file) is erased like a type-only one.
   */
  unresolved: Map<string, Diagnostic>;
}

type Target = { file: LinkFile; local: string } | { namespace: LinkFile } | { alias: Replacement };

const specKey = (spec: string, require: boolean) => (require ? 'require:' + spec : spec);

class Linker {
  readonly globals = new Map<LinkFile, Map<string, string>>();
  readonly taken = new Set<string>();
  readonly emitted: Es[] = [];

  constructor(
    readonly entry: LinkFile,
    readonly diagnostics: Diagnostic[],
  ) {
    const own = new Map<string, string>();
    for (const name of entry.record.decls.keys()) {
      own.set(name, name);
      this.taken.add(name);
    }
    this.globals.set(entry, own);
  }

  /** The file a specifier of `file` names; reports the specifier's error if it has none. */
  source(file: LinkFile, spec: string, require = false): LinkFile | undefined {
    const key = specKey(spec, require);
    const found = file.resolved.get(key);
    const error = found ? undefined : file.unresolved.get(key);
    if (error && !this.reported.has(error)) {
      this.reported.add(error);
      this.diagnostics.push(error);
    }
    return found;
  }

  /** What `name`, as written in `file`, stands for (undefined: a global like Math, or unknown). */
  local(file: LinkFile, name: string, seen = new Set<string>()): Target | undefined {
    const r = file.record;
    if (r.decls.has(name)) return { file, local: name };
    const alias = r.aliases.get(name);
    if (alias) return { alias };
    const imp = r.imports.get(name);
    if (!imp) return undefined;
    const from = this.source(file, imp.spec, !!imp.require);
    if (!from) return undefined;
    if (imp.name === '*' && imp.require && from.record.exports.has('default')) return this.exported(from, 'default', seen);
    if (imp.name === '*') return { namespace: from };
    // Node's default import of CommonJS is `module.exports`: the exports object when nothing replaces it.
    if (imp.name === 'default' && from.record.commonJs && !from.record.exports.has('default')) return { namespace: from };
    const t = this.exported(from, imp.name, seen);
    if (!t) this.missingExport(imp.node, imp.spec, imp.name, from);
    return t;
  }

  readonly reported = new Set<unknown>();

  /** An import of a name the module does not export (once per import, where it is written). */
  missingExport(node: Es, spec: string, name: string, from: LinkFile): void {
    if (this.reported.has(node) || declaresType(from, name)) return;
    this.reported.add(node);
    const what = name === 'default' ? 'no default export' : `no export named ${name}`;
    this.diagnostics.push({ code: 'import', message: `'${spec}' (${from.name}) has ${what}`, start: node.start, end: node.end });
  }

  /** What `file` exports as `name`, through re-exports and `export *`. */
  exported(file: LinkFile, name: string, seen = new Set<string>()): Target | undefined {
    const key = `${file.path}#${name}`;
    if (seen.has(key)) return undefined; // a re-export cycle exports nothing
    seen.add(key);
    const b = file.record.exports.get(name);
    if (b && 'local' in b) return this.local(file, b.local, seen);
    if (b) {
      const from = this.source(file, b.spec);
      if (!from) return undefined;
      return b.name === '*' ? { namespace: from } : this.exported(from, b.name, seen);
    }
    if (name === 'default') return undefined;
    for (const star of file.record.stars) {
      const from = this.source(file, star.spec);
      const t = from && this.exported(from, name, seen);
      if (t) return t;
    }
    return undefined;
  }

  /** Every name `file` exports (`export *` followed), for `export *` in the entry. */
  exportNames(file: LinkFile, seen = new Set<LinkFile>()): string[] {
    if (seen.has(file)) return [];
    seen.add(file);
    const own = [...file.record.exports.keys()].filter((n) => n !== 'default');
    const starred = file.record.stars.flatMap((s) => {
      const from = this.source(file, s.spec);
      return from ? this.exportNames(from, seen) : [];
    });
    return [...new Set([...own, ...starred])];
  }

  replacement(t: Target): Replacement {
    if ('alias' in t) return t.alias;
    if ('namespace' in t) {
      const ns = t.namespace;
      return { kind: 'namespace', describe: `the module ${ns.name}`, members: (m) => this.maybe(this.exported(ns, m)) };
    }
    return { kind: 'name', name: this.global(t.file, t.local) };
  }

  maybe(t: Target | undefined): Replacement | undefined {
    return t && this.replacement(t);
  }

  /** The linked name of a top-level declaration; the first request emits the declaration. */
  global(file: LinkFile, local: string): string {
    let names = this.globals.get(file);
    if (!names) this.globals.set(file, (names = new Map()));
    const known = names.get(local);
    if (known) return known;
    let name = local;
    for (let k = 2; this.taken.has(name); k++) name = `${local}_${k}`;
    this.taken.add(name);
    names.set(local, name);
    this.emit(file, local, name);
    return name;
  }

  lookup(file: LinkFile): (name: string) => Replacement | undefined {
    return (name) => {
      const t = this.local(file, name);
      if (!t || (file === this.entry && 'local' in t && t.file === file)) return undefined;
      return this.replacement(t);
    };
  }

  /**
   * A custom derivative named in a function's JSDoc (`@vjp rule`, `@jvp rule`) is used by name,
   * not referenced in code: bring the rule in too, under its linked name.
   */
  docRules(file: LinkFile, fn: Es | null | undefined): void {
    const doc: string | undefined = fn?.adgenDoc;
    if (!doc) return;
    fn!.adgenDoc = doc.replace(/@(vjp|jvp)(\s+)([A-Za-z_$][\w$]*)/g, (text, kind: string, space: string, name: string) => {
      const t = this.local(file, name);
      if (!t || !('local' in t)) return text;
      return `@${kind}${space}${this.global(t.file, t.local)}`;
    });
  }

  /** The rules an import's JSDoc names (`@vjp name rule`, lower-custom.ts): emitted, under their linked names. */
  importRules(file: LinkFile, stmt: Es): void {
    if (!stmt.adgenDoc) return;
    stmt.adgenDoc = relinkRules(stmt.adgenDoc, true, (rule) => {
      const t = this.local(file, rule);
      return t && 'local' in t ? this.global(t.file, t.local) : undefined;
    });
  }

  /** The function nodes of a top-level statement (declarations and `const f = (…) => …`). */
  static functionsOf(stmt: Es): Es[] {
    const d = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    if (d?.type === 'FunctionDeclaration') return [d];
    if (d?.type !== 'VariableDeclaration') return [];
    return d.declarations.map((v: Es) => v.init).filter((init: Es | null) => init && /Function/.test(init.type));
  }

  rename(file: LinkFile, node: Es): Es {
    const misuse = (n: Es, message: string) => this.diagnostics.push({ code: 'import', message, start: n.start, end: n.end });
    return renameReferences(node, this.lookup(file), misuse);
  }

  /** Emits a declaration of another file under its linked name, after what it uses. */
  emit(file: LinkFile, local: string, name: string): void {
    const { node, stmt } = file.record.decls.get(local)!;
    const by = topLevelCode(file).get(local);
    const isFunction = node.type === 'FunctionDeclaration' || /Function/.test(node.init?.type ?? '');
    if (by && !isFunction) {
      const message = `${local} is changed by this top-level code of ${file.name}, which adgen does not run: it cannot be read as a constant`;
      this.diagnostics.push({ code: 'unsupported', message, start: by.start, end: by.end });
    }
    if (node.type === 'FunctionDeclaration') {
      node.id = { ...node.id, name };
      this.docRules(file, node);
      this.emitted.push(this.rename(file, node));
      return;
    }
    const decl: Es = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    node.id = { ...node.id, name };
    this.docRules(file, node.init);
    if (node.init) node.init = this.rename(file, node.init);
    this.emitted.push({ ...decl, start: node.start, end: node.end, declarations: [node] });
  }
}

/**
 * Does `file` declare `name` as a type? Types vanish in parsing, so `import { Vec }` of an
 * interface finds no export; that is an import of a type (it can only be used as one), not an error.
 */
function declaresType(file: LinkFile, name: string): boolean {
  return new RegExp(`\\b(?:interface|type)\\s+${name.replace(/\$/g, '\\$')}\\b`).test(file.source);
}

const DECLARATIONS = new Set(['FunctionDeclaration', 'VariableDeclaration', 'ExportNamedDeclaration', 'ImportDeclaration', 'EmptyStatement']);
const touched = new WeakMap<LinkFile, Map<string, Es>>();

/**
 * The names an imported file's top-level statements may change (`for (…) table.push(…)`, a
 * call of an initializing function), each with the statement: the linker takes declarations
 * only, so a declaration such code fills in must not be read as if it were complete. Names the
 * statements reach through the file's functions count too.
 */
function topLevelCode(file: LinkFile): Map<string, Es> {
  const known = touched.get(file);
  if (known) return known;
  const out = new Map<string, Es>();
  for (const s of file.record.body) {
    if (DECLARATIONS.has(s.type) || (s.type === 'ExpressionStatement' && s.directive)) continue;
    const pending = [...freeNames(s)];
    while (pending.length > 0) {
      const name = pending.pop()!;
      if (out.has(name)) continue;
      out.set(name, s);
      const d = file.record.decls.get(name)?.node;
      if (d?.type === 'FunctionDeclaration') pending.push(...freeNames(d));
    }
  }
  touched.set(file, out);
  return out;
}

/** Links `files` (the entry first) into one program over their texts laid end to end. */
export function link(files: readonly LinkFile[], diagnostics: Diagnostic[]): Es {
  const entry = files[0]!;
  const L = new Linker(entry, diagnostics);
  for (const s of entry.record.body) for (const fn of Linker.functionsOf(s)) L.docRules(entry, fn);
  const body = entry.record.body.map((s) => L.rename(entry, s));
  // `adgen/runtime` imports of other files: the names they bind are compiled in place too.
  // So do imports of package functions with rules (lower-custom.ts), whose rules come along.
  const runtime = files.slice(1).flatMap((f) => f.record.body.filter((s) => s.type === 'ImportDeclaration').map((s) => (L.importRules(f, s), s)));
  const { specifiers, defaultName } = entryExports(L, entry);
  const exportAll = specifiers.length > 0 ? [{ type: 'ExportNamedDeclaration', start: 0, end: 0, declaration: null, specifiers, source: null, attributes: [] }] : [];
  const end = files.reduce((n, f) => Math.max(n, f.base + f.source.length), 0);
  const program = { type: 'Program', start: 0, end, body: [...runtime, ...L.emitted, ...body, ...exportAll], sourceType: 'module' } as Es;
  return Object.assign(program, programNotes(files), defaultName ? { adgenDefault: defaultName } : {});
}

/**
 * The parser's notes on the files' programs, on the linked one: the entry's, and for a list
 * (e.g. type declarations) the entry's items followed by those of the imported files.
 */
function programNotes(files: readonly LinkFile[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of files) {
    for (const [key, value] of Object.entries(f.record.notes)) {
      if (Array.isArray(value)) out[key] = [...((out[key] as unknown[] | undefined) ?? []), ...value];
      else if (!(key in out) && f === files[0]) out[key] = value;
    }
  }
  return out;
}

/**
 * The entry's exports other than its `export function` / `export const` declarations: export
 * lists, re-exports, `export *` (its functions), CommonJS exports, and the default export.
 */
function entryExports(L: Linker, entry: LinkFile): { specifiers: Es[]; defaultName?: string } {
  const inPlace = new Set<string>();
  for (const s of entry.record.body) {
    if (s.type !== 'ExportNamedDeclaration' || !s.declaration) continue;
    const d = s.declaration;
    if (d.id) inPlace.add(d.id.name);
    for (const v of d.declarations ?? []) if (v.id.type === 'Identifier') inPlace.add(v.id.name);
  }
  const specifiers: Es[] = [];
  const out = new Map<string, string>(); // exported name → linked local
  const add = (exported: string, node: Es, t: Target | undefined) => {
    if (t && 'namespace' in t) {
      const message = `export ${exported}: a module cannot be exported as a value (export its functions by name)`;
      L.diagnostics.push({ code: 'unsupported', message, start: node.start, end: node.end });
    }
    if (!t || !('local' in t) || out.has(exported)) return;
    const local = L.global(t.file, t.local);
    out.set(exported, local);
    if (t.file === entry && inPlace.has(exported) && local === exported) return;
    const id = (name: string) => ({ type: 'Identifier', start: node.start, end: node.end, name });
    specifiers.push({ type: 'ExportSpecifier', start: node.start, end: node.end, local: id(local), exported: id(exported) });
  };
  for (const [name, b] of entry.record.exports) if (name !== 'default') add(name, b.node, L.exported(entry, name));
  for (const star of entry.record.stars) {
    const from = L.source(entry, star.spec);
    for (const name of from ? L.exportNames(from) : []) {
      const t = L.exported(from!, name);
      if (t && 'local' in t && t.file.record.decls.get(t.local)?.node.type === 'FunctionDeclaration') add(name, star.node, t);
    }
  }
  const def = entry.record.exports.get('default');
  const target = def && L.exported(entry, 'default');
  if (!def || !target || !('local' in target)) return { specifiers };
  const local = L.global(target.file, target.local);
  const already = [...out].find(([, l]) => l === local)?.[0];
  if (already) return { specifiers, defaultName: already };
  add(local, def.node, target);
  return { specifiers, defaultName: local };
}
