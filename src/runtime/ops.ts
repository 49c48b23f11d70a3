/**
 * The operations every runtime technique supports, with their derivatives, in one small table.
 *
 * Dual numbers, the symbolic graph and the gradient tape all read this table, so they handle
 * exactly the same operations: the binary `add sub mul div pow atan2 hypot` and the unary `neg`
 * plus the differentiable `Math` functions. A rule gives ∂y/∂argument written against an
 * `Ops<T>` object instead of plain arithmetic, so the same rule yields a number (dual numbers,
 * reverse sweep over numbers), a new graph (symbolic derivative) or a recorded tape value
 * (higher-order tape gradients). Rules may use the result `y` (exp: ∂ = y).
 *
 * This table is deliberately independent of the compiler's `src/ops`: the runtime is the oracle
 * the compiler is tested against. Conventions match it: abs′(0) = 0, sign/floor/ceil/round/trunc
 * have derivative 0, elsewhere the mathematical derivative even if infinite (sqrt′(0) = ∞).
 * Not supported: min, max, % (their derivatives need a comparison node).
 */

/** A value of a technique's type T, or a plain number mixed in (numbers are constants). */
export type OrNumber<T> = T | number;

export interface UnaryRule {
  f: (x: number) => number;
  /** dy/dx, given the argument x and the result y. */
  d: <T>(o: Ops<T>, x: OrNumber<T>, y: OrNumber<T>) => OrNumber<T>;
}

export interface BinaryRule {
  f: (a: number, b: number) => number;
  /** ∂y/∂a and ∂y/∂b, given the arguments and the result y. */
  da: <T>(o: Ops<T>, a: OrNumber<T>, b: OrNumber<T>, y: OrNumber<T>) => OrNumber<T>;
  db: <T>(o: Ops<T>, a: OrNumber<T>, b: OrNumber<T>, y: OrNumber<T>) => OrNumber<T>;
}

export const BINARY_NAMES = ['add', 'sub', 'mul', 'div', 'pow', 'atan2', 'hypot'] as const;
export type BinaryName = (typeof BINARY_NAMES)[number];

export const UNARY_NAMES = [
  'neg', 'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh',
  'atanh', 'exp', 'expm1', 'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'abs',
  'sign', 'floor', 'ceil', 'round', 'trunc',
] as const;
export type UnaryName = (typeof UNARY_NAMES)[number];

/** Every operation as a function of T-or-number arguments: what rules and user code call. */
export type Ops<T> = { [K in BinaryName]: (a: OrNumber<T>, b: OrNumber<T>) => T } & {
  [K in UnaryName]: (x: OrNumber<T>) => T;
};

/** Every operation as a method, numbers mixing in: implemented by Dual, Tracked and Node. */
export type Scalar<T> = { [K in BinaryName]: (b: OrNumber<T>) => T } & { [K in UnaryName]: () => T };

const zero = () => 0;
const sq = <T>(o: Ops<T>, x: OrNumber<T>) => o.mul(x, x);
/** 1 / sqrt(u) */
const rsqrt = <T>(o: Ops<T>, u: OrNumber<T>) => o.div(1, o.sqrt(u));

export const BINARY: Record<BinaryName, BinaryRule> = {
  add: { f: (a, b) => a + b, da: () => 1, db: () => 1 },
  sub: { f: (a, b) => a - b, da: () => 1, db: () => -1 },
  mul: { f: (a, b) => a * b, da: (_o, _a, b) => b, db: (_o, a) => a },
  div: { f: (a, b) => a / b, da: (o, _a, b) => o.div(1, b), db: (o, _a, b, y) => o.neg(o.div(y, b)) },
  pow: {
    f: (a, b) => a ** b,
    da: (o, a, b) => o.mul(b, o.pow(a, o.sub(b, 1))),
    db: (o, a, _b, y) => o.mul(y, o.log(a)), // NaN at a = 0; only used when b is not constant
  },
  atan2: {
    f: Math.atan2,
    da: (o, a, b) => o.div(b, o.add(sq(o, a), sq(o, b))),
    db: (o, a, b) => o.neg(o.div(a, o.add(sq(o, a), sq(o, b)))),
  },
  hypot: { f: (a, b) => Math.hypot(a, b), da: (o, a, _b, y) => o.div(a, y), db: (o, _a, b, y) => o.div(b, y) },
};

export const UNARY: Record<UnaryName, UnaryRule> = {
  neg: { f: (x) => -x, d: () => -1 },
  sin: { f: Math.sin, d: (o, x) => o.cos(x) },
  cos: { f: Math.cos, d: (o, x) => o.neg(o.sin(x)) },
  tan: { f: Math.tan, d: (o, _x, y) => o.add(1, sq(o, y)) },
  asin: { f: Math.asin, d: (o, x) => rsqrt(o, o.sub(1, sq(o, x))) },
  acos: { f: Math.acos, d: (o, x) => o.neg(rsqrt(o, o.sub(1, sq(o, x)))) },
  atan: { f: Math.atan, d: (o, x) => o.div(1, o.add(1, sq(o, x))) },
  sinh: { f: Math.sinh, d: (o, x) => o.cosh(x) },
  cosh: { f: Math.cosh, d: (o, x) => o.sinh(x) },
  tanh: { f: Math.tanh, d: (o, _x, y) => o.sub(1, sq(o, y)) },
  asinh: { f: Math.asinh, d: (o, x) => rsqrt(o, o.add(sq(o, x), 1)) },
  acosh: { f: Math.acosh, d: (o, x) => rsqrt(o, o.sub(sq(o, x), 1)) },
  atanh: { f: Math.atanh, d: (o, x) => o.div(1, o.sub(1, sq(o, x))) },
  exp: { f: Math.exp, d: (_o, _x, y) => y },
  expm1: { f: Math.expm1, d: (o, _x, y) => o.add(y, 1) },
  log: { f: Math.log, d: (o, x) => o.div(1, x) },
  log1p: { f: Math.log1p, d: (o, x) => o.div(1, o.add(1, x)) },
  log2: { f: Math.log2, d: (o, x) => o.div(1, o.mul(x, Math.LN2)) },
  log10: { f: Math.log10, d: (o, x) => o.div(1, o.mul(x, Math.LN10)) },
  sqrt: { f: Math.sqrt, d: (o, _x, y) => o.div(0.5, y) },
  cbrt: { f: Math.cbrt, d: (o, _x, y) => o.div(1, o.mul(3, sq(o, y))) },
  abs: { f: Math.abs, d: (o, x) => o.sign(x) },
  sign: { f: Math.sign, d: zero },
  floor: { f: Math.floor, d: zero },
  ceil: { f: Math.ceil, d: zero },
  round: { f: Math.round, d: zero },
  trunc: { f: Math.trunc, d: zero },
};

/** Builds an `Ops<T>` from one function per arity (each closure is specialised to one op). */
export function makeOps<T>(
  binary: (name: BinaryName, a: OrNumber<T>, b: OrNumber<T>) => T,
  unary: (name: UnaryName, x: OrNumber<T>) => T,
): Ops<T> {
  const ops: Record<string, unknown> = {};
  for (const name of BINARY_NAMES) ops[name] = (a: OrNumber<T>, b: OrNumber<T>) => binary(name, a, b);
  for (const name of UNARY_NAMES) ops[name] = (x: OrNumber<T>) => unary(name, x);
  return ops as Ops<T>;
}

/** Plain arithmetic: run an `Ops`-style function on numbers (e.g. for finite differences). */
export const numberOps: Ops<number> = makeOps<number>(
  (name, a, b) => BINARY[name].f(a as number, b as number),
  (name, x) => UNARY[name].f(x as number),
);

/**
 * Gives a class every operation as a method: `binary(name, this, b)` and `unary(name, this)`,
 * except the methods the class writes out itself. Pair it with `interface C extends Scalar<C> {}`
 * (declaration merging) so TypeScript sees the methods.
 */
export function installMethods<T>(
  cls: { prototype: object },
  binary: (name: BinaryName, a: T, b: OrNumber<T>) => T,
  unary: (name: UnaryName, x: T) => T,
): void {
  const proto = cls.prototype as Record<string, unknown>;
  for (const name of BINARY_NAMES) {
    if (Object.hasOwn(proto, name)) continue;
    proto[name] = function (this: T, b: OrNumber<T>) { return binary(name, this, b); };
  }
  for (const name of UNARY_NAMES) {
    if (Object.hasOwn(proto, name)) continue;
    proto[name] = function (this: T) { return unary(name, this); };
  }
}
