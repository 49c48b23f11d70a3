/**
 * The bundler plugins' options: what the plugin call names, over the project's adgen
 * configuration (the same `adgen` field of package.json or adgen.config.* the CLI reads, found
 * from `root` upwards). Options given to the plugin win, as flags win on the command line.
 */
import path from 'node:path';
import picomatch from 'picomatch';
import { loadConfig, parseModes } from '../cli/options.js';
import type { Mode } from '../version.js';

export interface AdgenPluginOptions {
  /**
   * Files compiled when imported by their own name (globs, relative to `root`, e.g.
   * `src/**\/*.ad.ts`). Default: the configuration's `include`, else none (then only
   * `./f.ts?grad` and `./f.grad.js` imports are compiled).
   */
  include?: string | string[];
  /** Differentiate only with respect to these parameters (the CLI's --wrt). */
  wrt?: string[];
  /** Entry points to emit (the CLI's --modes). */
  modes?: Mode[];
  /**
   * Write `f.grad.d.ts` beside each compiled source (default true), so that TypeScript and the
   * editor type `import … from './f.grad.js'` exactly as the CLI's output would.
   */
  dts?: boolean;
  /** Hand the bundler the source map of each generated module (default: the configuration's `sourcemap`, else true). */
  sourcemap?: boolean;
  /** Where the configuration search starts and relative globs are rooted (default: process.cwd()). */
  root?: string;
  /** A configuration file to read instead of searching; false reads none. */
  config?: string | false;
}

export interface ResolvedOptions {
  root: string;
  wrt?: string[];
  modes?: Mode[];
  dts: boolean;
  sourcemap: boolean;
  /** Whether an absolute path (posix separators) is one of the `include` files. */
  included: (file: string) => boolean;
}

const toPosix = (p: string) => p.split(path.sep).join('/');

export async function resolveOptions(options: AdgenPluginOptions = {}): Promise<ResolvedOptions> {
  const root = path.resolve(options.root ?? process.cwd());
  const config = options.config === false ? { dir: root } : await loadConfig(root, options.config);
  const given = options.include === undefined ? undefined : ([] as string[]).concat(options.include);
  const base = given ? root : config.dir;
  const patterns = (given ?? config.include ?? []).map((p) => (p.startsWith('**') || path.isAbsolute(p) ? toPosix(p) : toPosix(path.join(base, p))));
  const match = patterns.length ? picomatch(patterns, { dot: true }) : () => false;
  const modes = options.modes ?? (config.modes && parseModes(config.modes));
  return {
    root,
    wrt: options.wrt ?? config.wrt,
    modes,
    dts: options.dts ?? true,
    sourcemap: options.sourcemap ?? config.sourcemap ?? true,
    included: (file) => match(toPosix(file)),
  };
}
