// Names: user parameters and functions named like globals, reserved words, generated names or
// helpers must all work; impossible public names fail with a clear message.
import { describe, expect, it } from 'vitest';
import { Namer, sanitize } from '../../src/codegen/namer.js';
import { generateModule } from '../../src/codegen/module.js';
import { CLASHING, linear } from './fixtures.js';
import { importJs } from './load.js';

describe('namer', () => {
  it('parameters named like globals, keywords, generated names and helpers all work', async () => {
    const { js } = generateModule({ sourceName: 'names.ts', version: 'test', functions: [linear('f', CLASHING)] });
    const mod = await importJs(js, 'names');
    const args = CLASHING.map((_, i) => i + 0.5);
    const value = args.reduce((s, a, i) => s + (i + 1) * a, 0);
    expect(mod.f(...args)).toBe(value);
    const r = mod.f_grad(...args);
    expect(r.value).toBe(value);
    expect(r.grad).toEqual(CLASHING.map((_, i) => i + 1));
    const t = mod.f_jvp(...args, ...args.map(() => 1));
    expect(t.tangent).toBe(CLASHING.reduce((s, _, i) => s + i + 1, 0));
    // (its .d.ts is type-checked in golden.test.ts, together with the other declarations)
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
