/**
 * Array-creating expressions: `[a, b]`, `new Float64Array(n | arr | [..])`, `new Int32Array(n)`,
 * `Float64Array.of(..)`, `Float64Array.from(arr)`, `new Array(n).fill(v)`, `arr.fill(v)`, and the
 * mapping forms `Array.from({ length: n }, (_, i) => …)`, `Float64Array.from(xs, (x, i) => …)`.
 *
 * Each becomes an `alloc` (a fresh zeroed array) plus stores or a counted copy/fill loop.
 * Float32Array is computed in double (IR `f64[]`); integer typed arrays are `int[]` data. An
 * array created here gets the user's name as hint when it is bound by a declaration, or is
 * allocated straight into the caller's result array (`arrayDest`) for vector returns.
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom } from '../ir/types.js';
import { load } from './lower-assign.js';
import { at, describe, fail, sub, type ArrRef, type Cx, type Es, type Val } from './lower-context.js';
import { lowerArr, lowerExpr, lowerNum, lowerOperands, type ExprOpts } from './lower-expr.js';
import { inlineCall } from './inline.js';
import { mapInto } from './lower-methods.js';

export const F64_ARRAYS = new Set(['Float64Array', 'Float32Array']);
export const INT_ARRAYS = new Set(['Int32Array', 'Uint32Array', 'Int8Array', 'Uint8Array', 'Int16Array', 'Uint16Array', 'Uint8ClampedArray']);

function elemOf(ctor: string): 'f64' | 'int' | undefined {
  if (F64_ARRAYS.has(ctor) || ctor === 'Array') return 'f64';
  return INT_ARRAYS.has(ctor) ? 'int' : undefined;
}

/** A fresh array variable of `elem` with `length` elements. */
export function allocate(cx: Cx, b: Builder, elem: 'f64' | 'int', length: Atom, typeText: string, opts: ExprOpts): ArrRef {
  const name = opts.arrayDest ?? cx.L.fresh(elem === 'f64' ? 'f64[]' : 'int[]', opts.hint ?? 'arr');
  b.push({ kind: 'alloc', target: name, length, loc: b.loc });
  return { name, elem, typeText, param: false };
}

/** Allocate and store the values of `elements` (numbers). */
function fromElements(cx: Cx, b: Builder, elements: Es[], elem: 'f64' | 'int', typeText: string, opts: ExprOpts, node: Es): Val {
  elements.forEach((x, i) => {
    if (!x) fail(node, 'unsupported', 'array holes are not supported');
    if (x.type === 'SpreadElement') fail(x, 'unsupported', 'spread is not supported');
  });
  const vals = lowerOperands(cx, b, elements);
  at(b, node);
  const arr = allocate(cx, b, elem, c(elements.length), typeText, opts);
  vals.forEach((val, i) => {
    if (val.t !== 'num') fail(elements[i], 'type', `array elements must be numbers, got ${describe(val)}`);
    b.push({ kind: 'store', array: arr.name, index: c(i), value: val.a, loc: b.loc });
  });
  return { t: 'arr', arr };
}

export function arrayLiteral(cx: Cx, b: Builder, e: Es, opts: ExprOpts): Val {
  return fromElements(cx, b, e.elements, 'f64', 'number[]', opts, e);
}

/** `for k = 0 .. n { body(k) }` with a fresh index. */
export function countedLoop(cx: Cx, b: Builder, n: Atom, body: (lb: Builder, k: Atom) => void): void {
  const index = cx.L.fresh('int', 'k');
  const lb = sub(b);
  body(lb, v(index));
  b.push({ kind: 'for', index, start: c(0), end: n, step: 1, body: lb.stmts, loc: b.loc });
}

function copyOf(cx: Cx, b: Builder, src: ArrRef, elem: 'f64' | 'int', typeText: string, opts: ExprOpts): Val {
  const n = cx.L.op(b, 'len', [v(src.name)]);
  const arr = allocate(cx, b, elem, n, typeText, opts);
  countedLoop(cx, b, n, (lb, k) => {
    const x = load(cx, lb, src.name, k);
    lb.push({ kind: 'store', array: arr.name, index: k, value: x, loc: lb.loc });
  });
  return { t: 'arr', arr };
}

export function fillArray(cx: Cx, b: Builder, arr: ArrRef, n: Atom, value: Atom): void {
  countedLoop(cx, b, n, (lb, k) => lb.push({ kind: 'store', array: arr.name, index: k, value, loc: lb.loc }));
}

export function newExpr(cx: Cx, b: Builder, e: Es, opts: ExprOpts): Val {
  const ctor: string = e.callee.type === 'Identifier' ? e.callee.name : '';
  const elem = elemOf(ctor);
  if (!elem || cx.scope.lookup(ctor)) return fail(e, 'unsupported', `new ${ctor || '…'} is not supported`);
  if (ctor === 'Array') return fail(e, 'unsupported', 'new Array(n) is only supported as new Array(n).fill(value)');
  if (e.arguments.length > 1) return fail(e, 'unsupported', `new ${ctor} takes one argument`);
  at(b, e);
  if (e.arguments.length === 0) return { t: 'arr', arr: allocate(cx, b, elem, c(0), ctor, opts) };
  const arg: Es = e.arguments[0];
  if (arg.type === 'ArrayExpression') return fromElements(cx, b, arg.elements, elem, ctor, opts, arg);
  const val = lowerExpr(cx, b, arg);
  at(b, e);
  if (val.t === 'arr') return copyOf(cx, b, val.arr, elem, ctor, opts);
  if (val.t !== 'num') return fail(arg, 'type', `new ${ctor} needs a length or an array, got ${describe(val)}`);
  return { t: 'arr', arr: allocate(cx, b, elem, val.a, ctor, opts) };
}

/** `Float64Array.of(a, b)`, `Float64Array.from(arr)` (and the integer typed arrays). */
export function arrayStatic(cx: Cx, b: Builder, e: Es, ctor: string, method: 'of' | 'from', opts: ExprOpts): Val {
  const elem = elemOf(ctor);
  if (!elem) return fail(e.callee, 'unknown-call', `unknown function ${ctor}.${method}`);
  const typeText = ctor === 'Array' ? 'number[]' : ctor;
  if (method === 'of') return fromElements(cx, b, e.arguments, elem, typeText, opts, e);
  if (e.arguments.length === 2) return mappedFrom(cx, b, e, elem, typeText, opts);
  if (e.arguments.length !== 1) return fail(e, 'unsupported', `${ctor}.from takes an array and an optional function`);
  const arg: Es = e.arguments[0];
  if (arg.type === 'ArrayExpression') return fromElements(cx, b, arg.elements, elem, typeText, opts, arg);
  const src = lowerArr(cx, b, arg);
  at(b, e);
  return copyOf(cx, b, src, elem, typeText, opts);
}

/** `arr.fill(v)` (fills in place, returns arr) and `new Array(n).fill(v)`. */
export function fillCall(cx: Cx, b: Builder, e: Es, opts: ExprOpts): Val {
  if (e.arguments.length !== 1) return fail(e, 'unsupported', '.fill takes exactly one argument (the value)');
  const obj: Es = e.callee.object;
  const isNewArray = obj.type === 'NewExpression' && obj.callee.type === 'Identifier' && obj.callee.name === 'Array';
  if (isNewArray) {
    if (obj.arguments.length !== 1) return fail(obj, 'unsupported', 'new Array needs exactly one argument (the length)');
    const [n, value] = lowerOperands(cx, b, [obj.arguments[0], e.arguments[0]]);
    if (n.t !== 'num') return fail(obj.arguments[0], 'type', `new Array needs a length, got ${describe(n)}`);
    if (value.t !== 'num') return fail(e.arguments[0], 'type', `.fill needs a number, got ${describe(value)}`);
    at(b, e);
    const arr = allocate(cx, b, 'f64', n.a, 'number[]', opts);
    if (!(value.a.kind === 'const' && value.a.value === 0)) fillArray(cx, b, arr, n.a, value.a);
    return { t: 'arr', arr };
  }
  const arr = lowerArr(cx, b, obj);
  const value = lowerExpr(cx, b, e.arguments[0]);
  if (value.t !== 'num') return fail(e.arguments[0], 'type', `.fill needs a number, got ${describe(value)}`);
  at(b, e);
  fillArray(cx, b, arr, cx.L.op(b, 'len', [v(arr.name)]), value.a);
  return { t: 'arr', arr };
}

/** `{ length: n }`: the array-like `Array.from` counts with. Returns n's expression, or null. */
function lengthObject(e: Es): Es | null {
  if (e.type !== 'ObjectExpression' || e.properties.length !== 1) return null;
  const p: Es = e.properties[0];
  const key = p.key?.type === 'Identifier' ? p.key.name : p.key?.value;
  return p.type === 'Property' && !p.computed && key === 'length' ? p.value : null;
}

/** `Array.from({ length: n }, (_, i) => …)` and `Float64Array.from(xs, (x, i) => …)`. */
function mappedFrom(cx: Cx, b: Builder, e: Es, elem: 'f64' | 'int', typeText: string, opts: ExprOpts): Val {
  const [source, f] = e.arguments as Es[];
  if (elem !== 'f64') return fail(e, 'unsupported', 'a mapping function is only supported when building a number array or Float64Array');
  const lengthExpr = lengthObject(source);
  const fn = lowerExpr(cx, b, f);
  if (fn.t !== 'fn') return fail(f, 'type', `the second argument of .from must be a function, got ${describe(fn)}`);
  if (!lengthExpr) {
    const src = lowerArr(cx, b, source);
    return { t: 'arr', arr: mapInto(cx, b, e, src, fn, (x, k) => [{ t: 'num', a: x }, { t: 'num', a: k }], opts, typeText) };
  }
  const n = lowerNum(cx, b, lengthExpr);
  at(b, e);
  const arr = allocate(cx, b, 'f64', n, typeText, opts);
  countedLoop(cx, b, n, (lb, k) => {
    const y = inlineCall(cx, lb, fn, [null, { t: 'num', a: k }], e);
    if (y.t !== 'num') fail(f, 'type', `the function passed to .from must return a number, got ${describe(y)}`);
    lb.push({ kind: 'store', array: arr.name, index: k, value: (y as { a: Atom }).a, loc: lb.loc });
  });
  return { t: 'arr', arr };
}
