/**
 * The generator and the checks themselves: generated programs cover every Math function of the
 * op table and every construct the issue lists, and the checks of harness.ts do catch a wrong
 * primal, gradient, JVP, HVP or Hessian (a property test that cannot fail proves nothing).
 */
import { describe, expect, it } from 'vitest';
import { frontend } from '../../src/frontend/index.js';
import { MATH_CONSTANTS, MATH_FUNCTIONS } from '../../src/ops/table.js';
import { dualJacobianIR } from '../util/dual-oracle.js';
import { rng } from '../util/inputs.js';
import { generateBatch, generateFunction } from '../util/progen.js';
import { checkPoint, type Arg, type Impl } from './harness.js';
import { irImpl } from './impls.js';
import { sourceFunctions } from './programs.js';

describe('progen', () => {
  const batch = generateBatch(1, 300, 4);
  const text = batch.ts;

  it('is deterministic', () => {
    expect(generateBatch(1, 300, 4).ts).toBe(text);
    expect(generateFunction(5, 3).js).toBe(generateFunction(5, 3).js);
  });

  it('covers every Math function of the op table and every Math constant', () => {
    const missing = Object.keys(MATH_FUNCTIONS).filter((fn) => !text.includes(`Math.${fn}(`) && !(fn === 'pow' && text.includes('**')));
    expect(missing).toEqual([]);
    expect(MATH_CONSTANTS.filter((k) => !text.includes(`Math.${k}`))).toEqual([]);
  });

  it('covers the constructs of the issue', () => {
    const constructs: [string, RegExp][] = [
      ['+ - * / % **', /[^*]\*\*[^*]/], ['%', / % /], ['/', / \/ /], ['unary -', /\(-[a-zA-Z(]/],
      ['?:', / \? /], ['if/else', /} else {/], ['early return', /if \(.*\) return /],
      ['helper', /function f\d+_h\d\(/], ['out-param helper', /function f\d+_fill\(v: Float64Array, k: number, out: Float64Array\): void/],
      ['for up', /for \(let i\d+ = 0; i\d+ < \w+\.length; i\d+\+\+\)/], ['for down', /i\d+ >= 0; i\d+--/], ['for step 2', /\+= 2\)/],
      ['while', /while \(j\d+ < /], ['do-while', /} while \(/], ['for-of', /for \(const e\d+ of /],
      ['break', /\) break;/], ['continue', /\) continue;/], ['reduction', /Math\.max\(r\d+,/],
      ['overwritten local', /E\d+ = E\d+ - 0\.3/], ['@wrt', /@wrt /], ['in-place write', /\b[ab]\[i\d+\] = /],
      ['local array', /new Float64Array/], ['vector result', /\): number\[\] \{/], ['Float64Array result', /\): Float64Array \{/],
      ['number[] param', /: number\[\][,)]/], ['++', /\+\+;/], ['/=', / \/= /],
      ['array helper', /function f\d+_sum\(v: Float64Array, k: number\): number/], ['data-dependent while', /while \(j\d+ < \S+ && /],
    ];
    expect(constructs.filter(([, re]) => !re.test(text)).map(([name]) => name)).toEqual([]);
  });

  it('only generates valid programs: TypeScript and JavaScript texts are accepted', () => {
    const some = generateBatch(2, 40, 4); // the property tests check many more
    for (const [src, name] of [[some.ts, 'b.ts'], [some.js, 'b.js']] as const) {
      expect(frontend(src, name).diagnostics).toEqual([]);
    }
  });
});

describe('the checks catch wrong answers', () => {
  // A smooth scalar function of a scalar and an array, and the IR pipeline's answers for it.
  const batch = generateBatch(11, 40, 3);
  const js = sourceFunctions(batch);
  const { module } = frontend(batch.js, 'b.js');
  const gen = batch.functions.find((f) => f.output === 'scalar' && f.params.length > 1 && f.wrt.length === f.params.length && /Math\.(sin|exp|cos)/.test(f.js))!;
  const exp = module!.functions.find((f) => f.fn.name === gen.name)!;
  const good = irImpl(exp, gen);
  const run = (impl: Impl, seed = 3) => {
    const random = rng(seed);
    const args = gen.args(random);
    return checkPoint({ gen, js: js[gen.name], dualJacobian: (a: Arg[]) => dualJacobianIR(exp.fn, a, exp.wrt), random }, impl, args);
  };
  const nudge = (x: Float64Array) => x.map((v, i) => (i === 0 ? v * (1 + 1e-6) + 1e-6 : v));

  it('accepts the right answers', () => expect(run(good)).toEqual([]));
  it.each([
    ['primal', { primal: (a: Arg[]) => (good.primal(a) as number) * (1 + 1e-9) + 1e-9 }],
    ['gradient', { vjp: (a: Arg[], u: Float64Array) => ({ ...good.vjp(a, u), grad: nudge(good.vjp(a, u).grad) }) }],
    ['JVP', { jvp: (a: Arg[], v: Float64Array) => ({ ...good.jvp(a, v), tangent: nudge(good.jvp(a, v).tangent) }) }],
    ['HVP', { hvp: (a: Arg[], v: Float64Array) => nudge(good.hvp!(a, v)).map((x) => x + 1e-3) }],
    ['Hessian', { hessian: (): Float64Array[] => [Float64Array.of(1, 2), Float64Array.of(3, 4)], hvp: good.hvp }],
  ])('rejects a wrong %s', (_, bad) => {
    expect(run({ ...good, ...bad } as Impl).length).toBeGreaterThan(0);
  });
});
