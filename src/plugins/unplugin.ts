/**
 * One bundler plugin for Vite, Rollup, esbuild, webpack and Rspack (unplugin adapts it to each).
 *
 * Three ways to import a compiled module:
 *   import { f_grad } from './f.grad.js'   the CLI's output name: typed by f.grad.d.ts, which the
 *                                          plugin writes beside the source (option `dts`)
 *   import { f_grad } from './f.ts?grad'   the same module, named by its source
 *   import { f_grad } from './f.ad.ts'     a file matching `include` is compiled in place
 * The first two resolve to the path `f.grad.js` beside the source whether or not that file
 * exists, so the module sits where the CLI would put it and imports in generated code resolve
 * the same. Each compile is the CLI's (build/compile-file.ts) with the CLI's configuration;
 * every file it read is added to the bundler's watch list, so Vite's HMR and watch modes
 * recompile when the source or anything it imports changes.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createUnplugin, type UnpluginBuildContext, type UnpluginContext } from 'unplugin';
import { compileFile } from '../build/compile-file.js';
import { bundlerError } from './errors.js';
import { resolveOptions, type AdgenPluginOptions, type ResolvedOptions } from './options.js';

export type { AdgenPluginOptions } from './options.js';

const QUERY = '?grad';
const SOURCE_EXTENSIONS = ['.ts', '.mts', '.cts', '.js', '.mjs', '.cjs'];

const stripQuery = (id: string) => id.replace(/[?#].*$/, '');

/** `dir/f.ts` → `dir/f.grad.js` (the CLI's default output). */
export const gradPath = (source: string) => source.replace(/\.(c|m)?(t|j)s$/, '') + '.grad.js';

/** The source of a `dir/f.grad.js` path: the first `dir/f.<ts|js…>` that exists. */
function sourceOf(gradFile: string): string | undefined {
  if (!gradFile.endsWith('.grad.js')) return undefined;
  const stem = gradFile.slice(0, -'.grad.js'.length);
  return SOURCE_EXTENSIONS.map((ext) => stem + ext).find((f) => existsSync(f));
}

function absolute(id: string, importer: string | undefined): string | undefined {
  if (path.isAbsolute(id)) return id;
  if (!id.startsWith('.') || !importer) return undefined;
  return path.resolve(path.dirname(stripQuery(importer)), id);
}

type Context = UnpluginBuildContext & UnpluginContext;

export const adgen = createUnplugin<AdgenPluginOptions | undefined>((given, meta) => {
  let resolved: Promise<ResolvedOptions> | undefined;
  const options = () => (resolved ??= resolveOptions(given));
  /** Compiled modules by their id, with the source each comes from. */
  const sources = new Map<string, string>();
  // Rollup and Vite show `frame` under the message; the others show the message alone.
  const frameInMessage = meta.framework !== 'rollup' && meta.framework !== 'vite';

  async function build(ctx: Context, id: string, source: string) {
    const o = await options();
    const r = await compileFile(source, { wrt: o.wrt, modes: o.modes, sourceName: path.basename(source), sourceMap: o.sourcemap } as Parameters<typeof compileFile>[1]);
    for (const file of r.inputs) ctx.addWatchFile(file);
    if (r.js === null || r.dts === null) throw bundlerError(source, r.source, r.errors, frameInMessage);
    for (const w of r.warnings) ctx.warn({ message: w.message, id: source });
    if (o.dts) writeIfChanged(gradPath(source).replace(/\.js$/, '.d.ts'), r.dts);
    // With a compiler that returns a source map, the bundler chains it to the user's lines.
    const map = (r as { map?: unknown }).map;
    return map && o.sourcemap ? { code: r.js, map: map as never } : { code: r.js };
  }

  return {
    name: 'adgen',
    enforce: 'pre',
    resolveId(id, importer) {
      const bare = id.endsWith(QUERY) ? id.slice(0, -QUERY.length) : id;
      const file = absolute(bare, importer);
      if (!file) return null;
      const source = id.endsWith(QUERY) ? (existsSync(file) ? file : undefined) : sourceOf(file);
      if (!source) return null;
      const target = gradPath(source);
      sources.set(target, source);
      return target;
    },
    loadInclude(id) {
      const file = stripQuery(id);
      return sources.has(file) || SOURCE_EXTENSIONS.includes(path.extname(file));
    },
    async load(id) {
      const file = stripQuery(id);
      const source = sources.get(file) ?? sourceOf(file) ?? ((await options()).included(file) ? file : undefined);
      if (!source) return null;
      try {
        return await build(this, id, source);
      } catch (error) {
        if (meta.framework !== 'esbuild' || !(error as { loc?: unknown }).loc) throw error;
        // esbuild takes located messages from the context (a thrown error would be located in this file).
        const e = error as Error & { loc: { file: string; line: number; column: number } };
        this.error({ message: e.message, id: source, loc: e.loc });
        return { code: '' };
      }
    },
  };
});

/** Write a file only when its text changes, so editors and watchers see no spurious events. */
function writeIfChanged(file: string, text: string): void {
  try {
    if (readFileSync(file, 'utf8') === text) return;
  } catch {
    // absent: write it
  }
  writeFileSync(file, text);
}
