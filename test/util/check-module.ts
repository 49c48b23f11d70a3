/**
 * One compiled module against independent oracles at a given point: the primal against the
 * source run as JavaScript, gradients / Jacobians against dual numbers over the primal IR and
 * central differences, JVPs against VJPs by the dot-product test, HVPs against finite
 * differences of the compiled gradient. Returns the problems found (empty: all agree).
 */
import type { ExportedFunction } from '../../src/ir/types.js';
import { numericGradientFlat, numericJacobianFlat } from '../../src/runtime/index.js';
import { dualJacobianIR, type AnyArg as Arg } from './dual-oracle.js';

type FlatArgs = Parameters<typeof numericGradientFlat>[1];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Module = Record<string, (...args: any[]) => any>;

const rel = (a: number, b: number) => (Object.is(a, b) ? 0 : Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b)));
const flat = (g: unknown): number[] => (typeof g === 'number' ? [g] : Array.isArray(g) ? g.flatMap(flat) : Array.from(g as ArrayLike<number>));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
/** Arrays are copied (a function may write them); numbers and passive flags (strings, booleans, undefined) pass as they are. */
const clone = (a: Arg): Arg => (typeof a === 'object' && a !== null ? a.slice() : a);
const copy = (args: Arg[]) => args.map(clone) as Arg[];

/** A flat direction split per active parameter (shaped like it), `base + s·t` when given. */
function perParam(exp: ExportedFunction, args: Arg[], t: ArrayLike<number>, s?: number): Arg[] {
  let k = 0;
  return exp.fn.params.flatMap((p, i): Arg[] => {
    const a = args[i];
    if (!exp.wrt.includes(p)) return s === undefined ? [] : [clone(a)];
    const at = (x: number, j: number) => (s === undefined ? t[k + j] : x + s * t[k + j]);
    if (typeof a === 'number') {
      const x = at(a, 0);
      k += 1;
      return [x];
    }
    const part = Float64Array.from(a as ArrayLike<number>, at);
    k += part.length;
    return [part];
  });
}

/** `f` as a function of the active arguments only (the others fixed), for the finite differences. */
function overActive(f: Module[string], args: Arg[], wrtIdx: number[]): [Module[string], FlatArgs] {
  const g = (...xs: unknown[]) => f(...args.map((a, i) => (wrtIdx.includes(i) ? xs[wrtIdx.indexOf(i)] : clone(a))));
  return [g, wrtIdx.map((i) => clone(args[i])) as unknown as FlatArgs];
}

export function checkModule(exp: ExportedFunction, mod: Module, original: Module, args: Arg[], random: () => number): string[] {
  const problems: string[] = [];
  const near = (a: number, b: number, tol: number, what: string) => {
    if (!(rel(a, b) <= tol)) problems.push(`${what}: ${a} vs ${b}`);
  };
  const name = exp.fn.name;
  const wrtIdx = exp.fn.params.flatMap((p, i) => (exp.wrt.includes(p) ? [i] : []));
  const n = wrtIdx.reduce((m, i) => m + (typeof args[i] === 'number' ? 1 : (args[i] as Float64Array).length), 0);
  const expected = flat(original[name](...copy(args)));
  const value = flat(mod[name](...copy(args)));
  if (value.length !== expected.length) return [`primal length ${value.length} vs ${expected.length}`];
  value.forEach((x, i) => near(x, expected[i], 1e-12, `primal[${i}]`));
  const J = dualJacobianIR(exp.fn, args, exp.wrt);
  const t = Float64Array.from({ length: n }, () => random() * 2 - 1);
  if (exp.output === 'scalar') {
    const grad = flat(mod[`${name}_grad`](...copy(args)).grad);
    const fd = numericGradientFlat(...overActive(mod[name], args, wrtIdx));
    for (let j = 0; j < n; j++) {
      near(grad[j], J[0][j], 1e-10, `grad[${j}] vs dual`);
      near(grad[j], fd[j], 1e-5, `grad[${j}] vs central differences`);
    }
    const jv = mod[`${name}_jvp`](...copy(args), ...perParam(exp, args, t));
    near(jv.tangent, dot(grad, t), 1e-10, 'jvp vs grad (dot-product test)');
    const h = flat(mod[`${name}_hvp`](...copy(args), ...perParam(exp, args, t)).hvp);
    const eps = 1e-6;
    const gp = flat(mod[`${name}_grad`](...perParam(exp, args, t, eps)).grad);
    const gm = flat(mod[`${name}_grad`](...perParam(exp, args, t, -eps)).grad);
    for (let j = 0; j < n; j++) near(h[j], (gp[j] - gm[j]) / (2 * eps), 1e-4, `hvp[${j}] vs differences of the gradient`);
  } else {
    const jac = mod[`${name}_jacobian`](...copy(args)).jacobian as Float64Array[];
    const fd = numericJacobianFlat(...overActive(mod[name], args, wrtIdx));
    for (let i = 0; i < J.length; i++) {
      for (let j = 0; j < n; j++) {
        near(jac[i][j], J[i][j], 1e-10, `J[${i}][${j}] vs dual`);
        near(jac[i][j], fd[i][j], 1e-5, `J[${i}][${j}] vs central differences`);
      }
    }
    const u = Float64Array.from({ length: J.length }, () => random() * 2 - 1);
    const vjp = flat(mod[`${name}_vjp`](...copy(args), u).grad);
    const jvp = mod[`${name}_jvp`](...copy(args), ...perParam(exp, args, t)).tangent;
    near(dot(jvp, u), dot(vjp, t), 1e-10, 'dot-product test');
  }
  return problems;
}
