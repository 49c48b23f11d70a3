import { describe, expect, it } from 'vitest';
import type * as acorn from 'acorn';
import { createTypeOracle } from '../../src/frontend/load-types.js';
import { loadProgram } from '../../src/frontend/load.js';
import { parseFile } from '../../src/frontend/parse.js';

/** The ESTree node of the first parameter named `name` (the lowering asks with such nodes). */
function param(program: acorn.Program, name: string): acorn.Node {
  let found: acorn.Node | undefined;
  const visit = (n: unknown): void => {
    if (!n || typeof n !== 'object' || found) return;
    const node = n as { type?: string; params?: { type: string; name?: string }[] };
    const p = node.params?.find((q) => q.type === 'Identifier' && q.name === name);
    if (p) found = p as unknown as acorn.Node;
    for (const v of Object.values(n)) visit(v);
  };
  visit(program);
  if (!found) throw new Error(`no parameter ${name}`);
  return found;
}

const SOURCE = `
interface Vec2 { readonly x: number; y: number }
type Body = { pos: Vec2; vel: Vec2; m: number; tag?: 'star' | 'planet' };
type Pair = [number, number];
export function f(b: Body, bs: readonly Body[], p: Pair, w: Float64Array, k: 'call' | 'put', g: (x: number) => number, n?: number) {
  return b.m;
}
`;

describe('TypeOracle', () => {
  const { program } = parseFile(SOURCE, 'input.ts');
  const types = createTypeOracle([{ path: 'input.ts', source: SOURCE, base: 0 }]);
  it('resolves aliases and interfaces into properties in declaration order', () => {
    const vec = { kind: 'object', name: 'Vec2', properties: [
      { name: 'x', type: { kind: 'number' }, optional: false, readonly: true },
      { name: 'y', type: { kind: 'number' }, optional: false, readonly: false },
    ] };
    const body = types.typeOf(param(program!, 'b'));
    expect(body).toEqual({ kind: 'object', name: 'Body', properties: [
      { name: 'pos', type: vec, optional: false, readonly: false },
      { name: 'vel', type: vec, optional: false, readonly: false },
      { name: 'm', type: { kind: 'number' }, optional: false, readonly: false },
      { name: 'tag', type: { kind: 'string', values: ['star', 'planet'] }, optional: true, readonly: false },
    ] });
    expect(types.typeText(param(program!, 'bs'))).toBe('readonly Body[]');
  });
  it('tells arrays, tuples, typed arrays, flags, functions and optional numbers apart', () => {
    const bs = types.typeOf(param(program!, 'bs'));
    expect(bs).toMatchObject({ kind: 'array', readonly: true, element: { kind: 'object', name: 'Body' } });
    expect(types.typeOf(param(program!, 'p'))).toEqual({ kind: 'tuple', readonly: false, elements: [{ kind: 'number' }, { kind: 'number' }] });
    expect(types.typeOf(param(program!, 'w'))).toEqual({ kind: 'typed-array', name: 'Float64Array' });
    expect(types.typeOf(param(program!, 'k'))).toEqual({ kind: 'string', values: ['call', 'put'] });
    expect(types.typeOf(param(program!, 'g'))).toEqual({ kind: 'function' });
    expect(types.typeOf(param(program!, 'n'))).toEqual({ kind: 'number' });
  });
  it('answers nothing for a range no node of the source has', () => {
    expect(types.typeOf({ start: 3, end: 5 })).toBeUndefined();
  });
  it('reads JSDoc types of JavaScript files', () => {
    const js = `/** @typedef {{ mu: number, xs: number[] }} Sample */\n/** @param {Sample} s @param {number[]} w */\nexport function g(s, w) { return s.mu; }\n`;
    const parsed = parseFile(js, 'lib.js');
    const jt = createTypeOracle([{ path: 'lib.js', source: js, base: 0 }]);
    expect(jt.typeOf(param(parsed.program!, 'w'))).toEqual({ kind: 'array', readonly: false, element: { kind: 'number' } });
    expect(jt.typeOf(param(parsed.program!, 's'))).toMatchObject({ kind: 'object', properties: [{ name: 'mu' }, { name: 'xs', type: { kind: 'array' } }] });
  });
  it('resolves types imported from other files of a loaded project, at their offsets in the linked program', () => {
    const files: Record<string, string> = {
      '/p/shapes.ts': 'export interface Body { m: number; pos: [number, number] }\nexport type Bodies = readonly Body[];\n',
    };
    const main = `import type { Bodies } from './shapes.js';\nimport { helper } from './more';\nexport function f(bs: Bodies) { return helper(bs); }\n`;
    files['/p/more.ts'] = `import type { Body } from './shapes';\nexport function helper(b: readonly Body[]) { return b[0].m; }\n`;
    const loaded = loadProgram(main, '/p/main.ts', { readFile: (p) => files[p] });
    expect(loaded.diagnostics).toEqual([]);
    const program = loaded.program!;
    expect(loaded.types.typeOf(param(program, 'bs'))).toMatchObject({ kind: 'array', readonly: true, element: { kind: 'object', name: 'Body' } });
    // `b` is declared in more.ts, which the linked program holds past main.ts's text.
    const b = param(program, 'b');
    expect(b.start).toBeGreaterThan(main.length);
    expect(loaded.types.typeOf(b)).toMatchObject({ kind: 'array', element: { properties: [{ name: 'm' }, { name: 'pos', type: { kind: 'tuple' } }] } });
  });
});
