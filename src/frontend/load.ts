/**
 * Loading: the entry file and every file it imports, parsed, then linked into one program.
 *
 *   entry ─parse→ record (link-record.ts) ─resolve each import (resolve.ts)→ parse those, …
 *         ─link (link.ts)→ one program over the files' texts laid end to end
 *
 * The entry file's text comes first, at offset 0, so its offsets are the file's own; each
 * imported file follows at its `base`. A diagnostic past the entry's text belongs to the file
 * whose range holds it: `locate` gives it that file's name, text and own offsets.
 *
 * An entry without imports never touches the resolver or a tsconfig.json: it costs the parser
 * alone. Any loading error (a file not found, a syntax error in an imported file) stops before
 * the lowering, which would only report its follow-ons.
 */
import { builtinModules } from 'node:module';
import path from 'node:path';
import { ts } from './typescript.js';
import type * as acorn from 'acorn';
import type { Diagnostic } from '../diagnostics.js';
import type { Es } from './lower-context.js';
import { createTypeOracle, type TypeOracle } from './load-types.js';
import { link, type LinkFile } from './link.js';
import { moduleRecord } from './link-record.js';
import { languageOf, parseFile } from './parse.js';
import { createResolver, type FileHost, type Resolver } from './resolve.js';

export interface LoadOptions {
  /** Reads the files the entry imports (default: from disk); undefined means no such file. */
  readFile?: (path: string) => string | undefined;
}

export interface LoadedFile {
  path: string;
  name: string;
  source: string;
  base: number;
  /** Where the file was first imported: the specifier (linked offsets) in the importing file. */
  importedAt?: { importer: string; spec: string; start: number; end: number };
}

export interface Loaded {
  /** The linked program, or null when loading failed. */
  program: acorn.Program | null;
  /** The texts of all files, laid end to end (the linked program's offsets point into it). */
  source: string;
  files: LoadedFile[];
  /** In the linked program's offsets (see locate), except syntax errors, which name their file. */
  diagnostics: Diagnostic[];
  types: TypeOracle;
}

export function loadProgram(source: string, fileName: string, options: LoadOptions = {}): Loaded {
  const entryPath = path.resolve(fileName);
  const host = fileHost(options);
  const files: LinkFile[] = [];
  const diagnostics: Diagnostic[] = [];
  const byPath = new Map<string, LinkFile | null>();
  let resolver: Resolver | undefined;
  let compilerOptions = {};
  const importedAt = new Map<string, LoadedFile['importedAt']>();
  const add = (filePath: string, name: string, text: string, at?: { file: LinkFile; node: Es; spec: string }): LinkFile | null => {
    if (at) importedAt.set(filePath, { importer: at.file.path, spec: at.spec, start: at.node.start, end: at.node.end });
    const base = files.reduce((n, f) => n + f.source.length, 0);
    const parsed = parseFile(text, filePath);
    if (!parsed.program) {
      const own = { name, source: text };
      diagnostics.push(...parsed.diagnostics.map((d) => (at ? { ...d, file: own } : d)));
      return null;
    }
    if (base > 0) shift(parsed.program as unknown as Es, base);
    const file: LinkFile = { path: filePath, name, source: text, base, record: moduleRecord(parsed.program as unknown as Es), resolved: new Map(), unresolved: new Map() };
    files.push(file);
    return file;
  };
  const entry = add(entryPath, fileName, source);
  for (let i = 0; entry && i < files.length; i++) {
    const file = files[i]!;
    for (const { spec, node, require } of file.record.specs) {
      const key = require ? 'require:' + spec : spec;
      if (file.resolved.has(key) || file.unresolved.has(key)) continue;
      if (!resolver) ({ resolve: resolver, compilerOptions } = createResolver(entryPath, host));
      const target = resolver(spec, file.path, require);
      if (!target || !languageOf(target)) {
        file.unresolved.set(key, { code: 'import', message: missing(spec, target), start: node.start, end: node.end });
        continue;
      }
      if (!byPath.has(target)) byPath.set(target, add(target, displayName(target, fileName), host.readFile(target) ?? '', { file, node, spec }));
      const loaded = byPath.get(target);
      if (loaded) file.resolved.set(key, loaded);
    }
  }
  const all = files.map(({ path, name, source, base }): LoadedFile => ({ path, name, source, base, importedAt: importedAt.get(path) }));
  const types = createTypeOracle(all, { compilerOptions, readFile: host.readFile });
  const text = all.map((f) => f.source).join('');
  if (!entry || diagnostics.length > 0) return { program: null, source: text, files: all, diagnostics, types };
  const program = link(files, diagnostics) as unknown as acorn.Program;
  diagnostics.sort((a, b) => a.start - b.start || a.end - b.end); // found in reference order
  return { program: diagnostics.length > 0 ? null : program, source: text, files: all, diagnostics, types };
}

function missing(spec: string, target: string | undefined): string {
  if (target) return `cannot compile '${spec}': it resolves to ${path.basename(target)}, which is not a JavaScript or TypeScript source`;
  if (spec.startsWith('node:') || builtinModules.includes(spec)) return `'${spec}' is a Node.js built-in module: compiled code cannot use it (adgen compiles numeric code)`;
  const relative = spec.startsWith('.') || spec.startsWith('/');
  if (relative) return `cannot find '${spec}'`;
  const deep = spec.split('/').length > (spec.startsWith('@') ? 2 : 1);
  return `cannot find the JavaScript source of the package '${spec}' (is it installed${deep ? ', and does the package export that path' : ''}?)`;
}

const inPackage = (p: string) => p.split(/[\\/]/).includes('node_modules');

/**
 * For errors inside installed packages, one more at the import in the user's own file that
 * reached them: it names the package function and what to do instead (a custom derivative).
 * Diagnostics and the result are in linked offsets.
 */
export function packageNotes(diagnostics: readonly Diagnostic[], files: readonly LoadedFile[]): Diagnostic[] {
  const byPath = new Map(files.map((f) => [f.path, f]));
  const notes = new Map<string, Diagnostic>();
  for (const d of diagnostics) {
    let f = d.file ? files.find((g) => g.name === d.file!.name) : [...files].reverse().find((g) => g.base <= d.start);
    if (!f || !inPackage(f.path)) continue;
    while (f.importedAt && inPackage(byPath.get(f.importedAt.importer)?.path ?? '')) f = byPath.get(f.importedAt.importer)!;
    const at = f.importedAt;
    if (!at || notes.has(at.spec)) continue;
    const message = `'${at.spec}' cannot be compiled through: its source uses what adgen does not compile (see the errors in ${files.find((g) => g.path === f!.path)?.name ?? at.spec} and the files it imports). Give it a custom derivative instead: name its rule in the JSDoc of this import (@vjp name rule or @jvp name rule, README "Functions of a package adgen does not compile"), and the generated module calls the package`;
    notes.set(at.spec, { code: 'import', message, start: at.start, end: at.end });
  }
  return [...notes.values()];
}

/** Diagnostics past the entry's text → the file that holds them, with that file's own offsets. */
export function locate(diagnostics: readonly Diagnostic[], files: readonly LoadedFile[]): Diagnostic[] {
  if (files.length <= 1) return [...diagnostics];
  return diagnostics.map((d) => {
    if (d.file || d.start < files[0]!.source.length) return d;
    const f = [...files].reverse().find((g) => g.base <= d.start);
    if (!f || f.base === 0) return d;
    return { ...d, start: d.start - f.base, end: Math.max(d.start, d.end) - f.base, file: { name: f.name, source: f.source } };
  });
}

/** How an imported file is named in diagnostics: like the entry (relative stays relative). */
function displayName(file: string, entryName: string): string {
  if (path.isAbsolute(entryName)) return file;
  return path.relative(process.cwd(), file).split(path.sep).join('/');
}

/** The disk through TypeScript's own system layer (absent where there is no file system). */
function fileHost(options: LoadOptions): FileHost {
  if (options.readFile) return { readFile: options.readFile };
  const sys = ts.sys;
  const cache = new Map<string, string | undefined>();
  return {
    readFile: (p) => {
      if (!cache.has(p)) cache.set(p, sys?.fileExists(p) ? sys.readFile(p) : undefined);
      return cache.get(p);
    },
    directoryExists: (p) => sys?.directoryExists(p) ?? false,
    realpath: sys?.realpath && ((p) => sys.realpath!(p)),
  };
}

/** Moves every node of an imported file's tree to the file's place in the linked offsets. */
function shift(root: Es, base: number): void {
  const stack: unknown[] = [root];
  while (stack.length > 0) {
    const n = stack.pop();
    if (!n || typeof n !== 'object') continue;
    if (Array.isArray(n)) {
      stack.push(...n);
      continue;
    }
    const node = n as Es;
    if (typeof node.type !== 'string') continue;
    node.start += base;
    node.end += base;
    for (const key in node) if (key !== 'type' && !key.startsWith('adgen')) stack.push(node[key]);
  }
}
