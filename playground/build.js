#!/usr/bin/env node
// Builds the playground (playground/dist/): the page, its stylesheet and one ES module bundling
// the compiler from src/ for the browser with esbuild.
//
// The compiler's front end uses TypeScript's own compiler API (the copy ts-morph ships, loaded
// with createRequire), so the page parses exactly as the CLI does. The few Node modules the
// compiler imports get browser versions here, so the compiler's source stays as it is:
// - node:fs: the compiler reads templates/ and package.json (for the version); the bundle embeds
//   them and a small readFileSync serves them.
// - node:path: pathe (Node's posix path API for browsers; resolve() starts from '/').
// - node:module: see moduleShim below (TypeScript bundled, the ECMAScript lib.*.d.ts embedded,
//   rather than bundling ts-morph's file-system layer).
// TypeScript's own Node-only code paths (its `sys`, reached only when `process` exists) get empty
// modules for their `require("fs")` etc.
import { build } from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);

/** Files the compiler reads at run time, by their path from the package root. */
function embeddedFiles() {
  const files = { 'package.json': JSON.stringify({ version: JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')).version }) };
  for (const name of readdirSync(path.join(root, 'templates'))) files[`templates/${name}`] = readFileSync(path.join(root, 'templates', name), 'utf8');
  return files;
}

const fsShim = (files) => `
const files = ${JSON.stringify(files)};
export function readFileSync(url) {
  const href = String(url);
  const key = Object.keys(files).find((k) => href.endsWith('/' + k));
  if (key === undefined) throw new Error('the playground has no file ' + href);
  return files[key];
}
export default { readFileSync };
`;

/**
 * TypeScript's lib.*.d.ts as ts-morph ships them (strings inside @ts-morph/common): the ECMAScript
 * ones, everything lib.esnext.d.ts references (150 kB; the DOM's and web workers' add 2.7 MB
 * the compiler never reads).
 */
function libFiles() {
  const require = createRequire(import.meta.url);
  const all = new Map(require('@ts-morph/common').getLibFiles().map((f) => [f.fileName, f]));
  const wanted = new Map();
  const visit = (name) => {
    const file = all.get(name);
    if (!file || wanted.has(name)) return;
    wanted.set(name, file);
    for (const m of file.text.matchAll(/\/\/\/ <reference lib="([^"]+)"/g)) visit(`lib.${m[1].toLowerCase()}.d.ts`);
  };
  visit('lib.esnext.d.ts');
  return [...wanted.values()];
}

/**
 * node:module for the page: `builtinModules` (Node's own list, for the front end's message about
 * importing one) and a `createRequire` whose require serves what the front end loads with it:
 * TypeScript's compiler (bundled) and, for the type checker, @ts-morph/common's getLibFiles (the
 * declaration files embedded).
 */
const moduleShim = () => `
import typescript from '@ts-morph/common/dist/typescript.js';
const modules = {
  '@ts-morph/common/dist/typescript.js': typescript,
  '@ts-morph/common': { getLibFiles: () => ${JSON.stringify(libFiles())} },
};
export const builtinModules = ${JSON.stringify(builtinModules)};
export function createRequire() {
  const require = (id) => {
    if (id in modules) return modules[id];
    throw new Error('the playground cannot load ' + id);
  };
  require.resolve = (id) => id;
  return require;
}
export default { builtinModules, createRequire };
`;

const NODE_BUILTINS = new Set(['fs', 'path', 'os', 'crypto', 'perf_hooks', 'inspector', 'module', 'url', 'util', 'buffer', 'stream', 'events', 'child_process', 'worker_threads', 'source-map-support']);

const browserShims = {
  name: 'adgen-browser-shims',
  setup(b) {
    b.onResolve({ filter: /^node:fs$/ }, () => ({ path: 'fs', namespace: 'shim' }));
    b.onResolve({ filter: /^node:module$/ }, () => ({ path: 'module', namespace: 'shim' }));
    b.onResolve({ filter: /^(node:)?path$/ }, () => ({ path: createRequire(import.meta.url).resolve('pathe') }));
    b.onResolve({ filter: /^(node:)?[a-z_-]+$/ }, (args) => {
      const name = args.path.replace(/^node:/, '');
      return NODE_BUILTINS.has(name) ? { path: name, namespace: 'empty' } : undefined;
    });
    b.onLoad({ filter: /^fs$/, namespace: 'shim' }, () => ({ contents: fsShim(embeddedFiles()), loader: 'js' }));
    b.onLoad({ filter: /^module$/, namespace: 'shim' }, () => ({ contents: moduleShim(), resolveDir: root, loader: 'js' }));
    b.onLoad({ filter: /.*/, namespace: 'empty' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
  },
};

/** Build into `outdir`; resolves to the bundle's size in bytes and the build time. */
export async function buildPlayground({ outdir = path.join(here, 'dist'), minify = true } = {}) {
  const started = performance.now();
  mkdirSync(outdir, { recursive: true });
  const result = await build({
    entryPoints: [path.join(here, 'app.ts')],
    outfile: path.join(outdir, 'app.js'),
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    plugins: [browserShims],
  });
  for (const file of ['index.html', 'style.css']) copyFileSync(path.join(here, file), path.join(outdir, file));
  const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
  return { outdir, bytes, ms: performance.now() - started };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { outdir, bytes, ms } = await buildPlayground();
  console.log(`playground → ${path.relative(process.cwd(), outdir) || '.'}  ${(bytes / 1024).toFixed(0)} kB, ${Math.round(ms)} ms`);
}
