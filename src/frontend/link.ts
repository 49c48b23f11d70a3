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
import { renameReferences, type Replacement } from './link-names.js';
import { externImport, relinkRules } from './lower-custom.js';
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

  /** What `name`, as written in `file`, stands for (undefined: a global like Math, or unknown). */
  local(file: LinkFile, name: string, seen = new Set<string>()): Target | undefined {
    const r = file.record;
    if (r.decls.has(name)) return { file, local: name };
    const alias = r.aliases.get(name);
    if (alias) return { alias };
    const imp = r.imports.get(name);
    if (!imp) return undefined;
    const from = file.resolved.get(specKey(imp.spec, !!imp.require));
    if (!from) return undefined;
    if (imp.name === '*' && imp.require && from.record.exports.has('default')) return this.exported(from, 'default', seen);
    return imp.name === '*' ? { namespace: from } : this.exported(from, imp.name, seen);
  }

  /** What `file` exports as `name`, through re-exports and `export *`. */
  exported(file: LinkFile, name: string, seen = new Set<string>()): Target | undefined {
    const key = `${file.path}#${name}`;
    if (seen.has(key)) return undefined; // a re-export cycle exports nothing
    seen.add(key);
    const b = file.record.exports.get(name);
    if (b && 'local' in b) return this.local(file, b.local, seen);
    if (b) {
      const from = file.resolved.get(specKey(b.spec, false));
      if (!from) return undefined;
      return b.name === '*' ? { namespace: from } : this.exported(from, b.name, seen);
    }
    if (name === 'default') return undefined;
    for (const star of file.record.stars) {
      const from = file.resolved.get(specKey(star.spec, false));
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
      const from = file.resolved.get(specKey(s.spec, false));
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

  rename(file: LinkFile, node: Es): Es {
    const misuse = (n: Es, message: string) => this.diagnostics.push({ code: 'import', message, start: n.start, end: n.end });
    return renameReferences(node, this.lookup(file), misuse);
  }

  /** A helper's (or an import's) derivative rules are named in its JSDoc, not called: emitted with it, under their linked names. */
  linkRules(file: LinkFile, node: Es | null | undefined, isImport = false): void {
    if (!node?.adgenDoc) return;
    node.adgenDoc = relinkRules(node.adgenDoc, isImport, (rule) => (file.record.decls.has(rule) ? this.global(file, rule) : undefined));
  }

  /** Emits a declaration of another file under its linked name, after what it uses. */
  emit(file: LinkFile, local: string, name: string): void {
    const { node, stmt } = file.record.decls.get(local)!;
    if (node.type === 'FunctionDeclaration') {
      node.id = { ...node.id, name };
      this.linkRules(file, node);
      this.emitted.push(this.rename(file, node));
      return;
    }
    this.linkRules(file, node.init);
    const decl: Es = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    node.id = { ...node.id, name };
    if (node.init) node.init = this.rename(file, node.init);
    this.emitted.push({ ...decl, start: node.start, end: node.end, declarations: [node] });
  }
}

/** Links `files` (the entry first) into one program over their texts laid end to end. */
export function link(files: readonly LinkFile[], diagnostics: Diagnostic[]): Es {
  const entry = files[0]!;
  const L = new Linker(entry, diagnostics);
  const body = entry.record.body.map((s) => L.rename(entry, s));
  // Imports of functions with rules (lower-custom.ts) stay imports, from whichever file.
  const externs = files.slice(1).flatMap((f) => f.record.body.filter((s) => s.type === 'ImportDeclaration' && externImport(s)).map((s) => (L.linkRules(f, s, true), s)));
  const { specifiers, defaultName } = entryExports(L, entry);
  const exportAll = specifiers.length > 0 ? [{ type: 'ExportNamedDeclaration', start: 0, end: 0, declaration: null, specifiers, source: null, attributes: [] }] : [];
  const end = files.reduce((n, f) => Math.max(n, f.base + f.source.length), 0);
  return { type: 'Program', start: 0, end, body: [...externs, ...L.emitted, ...body, ...exportAll], sourceType: 'module', adgenDefault: defaultName } as Es;
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
    if (!t || !('local' in t) || out.has(exported)) return;
    const local = L.global(t.file, t.local);
    out.set(exported, local);
    if (t.file === entry && inPlace.has(exported) && local === exported) return;
    const id = (name: string) => ({ type: 'Identifier', start: node.start, end: node.end, name });
    specifiers.push({ type: 'ExportSpecifier', start: node.start, end: node.end, local: id(local), exported: id(exported) });
  };
  for (const [name, b] of entry.record.exports) if (name !== 'default') add(name, b.node, L.exported(entry, name));
  for (const star of entry.record.stars) {
    const from = entry.resolved.get(specKey(star.spec, false));
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
