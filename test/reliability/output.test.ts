/**
 * Safe and reproducible output:
 * - determinism: the same input gives byte-identical output, compiled twice in one process, in
 *   two processes (the CLI) and from another working directory; the header names the source
 *   relative to the output, never by an absolute path;
 * - atomic writes: a failed compile leaves an existing --out target (its .d.ts and their maps) untouched and
 *   leaves no temporary files behind;
 * - the compiler never executes its input (static analysis only);
 * - generated code never evaluates strings or imports dynamically: every file in generated/ and
 *   every module compiled here (programs.ts and names.test.ts scan theirs as they compile).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { assertNoDynamicCode } from './programs.js';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/adgen.js');
const built = existsSync(path.join(root, 'dist/cli/main.js'));
const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
const read = (file: string) => readFileSync(file, 'utf8');

function adgen(args: string[], cwd = root) {
  const r = spawnSync(process.execPath, [bin, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = () => mkdtempSync(path.join(tmpdir(), 'adgen-out-'));

describe('determinism', () => {
  it.each(examples)('%s compiles to the same bytes twice, with no dynamic code', (file) => {
    const source = read(path.join(root, 'examples', file));
    const a = compile(source, { fileName: `examples/${file}` });
    const b = compile(source, { fileName: `examples/${file}` });
    expect(a.diagnostics).toEqual([]);
    expect(b.js).toBe(a.js);
    expect(b.dts).toBe(a.dts);
    assertNoDynamicCode(a.js!);
  });

  it.skipIf(!built)('the CLI writes the same bytes from two processes and two working directories; the header is relative', () => {
    const dir = tmp();
    const src = path.join(dir, 'src', 'model.ts');
    mkdirSync(path.dirname(src));
    writeFileSync(src, read(path.join(root, 'examples/gmm.ts')));
    // From the repository root, with an absolute input; then from the input's folder, relative.
    const outA = path.join(dir, 'out', 'a', 'model.js');
    const outB = path.join(dir, 'out', 'b', 'model.js');
    mkdirSync(path.dirname(outA), { recursive: true });
    mkdirSync(path.dirname(outB), { recursive: true });
    expect(adgen([src, '--out', outA]).code).toBe(0);
    expect(adgen(['model.ts', '--out', path.relative(path.dirname(src), outB)], path.dirname(src)).code).toBe(0);
    expect(read(outB)).toBe(read(outA));
    expect(read(outB.replace(/\.js$/, '.d.ts'))).toBe(read(outA.replace(/\.js$/, '.d.ts')));
    const header = read(outA).split('\n').slice(0, 3).join('\n');
    expect(header).toContain('../../src/model.ts');
    for (const text of [read(outA), read(outA.replace(/\.js$/, '.d.ts'))]) {
      expect(text).not.toContain(dir);
      expect(text).not.toContain(root);
      expect(text).not.toContain(tmpdir());
    }
  });
});

describe('atomic output', () => {
  it.skipIf(!built)('a failed compile leaves an existing --out target and its .d.ts untouched, and no temporaries', () => {
    const dir = tmp();
    const src = path.join(dir, 'f.ts');
    const out = path.join(dir, 'build', 'f.mjs');
    mkdirSync(path.dirname(out));
    writeFileSync(src, read(path.join(root, 'examples/notebook.ts')));
    expect(adgen([src, '--out', out]).code).toBe(0);
    const outputs = [out, path.join(dir, 'build', 'f.d.ts'), `${out}.map`, path.join(dir, 'build', 'f.d.ts.map')];
    const before = outputs.map(read);
    writeFileSync(src, 'export function f(x: number): number {\n  return x +;\n}\n');
    const r = adgen([src, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(`${src}:2:`);
    expect(outputs.map(read)).toEqual(before);
    expect(readdirSync(path.join(dir, 'build')).sort()).toEqual(['f.d.ts', 'f.d.ts.map', 'f.mjs', 'f.mjs.map']);
  });
});

describe('the compiler never executes its input', () => {
  it('top-level side effects are rejected, not run', () => {
    const g = globalThis as { __adgenRan?: boolean };
    delete g.__adgenRan;
    const src = 'globalThis.__adgenRan = true;\nexport function f(x: number): number {\n  return x * x;\n}\n';
    const r = compile(src, { fileName: 'side.ts' });
    expect(r.js).toBeNull();
    expect(r.diagnostics[0]).toMatchObject({ start: 0 });
    expect(g.__adgenRan).toBeUndefined();
  });

  it('a function that would never return if called compiles without being called', () => {
    const src = 'export function f(x: number): number {\n  while (x === x) x = x + 1;\n  return x;\n}\n';
    const r = compile(src, { fileName: 'loop.ts' });
    expect(r.diagnostics).toEqual([]);
    expect(r.js).toContain('export function f(');
  });

  it.skipIf(!built)('the CLI neither runs top-level code nor imports what the file imports', () => {
    const dir = tmp();
    const marker = path.join(dir, 'ran');
    const src = path.join(dir, 'evil.ts');
    writeFileSync(path.join(dir, 'dep.mjs'), `import { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker + '-import')}, '1');\n`);
    writeFileSync(src, `import './dep.mjs';\nimport { writeFileSync } from 'node:fs';\nwriteFileSync(${JSON.stringify(marker)}, '1');\nexport function f(x: number): number {\n  return x;\n}\n`);
    const r = adgen([src]);
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(marker)).toBe(false);
    expect(existsSync(marker + '-import')).toBe(false);
  });
});

describe('generated code has no eval, new Function or dynamic import', () => {
  const dir = path.join(root, 'generated');
  const files = existsSync(dir) ? readdirSync(dir).filter((f) => /\.(m?js|d\.ts)$/.test(f)).sort() : [];
  it.each(files)('generated/%s', (file) => assertNoDynamicCode(read(path.join(dir, file))));
  it('the scan catches each form', () => {
    for (const bad of ['eval("1")', 'new Function("return 1")', 'Function("x")', 'await import("./m.js")']) {
      expect(() => assertNoDynamicCode(`export const k = ${bad};`)).toThrow();
    }
  });
});
