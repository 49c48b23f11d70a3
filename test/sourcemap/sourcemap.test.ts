/**
 * Source maps, checked by resolving positions through them (@jridgewell/trace-mapping, what
 * Node, Vite and Vitest use): statements of the derivative code land on the source line of the
 * op they differentiate, a thrown error's stack maps back to the user's line (in-process and
 * with `node --enable-source-maps` over the files the CLI writes), the map is deterministic, and
 * turning it off changes nothing in the module.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { eachMapping, originalPositionFor, TraceMap } from '@jridgewell/trace-mapping';
import { describe, expect, it } from 'vitest';
import { compile, type SourceMap } from '../../src/compile.js';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/adgen.js');

// One op per line, so each derivative statement has exactly one right answer.
const SOURCE = `export function g(x: number, y: number): number {
  const a = Math.sin(x);
  const b = a * y + 1;
  return Math.log(b * b);
}

export function s(x: Float64Array): number {
  let t = 0;
  for (let i = 0; i < x.length; i++) {
    t += Math.exp(x[i]) * x[i];
  }
  return t;
}
`;
const lineOf = (needle: string) => SOURCE.split('\n').findIndex((l) => l.includes(needle)) + 1;

function compiled(): { js: string; map: SourceMap } {
  const r = compile(SOURCE, { fileName: 'g.ts' });
  expect(r.diagnostics).toEqual([]);
  expect(r.map).toBeDefined();
  return { js: r.js!, map: r.map! };
}

/** The text of generated function `name` and the 1-based line it starts on. */
function functionText(js: string, name: string): { lines: string[]; first: number } {
  const all = js.split('\n');
  const first = all.findIndex((l) => new RegExp(`^(export )?function ${name}\\(`).test(l));
  expect(first, `function ${name} in the module`).toBeGreaterThanOrEqual(0);
  const end = all.findIndex((l, i) => i > first && l === '}');
  return { lines: all.slice(first, end + 1), first: first + 1 };
}

/** The source line the generated text `needle` (inside function `fn`) maps to, for every occurrence. */
function sourceLinesOf(js: string, map: SourceMap, fn: string, needle: string): number[] {
  const trace = new TraceMap(map as never);
  const { lines, first } = functionText(js, fn);
  const found: number[] = [];
  lines.forEach((text, i) => {
    for (let col = text.indexOf(needle); col >= 0; col = text.indexOf(needle, col + 1)) {
      const pos = originalPositionFor(trace, { line: first + i, column: col });
      found.push(pos.line ?? -1);
    }
  });
  expect(found.length, `${needle} in ${fn}`).toBeGreaterThan(0);
  return found;
}

describe('source maps', () => {
  it('map the reverse sweep of g_grad_core to the ops it differentiates', () => {
    const { js, map } = compiled();
    expect(map.sources).toEqual(['g.ts']);
    expect(map.sourcesContent).toEqual([SOURCE]);
    // d sin x = cos x: from the line of Math.sin; d log u = 1/u: from the line of Math.log.
    expect(new Set(sourceLinesOf(js, map, 'g_grad_core', 'Math.cos('))).toEqual(new Set([lineOf('Math.sin')]));
    expect(new Set(sourceLinesOf(js, map, 'g_grad_core', '1 / '))).toEqual(new Set([lineOf('Math.log')]));
    // The primal statements map to their own lines, in the primal and in every core.
    for (const fn of ['g', 'g_grad_core', 'g_jvp_core', 'g_hvp_core', 'g_hessian_core']) {
      expect(new Set(sourceLinesOf(js, map, fn, 'Math.sin('))).toEqual(new Set([lineOf('Math.sin')]));
    }
  });

  it('map a reversed loop to the loop body in the source', () => {
    const { js, map } = compiled();
    const { lines } = functionText(js, 's_grad_core');
    // The reverse sweep runs the loop backwards; its statements still land on the body's line.
    expect(lines.some((l) => /for \(let \w+ = \w+; \w+ > -1; \w+--\)/.test(l))).toBe(true);
    expect(new Set(sourceLinesOf(js, map, 's_grad_core', 'Math.exp('))).toEqual(new Set([lineOf('Math.exp')]));
    // Wrappers stand for the whole function: its declaration.
    expect(new Set(sourceLinesOf(js, map, 's_grad', 's_grad_core('))).toEqual(new Set([lineOf('function s(')]));
  });

  it('leave no statement of the cores unmapped', () => {
    const { js, map } = compiled();
    const trace = new TraceMap(map as never);
    for (const fn of ['g', 'g_grad_core', 'g_jvp_core', 'g_hvp_core', 'g_hessian_core', 's', 's_grad_core', 's_jvp_core']) {
      const { lines, first } = functionText(js, fn);
      lines.forEach((text, i) => {
        const code = text.trim();
        // A return (and a result register) reads results, which have no place of their own.
        if (code === '}' || code.startsWith('return ') || /^\w+_r\d+ = /.test(code)) return;
        const pos = originalPositionFor(trace, { line: first + i, column: text.length - 1 });
        expect(pos.line, `${fn}: ${code}`).not.toBeNull();
      });
    }
  });

  it('only point at real positions of the source', () => {
    const { js, map } = compiled();
    const source = SOURCE.split('\n');
    const generated = js.split('\n');
    let count = 0;
    eachMapping(new TraceMap(map as never), (m) => {
      count++;
      expect(m.originalLine).toBeGreaterThanOrEqual(1);
      expect(m.originalColumn!).toBeLessThanOrEqual(source[m.originalLine! - 1].length);
      expect(m.generatedColumn).toBeLessThanOrEqual(generated[m.generatedLine - 1].length);
    });
    expect(count).toBeGreaterThan(50);
  });

  it('map a thrown error back to the user line (trace-mapping on the stack)', async () => {
    const { js, map } = compiled();
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-map-'));
    const file = path.join(dir, 'g.grad.js');
    writeFileSync(file, js);
    const mod = await import(pathToFileURL(file).href);
    const bad = { valueOf: () => { throw new Error('not a number'); } };
    let stack = '';
    try {
      mod.g_grad(bad, 2);
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    const frame = new RegExp(`at g_grad_core \\(${file.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}:(\\d+):(\\d+)\\)`).exec(stack);
    expect(frame, stack).not.toBeNull();
    const pos = originalPositionFor(new TraceMap(map as never), { line: Number(frame![1]), column: Number(frame![2]) - 1 });
    expect(pos).toMatchObject({ source: 'g.ts', line: lineOf('Math.sin') });
  });

  it('node --enable-source-maps prints user lines for the files the CLI writes, in both sweeps', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-map-'));
    writeFileSync(path.join(dir, 'g.ts'), SOURCE);
    const build = spawnSync(process.execPath, [bin, 'g.ts', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'g.grad.js'), 'utf8')).toMatch(/\n\/\/# sourceMappingURL=g\.grad\.js\.map\n$/);
    // Throw from the last element read: with the array's values re-read backwards, that is the reverse sweep.
    writeFileSync(
      path.join(dir, 'run.mjs'),
      `import { s_grad } from './g.grad.js';
let reads = 0, limit = Infinity;
const x = new Proxy(new Float64Array([0.5, 1, 2]), {
  get(t, k) { if (typeof k === 'string' && /^\\d+$/.test(k) && ++reads >= limit) throw new Error('boom'); const v = Reflect.get(t, k); return typeof v === 'function' ? v.bind(t) : v; },
});
s_grad(x);
limit = reads; reads = 0;
try { s_grad(x); } catch (e) { console.log(e.stack); }
`,
    );
    const run = spawnSync(process.execPath, ['--enable-source-maps', 'run.mjs'], { cwd: dir, encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.stdout).toContain('Error: boom');
    expect(run.stdout).toMatch(new RegExp(`at s_grad_core \\(.*g\\.ts:${lineOf('Math.exp')}:\\d+\\)`));
    expect(run.stdout).toMatch(new RegExp(`at s_grad \\(.*g\\.ts:${lineOf('function s(')}:\\d+\\)`));
  });

  it('name imported files and map their ops into them', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-map-'));
    const lib = 'export function sq(t: number): number {\n  return Math.exp(t) * t;\n}\n';
    const main = "import { sq } from './lib/sq.ts';\n\nexport function m(x: number): number {\n  return sq(Math.sin(x));\n}\n";
    const files: Record<string, string> = { [path.join(dir, 'src/lib/sq.ts')]: lib };
    const r = compile(main, { fileName: path.join(dir, 'src/m.ts'), sourceName: '../src/m.ts', readFile: (p) => files[p] });
    expect(r.diagnostics).toEqual([]);
    expect(r.map!.sources).toEqual(['../src/m.ts', '../src/lib/sq.ts']);
    expect(r.map!.sourcesContent).toEqual([main, lib]);
    const trace = new TraceMap(r.map as never);
    const { lines, first } = functionText(r.js!, 'm_grad_core');
    const at = (needle: string) => {
      const i = lines.findIndex((l) => l.includes(needle));
      expect(i, needle).toBeGreaterThanOrEqual(0);
      return originalPositionFor(trace, { line: first + i, column: lines[i].indexOf(needle) });
    };
    expect(at('Math.exp(')).toMatchObject({ source: '../src/lib/sq.ts', line: 2 });
    expect(at('Math.cos(')).toMatchObject({ source: '../src/m.ts', line: 4 });
  });

  it('are deterministic and leave the module unchanged when turned off', () => {
    const a = compile(SOURCE, { fileName: 'g.ts' });
    const b = compile(SOURCE, { fileName: 'g.ts' });
    expect(JSON.stringify(a.map)).toBe(JSON.stringify(b.map));
    const off = compile(SOURCE, { fileName: 'g.ts', sourceMap: false });
    expect(off.map).toBeUndefined();
    expect(off.js).toBe(a.js);
    expect(off.dts).toBe(a.dts);
  });

  it('--no-sourcemap writes no map and no comment; two builds write the same bytes', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-map-'));
    writeFileSync(path.join(dir, 'g.ts'), SOURCE);
    const run = (...args: string[]) => spawnSync(process.execPath, [bin, 'g.ts', '--quiet', ...args], { cwd: dir, encoding: 'utf8' });
    expect(run().status).toBe(0);
    const first = readFileSync(path.join(dir, 'g.grad.js.map'), 'utf8');
    const map = JSON.parse(first);
    expect(map).toMatchObject({ version: 3, file: 'g.grad.js', sources: ['g.ts'] });
    expect(run().status).toBe(0);
    expect(readFileSync(path.join(dir, 'g.grad.js.map'), 'utf8')).toBe(first);
    const out = path.join(dir, 'off.grad.js');
    expect(run('--no-sourcemap', '--out', out).status).toBe(0);
    expect(existsSync(`${out}.map`)).toBe(false);
    expect(readFileSync(out, 'utf8')).toBe(compile(SOURCE, { fileName: 'g.ts', sourceName: 'g.ts' }).js);
  });
});
