/**
 * Module resolution for the loader: which file an import or `require` names.
 *
 * TypeScript's own resolver does the work, with the module options of the nearest
 * tsconfig.json above the entry file (Bundler resolution when there is none, so `./geom`,
 * `./geom.js` and `./geom.ts` all find geom.ts), with two changes: JavaScript files count
 * (`allowJs`) and declaration files do not (`noDtsResolution`), since adgen compiles the code
 * that runs, not its types. A package is then resolved as Node would load it: its `exports` with
 * the `import` condition for an import and `require` for a `require()`, else `main`.
 */
import path from 'node:path';
import { ts } from './typescript.js';

export interface FileHost {
  /** The text of a file, or undefined when there is none. */
  readFile(path: string): string | undefined;
  /** Whether a folder exists (resolution skips missing node_modules folders); default: assume so. */
  directoryExists?(path: string): boolean;
  realpath?(path: string): string;
}

export type Resolver = (spec: string, fromFile: string, require: boolean) => string | undefined;

export function createResolver(entry: string, host: FileHost): { resolve: Resolver; compilerOptions: ts.CompilerOptions } {
  const exists = (p: string) => host.readFile(p) !== undefined;
  const config = nearestConfig(path.dirname(entry), host, exists);
  const options: ts.CompilerOptions = {
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    ...config,
    allowJs: true,
    noDtsResolution: true,
  };
  const resolutionHost: ts.ModuleResolutionHost = {
    fileExists: exists,
    readFile: (p) => host.readFile(p),
    directoryExists: host.directoryExists && ((p) => host.directoryExists!(p)),
    realpath: host.realpath && ((p) => host.realpath!(p)),
    getCurrentDirectory: () => path.dirname(entry),
  };
  const cache = ts.createModuleResolutionCache(path.dirname(entry), (f) => f, options);
  const resolve: Resolver = (spec, fromFile, require) => {
    const mode = require ? ts.ModuleKind.CommonJS : ts.ModuleKind.ESNext;
    return ts.resolveModuleName(spec, fromFile, options, resolutionHost, cache, undefined, mode).resolvedModule?.resolvedFileName;
  };
  return { resolve, compilerOptions: config ?? {} };
}

/** The compiler options of the nearest tsconfig.json at or above `dir` (undefined: none found). */
function nearestConfig(dir: string, host: FileHost, exists: (p: string) => boolean): ts.CompilerOptions | undefined {
  const file = ts.findConfigFile(dir, exists);
  if (!file) return undefined;
  const read = ts.readConfigFile(file, (p) => host.readFile(p));
  if (read.error) return undefined;
  const parseHost: ts.ParseConfigHost = { useCaseSensitiveFileNames: true, readDirectory: () => [], fileExists: exists, readFile: (p) => host.readFile(p) };
  return ts.parseJsonConfigFileContent(read.config, parseHost, path.dirname(file), undefined, file).options;
}
