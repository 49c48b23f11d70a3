/**
 * `throw` in argument checks: every entry point of the generated module throws the source's own
 * error (same constructor, same message) where the source does, and computes the right values
 * and derivatives where it does not. The IR interpreter throws too, so the IR-level oracles see
 * the same behaviour.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { frontend } from '../../src/frontend/index.js';
import { interpret } from '../../src/ir/interp.js';
import { checkModule } from '../util/check-module.js';
import { rng } from '../util/inputs.js';
import { compileOrThrow, importJs } from '../util/load.js';

const transpile = (src: string) =>
  ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;

const NLL = `/** Mean negative log-density of samples under N(mu, sigma²), checking its arguments. */
export function nll(mu: number, sigma: number, xs: Float64Array): number {
  if (sigma <= 0) throw new RangeError("sigma must be positive");
  if (xs.length === 0) throw new Error(\`xs must not be \` + "empty");
  let s = 0;
  for (let i = 0; i < xs.length; i++) {
    const z = (xs[i] - mu) / sigma;
    if (!Number.isFinite(z)) throw TypeError('non-finite sample');
    s += 0.5 * z * z + Math.log(sigma);
  }
  return s / xs.length;
}
/** @wrt x */
export function pick(x: number, kind: number): number {
  switch (kind) {
    case 0: return x * x;
    case 1: return Math.sin(x);
    default: throw new RangeError('unknown kind');
  }
}
export function after(x: number, y: number): number {
  if (x > 10) {
    throw new RangeError('x too large');
  } else if (y < -10) {
    return 0;
  }
  return x * y + Math.exp(y);
}
`;

const compiled = importJs(compileOrThrow(NLL, { fileName: 'nll.ts' }).js);

/** Calls every entry point of `name` with the primal arguments first (and tangents after). */
function entryPoints(mod: Record<string, (...a: unknown[]) => unknown>, name: string) {
  return Object.keys(mod).filter((k) => k === name || k.startsWith(`${name}_`));
}

/** What an entry point takes after the primal arguments: tangents and/or output buffers. */
function extraArguments(entry: string, args: unknown[]): unknown[] {
  const tangents = args.map((a) => (typeof a === 'number' ? 1 : a));
  const buffer = () => new Float64Array(4096);
  if (/_(jvp|jvp_tangent|hvp)$/.test(entry)) return tangents;
  if (entry.endsWith('_hvp_into')) return [...tangents, buffer(), buffer()];
  if (entry.endsWith('_hessian_into')) return [buffer(), buffer()];
  if (entry.endsWith('_grad_into')) return [buffer()];
  return [];
}

describe('throw in argument checks', () => {
  it('every entry point throws the source error, constructor and message', async () => {
    const mod = (await compiled) as Record<string, (...a: unknown[]) => unknown>;
    const xs = Float64Array.of(0.5, 1, 2);
    const cases: [string, unknown[], ErrorConstructor, string][] = [
      ['nll', [0, -1, xs], RangeError, 'sigma must be positive'],
      ['nll', [0, 1, new Float64Array(0)], Error, 'xs must not be empty'],
      ['nll', [0, 1, Float64Array.of(1, NaN)], TypeError, 'non-finite sample'],
      ['pick', [0.3, 7], RangeError, 'unknown kind'],
      ['after', [11, 1], RangeError, 'x too large'],
    ];
    for (const [name, args, ctor, message] of cases) {
      const entries = entryPoints(mod, name);
      expect(entries.length).toBeGreaterThan(8);
      for (const entry of entries) {
        // Extra arguments (tangents, outputs) are shaped like the parameters; the guard fires first.
        const extra = extraArguments(entry, args);
        let thrown: unknown;
        try {
          mod[entry](...args, ...extra);
        } catch (e) {
          thrown = e;
        }
        expect(thrown, `${entry}(${String(args)})`).toBeInstanceOf(ctor);
        expect((thrown as Error).message).toBe(message);
      }
    }
  });

  it('where no guard fires, values and derivatives agree with the source and the oracles', async () => {
    const mod = await compiled;
    const original = await importJs(transpile(NLL));
    const { module } = frontend(NLL, 'nll.ts');
    const random = rng('throw');
    const args: Record<string, () => (number | Float64Array)[]> = {
      nll: () => [random() - 0.5, 0.5 + random(), Float64Array.from({ length: 4 }, () => random() * 2)],
      pick: () => [random() * 2 - 1, Math.floor(random() * 2)],
      after: () => [random() * 4 - 2, random() * 4 - 2],
    };
    for (const exp of module!.functions) {
      for (let trial = 0; trial < 3; trial++) expect(checkModule(exp, mod, original, args[exp.fn.name](), random)).toEqual([]);
    }
  });

  it('the IR interpreter throws the same error', () => {
    const { module } = frontend(NLL, 'nll.ts');
    const fn = module!.functions.find((f) => f.fn.name === 'nll')!.fn;
    expect(() => interpret(fn, [0, -1, Float64Array.of(1)])).toThrow(new RangeError('sigma must be positive'));
    expect(interpret(fn, [0, 1, Float64Array.of(1)])[0]).toBeCloseTo(0.5, 12);
  });

  it('a branch that always throws leaves the rest of the function unguarded', () => {
    const js = compileOrThrow(NLL, { fileName: 'nll.ts', modes: ['grad'] }).js;
    const primal = js.slice(js.indexOf('export function nll('), js.indexOf('\n}\n', js.indexOf('export function nll(')));
    expect(primal).toMatch(/if \(sigma <= 0\) \{\n\s+throw new RangeError\("sigma must be positive"\);\n\s+\}\n/);
    expect(primal).not.toMatch(/else/);
  });

  it('refuses throws it cannot keep, at the thrown expression', () => {
    const bad = [
      ['throw "oops";', 'throw takes new Error(message)'],
      ['throw new MyError("x");', 'throw takes new Error(message)'],
      ['throw new Error("x = " + x);', 'the message of a throw must be a string written in the source'],
      ['throw new Error(`x = ${x}`);', 'the message of a throw must be a string written in the source'],
    ];
    for (const [stmt, message] of bad) {
      const src = `export function f(x: number): number {\n  if (x < 0) ${stmt}\n  return x;\n}\n`;
      const r = compile(src, { fileName: 'bad.ts' });
      expect(r.js).toBeNull();
      expect(r.diagnostics.map((d) => d.message).join('\n')).toContain(message);
      expect(r.diagnostics[0].start).toBe(src.indexOf(stmt.slice(6)));
    }
  });
});
