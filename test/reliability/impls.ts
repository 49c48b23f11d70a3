/**
 * The two implementations the random-program checks run against the oracles (harness.ts):
 *
 * - irImpl: the IR pipeline without code generation — front end, AD passes (adjoint, tangent,
 *   hvp, hessianDense when the function is straight-line), optimizer when available, run by the
 *   reference interpreter.
 * - moduleImpl: a generated module's entry points (f, f_grad / f_vjp, f_jvp, f_hvp, f_hessian).
 *
 * Both flatten every derivative over the active scalars in parameter order, as the contract says.
 */
import { adjoint, hessianDense, hvp, isStraightLineScalar, tangent } from '../../src/ad/index.js';
import { interpret, type Value } from '../../src/ir/interp.js';
import type { ExportedFunction, IRFunction } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import type { GenFunction } from '../util/progen.js';
import { activeSlots, clone, flatten, type Arg, type Impl, type Out } from './harness.js';

function checked(fn: IRFunction): IRFunction {
  const problems = verify(fn);
  if (problems.length) throw new Error(`${fn.name} does not verify:\n${problems.join('\n')}`);
  return fn;
}

/** Split a flat vector into one argument per active parameter (numbers or arrays). */
function perParam(gen: GenFunction, args: Arg[], flat: Float64Array): Map<string, Arg> {
  const out = new Map<string, Arg>();
  let k = 0;
  gen.params.forEach((p, i) => {
    if (!gen.wrt.includes(p.name)) return;
    const a = args[i];
    if (typeof a === 'number') out.set(p.name, flat[k++]);
    else {
      out.set(p.name, flat.slice(k, k + a.length));
      k += a.length;
    }
  });
  return out;
}

/** Arguments of a tangent-transformed function: tangent params found through `dotOf`. */
function tangentArgs(fn: IRFunction, fixed: Value[], dotOf: Map<string, string>, gen: GenFunction, args: Arg[], v: Float64Array, extra: Map<string, Value> = new Map()): Value[] {
  const of = new Map([...dotOf].map(([p, d]) => [d, p]));
  const dirs = perParam(gen, args, v);
  return fn.params.map((p, i) => {
    if (i < fixed.length) return fixed[i];
    if (extra.has(p)) return extra.get(p)!;
    const orig = of.get(p);
    if (orig !== undefined && dirs.has(orig)) return dirs.get(orig)!;
    const idx = gen.params.findIndex((q) => q.name === orig);
    if (idx < 0) throw new Error(`no argument for ${fn.name} parameter ${p}`);
    const a = args[idx];
    return typeof a === 'number' ? 0 : new Float64Array(a.length); // a passive parameter's tangent
  });
}

export function irImpl(exp: ExportedFunction, gen: GenFunction, optimize: (fn: IRFunction) => IRFunction = (f) => f): Impl {
  const fn = checked(optimize(exp.fn));
  const wrt = exp.wrt;
  const grad = checked(optimize(adjoint(fn, wrt)));
  const jvp = tangent(fn, wrt);
  const jvpFn = checked(optimize(jvp.fn));
  const scalar = exp.output === 'scalar';
  const second = scalar ? hvp(fn, wrt) : null;
  const hvpFn = second && checked(optimize(second.fn));
  const dense = scalar && isStraightLineScalar(fn, wrt) ? checked(optimize(hessianDense(fn, wrt))) : null;
  const size = (args: Arg[]) => activeSlots(gen, args).length;
  const impl: Impl = {
    primal: (args) => interpret(fn, args as Value[])[0] as Out,
    vjp(args, u) {
      const out = new Float64Array(size(args));
      const [value] = interpret(grad, [...args, scalar ? u[0] : u, out] as Value[]);
      return { value: value as Out, grad: out };
    },
    jvp(args, v) {
      const a = clone(args);
      const res = interpret(jvpFn, tangentArgs(jvpFn, a as Value[], jvp.dotOf, gen, args, v));
      return { value: res[0] as Out, tangent: Float64Array.from(flatten(res[fn.results.length])) };
    },
  };
  if (second && hvpFn) {
    impl.hvp = (args, v) => {
      const n = size(args);
      const gradOut = grad.params[grad.params.length - 1];
      const hvOut = new Float64Array(n);
      const fixed = [...clone(args), 1, new Float64Array(n)] as Value[];
      interpret(hvpFn, tangentArgs(hvpFn, fixed, second.dotOf, gen, args, v, new Map([[second.dotOf.get(gradOut)!, hvOut]])));
      return hvOut;
    };
  }
  if (dense) {
    impl.hessian = (args) => {
      const n = size(args);
      const h = new Float64Array(n * n);
      interpret(dense, [...args, new Float64Array(n), h] as Value[]);
      return Array.from({ length: n }, (_, i) => h.slice(i * n, (i + 1) * n));
    };
  }
  return impl;
}

/** Call a generated module's entry points for function `name`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function moduleImpl(mod: Record<string, any>, gen: GenFunction): Impl {
  const name = gen.name;
  const scalar = gen.output === 'scalar';
  const dirs = (args: Arg[], v: Float64Array) => [...perParam(gen, args, v).values()];
  const impl: Impl = {
    primal: (args) => mod[name](...args),
    vjp(args, u) {
      const r = scalar ? mod[`${name}_grad`](...args) : mod[`${name}_vjp`](...args, u);
      const g = Float64Array.from(flatten(r.grad));
      if (scalar) g.forEach((x, i) => (g[i] = x * u[0]));
      return { value: r.value, grad: g };
    },
    jvp(args, v) {
      const r = mod[`${name}_jvp`](...args, ...dirs(args, v));
      return { value: r.value, tangent: Float64Array.from(flatten(r.tangent)) };
    },
  };
  if (scalar) {
    impl.hvp = (args, v) => Float64Array.from(flatten(mod[`${name}_hvp`](...args, ...dirs(args, v)).hvp));
    // Known bug (regressions.test.ts, codegen): f_hessian is wrong for functions that write into
    // an active array parameter; skip it there until fixed so the fuzzing goes on.
    if (!gen.writesParams || process.env.ADGEN_FUZZ_ALL) impl.hessian = (args) => mod[`${name}_hessian`](...args).hessian as Float64Array[];
  }
  return impl;
}
