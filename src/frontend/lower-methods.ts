/**
 * Array methods as loops: `reduce`, `map`, `forEach`, `some`, `every`, `indexOf`, `includes`,
 * `slice`, `subarray` (a read-only copy), and the mapping forms of `Array.from` /
 * `Float64Array.from`. The callback (an arrow, a nested function, a function of the file or a
 * function-valued parameter) is inlined into the loop body with the element, the index and the
 * array as arguments, so the generated code has a plain counted loop and no closure.
 *
 * `some`/`every`/`indexOf`/`includes` stop at the first decisive element, as JavaScript does (a
 * callback with effects runs exactly as often). Callbacks must return numbers (or, for `some` /
 * `every`, conditions).
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom } from '../ir/types.js';
import { load } from './lower-assign.js';
import { allocate, countedLoop } from './lower-array.js';
import { at, describe, fail, sub, type ArrRef, type Cx, type Es, type FnVal, type Val } from './lower-context.js';
import { lowerArr, lowerExpr, lowerNum, truthy, type ExprOpts } from './lower-expr.js';
import { inlineCall } from './inline.js';

export const ARRAY_METHODS = new Set(['reduce', 'map', 'forEach', 'some', 'every', 'indexOf', 'includes', 'slice', 'subarray']);

export function arrayMethod(cx: Cx, b: Builder, e: Es, method: string, opts: ExprOpts): Val {
  const arr = lowerArr(cx, b, e.callee.object);
  switch (method) {
    case 'reduce':
      return reduce(cx, b, e, arr);
    case 'map':
      return { t: 'arr', arr: mapInto(cx, b, e, arr, callback(cx, b, e, 0, 'map'), (x, k) => [num(x), num(k), arrVal(arr)], opts) };
    case 'forEach':
      return forEach(cx, b, e, arr);
    case 'some':
    case 'every':
      return search(cx, b, e, arr, method);
    case 'indexOf':
    case 'includes':
      return indexOf(cx, b, e, arr, method);
    default:
      return slice(cx, b, e, arr, method, opts);
  }
}

const arrVal = (arr: ArrRef): Val => ({ t: 'arr', arr });
const num = (a: Atom): Val => ({ t: 'num', a });

/** Argument `i` of the call, which must be a function. */
function callback(cx: Cx, b: Builder, e: Es, i: number, method: string): FnVal {
  const arg: Es | undefined = e.arguments[i];
  if (!arg) return fail(e, 'arity', `.${method} needs a callback function`);
  const val = lowerExpr(cx, b, arg);
  if (val.t !== 'fn') return fail(arg, 'type', `.${method} needs a function here, got ${describe(val)}`);
  return val;
}

/** Call the callback and require a number back. */
function callNum(cx: Cx, b: Builder, fn: FnVal, args: (Val | null)[], site: Es, method: string): Atom {
  const r = inlineCall(cx, b, fn, args, site);
  if (r.t !== 'num') fail(site, 'type', `the callback of .${method} must return a number, got ${describe(r)}`);
  return (r as { a: Atom }).a;
}

function reduce(cx: Cx, b: Builder, e: Es, arr: ArrRef): Val {
  if (e.arguments.length < 1 || e.arguments.length > 2) return fail(e, 'arity', '.reduce takes a callback and an optional initial value');
  const fn = callback(cx, b, e, 0, 'reduce');
  const L = cx.L;
  const acc = L.fresh('f64', 'acc');
  let start: Atom = c(0);
  if (e.arguments.length === 2) {
    L.moveInto(b, acc, lowerNum(cx, b, e.arguments[1]));
  } else {
    // No initial value: start from element 0 (JavaScript throws on an empty array; here it is NaN).
    at(b, e);
    L.moveInto(b, acc, load(cx, b, arr.name, c(0)));
    start = c(1);
  }
  at(b, e);
  const n = L.op(b, 'len', [v(arr.name)]);
  const index = L.fresh('int', 'k');
  const lb = sub(b);
  const x = load(cx, lb, arr.name, v(index));
  L.moveInto(lb, acc, callNum(cx, lb, fn, [num(v(acc)), num(x), num(v(index)), arrVal(arr)], e, 'reduce'));
  b.push({ kind: 'for', index, start, end: n, step: 1, body: lb.stmts, loc: b.loc });
  L.owned.add(acc);
  return num(v(acc));
}

/** A new array of `src`'s length holding the callback's value at each index. */
export function mapInto(
  cx: Cx,
  b: Builder,
  site: Es,
  src: ArrRef,
  fn: FnVal,
  args: (x: Atom, k: Atom) => (Val | null)[],
  opts: ExprOpts,
  typeText = src.elem === 'f64' ? src.typeText : 'number[]',
): ArrRef {
  at(b, site);
  const n = cx.L.op(b, 'len', [v(src.name)]);
  const out = allocate(cx, b, 'f64', n, typeText, opts);
  countedLoop(cx, b, n, (lb, k) => {
    const x = load(cx, lb, src.name, k);
    const y = callNum(cx, lb, fn, args(x, k), site, 'map');
    lb.push({ kind: 'store', array: out.name, index: k, value: y, loc: lb.loc });
  });
  return out;
}

function forEach(cx: Cx, b: Builder, e: Es, arr: ArrRef): Val {
  const fn = callback(cx, b, e, 0, 'forEach');
  at(b, e);
  const n = cx.L.op(b, 'len', [v(arr.name)]);
  countedLoop(cx, b, n, (lb, k) => {
    const x = load(cx, lb, arr.name, k);
    inlineCall(cx, lb, fn, [num(x), num(k), arrVal(arr)], e);
  });
  return { t: 'void' };
}

/**
 * The loop shared by the searching methods: `k = 0; while (!stop && k < n) { x = arr[k];
 * stop = hit(x, k); if (!stop) k++ }`. Returns the flag and the index where it stopped.
 */
function searchLoop(cx: Cx, b: Builder, arr: ArrRef, from: Atom, hit: (lb: Builder, x: Atom, k: Atom) => Atom): { stop: string; k: string } {
  const L = cx.L;
  const n = L.op(b, 'len', [v(arr.name)]);
  const stop = L.fresh('bool', 'found');
  const k = L.fresh('f64', 'k');
  b.copy(stop, c(false));
  L.moveInto(b, k, from);
  const tb = sub(b);
  const cond = L.op(tb, 'and', [L.op(tb, 'not', [v(stop)], 'bool'), L.op(tb, 'lt', [v(k), n], 'bool')], 'bool');
  const lb = sub(b);
  const x = load(cx, lb, arr.name, v(k));
  L.moveInto(lb, stop, hit(lb, x, v(k)));
  const ub = sub(lb);
  L.moveInto(ub, k, L.op(ub, 'add', [v(k), c(1)]));
  lb.push({ kind: 'if', cond: v(stop), then: [], else: ub.stmts, loc: lb.loc });
  b.push({ kind: 'while', test: tb.stmts, cond, body: lb.stmts, loc: b.loc });
  return { stop, k };
}

/** `some` is true at the first element the callback accepts; `every` false at the first it rejects. */
function search(cx: Cx, b: Builder, e: Es, arr: ArrRef, method: 'some' | 'every'): Val {
  const fn = callback(cx, b, e, 0, method);
  at(b, e);
  const { stop } = searchLoop(cx, b, arr, c(0), (lb, x, k) => {
    const r = inlineCall(cx, lb, fn, [num(x), num(k), arrVal(arr)], e);
    if (r.t !== 'num' && r.t !== 'bool') fail(e, 'type', `the callback of .${method} must return a condition, got ${describe(r)}`);
    const accepted = r.t === 'bool' ? r.a : truthy(cx, lb, (r as { a: Atom }).a);
    return method === 'some' ? accepted : cx.L.op(lb, 'not', [accepted], 'bool');
  });
  return { t: 'bool', a: method === 'some' ? v(stop) : cx.L.op(b, 'not', [v(stop)], 'bool') };
}

/** `indexOf(y)` (=== : never finds NaN) and `includes(y)` (SameValueZero: finds NaN). */
function indexOf(cx: Cx, b: Builder, e: Es, arr: ArrRef, method: 'indexOf' | 'includes'): Val {
  if (e.arguments.length !== 1) return fail(e, 'arity', `.${method} takes one argument (the value; a start index is not supported)`);
  const y = lowerNum(cx, b, e.arguments[0]);
  at(b, e);
  const L = cx.L;
  const { stop, k } = searchLoop(cx, b, arr, c(0), (lb, x) => {
    const equal = L.op(lb, 'eq', [x, y], 'bool');
    if (method === 'indexOf') return equal;
    const bothNaN = L.op(lb, 'and', [L.op(lb, 'ne', [x, x], 'bool'), L.op(lb, 'ne', [y, y], 'bool')], 'bool');
    return L.op(lb, 'or', [equal, bothNaN], 'bool');
  });
  if (method === 'includes') return { t: 'bool', a: v(stop) };
  return num(L.op(b, 'select', [v(stop), v(k), c(-1)]));
}

/** A relative index of slice/subarray: negative counts from the end, clamped to [0, n]. */
function relIndex(cx: Cx, b: Builder, arg: Es | undefined, n: Atom, dflt: Atom): Atom {
  if (!arg) return dflt;
  const L = cx.L;
  const t = L.op(b, 'trunc', [lowerNum(cx, b, arg)]);
  const fromEnd = L.op(b, 'max', [L.op(b, 'add', [n, t]), c(0)]);
  return L.op(b, 'select', [L.op(b, 'lt', [t, c(0)], 'bool'), fromEnd, L.op(b, 'min', [t, n])]);
}

/** `slice(a, b)`: a copy of the range. `subarray(a, b)`: the same copy, refused as a write target. */
function slice(cx: Cx, b: Builder, e: Es, arr: ArrRef, method: string, opts: ExprOpts): Val {
  if (e.arguments.length > 2) return fail(e, 'arity', `.${method} takes at most 2 arguments`);
  const L = cx.L;
  at(b, e);
  const n = L.op(b, 'len', [v(arr.name)]);
  const from = relIndex(cx, b, e.arguments[0], n, c(0));
  const to = relIndex(cx, b, e.arguments[1], n, n);
  at(b, e);
  const count = L.op(b, 'max', [L.op(b, 'sub', [to, from]), c(0)]);
  const out = allocate(cx, b, arr.elem, count, arr.typeText, opts);
  countedLoop(cx, b, count, (lb, k) => {
    const x = load(cx, lb, arr.name, L.op(lb, 'add', [from, k]));
    lb.push({ kind: 'store', array: out.name, index: k, value: x, loc: lb.loc });
  });
  if (method === 'subarray') out.readonly = 'writing into a subarray is not supported (adgen reads subarrays as copies); index the original array instead';
  return { t: 'arr', arr: out };
}
