/**
 * Inputs outside a function's domain at run time: the generated primal returns exactly what the
 * source returns (Object.is: NaN, ±Infinity and the sign of zero included), and the derivatives
 * take the documented values of docs/conventions.md — this table IS that document's evidence.
 * `grad` is reverse mode (f_grad); `jvp` lists f_jvp along each unit direction (forward mode),
 * which differs from the gradient only where an infinite partial meets a zero direction.
 */
import { describe, expect, it } from 'vitest';
import { compileAndImport } from '../util/load.js';

const I = Infinity;
/** [case, body, args, grad, jvp (default: same as grad), Hessian rows (checked when given)] */
const table: [string, string, number[], number[], number[]?, number[][]?][] = [
  ['log of a negative', 'return Math.log(x);', [-1], [-1]],
  ['log at 0', 'return Math.log(x);', [0], [I]],
  ['sqrt at 0', 'return Math.sqrt(x);', [0], [I]],
  ['sqrt of a negative', 'return Math.sqrt(x);', [-1], [NaN]],
  ['guarded log (?:), outside', 'return x > 0 ? Math.log(x) : 0;', [-1], [0]],
  ['guarded sqrt (if), at the edge', 'if (x > 0) return Math.sqrt(x);\n  return 0;', [0], [0]],
  ['guarded log in a loop', 'let s = 0;\n  for (let i = 0; i < 3; i++) { const v = x - i; if (v > 0) s += Math.log(v); }\n  return s;', [0.5], [2]],
  ['computed before the guard', 'const r = Math.sqrt(x);\n  return x > 0 ? r : 0;', [-1], [0], undefined, [[0]]],
  ['untaken log and division', 'const a = Math.log(x);\n  const b = 1 / x;\n  return x > 0 ? a + b : 0;', [0], [0], undefined, [[0]]],
  ['acos of a max/min clamp, above', 'return Math.acos(Math.max(-1, Math.min(1, x)));', [2], [0], undefined, [[0]]],
  ['acos of a max/min clamp, below', 'return Math.acos(Math.max(-1, Math.min(1, x)));', [-3], [0], undefined, [[0]]],
  ['acos of a clamped product', 'return Math.acos(Math.max(-1, Math.min(1, x * y)));', [2, 1], [0, 0], undefined, [[0, 0], [0, 0]]],
  ['sqrt of max(0, x), below', 'return Math.sqrt(Math.max(0, x));', [-1], [0], undefined, [[0]]],
  ['sqrt of max(0, x), at 0', 'return Math.sqrt(Math.max(0, x));', [0], [0], undefined, [[0]]],
  ['acos of a ?: clamp', 'const m = x > 1 ? 1 : x < -1 ? -1 : x;\n  return Math.acos(m);', [2], [0], undefined, [[0]]],
  ['sqrt of an if clamp', 'let m = x;\n  if (m > 1) m = 1;\n  return Math.sqrt(1 - m * m);', [2], [0], undefined, [[0]]],
  ['1 / x at 0', 'return 1 / x;', [0], [-I]],
  ['x / y at y = 0', 'return x / y;', [1, 0], [I, -I]],
  ['0 / 0', 'return x / y;', [0, 0], [I, NaN]],
  ['x % y at y = 0', 'return x % y;', [1, 0], [1, -I]],
  ['NaN argument', 'return x * x;', [NaN], [NaN]],
  ['exp at -Infinity', 'return Math.exp(x);', [-I], [0]],
  ['exp at +Infinity', 'return Math.exp(x);', [I], [I]],
  ['tanh at +Infinity', 'return Math.tanh(x);', [I], [0]],
  ['atan at +Infinity', 'return Math.atan(x);', [I], [0]],
  ['Infinity − Infinity', 'return x - y;', [I, I], [1, -1]],
  ['0 · Infinity', 'return x * y;', [0, I], [I, 0], [I, NaN]],
  ['abs at 0', 'return Math.abs(x);', [0], [0]],
  ['max tie', 'return Math.max(x, y);', [1, 1], [1, 0]],
  ['min tie', 'return Math.min(x, y);', [1, 1], [1, 0]],
  ['floor', 'return Math.floor(x);', [1.5], [0]],
  ['round at a jump', 'return Math.round(x);', [0.5], [0]],
  ['hypot at the origin', 'return Math.hypot(x, y);', [0, 0], [0, 0]],
  ['x ** y at x = 0', 'return x ** y;', [0, 2], [0, 0]],
  ['x ** 0.5 at 0', 'return x ** 0.5;', [0], [I]],
  ['negative base, fractional power', 'return x ** y;', [-2, 0.5], [NaN, NaN]],
  ['acos at 1', 'return Math.acos(x);', [1], [-I]],
  ['asin outside [-1, 1]', 'return Math.asin(x);', [2], [NaN]],
  ['acosh at 1', 'return Math.acosh(x);', [1], [I]],
  ['atanh at 1', 'return Math.atanh(x);', [1], [I]],
  ['log1p at -1', 'return Math.log1p(x);', [-1], [I]],
  ['cbrt at 0', 'return Math.cbrt(x);', [0], [I]],
  ['sqrt(x²) at 0 (∞·0 in reverse)', 'return Math.sqrt(x * x);', [0], [NaN], [0]],
  ['atan2 at the origin', 'return Math.atan2(y, x);', [0, 0], [NaN, NaN]],
];

const source = table.map(([, body, args], i) => `export function f${i}(${args.map((_, k) => `${'xy'[k]}: number`).join(', ')}): number {\n  ${body}\n}`).join('\n');

describe('domain edges: primal as the source, derivatives as documented', async () => {
  const m = await compileAndImport(source, { modes: ['grad', 'jvp', 'hvp', 'hessian'] });
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the source as plain JavaScript, the oracle
  const js = new Function(`${source.replace(/^export /gm, '').replace(/: number/g, '')}\nreturn [${table.map((_, i) => `f${i}`).join(', ')}];`)();
  it.each(table.map((row, i) => [i, ...row] as const))('%i %s', (i, _, __, args, grad, jvp = grad, hessian) => {
    const f = `f${i}`;
    expect(Object.is(m[f](...args), js[i](...args)), 'primal').toBe(true);
    const g = m[`${f}_grad`](...args);
    expect(Object.is(g.value, js[i](...args)), 'f_grad value').toBe(true);
    expect(g.grad).toEqual(grad);
    const unit = (k: number) => args.map((__, j) => (j === k ? 1 : 0));
    const dirs = args.map((_, k) => m[`${f}_jvp`](...args, ...unit(k)).tangent);
    expect(dirs).toEqual(jvp);
    // Second order: where the Hessian is finite its columns are the HVPs along the unit
    // directions (at a singular point the two orders of summation may meet ∞ differently).
    const h = m[`${f}_hessian`](...args).hessian.map((row: Float64Array) => Array.from(row));
    const hvps = args.map((_, k) => m[`${f}_hvp`](...args, ...unit(k)).hvp);
    if (h.flat().every(Number.isFinite)) expect(args.map((_, j) => args.map((__, k) => hvps[k][j])), 'HVP = Hessian columns').toEqual(h);
    if (hessian) expect(h).toEqual(hessian);
  });
});
