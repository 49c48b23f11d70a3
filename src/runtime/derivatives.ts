/**
 * The derivative functions a source file may call — `grad`, `jvp`, `hessian`, `hvp` with JAX's
 * conventions, and `stopGradient` — so that the file still runs as plain TypeScript before it is
 * compiled. Here they are computed by central finite differences (the notebook's first
 * technique), so they are slow and accurate to about 1e-6 relative (1e-4 for nested second
 * derivatives); the compiler recognises the same calls and emits exact derivative code in place
 * (src/frontend/lower-derivatives.ts). Tests compare the two.
 */

type Arg = number | Float64Array | readonly number[];
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Fn = (...args: any[]) => number;

/** The value passes; the compiler gives it derivative 0 (JAX's lax.stop_gradient). */
export function stopGradient<T extends number>(x: T): T {
  return x;
}

const step = (x: number) => 6e-6 * Math.max(1, Math.abs(x));

/** ∂/∂t f(args with args[k] moved along direction v by t), at t = 0. */
function directional(f: Fn, args: Arg[], k: number, v: Arg): number {
  const a = args[k];
  if (typeof a === 'number') {
    const h = step(a);
    const at = (x: number) => f(...args.map((y, i) => (i === k ? x : y)));
    return ((at(a + h) - at(a - h)) / (2 * h)) * (v as number);
  }
  let scale = 0;
  for (let i = 0; i < a.length; i++) scale = Math.max(scale, Math.abs(a[i]));
  const h = step(scale);
  const moved = (t: number) => Float64Array.from(a, (x, i) => x + t * (v as ArrayLike<number>)[i]);
  const at = (t: number) => f(...args.map((y, i) => (i === k ? moved(t) : y)));
  return (at(h) - at(-h)) / (2 * h);
}

function unit(a: Arg, i: number): Arg {
  if (typeof a === 'number') return 1;
  const e = new Float64Array(a.length);
  e[i] = 1;
  return e;
}

function gradOne(f: Fn, args: Arg[], k: number): number | Float64Array {
  const a = args[k];
  if (typeof a === 'number') return directional(f, args, k, 1);
  return Float64Array.from(a, (_, i) => directional(f, args, k, unit(a, i)));
}

/** grad(f)(x, ...rest): ∂f/∂x shaped like x; grad(f, [0, 2]) returns a tuple of gradients. */
export function grad<F extends Fn>(f: F, argnums: number | number[] = 0): (...args: Parameters<F>) => any {
  return (...args: Arg[]) => (Array.isArray(argnums) ? argnums.map((k) => gradOne(f, args, k)) : gradOne(f, args, argnums));
}

/** jacrev and jacfwd of a scalar function are its gradient (reverse and forward mode when compiled). */
export const jacrev = grad;
export const jacfwd = grad;

/** jvp(f, [x, …], [v, …]) → [f(x, …), the derivative of f along v]. */
export function jvp(f: Fn, primals: Arg[], tangents: Arg[]): [number, number] {
  let t = 0;
  for (let k = 0; k < primals.length; k++) t += directional(f, primals, k, tangents[k]);
  return [f(...primals), t];
}

/** hvp(f)(x, v, ...rest): the Hessian of f in its first argument times v. */
export function hvp<F extends Fn>(f: F): (x: any, v: any, ...rest: any[]) => any {
  return (x: Arg, v: Arg, ...rest: Arg[]) => {
    const g = (y: Arg, ...r: Arg[]) => gradOne(f, [y, ...r], 0);
    if (typeof x === 'number') return directional((y: number) => g(y, ...rest) as number, [x], 0, v);
    return Float64Array.from(x, (_, i) => directional((y: Float64Array) => (g(y, ...rest) as Float64Array)[i], [x], 0, v));
  };
}

/** hessian(f)(x): the second derivative for a number x, the matrix (rows) for an array x. */
export function hessian<F extends Fn>(f: F): (x: any, ...rest: any[]) => any {
  return (x: Arg, ...rest: Arg[]) => {
    const h = hvp(f);
    if (typeof x === 'number') return h(x, 1, ...rest);
    return Array.from(x, (_, i) => h(x, unit(x, i), ...rest) as Float64Array);
  };
}
