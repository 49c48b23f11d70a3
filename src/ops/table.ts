/**
 * THE op table. Every operation the IR knows is defined here once: its arity, how it evaluates
 * (constant folding and the reference interpreter), how it prints as JavaScript, and its partial
 * derivatives. The front end maps source syntax to these names, the AD passes read `partials`,
 * the optimizer reads `eval`/`pure`, codegen reads `js`. Adding an op means adding one entry.
 *
 * Rule contract (as in JAX's `defjvp` and Tangent's templates):
 *   partials(b, args, y) returns, for each argument, an atom holding ∂y/∂argᵢ, or `null` when the
 *   partial is identically zero (non-differentiable argument, piecewise-constant op, integer).
 *   Rules emit code through the Builder `b` and may only use ops of this table, so derivative
 *   code can be differentiated again. A rule may read its result `y` (exp: ∂ = y); the reverse
 *   pass guarantees `y` still holds the result when the rule's code runs.
 *   Forward mode computes ẏ = Σ ∂ᵢ·ẋᵢ; reverse mode accumulates x̄ᵢ += ∂ᵢ·ȳ.
 *
 * NaN-safe propagation: ops marked `unbounded` have a partial that can be ±∞ or NaN at finite
 * arguments (√′(0), 1/0, log′(0), acos′(1), exp′(710), …). Their contributions ∂ᵢ·ẋᵢ and ∂ᵢ·ȳ
 * are emitted as `dmul` (∂ ⊙ t), which is exactly 0 when the tangent or adjoint t is exactly 0,
 * so a zero tangent or adjoint (a clamp's zero derivative, an untaken `?:` side) stays 0
 * instead of 0·∞ = NaN. dmul is itself unbounded and its rule is d(∂ ⊙ t) = ∂̇ ⊙ t + ∂ ⊙ ṫ, so
 * the guard survives forward over reverse (and keeps ∂ ⊙ ṫ where t is 0 but ṫ is not). Every other op (add, mul, sin, …) keeps plain products: its partials are finite
 * wherever its arguments are. A partial written as a selection between constants (select(q, 1,
 * 0), the max/min/select rules) contributes `select(q, t, 0)`, never 0·∞ either.
 *
 * Conventions (documented in the README): abs′(0) = 0 (sign); max/min pass the derivative of
 * the argument they return, the first one on ties; floor/ceil/round/trunc/sign/fround have
 * derivative 0; elsewhere the mathematical derivative even if infinite (sqrt′(0) = ∞).
 */
import { CompileError } from '../diagnostics.js';
import type { Builder } from '../ir/builder.js';
import { c, type Atom } from '../ir/types.js';

export type JsForm =
  | { kind: 'binary'; operator: string }
  | { kind: 'unary'; operator: string }
  | { kind: 'call'; callee: string } // e.g. 'Math.sin'
  | { kind: 'select' } // c ? a : b
  | { kind: 'guardedMul' } // b === 0 ? 0 : a * b
  | { kind: 'copy' }
  | { kind: 'length' } // a.length
  | { kind: 'is'; value: string | undefined }; // a === 'call', a === undefined

export type Partials = (b: Builder, args: Atom[], y: Atom) => (Atom | null)[];

export interface OpDef {
  name: string;
  /** Number of arguments, or 'variadic' (at least one). */
  arity: number | 'variadic';
  /**
   * Result type: 'num' is f64, or int when every argument is int (the front end decides and
   * declares the target accordingly); 'bool'; 'int'.
   */
  result: 'num' | 'bool' | 'int' | 'f64';
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  eval: (...args: any[]) => any;
  js: JsForm;
  /** Absent: the op has zero derivative with respect to every argument. */
  partials?: Partials;
  /** Argument positions whose partial is always zero (activity analysis cuts the flow there). */
  passive?: readonly number[];
  /** False for ops that must not be constant-folded (none today; kept for tape-like ops). */
  pure?: boolean;
  /**
   * Some partial can be non-finite at finite arguments: contributions through this op are
   * guarded (dmul, see the file comment). A test checks every other op on extreme finite inputs.
   */
  unbounded?: true;
  /** How argument i's partial p and tangent (or adjoint) t combine, when not as p ⊙ t. */
  contribution?: (b: Builder, i: number, p: Atom, t: Atom) => Atom;
}

const one = c(1);
const mathCall = (fn: string) => ({ kind: 'call', callee: `Math.${fn}` }) as const;

/** ∂ of a unary Math function given as a function of (b, x, y). */
function unary(name: string, d?: (b: Builder, x: Atom, y: Atom) => Atom, unbounded = false): OpDef {
  const f = (Math as unknown as Record<string, (x: number) => number>)[name];
  return {
    name,
    arity: 1,
    result: 'f64',
    eval: (x: number) => f(x),
    js: mathCall(name),
    partials: d && ((b, [x], y) => [d(b, x, y)]),
    ...(unbounded ? { unbounded: true } : {}),
  };
}
/** A unary op with a partial that can be non-finite at a finite argument. */
const unboundedUnary = (name: string, d: (b: Builder, x: Atom, y: Atom) => Atom) => unary(name, d, true);

/** 1 / sqrt(u) — used by the inverse trigonometric rules. */
const rsqrt = (b: Builder, u: Atom) => b.div(one, b.call('sqrt', u));
const sq = (b: Builder, x: Atom) => b.mul(x, x);

/** Indicator of "argument i is the first one equal to the result" (max/min tie convention). */
function firstHit(b: Builder, args: Atom[], y: Atom): Atom[] {
  let earlier: Atom = c(false);
  return args.map((a) => {
    const hit = b.op('and', [b.cmp('eq', a, y), b.op('not', [earlier], 'bool', 'c')], 'bool', 'c');
    earlier = b.op('or', [earlier, hit], 'bool', 'c');
    return b.select(hit, one, c(0));
  });
}

const table: OpDef[] = [
  // Plain copy: the only op a user assignment `x = y` becomes.
  { name: 'copy', arity: 1, result: 'num', eval: (x) => x, js: { kind: 'copy' }, partials: () => [one] },

  // Arithmetic (f64, or int when all operands are int).
  { name: 'add', arity: 2, result: 'num', eval: (a, b) => a + b, js: { kind: 'binary', operator: '+' }, partials: () => [one, one] },
  { name: 'sub', arity: 2, result: 'num', eval: (a, b) => a - b, js: { kind: 'binary', operator: '-' }, partials: () => [one, c(-1)] },
  { name: 'mul', arity: 2, result: 'num', eval: (a, b) => a * b, js: { kind: 'binary', operator: '*' }, partials: (_b, [x, z]) => [z, x] },
  {
    // ∂ ⊙ t: the product ∂·t of a partial and a tangent or adjoint, exactly 0 when t is 0
    // (0·∞ = 0·NaN = 0). Emitted only by the AD passes, never in a primal. Its own derivative
    // is ∂̇ ⊙ t + ∂ ⊙ ṫ: the first term is guarded by t, which is that term's partial.
    name: 'dmul', arity: 2, result: 'f64', eval: (a, b) => (b === 0 ? 0 : a * b), js: { kind: 'guardedMul' },
    partials: (_b, [x, z]) => [z, x], unbounded: true,
    contribution: (b, i, p, t) => (i === 0 ? b.dmul(t, p) : b.dmul(p, t)),
  },
  {
    name: 'div', arity: 2, result: 'f64', eval: (a, b) => a / b, js: { kind: 'binary', operator: '/' }, unbounded: true,
    // ∂/∂z = -y/z written as -(y · (1/z)), reusing ∂/∂x: one division per division, not two
    // (y · (1/z) and y / z differ by at most an ulp or so).
    partials: (b, [, z], y) => {
      const r = b.div(one, z);
      return [r, b.neg(b.mul(y, r))];
    },
  },
  {
    // JS `%`: a - trunc(a / b) * b.
    name: 'mod', arity: 2, result: 'num', eval: (a, b) => a % b, js: { kind: 'binary', operator: '%' }, unbounded: true,
    partials: (b, [x, z]) => [one, b.neg(b.call('trunc', b.div(x, z)))],
  },
  { name: 'neg', arity: 1, result: 'num', eval: (a) => -a, js: { kind: 'unary', operator: '-' }, partials: () => [c(-1)] },
  {
    // x ** p and Math.pow. ∂p uses log(x); at x = 0 it is taken as 0 (the limit for p > 0).
    name: 'pow', arity: 2, result: 'f64', eval: (a, b) => a ** b, js: { kind: 'binary', operator: '**' }, unbounded: true,
    partials: (b, [x, p], y) => [
      p.kind === 'const' && p.value === 2 ? b.mul(c(2), x)
        : b.mul(p, b.op('pow', [x, p.kind === 'const' ? c((p.value as number) - 1) : b.sub(p, one)])),
      p.kind === 'const' ? null
        : b.select(b.cmp('eq', x, c(0)), c(0), b.mul(y, b.call('log', x))),
    ],
  },

  // Differentiable Math functions.
  unary('sin', (b, x) => b.call('cos', x)),
  unary('cos', (b, x) => b.neg(b.call('sin', x))),
  unary('tan', (b, _x, y) => b.add(one, sq(b, y))),
  unboundedUnary('asin', (b, x) => rsqrt(b, b.sub(one, sq(b, x)))),
  unboundedUnary('acos', (b, x) => b.neg(rsqrt(b, b.sub(one, sq(b, x))))),
  unary('atan', (b, x) => b.div(one, b.add(one, sq(b, x)))),
  unboundedUnary('sinh', (b, x) => b.call('cosh', x)),
  unboundedUnary('cosh', (b, x) => b.call('sinh', x)),
  unary('tanh', (b, _x, y) => b.sub(one, sq(b, y))),
  unary('asinh', (b, x) => rsqrt(b, b.add(sq(b, x), one))),
  unboundedUnary('acosh', (b, x) => b.div(one, b.mul(b.call('sqrt', b.sub(x, one)), b.call('sqrt', b.add(x, one))))),
  unboundedUnary('atanh', (b, x) => b.div(one, b.sub(one, sq(b, x)))),
  unboundedUnary('exp', (_b, _x, y) => y),
  unboundedUnary('expm1', (b, _x, y) => b.add(y, one)),
  unboundedUnary('log', (b, x) => b.div(one, x)),
  unboundedUnary('log1p', (b, x) => b.div(one, b.add(one, x))),
  unboundedUnary('log2', (b, x) => b.div(one, b.mul(x, c(Math.LN2)))),
  unboundedUnary('log10', (b, x) => b.div(one, b.mul(x, c(Math.LN10)))),
  unboundedUnary('sqrt', (b, _x, y) => b.div(c(0.5), y)),
  unboundedUnary('cbrt', (b, _x, y) => b.div(one, b.mul(c(3), sq(b, y)))),
  unary('abs', (b, x) => b.call('sign', x)),
  // Piecewise constant: derivative 0.
  unary('sign'),
  unary('floor'),
  unary('ceil'),
  unary('round'),
  unary('trunc'),
  unary('fround'),
  {
    name: 'atan2', arity: 2, result: 'f64', eval: Math.atan2, js: mathCall('atan2'), unbounded: true,
    partials: (b, [yy, x]) => {
      const r2 = b.add(sq(b, x), sq(b, yy));
      return [b.div(x, r2), b.neg(b.div(yy, r2))];
    },
  },
  {
    // ∂/∂xᵢ hypot = xᵢ / h, taken as 0 where h = 0.
    name: 'hypot', arity: 'variadic', result: 'f64', eval: Math.hypot, js: mathCall('hypot'),
    partials: (b, args, y) => {
      const zero = b.cmp('eq', y, c(0));
      const safe = b.select(zero, one, y);
      return args.map((x) => b.select(zero, c(0), b.div(x, safe)));
    },
  },
  { name: 'max', arity: 'variadic', result: 'num', eval: Math.max, js: mathCall('max'), partials: (b, args, y) => firstHit(b, args, y) },
  { name: 'min', arity: 'variadic', result: 'num', eval: Math.min, js: mathCall('min'), partials: (b, args, y) => firstHit(b, args, y) },

  // Comparisons and logic (bool results, no derivative).
  { name: 'lt', arity: 2, result: 'bool', eval: (a, b) => a < b, js: { kind: 'binary', operator: '<' } },
  { name: 'le', arity: 2, result: 'bool', eval: (a, b) => a <= b, js: { kind: 'binary', operator: '<=' } },
  { name: 'gt', arity: 2, result: 'bool', eval: (a, b) => a > b, js: { kind: 'binary', operator: '>' } },
  { name: 'ge', arity: 2, result: 'bool', eval: (a, b) => a >= b, js: { kind: 'binary', operator: '>=' } },
  { name: 'eq', arity: 2, result: 'bool', eval: (a, b) => a === b, js: { kind: 'binary', operator: '===' } },
  { name: 'ne', arity: 2, result: 'bool', eval: (a, b) => a !== b, js: { kind: 'binary', operator: '!==' } },
  { name: 'and', arity: 2, result: 'bool', eval: (a, b) => a && b, js: { kind: 'binary', operator: '&&' } },
  { name: 'or', arity: 2, result: 'bool', eval: (a, b) => a || b, js: { kind: 'binary', operator: '||' } },
  { name: 'not', arity: 1, result: 'bool', eval: (a) => !a, js: { kind: 'unary', operator: '!' } },

  // c ? a : b on values (both already computed; used by derivative rules and the optimizer).
  {
    name: 'select', arity: 3, result: 'num', eval: (q, a, b) => (q ? a : b), js: { kind: 'select' },
    partials: (b, [q]) => [null, b.select(q, one, c(0)), b.select(q, c(0), one)],
  },

  // Derivative markers (erased to plain copies once every derivative is built, see
  // src/ad/markers.ts). stop(x) = x with derivative 0 at every order: `stopGradient`.
  { name: 'stop', arity: 1, result: 'f64', eval: (x) => x, js: { kind: 'copy' } },
  // lin(acc, x, p) = acc with ∂/∂acc = 1 and ∂/∂x = p: a user-supplied partial derivative p of a
  // helper's value with respect to its input x (custom derivative rules chain one lin per input
  // onto stop(value)). ∂/∂p is 0 here, but p is ordinary IR, so a second-order pass that
  // differentiates the adjoint or tangent code (x̄ += p·ȳ) differentiates the rule itself.
  { name: 'lin', arity: 3, result: 'f64', eval: (acc) => acc, js: { kind: 'copy' }, partials: (_b, [, , p]) => [one, p, null], passive: [2] },

  // Integer bitwise operators (int32 results; piecewise constant, so derivative 0): `i | 0`, `n >> 1`.
  { name: 'bor', arity: 2, result: 'int', eval: (a, b) => a | b, js: { kind: 'binary', operator: '|' } },
  { name: 'band', arity: 2, result: 'int', eval: (a, b) => a & b, js: { kind: 'binary', operator: '&' } },
  { name: 'bxor', arity: 2, result: 'int', eval: (a, b) => a ^ b, js: { kind: 'binary', operator: '^' } },
  { name: 'shl', arity: 2, result: 'int', eval: (a, b) => a << b, js: { kind: 'binary', operator: '<<' } },
  { name: 'shr', arity: 2, result: 'int', eval: (a, b) => a >> b, js: { kind: 'binary', operator: '>>' } },
  { name: 'ushr', arity: 2, result: 'int', eval: (a, b) => a >>> b, js: { kind: 'binary', operator: '>>>' } },
  { name: 'bnot', arity: 1, result: 'int', eval: (a) => ~a, js: { kind: 'unary', operator: '~' } },

  // Length of an array variable (int).
  { name: 'len', arity: 1, result: 'int', eval: (a: ArrayLike<number>) => a.length, js: { kind: 'length' } },
];

export const OPS: Record<string, OpDef> = Object.fromEntries(table.map((op) => [op.name, op]));

/** Math.* functions the front end accepts, mapped to op names (pow shares the `**` op). */
export const MATH_FUNCTIONS: Record<string, string> = Object.fromEntries(
  table.filter((op) => op.js.kind === 'call').map((op) => [op.name, op.name]),
);
MATH_FUNCTIONS.pow = 'pow';

/** Math.* constants the front end folds to literals. */
export const MATH_CONSTANTS = ['E', 'LN10', 'LN2', 'LOG10E', 'LOG2E', 'PI', 'SQRT1_2', 'SQRT2'] as const;

/**
 * The op of a function imported from a module adgen does not compile (an import whose JSDoc
 * names derivative rules, see src/frontend/lower-custom.ts): one op per local name, printed as a
 * call of that name. Such calls are never folded or merged (`pure: false`: adgen cannot know the
 * function is deterministic). Their derivative comes from the user's rule, attached by `lin`
 * markers around a `stop`; an AD pass that still reaches the call itself (no rule, or a second
 * derivative of a rule that calls it) asks for its partials, which is a located error.
 */
export function externOp(local: string, source: string): string {
  const name = `extern:${local}@${source}`;
  OPS[name] ??= {
    name,
    arity: 'variadic',
    result: 'f64',
    // The reference interpreter and the tests' oracles run it once bindExtern gave the function.
    eval: () => {
      throw new Error(`${local} from '${source}' runs only in the generated module (or after bindExtern)`);
    },
    js: { kind: 'call', callee: local },
    pure: false,
    partials: (b) => {
      const message = `${local} from '${source}' has no derivative here: give it one with \`@vjp ${local} rule\` or \`@jvp ${local} rule\` in the JSDoc of its import (a second derivative differentiates the rules' own code: the functions a rule calls need rules too, and a rule that calls its own function gives derivatives up to the second order)`;
      throw new CompileError([{ code: 'custom-rule', message, start: b.loc.start, end: b.loc.end }]);
    },
  };
  return name;
}

/**
 * The op `a === value` for a value that is not a number: `undefined` (an optional parameter the
 * caller left out) or a string (a flag such as \`kind === 'call'\`). Values of this kind pass
 * through the IR untouched in passive parameters (they never meet arithmetic), so the test is the
 * only op that reads them; one op per value, made on first use.
 */
export function isOp(value: string | undefined): string {
  const name = value === undefined ? 'is:undefined' : `is:${JSON.stringify(value)}`;
  OPS[name] ??= { name, arity: 1, result: 'bool', eval: (a: unknown) => a === value, js: { kind: 'is', value } };
  return name;
}

/** Give the interpreter (src/ir/interp.ts) the function an extern op calls, e.g. the package's export. */
export function bindExtern(local: string, source: string, fn: (...args: number[]) => number): void {
  OPS[externOp(local, source)].eval = fn;
}
