/**
 * Oracle: run an IR function over the runtime's dual numbers (src/runtime/dual.ts, whose
 * derivative rules are written independently of the compiler's op table), one pass per active
 * scalar. It checks the AD passes and code generation against an independent implementation
 * while sharing only the front end with them (which the interpreter-vs-JavaScript tests check).
 */
import { interpret, type Algebra, type Value } from '../../src/ir/interp.js';
import { OPS, bindExtern } from '../../src/ops/table.js';
import type { IRFunction, IRModule } from '../../src/ir/types.js';
import { Dual } from '../../src/runtime/index.js';

type D = Dual;
const lift = (x: Value): D => (x instanceof Dual ? x : new Dual(x as number, 0));
const val = (x: Value): number | boolean => (x instanceof Dual ? x.value : (x as number | boolean));

const dualAlgebra: Algebra = {
  num: (x) => Number(val(x)),
  evalOp(op, args) {
    if (op.startsWith('extern:')) {
      // A package's function (bindExtern). Its derivative is the user's rule (lin around stop),
      // so its own is unknown here: NaN, should it ever flow.
      const varied = args.some((a) => a instanceof Dual && a.eps !== 0);
      return new Dual(OPS[op].eval(...args.map((a) => Number(val(a)))), varied ? NaN : 0);
    }
    const def = OPS[op];
    if (def.result === 'bool' || def.result === 'int' || !def.partials) {
      // Comparisons, logic, length and piecewise-constant ops: plain values, zero derivative.
      const plain = def.eval(...args.map((a) => (a instanceof Dual ? a.value : a)));
      return typeof plain === 'number' && args.some((a) => a instanceof Dual) ? new Dual(plain, 0) : plain;
    }
    const [a, b, c] = args;
    switch (op) {
      case 'copy':
        return a;
      case 'neg':
        return lift(a).neg();
      case 'add':
      case 'sub':
      case 'mul':
      case 'div':
      case 'pow':
      case 'atan2':
        return (lift(a) as unknown as Record<string, (o: D) => D>)[op](lift(b));
      case 'dmul': {
        // The derivative product p ⊙ t (src/ops/table.ts): 0 when t is 0; d(p ⊙ t) = ṗ ⊙ t + p ⊙ ṫ.
        const x = lift(a), y = lift(b);
        const z = (p: number, t: number) => (t === 0 ? 0 : p * t);
        return new Dual(z(x.value, y.value), z(x.eps, y.value) + z(x.value, y.eps));
      }
      case 'mod': {
        const x = lift(a), y = lift(b);
        return new Dual(x.value % y.value, x.eps - Math.trunc(x.value / y.value) * y.eps);
      }
      case 'hypot':
        return args.map(lift).reduce((p, q) => p.hypot(q));
      case 'max':
      case 'min': {
        const y = (Math[op] as (...v: number[]) => number)(...args.map((x) => Number(val(x))));
        const hit = args.find((x) => val(x) === y);
        return hit === undefined ? new Dual(y, NaN) : lift(hit);
      }
      case 'select':
        return a ? b : c;
      case 'stop':
        return new Dual(Number(val(a)), 0);
      case 'lin': {
        // A user-supplied partial c of acc with respect to b.
        const acc = lift(a);
        return new Dual(acc.value, acc.eps + Number(val(c)) * lift(b).eps);
      }
      default: {
        const method = (lift(a) as unknown as Record<string, () => D>)[op];
        if (typeof method !== 'function') throw new Error(`dual oracle: no rule for ${op}`);
        return method.call(lift(a));
      }
    }
  },
};

export type Arg = number | Float64Array | Int32Array | number[];
/** Also a passive flag (a string, a boolean) or undefined (a left-out optional parameter). */
export type AnyArg = Arg | string | boolean | undefined;

/**
 * Gradient of results[0] (or a JVP-style directional derivative of every output) by dual numbers.
 * Returns, for each flattened active scalar, the derivative of each output component.
 */
export function dualJacobianIR(fn: IRFunction, args: AnyArg[], active: string[]): Float64Array[] {
  const slots: [number, number][] = [];
  fn.params.forEach((p, i) => {
    if (!active.includes(p)) return;
    const a = args[i];
    if (typeof a === 'number') slots.push([i, -1]);
    else if (typeof a === 'object') for (let k = 0; k < a.length; k++) slots.push([i, k]);
  });
  const columns = slots.map(([pi, k]) => {
    const dualArgs = args.map((a, i) => {
      if (typeof a === 'number') return new Dual(a, i === pi && k === -1 ? 1 : 0);
      if (typeof a !== 'object') return a;
      if (a instanceof Int32Array) return Int32Array.from(a);
      return Array.from(a, (x, j) => new Dual(x, i === pi && j === k ? 1 : 0));
    });
    const out = interpret(fn, dualArgs as Value[], dualAlgebra)[0];
    const items = Array.isArray(out) ? out : [out];
    return Float64Array.from(items, (x) => (x instanceof Dual ? x.eps : 0));
  });
  const m = columns[0]?.length ?? 0;
  return Array.from({ length: m }, (_, r) => Float64Array.from(columns, (col) => col[r]));
}

/** Gradient of a scalar function by dual numbers, flattened over active scalars. */
export function dualGradientIR(fn: IRFunction, args: Arg[], active: string[]): Float64Array {
  return dualJacobianIR(fn, args, active)[0] ?? new Float64Array(0);
}

/** Bind the package functions a module calls without compiling them, so the interpreter can run it. */
export async function bindExterns(module: IRModule): Promise<void> {
  for (const imp of module.imports ?? []) {
    const pkg = await import(imp.source);
    for (const s of imp.specifiers) bindExtern(s.local, imp.source, s.imported === 'default' ? pkg.default : pkg[s.imported]);
  }
}
