/**
 * Values the lowering resolves at compile time, so they never reach the IR: functions (nested
 * functions, arrows, callbacks, function-valued parameters), strings used as flags
 * (`kind === 'call'`), `typeof x` (from the kind of x's value), and left-out optional
 * parameters (`p ?? d`, `p === undefined`). Each call site sees the actual values, so a
 * comparison of two of them folds to a constant and only the taken branch is lowered.
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom } from '../ir/types.js';
import { isOp } from '../ops/table.js';
import { runtimeNullish } from './lower-entry-params.js';
import { fail, type Cx, type Es, type FnVal, type StaticVal, type Val } from './lower-context.js';
import { lowerExpr } from './lower-expr.js';
import { nestedInfo } from './lower-params.js';

/** An arrow or function expression: a function value capturing the current scope. */
export function closure(cx: Cx, e: Es, name?: string): FnVal {
  if (e.async || e.generator) return fail(e, 'unsupported', `${e.async ? 'async functions' : 'generators'} are not supported`);
  const info = nestedInfo(cx.L, e, name ?? e.id?.name ?? 'the arrow function', cx.inst.info);
  return { t: 'fn', info, scope: cx.scope };
}

/** JavaScript's `typeof` of a lowered value. */
function typeOf(val: Val): string {
  switch (val.t) {
    case 'num':
      return 'number';
    case 'bool':
      return 'boolean';
    case 'arr':
      return 'object';
    case 'fn':
      return 'function';
    case 'str':
    case 'text':
      return 'string';
    case 'void':
      return 'undefined';
  }
}

/** Is `e` a read of a left-out optional parameter (or `undefined` itself)? */
export function isUndefined(cx: Cx, e: Es): boolean {
  if (e.type !== 'Identifier') return false;
  const binding = cx.scope.lookup(e.name);
  return binding ? binding.kind === 'undef' : e.name === 'undefined';
}

/** `typeof e`: a string (e is lowered for its kind only when it has no effects). */
export function typeofExpr(cx: Cx, b: Builder, e: Es): Val {
  if (isUndefined(cx, e.argument)) return { t: 'str', s: 'undefined' };
  if (optionalParam(cx, e.argument)) return fail(e, 'unsupported', `typeof of the optional parameter ${e.argument.name}: test ${e.argument.name} === undefined instead`);
  return { t: 'str', s: typeOf(lowerExpr(cx, b, e.argument)) };
}

/** `a ?? d`: numbers, arrays and functions are never null, so only a left-out `a` takes `d`. */
export function nullish(cx: Cx, b: Builder, e: Es): Val {
  const optional = optionalParam(cx, e.left);
  if (optional) return { t: 'num', a: runtimeNullish(cx, b, optional, e.right) };
  return lowerExpr(cx, b, isUndefined(cx, e.left) ? e.right : e.left);
}

/** The IR name of an exported function's `p?: number` that `e` reads, if it is one. */
function optionalParam(cx: Cx, e: Es): string | undefined {
  if (e.type !== 'Identifier') return undefined;
  const binding = cx.scope.lookup(e.name);
  return binding?.kind === 'var' && binding.optional ? binding.name : undefined;
}

const isNullish = (cx: Cx, x: Es) => isUndefined(cx, x) || (x.type === 'Literal' && x.value === null && !x.regex);

const EQUALITY = new Set(['===', '!==', '==', '!=']);

/**
 * `===`/`!==` where a side is static (a string, a function) or undefined: the answer is known
 * now. Returns null when neither side is, for the ordinary numeric comparison.
 */
export function staticEquality(cx: Cx, b: Builder, e: Es): Val | null {
  if (!EQUALITY.has(e.operator)) return null;
  const negate = e.operator.startsWith('!');
  const undefinedSide = [e.left, e.right].some((x) => isNullish(cx, x));
  if (undefinedSide) {
    const optional = optionalParam(cx, e.left) ?? optionalParam(cx, e.right);
    if (optional) return { t: 'bool', a: runtimeTest(cx, b, v(optional), undefined, negate) };
    const both = [e.left, e.right].every((x) => isNullish(cx, x));
    return { t: 'bool', a: c(both !== negate) };
  }
  if (!isStaticSyntax(e.left) && !isStaticSyntax(e.right)) return null;
  const [l, r] = [lowerExpr(cx, b, e.left), lowerExpr(cx, b, e.right)];
  const text = flagEquality(cx, b, l, r, negate);
  if (text) return text;
  if (!isStatic(l) && !isStatic(r)) return null;
  const same = isStatic(l) && isStatic(r) && sameStatic(l, r);
  return { t: 'bool', a: c(same !== negate) };
}

/** `kind === 'call'` where kind is a string known only at run time (or two such strings). */
function flagEquality(cx: Cx, b: Builder, l: Val, r: Val, negate: boolean): Val | null {
  if (l.t !== 'text' && r.t !== 'text') return null;
  const [flag, other] = l.t === 'text' ? [l, r] : [r as { t: 'text'; a: Atom }, l];
  if (other.t === 'str') return { t: 'bool', a: runtimeTest(cx, b, flag.a, other.s, negate) };
  if (other.t !== 'text') return { t: 'bool', a: c(negate) }; // a string never equals a number
  return { t: 'bool', a: cx.L.op(b, negate ? 'ne' : 'eq', [flag.a, other.a], 'bool') };
}

function runtimeTest(cx: Cx, b: Builder, a: Atom, value: string | undefined, negate: boolean): Atom {
  const is = cx.L.op(b, isOp(value), [a], 'bool');
  return negate ? cx.L.op(b, 'not', [is], 'bool') : is;
}

/** Syntax that may lower to a static value (names may be bound to strings or functions). */
function isStaticSyntax(e: Es): boolean {
  return e.type === 'Identifier' || (e.type === 'Literal' && typeof e.value === 'string') || (e.type === 'UnaryExpression' && e.operator === 'typeof') ||
    e.type === 'MemberExpression' || e.type === 'CallExpression';
}

const isStatic = (v: Val): v is StaticVal => v.t === 'fn' || v.t === 'str';

function sameStatic(l: StaticVal, r: StaticVal): boolean {
  if (l.t === 'str' && r.t === 'str') return l.s === r.s;
  return l.t === 'fn' && r.t === 'fn' && l.info === r.info && l.scope === r.scope;
}

/** `Number.isFinite(x)`, `Number.isNaN(x)` (also the global isFinite / isNaN on numbers). */
export function numberPredicate(cx: Cx, b: Builder, e: Es, name: string): Val {
  if (e.arguments.length !== 1) return fail(e, 'arity', `Number.${name} takes 1 argument, got ${e.arguments.length}`);
  const val = lowerExpr(cx, b, e.arguments[0]);
  if (val.t !== 'num') {
    // Number.isFinite / isNaN of a non-number is false (the global ones would convert it).
    return fail(e.arguments[0], 'type', `Number.${name} needs a number here, got a ${val.t === 'bool' ? 'boolean' : 'non-number'}`);
  }
  const x: Atom = val.a;
  if (name === 'isNaN') return { t: 'bool', a: cx.L.op(b, 'ne', [x, x], 'bool') };
  // |x| < ∞ is false for ±∞ and NaN: no rewrite can fold it to true.
  const magnitude = cx.L.op(b, 'abs', [x]);
  return { t: 'bool', a: cx.L.op(b, 'lt', [magnitude, c(Infinity)], 'bool') };
}

/**
 * Bind a declared name to a static value (`const f = (x) => …`, `const kind = 'call'`). A later
 * assignment to it is refused where it happens (lower-assign.ts).
 */
export function bindStatic(val: StaticVal): { kind: 'static'; val: StaticVal } {
  return { kind: 'static', val };
}
