// Names: user parameters and functions named like globals, reserved words, generated names or
// helpers must all work; impossible public names fail with a clear message.
import { describe, expect, it } from 'vitest';
import { Namer, sanitize } from '../../src/codegen/namer.js';
import { generateModule, type CompiledFunction } from '../../src/codegen/module.js';
import { c, v, NO_LOC, type IRFunction, type Stmt } from '../../src/ir/types.js';
import { exported } from './fixtures.js';
import { importJs } from './load.js';
import { typecheck } from './typecheck.js';

/**
 * f(p₀…pₖ) = Σ (i+1)·pᵢ with parameters hinted by `hints`, with a grad core (that also uses the
 * tape) and a jvp core; every IR variable carries a hint that may clash with something.
 */
export function linear(name: string, hints: string[]): CompiledFunction {
  const make = (fnName: string, params: string[], extra: [string, IRFunction['vars'] extends Map<string, infer D> ? D : never][] = []) => {
    const fn: IRFunction = { name: fnName, params: [], vars: new Map(), body: [], results: [], loc: NO_LOC };
    hints.forEach((h, i) => fn.vars.set(`p${i}`, { name: `p${i}`, type: 'f64', hint: h }));
    fn.params = params;
    for (const [n, d] of extra) fn.vars.set(n, d);
    return fn;
  };
  const p = hints.map((_, i) => `p${i}`);
  const sum = (fn: IRFunction, terms: string[], out: string, hint: string): Stmt[] => {
    const body: Stmt[] = [];
    let acc = 'z';
    fn.vars.set(out, { name: out, type: 'f64', hint });
    terms.forEach((t, i) => {
      const m = `${out}_m${i}`;
      const s = `${out}_s${i}`;
      fn.vars.set(m, { name: m, type: 'f64', hint: 't' });
      fn.vars.set(s, { name: s, type: 'f64', hint: i === terms.length - 1 ? hint : 'value' });
      body.push({ kind: 'assign', target: m, op: 'mul', args: [v(t), c(i + 1)], loc: NO_LOC });
      body.push({ kind: 'assign', target: s, op: 'add', args: [acc === 'z' ? c(0) : v(acc), v(m)], loc: NO_LOC });
      acc = s;
    });
    body.push({ kind: 'assign', target: out, op: 'copy', args: [v(acc)], loc: NO_LOC });
    return body;
  };
  const primal = make(name, p);
  primal.body = sum(primal, p, 'r', 'grad');
  primal.results = [v('r')];

  const grad = make(`${name}_g`, [...p, 'seed', 'gradOut'], [
    ['seed', { name: 'seed', type: 'f64', hint: 'out' }],
    ['gradOut', { name: 'gradOut', type: 'f64[]', hint: 'tape' }],
    ['saved', { name: 'saved', type: 'f64', hint: 'tp' }],
    ['g', { name: 'g', type: 'f64', hint: 'grow' }],
  ]);
  grad.body = [...sum(grad, p, 'r', 'Math'), { kind: 'push', value: v('r'), loc: NO_LOC }];
  p.forEach((_, i) => {
    grad.body.push({ kind: 'assign', target: 'g', op: 'mul', args: [v('seed'), c(i + 1)], loc: NO_LOC });
    grad.body.push({ kind: 'store', array: 'gradOut', index: c(i), value: v('g'), loc: NO_LOC });
  });
  grad.body.push({ kind: 'pop', target: 'saved', loc: NO_LOC });
  grad.results = [v('saved')];

  const dots = hints.map((h, i) => [`d${i}`, { name: `d${i}`, type: 'f64' as const, hint: `${h}_dot` }] as [string, never]);
  const jvp = make(`${name}_j`, [...p, ...dots.map(([n]) => n)], dots);
  jvp.body = [...sum(jvp, p, 'r', 'value'), ...sum(jvp, dots.map(([n]) => n), 'rd', 'tangent')];
  jvp.results = [v('r'), v('rd')];

  return {
    exp: exported(primal, p, 'scalar', hints.map(() => 'number'), 'number'),
    grad,
    jvp: { fn: jvp, dotOf: new Map(p.map((x, i) => [x, `d${i}`])) },
  };
}

export const CLASHING = ['sin', 'Math', 'grad', 'value', 'x_bar', 'f_grad', '$', '_t1', 'ñandú', 'π', 'tape', 'n', 'out', 'class', 'arguments', 'undefined', 'f_grad_core', 'x-y', '1st', 'NaN', 'x_dot', 'tangent'];

describe('namer', () => {
  it('parameters named like globals, keywords, generated names and helpers all work', async () => {
    const { js, dts } = generateModule({ sourceName: 'names.ts', version: 'test', functions: [linear('f', CLASHING)] });
    const mod = await importJs(js, 'names');
    const args = CLASHING.map((_, i) => i + 0.5);
    const value = args.reduce((s, a, i) => s + (i + 1) * a, 0);
    expect(mod.f(...args)).toBe(value);
    const r = mod.f_grad(...args);
    expect(r.value).toBe(value);
    expect(r.grad).toEqual(CLASHING.map((_, i) => i + 1));
    const t = mod.f_jvp(...args, ...args.map(() => 1));
    expect(t.tangent).toBe(CLASHING.reduce((s, _, i) => s + i + 1, 0));
    expect(typecheck(dts, `import { f, f_grad } from './names.js';\nconst r: { value: number; grad: number[] } = f_grad(${args.join(', ')});\nexport const y: number = f(${args.join(', ')}) + r.value;`)).toEqual([]);
  });

  it('functions named like helpers push the helpers aside', async () => {
    const { js } = generateModule({ sourceName: 'n.ts', version: 't', functions: [linear('tape', ['a']), linear('grow', ['b']), linear('tp', ['tape'])] });
    expect(js).toContain('let tape_1 = new Float64Array(1024);');
    const mod = await importJs(js, 'helpers');
    expect(mod.tape_grad(2)).toEqual({ value: 2, grad: [1] });
    expect(mod.tp_jvp(3, 1)).toEqual({ value: 3, tangent: 1 });
  });

  it('rejects public names that cannot work, with a message', () => {
    expect(() => generateModule({ sourceName: 'n.ts', version: 't', functions: [linear('Math', ['a'])] })).toThrow(/cannot export a function named 'Math'/);
    expect(() => generateModule({ sourceName: 'n.ts', version: 't', functions: [linear('f', ['a']), linear('f_grad', ['b'])] })).toThrow(/'f_grad' is used twice/);
  });

  it('is deterministic and sanitizes hints', () => {
    const names = () => {
      const n = new Namer();
      n.claim('f');
      const a = n.module('f');
      const s = n.scope();
      return [a, s.name('x'), s.name('x'), s.name('let'), s.name('a b'), s.name('9'), s.name(''), s.name('Infinity'), s.name('f')];
    };
    expect(names()).toEqual(['f_1', 'x', 'x_1', 'let_1', 'a_b', '_9', '_', 'Infinity_1', 'f_2']);
    expect(names()).toEqual(names());
    expect(sanitize('ñ-π')).toBe('ñ_π');
  });

  it('refuses module names after scopes were handed out', () => {
    const n = new Namer();
    n.scope();
    expect(() => n.module('late')).toThrow(/after function scopes/);
  });
});
