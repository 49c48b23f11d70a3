/**
 * What the front end says about each export: IR function name, active parameters (`@wrt`, the
 * `wrt` option), output kind, type texts for the .d.ts, doc; exports by specifier; the TS
 * front end end to end on the examples.
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../src/diagnostics.js';
import { frontend } from '../../src/frontend/index.js';
import { lowerProgram } from '../../src/frontend/lower-program.js';
import { verify } from '../../src/ir/verify.js';
import type { Stmt } from '../../src/ir/types.js';
import { exported, lowerJs, lowerOk, parseJs } from './util.js';

/** Attach TS-converter fields by hand: `types` per parameter of each top-level function. */
function withTypes(src: string, types: Record<string, { params?: string[]; ret?: string; doc?: string }>) {
  const program = parseJs(src);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  for (const stmt of program.body as unknown as Record<string, any>[]) {
    const fn = stmt.type === 'ExportNamedDeclaration' ? stmt.declaration : stmt;
    const t = fn?.id ? types[fn.id.name as string] : undefined;
    if (!t) continue;
    t.params?.forEach((p, i) => (fn.params[i].adgenType = p));
    fn.adgenReturnType = t.ret;
    fn.adgenDoc = t.doc;
  }
  return lowerProgram(program, src, 'input.ts', {});
}

describe('exported functions', () => {
  it('names IR functions as exported, including export specifiers', () => {
    const m = lowerOk('function f(x) { return 2 * x; }\nexport function g(x) { return f(x) + 1; }\nexport { f, g as h };');
    expect(m.functions.map((f) => f.fn.name)).toEqual(['g', 'f', 'h']);
    expect(m.functions.every((f) => f.fn.params.length === 1)).toBe(true);
  });

  it('lets exported functions call each other', () => {
    const m = lowerOk('export const sq = (x) => x * x;\nexport function f(x, y) { return sq(x) + sq(y); }');
    expect(exported(m, 'f').fn.body.map((s) => (s as { op?: string }).op)).toEqual(['mul', 'mul', 'add']);
  });

  it('takes all numeric parameters as active by default, integer arrays never', () => {
    const { module } = withTypes('export function f(x, idx, v) { return x + v[idx[0]]; }', {
      f: { params: ['number', 'Int32Array', 'readonly number[]'], ret: 'number' },
    });
    const f = module!.functions[0];
    expect(f.wrt).toEqual(['x', 'v']);
    expect(f.paramTypeText).toEqual(['number', 'Int32Array', 'readonly number[]']);
    expect(f.fn.params.map((p) => f.fn.vars.get(p)!.type)).toEqual(['f64', 'int[]', 'f64[]']);
    expect(f.returnTypeText).toBe('number');
  });

  it('restricts active parameters by @wrt and by the wrt option where a function has them', () => {
    const src = '/** Doc. @wrt y */\nexport function f(x, y, z) { return x * y * z; }\nexport function g(a, b) { return a - b; }';
    const program = parseJs(src);
    (program.body[0] as unknown as { declaration: { adgenDoc: string } }).declaration.adgenDoc = '/** Doc. @wrt y */';
    const plain = lowerProgram(program, src, 'input.js', {}).module!;
    expect(plain.functions.map((f) => f.wrt)).toEqual([['y'], ['a', 'b']]);
    expect(plain.functions[0].doc).toBe('/** Doc. @wrt y */');
    const opt = lowerProgram(program, src, 'input.js', { wrt: ['z', 'x', 'b'] }).module!;
    expect(opt.functions.map((f) => f.wrt)).toEqual([['x', 'z'], ['b']]);
  });

  it('marks vector outputs and their type texts', () => {
    const m = lowerOk(`
      export function lit(x, y) { return [x, y]; }
      export function typed(x) { const out = new Float64Array(2); out[0] = x; return out; }
      export function param(v) { v[0] = 1; return v; }`);
    expect(m.functions.map((f) => [f.output, f.returnTypeText])).toEqual([
      ['vector', 'number[]'],
      ['vector', 'Float64Array'],
      ['vector', 'number[]'],
    ]);
    expect(exported(m, 'param').fn.results).toEqual([{ kind: 'var', name: 'v' }]);
    expect(exported(m, 'lit').paramTypeText).toEqual(['number', 'number']);
  });

  it('uses declared return types and checks them', () => {
    const ok = withTypes('export function f(x) { return [x, x]; }', { f: { params: ['number'], ret: '[number, number]' } });
    expect(ok.module!.functions[0]).toMatchObject({ output: 'vector', returnTypeText: '[number, number]' });
    const bad = withTypes('export function f(x) { return x; }', { f: { params: ['number'], ret: 'number[]' } });
    expect(bad.diagnostics.map((d) => d.message)).toEqual(['f is declared to return number[] but returns a number']);
  });

  it('infers array parameters of untyped JavaScript from their use, through helpers', () => {
    const m = lowerOk('function sum(a) { let s = 0; for (const x of a) s += x; return s; }\nexport function f(v, k) { return sum(v) * k; }');
    const f = exported(m, 'f');
    expect(f.paramTypeText).toEqual(['number[]', 'number']);
    expect(f.wrt).toEqual(['v', 'k']);
  });

  it('keeps parameters unmodified in the IR (a reassigned one gets a local copy)', () => {
    const f = exported(lowerOk('export function f(x) { x = x * 2; x += 1; return x; }'), 'f');
    const targets: string[] = [];
    const walk = (b: Stmt[]) => b.forEach((s) => s.kind === 'assign' && targets.push(s.target));
    walk(f.fn.body);
    expect(targets).not.toContain('x');
    expect(f.fn.body[0]).toMatchObject({ kind: 'assign', target: 'x_1', op: 'copy', args: [{ kind: 'var', name: 'x' }] });
  });

  it('gives every statement the location of the source it came from', () => {
    const src = 'function h(a) { return a * a; }\nexport function f(x) {\n  let s = 0;\n  for (let i = 0; i < 3; i++) { if (x > i) s += h(x); else continue; }\n  return s;\n}';
    const f = exported(lowerOk(src), 'f');
    const check = (b: Stmt[]) =>
      b.forEach((s) => {
        expect(s.loc.end, JSON.stringify(s)).toBeGreaterThan(s.loc.start);
        expect(src.slice(s.loc.start, s.loc.end).length).toBeGreaterThan(0);
        if (s.kind === 'if') (check(s.then), check(s.else));
        if (s.kind === 'for') check(s.body);
        if (s.kind === 'while') (check(s.test), check(s.body));
      });
    check(f.fn.body);
  });
});

describe('TypeScript input through frontend()', () => {
  const dir = path.resolve(__dirname, '../../examples');
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
    it(`lowers examples/${file}`, () => {
      const src = readFileSync(path.join(dir, file), 'utf8');
      const { module, diagnostics } = frontend(src, file, {});
      expect(diagnostics.map((d) => formatDiagnostic(d, src, file))).toEqual([]);
      for (const f of module!.functions) expect(verify(f.fn)).toEqual([]);
    });
  }

  it('reads the TS annotations of examples/ba.ts', () => {
    const src = readFileSync(path.join(dir, 'ba.ts'), 'utf8');
    const f = frontend(src, 'ba.ts', {}).module!.functions[0];
    expect(f).toMatchObject({
      wrt: ['cam', 'X', 'w'],
      output: 'vector',
      paramTypeText: ['Float64Array', 'Float64Array', 'number', 'Float64Array'],
      returnTypeText: '[number, number]',
    });
  });

  it('reads @wrt and @param {Type} from JSDoc in JavaScript input', () => {
    const src = [
      '/**',
      ' * @param {Float64Array} v',
      ' * @param {Int32Array} idx',
      ' * @wrt v',
      ' */',
      'export function f(v, idx, k) { return v[idx[0]] * k; }',
    ].join('\n');
    const { module, diagnostics } = frontend(src, 'input.js', {});
    expect(diagnostics).toEqual([]);
    expect(module!.functions[0]).toMatchObject({ wrt: ['v'], paramTypeText: ['Float64Array', 'Int32Array', 'number'] });
  });

  it('reports an unknown --wrt name as a usage error', () => {
    const { diagnostics } = lowerJs('export function f(x) { return x; }', ['nope']);
    expect(diagnostics[0].code).toBe('usage');
  });
});
