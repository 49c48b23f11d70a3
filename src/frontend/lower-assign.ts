/**
 * Assignments and updates: `x = e`, `x op= e`, `a[i] = e`, `a[i] op= e`, `++`/`--` on variables
 * and elements, as statements and as values.
 *
 * The IR forbids an assignment's target among its operands, so `x += y` is `t = add x y;
 * x = copy t`; a plain `x = e` lets the last op of `e` write into `x` directly when it may.
 * Arrays are references and cannot be reassigned (the reverse pass and the generated code rely
 * on one array per variable); element writes go through `store`.
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom } from '../ir/types.js';
import { ARITH, BITWISE, lowerArr, lowerExpr, lowerNum, lowerOperands } from './lower-expr.js';
import { at, describe, fail, type Binding, type Cx, type Es, type Val } from './lower-context.js';

const COMPOUND: Record<string, string> = {
  '+=': '+', '-=': '-', '*=': '*', '/=': '/', '%=': '%', '**=': '**',
  '|=': '|', '&=': '&', '^=': '^', '<<=': '<<', '>>=': '>>', '>>>=': '>>>',
};
/** The op of a compound assignment's operator, and the type of its result. */
const compoundOp = (op: string): [string, 'f64' | 'int'] => {
  const sym = COMPOUND[op];
  return ARITH[sym] ? [ARITH[sym], 'f64'] : [BITWISE[sym], 'int'];
};

export function assignment(cx: Cx, b: Builder, e: Es): Val {
  const op: string = e.operator;
  if (op !== '=' && !COMPOUND[op]) return fail(e, 'unsupported', `the '${op}' operator is not supported`);
  const left: Es = e.left;
  if (left.type === 'Identifier') return assignVar(cx, b, e, left);
  if (left.type === 'MemberExpression' && left.computed) return assignElement(cx, b, e, left);
  if (left.type === 'MemberExpression') return fail(left, 'unsupported', `cannot assign to .${left.property.name}`);
  return fail(left, 'unsupported', 'destructuring is not supported');
}

/** The variable binding `name` refers to, checked to be assignable. */
function assignable(cx: Cx, node: Es): Extract<Binding, { kind: 'var' }> {
  const name: string = node.name;
  const binding = cx.scope.lookup(name);
  if (!binding) return fail(node, 'unknown-name', `unknown variable ${name}`);
  if (binding.kind === 'arr') {
    const what = binding.arr.param ? 'array parameter' : 'array';
    return fail(node, 'unsupported', `cannot reassign the ${what} ${name} (write its elements instead)`);
  }
  if (binding.kind === 'alias') return fail(node, 'internal', `internal: ${name} was assumed never assigned`);
  if (binding.kind === 'static') {
    const what = binding.val.t === 'fn' ? 'a function' : 'a string';
    return fail(node, 'unsupported', `cannot assign to ${name}, which holds ${what} (resolved at compile time, so it must keep its first value)`);
  }
  if (binding.kind === 'undef') return fail(node, 'unsupported', `cannot assign to the left-out optional parameter ${name}; use a local variable`);
  if (binding.isConst) return fail(node, 'unsupported', `cannot assign to the constant ${name}`);
  if (binding.readonly) return fail(node, 'unsupported', binding.readonly);
  return binding;
}

function assignVar(cx: Cx, b: Builder, e: Es, left: Es): Val {
  const binding = assignable(cx, left);
  const name = binding.name;
  if (e.operator === '=') {
    const val = lowerExpr(cx, b, e.right, { dest: name });
    if (val.t !== binding.t) {
      fail(e.right, 'type', `${left.name} holds ${binding.t === 'num' ? 'a number' : 'a boolean'}; cannot assign ${describe(val)}`);
    }
    at(b, e);
    cx.L.moveInto(b, name, (val as { a: Atom }).a);
    return { t: binding.t, a: v(name) };
  }
  if (binding.t !== 'num') fail(e, 'type', `'${e.operator}' needs a number variable`);
  const [cur, rhs] = lowerOperands(cx, b, [left, e.right]);
  if (rhs.t !== 'num') fail(e.right, 'type', `expected a number here, got ${describe(rhs)}`);
  at(b, e);
  const [opName, type] = compoundOp(e.operator);
  const result = cx.L.op(b, opName, [(cur as { a: Atom }).a, rhs.a], type);
  cx.L.moveInto(b, name, result);
  return { t: 'num', a: v(name) };
}

function assignElement(cx: Cx, b: Builder, e: Es, left: Es): Val {
  const arr = lowerArr(cx, b, left.object);
  if (arr.readonly) fail(left, 'unsupported', arr.readonly);
  const index = lowerNum(cx, b, left.property);
  if (e.operator === '=') {
    const value = lowerNum(cx, b, e.right);
    at(b, e);
    b.push({ kind: 'store', array: arr.name, index, value, loc: b.loc });
    return { t: 'num', a: value };
  }
  at(b, e);
  const old = load(cx, b, arr.name, index);
  const rhs = lowerNum(cx, b, e.right);
  at(b, e);
  const [opName, type] = compoundOp(e.operator);
  const value = cx.L.op(b, opName, [old, rhs], type);
  b.push({ kind: 'store', array: arr.name, index, value, loc: b.loc });
  return { t: 'num', a: value };
}

export function load(cx: Cx, b: Builder, array: string, index: Atom): Atom {
  const target = cx.L.fresh('f64', 't');
  cx.L.temps.add(target);
  b.push({ kind: 'load', target, array, index, loc: b.loc });
  return v(target);
}

/** `++x`, `x--`, `a[i]++`: prefix gives the new value, postfix the old one. */
export function update(cx: Cx, b: Builder, e: Es, discard: boolean): Val {
  const op = e.operator === '++' ? 'add' : 'sub';
  const arg: Es = e.argument;
  if (arg.type === 'Identifier') {
    const binding = assignable(cx, arg);
    if (binding.t !== 'num') fail(e, 'type', `'${e.operator}' needs a number variable`);
    at(b, e);
    const old = e.prefix || discard ? v(binding.name) : cx.L.op(b, 'copy', [v(binding.name)]);
    const next = cx.L.op(b, op, [old, c(1)]);
    cx.L.moveInto(b, binding.name, next);
    return { t: 'num', a: e.prefix ? next : old };
  }
  if (arg.type === 'MemberExpression' && arg.computed) {
    const arr = lowerArr(cx, b, arg.object);
    if (arr.readonly) fail(arg, 'unsupported', arr.readonly);
    const index = lowerNum(cx, b, arg.property);
    at(b, e);
    const old = load(cx, b, arr.name, index);
    const next = cx.L.op(b, op, [old, c(1)]);
    b.push({ kind: 'store', array: arr.name, index, value: next, loc: b.loc });
    return { t: 'num', a: e.prefix ? next : old };
  }
  return fail(arg, 'unsupported', `'${e.operator}' needs a variable or an array element`);
}
