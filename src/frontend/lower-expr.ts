/**
 * Expressions → three-address IR. Each call returns a `Val`: a number or boolean atom, an array
 * reference, or nothing (a void helper call). Operands are lowered left to right into fresh
 * temporaries (hint 't', booleans 'c'); the Builder folds constants as we go, so `Math.PI / 2`
 * or `2 * 3` never reach the IR.
 *
 * `&&`/`||` short-circuit: when the right operand lowers to pure assignments it is evaluated
 * unconditionally and combined with `and`/`or` (one op, no branch); otherwise (loads, calls,
 * assignments) it runs inside an IR `if`, as JavaScript would. `?:` becomes an IR `if` assigning
 * a temporary, so only the taken branch runs (an untaken branch never produces NaN).
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom } from '../ir/types.js';
import { MATH_CONSTANTS, MATH_FUNCTIONS, OPS } from '../ops/table.js';
import { assignsScalars } from './lower-analysis.js';
import { assignment, update } from './lower-assign.js';
import { constantArray } from './lower-constants.js';
import { arrayLiteral, arrayStatic, fillCall, newExpr } from './lower-array.js';
import { at, describe, fail, sub, type Cx, type Es, type Val, type ArrRef } from './lower-context.js';
import { lowerCall } from './inline.js';
import { lowerExternCall } from './lower-custom.js';
import { intrinsicOf, lowerIntrinsic } from './lower-derivatives.js';
import { ARRAY_METHODS, arrayMethod } from './lower-methods.js';
import { closure, nullish, numberPredicate, staticEquality, typeofExpr } from './lower-static.js';

export interface ExprOpts {
  /** Scalar variable the result may be written into directly (used by `?:`). */
  dest?: string;
  /** Array variable a freshly created array is allocated into (vector returns). */
  arrayDest?: string;
  /** Name hint for a freshly created array. */
  hint?: string;
  /** The value is not used (expression statement, for-update). */
  discard?: boolean;
}

export const ARITH: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '**': 'pow' };
/** Integer bitwise operators (int32 results, derivative zero): `i | 0`, `n >> 1`, `k & 1`. */
export const BITWISE: Record<string, string> = { '|': 'bor', '&': 'band', '^': 'bxor', '<<': 'shl', '>>': 'shr', '>>>': 'ushr' };
const COMPARE: Record<string, string> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge', '===': 'eq', '!==': 'ne', '==': 'eq', '!=': 'ne' };
const NUMBER_CONSTANTS: Record<string, number> = {
  EPSILON: Number.EPSILON,
  MAX_VALUE: Number.MAX_VALUE,
  MIN_VALUE: Number.MIN_VALUE,
  MAX_SAFE_INTEGER: Number.MAX_SAFE_INTEGER,
  MIN_SAFE_INTEGER: Number.MIN_SAFE_INTEGER,
  POSITIVE_INFINITY: Infinity,
  NEGATIVE_INFINITY: -Infinity,
  NaN: NaN,
};

export function lowerExpr(cx: Cx, b: Builder, e: Es, opts: ExprOpts = {}): Val {
  switch (e.type) {
    case 'Literal':
      return literal(e);
    case 'Identifier':
      return identifier(cx, e);
    case 'ParenthesizedExpression':
      return lowerExpr(cx, b, e.expression, opts);
    case 'BinaryExpression':
      return binary(cx, b, e);
    case 'LogicalExpression':
      if (e.operator === '??') return nullish(cx, b, e);
      return { t: 'bool', a: logical(cx, b, e, false) };
    case 'UnaryExpression':
      return unary(cx, b, e);
    case 'UpdateExpression':
      return update(cx, b, e, opts.discard ?? false);
    case 'AssignmentExpression':
      return assignment(cx, b, e);
    case 'ConditionalExpression':
      return conditional(cx, b, e, opts);
    case 'MemberExpression':
      return member(cx, b, e);
    case 'CallExpression':
      return call(cx, b, e, opts);
    case 'NewExpression':
      return newExpr(cx, b, e, opts);
    case 'ArrayExpression':
      return arrayLiteral(cx, b, e, opts);
    case 'ArrowFunctionExpression':
    case 'FunctionExpression':
      return closure(cx, e);
    default:
      return fail(e, 'unsupported', `${words(e)} is not supported`);
  }
}

/** ESTree type in words for messages: 'SequenceExpression' → 'sequence expression'. */
export function words(e: Es): string {
  if (e.type === 'AdgenUnsupported') return String(e.construct);
  return e.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
}

export function lowerNum(cx: Cx, b: Builder, e: Es): Atom {
  const val = lowerExpr(cx, b, e);
  if (val.t !== 'num') fail(e, 'type', `expected a number here, got ${describe(val)}`);
  return val.a;
}

export function lowerArr(cx: Cx, b: Builder, e: Es): ArrRef {
  const val = lowerExpr(cx, b, e);
  if (val.t !== 'arr') fail(e, 'type', `expected an array here, got ${describe(val)}`);
  return val.arr;
}

/** A condition: booleans as they are, numbers by JavaScript truthiness (≠ 0 and not NaN). */
export function lowerCond(cx: Cx, b: Builder, e: Es): Atom {
  if (e.type === 'LogicalExpression' && e.operator !== '??') return logical(cx, b, e, true);
  if (e.type === 'UnaryExpression' && e.operator === '!') return not(cx, b, lowerCond(cx, b, e.argument));
  const val = lowerExpr(cx, b, e);
  if (val.t === 'bool') return val.a;
  if (val.t === 'num') return truthy(cx, b, val.a);
  return fail(e, 'type', `expected a condition here, got ${describe(val)}`);
}

export function truthy(cx: Cx, b: Builder, a: Atom): Atom {
  if (a.kind === 'const') return c(Boolean(a.value));
  const nonzero = cx.L.op(b, 'ne', [a, c(0)], 'bool');
  const notNaN = cx.L.op(b, 'eq', [a, a], 'bool');
  return cx.L.op(b, 'and', [nonzero, notNaN], 'bool');
}

export function not(cx: Cx, b: Builder, a: Atom): Atom {
  return cx.L.op(b, 'not', [a], 'bool');
}

/**
 * Lower operands left to right. A variable read is an atom evaluated when its op runs, so when a
 * later operand assigns variables (`x + (x = 1)`), earlier variable operands are copied first.
 */
export function lowerOperands(cx: Cx, b: Builder, exprs: Es[]): Val[] {
  return exprs.map((e, i) => {
    const val = lowerExpr(cx, b, e);
    if (val.t !== 'num' && val.t !== 'bool') return val;
    if (val.a.kind !== 'var' || cx.L.temps.has(val.a.name)) return val;
    if (!exprs.slice(i + 1).some(assignsScalars)) return val;
    return { t: val.t, a: cx.L.op(b, 'copy', [val.a], val.t === 'bool' ? 'bool' : 'f64') };
  });
}

function literal(e: Es): Val {
  if (typeof e.value === 'number') return { t: 'num', a: c(e.value) };
  if (typeof e.value === 'boolean') return { t: 'bool', a: c(e.value) };
  if (typeof e.value === 'string') return { t: 'str', s: e.value };
  return fail(e, 'unsupported', `the literal ${e.raw ?? ''} is not supported`);
}

function identifier(cx: Cx, e: Es): Val {
  const name: string = e.name;
  const binding = cx.scope.lookup(name);
  if (binding) {
    if (binding.kind === 'arr') return { t: 'arr', arr: binding.arr };
    if (binding.kind === 'alias') return { t: binding.t, a: binding.atom };
    if (binding.kind === 'static') return binding.val;
    if (binding.kind === 'undef') return fail(e, 'type', `${name} is undefined here (an optional parameter this call leaves out); use ${name} ?? value`);
    return { t: binding.t, a: v(binding.name) };
  }
  const constant = cx.L.mod.constants.get(name);
  if (constant !== undefined) return { t: 'num', a: c(constant) };
  if (cx.L.mod.constantArrays.has(name)) return { t: 'arr', arr: constantArray(cx.L, name) };
  if (name === 'NaN') return { t: 'num', a: c(NaN) };
  if (name === 'Infinity') return { t: 'num', a: c(Infinity) };
  if (name === 'undefined') return fail(e, 'unsupported', 'undefined is not supported as a value');
  const info = cx.L.mod.functions.get(name);
  if (info) return { t: 'fn', info, scope: null };
  return fail(e, 'unknown-name', `unknown variable ${name}`);
}

function binary(cx: Cx, b: Builder, e: Es): Val {
  const op: string = e.operator;
  const known = staticEquality(cx, b, e);
  if (known) return known;
  const [l, r] = lowerOperands(cx, b, [e.left, e.right]);
  at(b, e);
  if (ARITH[op]) {
    if (l.t !== 'num' || r.t !== 'num') fail(l.t !== 'num' ? e.left : e.right, 'type', `'${op}' needs numbers, got ${describe(l.t !== 'num' ? l : r)}`);
    return { t: 'num', a: cx.L.op(b, ARITH[op], [l.a, r.a]) };
  }
  if (COMPARE[op]) {
    const eqOnBools = l.t === 'bool' && r.t === 'bool' && (COMPARE[op] === 'eq' || COMPARE[op] === 'ne');
    if (!eqOnBools && (l.t !== 'num' || r.t !== 'num')) fail(e, 'type', `'${op}' compares numbers, got ${describe(l.t !== 'num' ? l : r)}`);
    return { t: 'bool', a: cx.L.op(b, COMPARE[op], [(l as { a: Atom }).a, (r as { a: Atom }).a], 'bool') };
  }
  if (BITWISE[op]) {
    if (l.t !== 'num' || r.t !== 'num') fail(l.t !== 'num' ? e.left : e.right, 'type', `'${op}' needs numbers, got ${describe(l.t !== 'num' ? l : r)}`);
    return { t: 'num', a: cx.L.op(b, BITWISE[op], [l.a, r.a], 'int') };
  }
  return fail(e, 'unsupported', `the '${op}' operator is not supported`);
}

/**
 * `a && b`, `a || b`. In a condition (`asCond`) numbers count by truthiness; as a value both sides
 * must be booleans (JavaScript would return one of the numbers, which adgen does not model).
 */
function logical(cx: Cx, b: Builder, e: Es, asCond: boolean): Atom {
  if (e.operator === '??') return fail(e, 'unsupported', 'nullish coalescing (??) is not supported');
  const side = (sb: Builder, x: Es): Atom => {
    if (asCond) return lowerCond(cx, sb, x);
    const val = lowerExpr(cx, sb, x);
    if (val.t !== 'bool') fail(x, 'type', `'${e.operator}' on numbers is not supported as a value (use a ?: expression)`);
    return val.a;
  };
  const left = side(b, e.left);
  at(b, e);
  return shortCircuit(cx, b, e.operator === '&&' ? 'and' : 'or', left, (sb) => side(sb, e.right));
}

/** `left && right()` / `left || right()` with JavaScript's evaluation order. */
export function shortCircuit(cx: Cx, b: Builder, op: 'and' | 'or', left: Atom, right: (sb: Builder) => Atom): Atom {
  const decides = op === 'and' ? false : true;
  if (left.kind === 'const') return left.value === decides ? left : right(b);
  const sb = sub(b);
  const r = right(sb);
  if (sb.stmts.every((s) => s.kind === 'assign' && cx.L.temps.has(s.target))) {
    b.stmts.push(...sb.stmts);
    if (r.kind === 'const') return r.value === decides ? r : left;
    return cx.L.op(b, op, [left, r], 'bool');
  }
  const flag = cx.L.fresh('bool', 'c');
  cx.L.moveInto(b, flag, left);
  cx.L.moveInto(sb, flag, r);
  const [then, els] = op === 'and' ? [sb.stmts, []] : [[], sb.stmts];
  b.push({ kind: 'if', cond: v(flag), then, else: els, loc: b.loc });
  return v(flag);
}

function unary(cx: Cx, b: Builder, e: Es): Val {
  switch (e.operator) {
    case '!':
      return { t: 'bool', a: not(cx, b, lowerCond(cx, b, e.argument)) };
    case '-':
    case '+': {
      const a = lowerNum(cx, b, e.argument);
      at(b, e);
      return { t: 'num', a: e.operator === '-' ? cx.L.op(b, 'neg', [a]) : a };
    }
    case '~':
      return { t: 'num', a: cx.L.op(b, 'bnot', [lowerNum(cx, b, e.argument)], 'int') };
    case 'typeof':
      return typeofExpr(cx, b, e);
    default:
      return fail(e, 'unsupported', `the '${e.operator}' operator is not supported`);
  }
}

function conditional(cx: Cx, b: Builder, e: Es, opts: ExprOpts): Val {
  const cond = lowerCond(cx, b, e.test);
  if (cond.kind === 'const') return lowerExpr(cx, b, cond.value ? e.consequent : e.alternate, opts);
  const tb = sub(b);
  const eb = sub(b);
  const tv = lowerExpr(cx, tb, e.consequent);
  const ev = lowerExpr(cx, eb, e.alternate);
  if ((tv.t !== 'num' && tv.t !== 'bool') || (ev.t !== 'num' && ev.t !== 'bool')) {
    return fail(e, 'unsupported', '?: must choose between numbers or booleans');
  }
  if (tv.t !== ev.t) fail(e, 'type', `the branches of ?: give ${describe(tv)} and ${describe(ev)}`);
  const dest = opts.dest ?? cx.L.fresh(tv.t === 'bool' ? 'bool' : 'f64', opts.hint ?? (tv.t === 'bool' ? 'c' : 't'));
  if (!opts.dest) cx.L.owned.add(dest);
  cx.L.moveInto(tb, dest, tv.a);
  cx.L.moveInto(eb, dest, ev.a);
  at(b, e);
  b.push({ kind: 'if', cond, then: tb.stmts, else: eb.stmts, loc: b.loc });
  return { t: tv.t, a: v(dest) };
}

function member(cx: Cx, b: Builder, e: Es): Val {
  if (e.optional) return fail(e, 'unsupported', 'optional chaining is not supported');
  if (e.computed) {
    const arr = lowerArr(cx, b, e.object);
    const index = lowerNum(cx, b, e.property);
    at(b, e);
    const target = cx.L.fresh('f64', 't');
    cx.L.temps.add(target);
    b.push({ kind: 'load', target, array: arr.name, index, loc: b.loc });
    return { t: 'num', a: v(target) };
  }
  const prop: string = e.property.name;
  if (e.object.type === 'Identifier' && !cx.scope.lookup(e.object.name)) {
    if (e.object.name === 'Math' && (MATH_CONSTANTS as readonly string[]).includes(prop)) {
      return { t: 'num', a: c((Math as unknown as Record<string, number>)[prop]) };
    }
    if (e.object.name === 'Number' && prop in NUMBER_CONSTANTS) return { t: 'num', a: c(NUMBER_CONSTANTS[prop]) };
    if (e.object.name === 'Math') return fail(e, 'unsupported', `Math.${prop} is not supported`);
  }
  if (prop === 'length') {
    const arr = lowerArr(cx, b, e.object);
    at(b, e);
    return { t: 'num', a: cx.L.op(b, 'len', [v(arr.name)]) };
  }
  return fail(e, 'unsupported', `property access .${prop} is not supported (adgen takes numbers and arrays)`);
}

function call(cx: Cx, b: Builder, e: Es, opts: ExprOpts): Val {
  if (e.optional) return fail(e, 'unsupported', 'optional chaining is not supported');
  if (e.arguments.some((a: Es) => a.type === 'SpreadElement')) return fail(e, 'unsupported', 'spread arguments are not supported');
  const callee: Es = e.callee;
  const intrinsic = intrinsicOf(cx, e);
  if (intrinsic) return lowerIntrinsic(cx, b, e, intrinsic);
  if (callee.type === 'Identifier') {
    const name: string = callee.name;
    const binding = cx.scope.lookup(name);
    if (binding?.kind === 'static' && binding.val.t === 'fn') return lowerCall(cx, b, e, binding.val);
    if (binding) return fail(callee, 'unsupported', `${name} is not a function`);
    const info = cx.L.mod.functions.get(name);
    if (info) return lowerCall(cx, b, e, { t: 'fn', info, scope: null });
    const ext = cx.L.mod.externs?.get(name);
    if (ext) return lowerExternCall(cx, b, e, ext, lowerOperands(cx, b, e.arguments));
    if (name === 'eval' || name === 'Function') return fail(e, 'unsupported', `${name} is not supported`);
    if (name === 'isNaN' || name === 'isFinite') return numberPredicate(cx, b, e, name);
    return fail(callee, 'unknown-call', `unknown function ${name}`);
  }
  if (callee.type === 'MemberExpression' && !callee.computed) {
    const prop: string = callee.property.name;
    const obj: Es = callee.object;
    if (obj.type === 'Identifier' && obj.name === 'Math' && !cx.scope.lookup('Math')) return mathCall(cx, b, e, prop);
    if (obj.type === 'Identifier' && !cx.scope.lookup(obj.name) && (prop === 'of' || prop === 'from')) {
      return arrayStatic(cx, b, e, obj.name, prop, opts);
    }
    if (obj.type === 'Identifier' && obj.name === 'Number' && !cx.scope.lookup('Number') && (prop === 'isNaN' || prop === 'isFinite')) {
      return numberPredicate(cx, b, e, prop);
    }
    if (prop === 'fill') return fillCall(cx, b, e, opts);
    if (ARRAY_METHODS.has(prop)) return arrayMethod(cx, b, e, prop, opts);
    const objName = obj.type === 'Identifier' ? `${obj.name}.` : '';
    return fail(callee, 'unknown-call', `unknown function ${objName}${prop}`);
  }
  const fn = lowerExpr(cx, b, callee);
  if (fn.t === 'fn') return lowerCall(cx, b, e, fn);
  return fail(callee, 'unknown-call', 'unknown function');
}

/** Math.f(...) → the op of the table; Math.max() and friends with no arguments fold. */
function mathCall(cx: Cx, b: Builder, e: Es, name: string): Val {
  if (name === 'random') return fail(e.callee, 'unsupported', 'Math.random is not supported (not deterministic or differentiable)');
  const op = MATH_FUNCTIONS[name];
  if (!op) return fail(e.callee, 'unsupported', `Math.${name} is not supported`);
  const vals = lowerOperands(cx, b, e.arguments);
  const atoms = vals.map((val, i) => {
    if (val.t !== 'num') fail(e.arguments[i], 'type', `Math.${name} needs numbers, got ${describe(val)}`);
    return val.a;
  });
  at(b, e);
  const arity = OPS[op].arity;
  if (arity === 'variadic') {
    if (atoms.length === 0) return { t: 'num', a: c(name === 'max' ? -Infinity : name === 'min' ? Infinity : 0) };
  } else if (atoms.length !== arity) {
    fail(e, 'arity', `Math.${name} takes ${arity} argument${arity === 1 ? '' : 's'}, got ${atoms.length}`);
  }
  return { t: 'num', a: cx.L.op(b, op, atoms) };
}
