// Strict mode (optimize(fn, { strict: true }), Builder with { strict: true }): only rewrites exact
// in IEEE arithmetic, so a primal computes what its source computes, NaN and signed zeros
// included. Checked exhaustively over the ops with identities, literal operands that have rules
// (±0, ±1, 2) and operands that break inexact rules (NaN, ±∞, ±0).
import { describe, expect, it } from 'vitest';
import { Builder, fold } from '../../src/ir/builder.js';
import { interpret } from '../../src/ir/interp.js';
import { c, v, type Atom, type IRFunction } from '../../src/ir/types.js';
import { optimize } from '../../src/opt/index.js';
import { OPS } from '../../src/ops/table.js';

const OPS_WITH_RULES = ['add', 'sub', 'mul', 'div', 'pow'];
const LITERALS = [0, -0, 1, -1, 2];
const XS = [NaN, Infinity, -Infinity, 0, -0, 1.5, -2];

/** `r = op(args)` with x as parameter; a chained second op so that neg(neg x)-style rules can fire. */
function fnOf(op: string, args: Atom[]): IRFunction {
  const vars = new Map([['x', { name: 'x', type: 'f64' as const }], ['r', { name: 'r', type: 'f64' as const }]]);
  return { name: 'f', params: ['x'], vars, body: [{ kind: 'assign', target: 'r', op, args, loc: { start: 0, end: 0 } }], results: [v('r')], loc: { start: 0, end: 0 } };
}

const shapes = (lit: number): Atom[][] => [[v('x'), c(lit)], [c(lit), v('x')]];
const show = (args: Atom[]) => args.map((a) => (a.kind === 'var' ? a.name : Object.is(a.value, -0) ? '-0' : String(a.value))).join(', ');

describe('strict optimization keeps every IEEE value', () => {
  for (const op of OPS_WITH_RULES) {
    for (const lit of LITERALS) {
      for (const args of shapes(lit)) {
        it(`${op}(${show(args)})`, () => {
          const fn = fnOf(op, args);
          const out = optimize(fn, { strict: true });
          for (const x of XS) expect(Object.is(interpret(out, [x])[0], interpret(fn, [x])[0]), `x = ${x}`).toBe(true);
          const folded = fold(op, args, true);
          if (folded) for (const x of XS) {
            const value = folded.kind === 'const' ? folded.value : x;
            expect(Object.is(value, OPS[op].eval(...args.map((a) => (a.kind === 'const' ? a.value : x)))), `fold, x = ${x}`).toBe(true);
          }
        });
      }
    }
  }

  it('the strict Builder still folds exact rules: x*1, x/1, x-(+0), x+(-0), literals', () => {
    const b = new Builder(fnOf('copy', [v('x')]), { strict: true });
    expect(b.mul(v('x'), c(1))).toEqual(v('x'));
    expect(b.div(v('x'), c(1))).toEqual(v('x'));
    expect(b.sub(v('x'), c(0))).toEqual(v('x'));
    expect(b.add(v('x'), c(-0))).toEqual(v('x'));
    expect(b.add(c(2), c(3))).toEqual(c(5));
    expect(b.stmts).toEqual([]);
    expect(b.mul(v('x'), c(0))).not.toEqual(c(0));
    expect(b.add(v('x'), c(0))).not.toEqual(v('x'));
  });

  it('lax mode keeps the zero convention (derivative code)', () => {
    expect(fold('mul', [v('x'), c(0)])).toEqual(c(0));
    expect(new Builder(fnOf('copy', [v('x')])).add(v('x'), c(0))).toEqual(v('x'));
    const out = optimize(fnOf('mul', [v('x'), c(0)]));
    expect(interpret(out, [Infinity])[0]).toBe(0);
  });
});
