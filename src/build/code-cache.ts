/**
 * V8's code cache for the TypeScript compiler bundle, so a command-line compile does not parse
 * and compile ~9 MB of JavaScript at every start (about 190 ms of a single-file compile, ~50 ms
 * from the cache). The `adgen` command enables it (bin/adgen.js) before loading the compiler;
 * ADGEN_NO_CODE_CACHE=1 turns it off.
 *
 * Node 22 has this built in (`module.enableCompileCache()`), and it is used where present. On
 * Node 20 the CommonJS loader's compile step is wrapped for that one file: it is compiled with
 * the cached data when there is some, and at exit the code V8 compiled during the run (the
 * functions the compile actually used) is written back for the next run. The cache lives in the
 * OS temporary folder, keyed by Node's version and the bundle's path, size and mtime; any failure
 * (no cache yet, unwritable folder, data V8 rejects) just compiles as usual.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import path from 'node:path';
import vm from 'node:vm';

const BUNDLE = /[\\/]@ts-morph[\\/]common[\\/]dist[\\/](typescript|ts-morph-common)\.js$/;

let enabled = false;

export function enableCodeCache(): void {
  if (enabled || process.env.ADGEN_NO_CODE_CACHE) return;
  enabled = true;
  const builtIn = (Module as unknown as { enableCompileCache?: () => unknown }).enableCompileCache;
  if (builtIn) {
    builtIn();
    return;
  }
  type Compile = (this: NodeModule, content: string, filename: string) => unknown;
  const proto = (Module as unknown as { prototype: { _compile: Compile } }).prototype;
  const original = proto._compile;
  proto._compile = function (content, filename) {
    if (!BUNDLE.test(filename)) return original.call(this, content, filename);
    try {
      return compileCached(this, content, filename);
    } catch {
      return original.call(this, content, filename);
    }
  };
}

function compileCached(module: NodeModule, content: string, filename: string): unknown {
  const stat = statSync(filename);
  const key = createHash('sha1').update(`${process.version}\0${filename}\0${stat.size}\0${stat.mtimeMs}`).digest('hex').slice(0, 16);
  const file = path.join(tmpdir(), `adgen-code-cache-${process.getuid?.() ?? 'user'}`, `${key}.bin`);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(content), { filename, cachedData });
  if (!cachedData || script.cachedDataRejected) process.once('exit', () => save(file, script));
  const wrapper = script.runInThisContext() as (...args: unknown[]) => unknown;
  return wrapper.call(module.exports, module.exports, createRequire(filename), module, filename, path.dirname(filename));
}

function save(file: string, script: vm.Script): void {
  try {
    mkdirSync(path.dirname(file), { recursive: true });
    const temp = `${file}.${process.pid}`;
    writeFileSync(temp, script.createCachedData());
    // rename is atomic: a concurrent run reads the old cache or the new one, never half of one.
    renameSync(temp, file);
  } catch {
    // No cache this time; the next run compiles as usual.
  }
}
