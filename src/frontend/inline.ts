/**
 * Function bodies and calls. Every call to a function of the file is inlined at the call site:
 * the callee's body is lowered again into the caller's IR function, with fresh names for its
 * locals. Scalar arguments are bound by value (the argument atom itself when the callee never
 * assigns the parameter, else a copy); arrays are bound by reference (the callee's parameter
 * names the caller's array variable), so helpers that write into arrays passed to them work.
 *
 * Returns: a body whose only `return` is its last statement ('simple' mode) just yields that
 * value. Otherwise ('flag' mode) each `return` writes a result variable and sets a `done` flag;
 * the statement lowering turns the rest of the body into the other branch of an `if` that always
 * returns, or guards it with `if (!done)`. Recursion (direct or mutual) is reported at the call.
 */
import { CompileError } from '../diagnostics.js';
import type { Builder } from '../ir/builder.js';
import { alwaysExits, returnsIn } from './lower-analysis.js';
import {
  at,
  describe,
  fail,
  Scope,
  type ArrRef,
  type Cx,
  type Es,
  type FnInfo,
  type FnVal,
  type Lowerer,
  type ParamInfo,
  type ReturnSlot,
  type Val,
} from './lower-context.js';
import { lowerExpr, lowerOperands } from './lower-expr.js';
import { lowerSeq } from './lower-stmt.js';
import { applyCustomRule, customRule } from './lower-custom.js';

/** A call `f(args)` of a known function (top-level, nested, or a function-valued parameter). */
export function lowerCall(cx: Cx, b: Builder, e: Es, fn: FnVal): Val {
  const info = fn.info;
  if (e.arguments.length > info.params.length || e.arguments.length < requiredCount(info)) {
    return fail(e, 'arity', `${info.name} takes ${arityWords(info)}, got ${e.arguments.length}`);
  }
  const vals = lowerOperands(cx, b, e.arguments);
  at(b, e);
  const value = inlineCall(cx, b, fn, vals, e);
  const rule = fn.scope === null ? customRule(cx, info) : undefined;
  return rule ? applyCustomRule(cx, b, e, info.name, rule, vals, value) : value;
}

/** Inline the top-level function `info` called with already lowered arguments (`nodes` locate errors about them). */
export function callWithValues(cx: Cx, b: Builder, e: Es, info: FnInfo, vals: Val[], nodes: Es[]): Val {
  return inlineCall(cx, b, { t: 'fn', info, scope: null }, vals, e, nodes);
}

/** Parameters a call must pass: those before the last one without a default or `?`. */
function requiredCount(info: FnInfo): number {
  let n = 0;
  info.params.forEach((p, i) => {
    if (!p.init && !p.optional) n = i + 1;
  });
  return n;
}

function arityWords(info: FnInfo): string {
  const [min, max] = [requiredCount(info), info.params.length];
  const count = min === max ? `${max}` : `${min} to ${max}`;
  return `${count} argument${max === 1 ? '' : 's'}`;
}

/**
 * Inline `fn` at `site` with argument values `vals` (an entry null or missing: the argument is
 * undefined, so the parameter takes its default; extra values are ignored, as JavaScript does for
 * callbacks). The body sees the parameters, then the scope the function was defined in.
 */
export function inlineCall(cx: Cx, b: Builder, fn: FnVal, vals: (Val | null)[], site: Es, nodes: Es[] = site.arguments ?? []): Val {
  const L = cx.L;
  const info = fn.info;
  if (L.callNodes.includes(info.node)) {
    const names = [...L.callStack.slice(L.callNodes.indexOf(info.node)), info.name];
    return fail(site, 'recursion', `recursion is not supported (${names.join(' → ')}); write it as a loop`);
  }
  at(b, site);
  const scope = new Scope(fn.scope, true);
  const argCx: Cx = { ...cx, scope };
  info.params.forEach((p, i) => {
    const val = vals[i] ?? null;
    if (val) return bindArgument(L, b, scope, info, p, val, nodes[i] ?? site);
    if (p.init) return bindArgument(L, b, scope, info, p, lowerExpr(argCx, b, p.init), p.init);
    scope.vars.set(p.name, { kind: 'undef' }); // a callback parameter nobody passes, or `p?`
  });
  at(b, site);
  L.callStack.push(info.name);
  L.callNodes.push(info.node);
  const reported = L.diagnostics.length;
  try {
    const val = lowerBody(L, info, scope, b);
    // The callee's errors are reported; abort the caller's statement without follow-up errors.
    if (L.diagnostics.length > reported) throw new CompileError([]);
    return val;
  } finally {
    L.callStack.pop();
    L.callNodes.pop();
  }
}

function bindArgument(L: Lowerer, b: Builder, scope: Scope, info: FnInfo, p: ParamInfo, val: Val, arg: Es): void {
  const wantsArray = p.kind === 'f64[]' || p.kind === 'int[]';
  if (val.t === 'void') fail(arg, 'type', `this argument of ${info.name} has no value`);
  if (p.kind === 'num' && val.t !== 'num') fail(arg, 'type', `${info.name}: parameter ${p.name} is a number, got ${describe(val)}`);
  if (wantsArray && val.t !== 'arr') fail(arg, 'type', `${info.name}: parameter ${p.name} is an array, got ${describe(val)}`);
  if (p.fnType && val.t !== 'fn') fail(arg, 'type', `${info.name}: parameter ${p.name} is a function, got ${describe(val)}`);
  if (val.t === 'arr') {
    scope.vars.set(p.name, { kind: 'arr', arr: val.arr });
  } else if (val.t === 'fn' || val.t === 'str') {
    if (info.assigned.has(p.name)) fail(arg, 'unsupported', `${info.name} reassigns its parameter ${p.name}, which is ${describe(val)}; use another variable`);
    scope.vars.set(p.name, { kind: 'static', val });
  } else if (val.t === 'text') {
    if (info.assigned.has(p.name)) fail(arg, 'unsupported', `${info.name} reassigns its parameter ${p.name}, which is a string flag; use another variable`);
    scope.vars.set(p.name, { kind: 'alias', atom: L.pin(val.a), t: 'text' });
  } else if (val.t === 'num' || val.t === 'bool') {
    if (!info.assigned.has(p.name)) {
      scope.vars.set(p.name, { kind: 'alias', atom: L.pin(val.a), t: val.t });
      return;
    }
    const name = L.fresh(val.t === 'bool' ? 'bool' : 'f64', p.name);
    L.moveInto(b, name, val.a);
    scope.vars.set(p.name, { kind: 'var', name, t: val.t, isConst: false });
  }
}

/** Lower a function body (exported or inlined) into `b`; returns the value it returns. */
export function lowerBody(L: Lowerer, info: FnInfo, scope: Scope, b: Builder): Val {
  const body: Es = info.node.body;
  const slot: ReturnSlot = { mode: 'simple' };
  const cx: Cx = { L, inst: { info, slot, frames: [] }, scope };
  if (body.type !== 'BlockStatement') return lowerExpr(cx, b, body);
  const returns = returnsIn(body);
  const last = body.body[body.body.length - 1];
  const simple = returns.length === 0 || (returns.length === 1 && last === returns[0]);
  if (!simple) {
    slot.mode = 'flag';
    slot.done = L.flag(b, 'done');
    if (last?.type === 'ReturnStatement') slot.finalReturn = last;
  }
  lowerSeq(cx, b, body.body);
  if (simple) return slot.value ?? { t: 'void' };
  if (slot.retKind && slot.retKind !== 'void' && !alwaysExits(body)) {
    L.error(info.node.id ?? info.node, 'missing-return', `not every path of ${info.name} returns a value`);
  }
  switch (slot.retKind) {
    case 'num':
    case 'bool':
      return { t: slot.retKind, a: { kind: 'var', name: slot.retVar! } };
    case 'arr':
      return { t: 'arr', arr: slot.arr! };
    default:
      return { t: 'void' };
  }
}

/** Syntax that creates a new array (so a later `return` of the same kind may allocate into the same variable). */
function createsArray(e: Es): boolean {
  if (e.type === 'ArrayExpression' || e.type === 'NewExpression') return true;
  if (e.type !== 'CallExpression' || e.callee.type !== 'MemberExpression') return false;
  const prop = e.callee.property.name;
  return prop === 'of' || prop === 'from' || (prop === 'fill' && e.callee.object.type === 'NewExpression');
}

export function lowerReturn(cx: Cx, b: Builder, s: Es): void {
  const slot = cx.inst.slot;
  const arg: Es | null = s.argument ?? null;
  if (slot.mode === 'simple') {
    slot.value = arg ? lowerExpr(cx, b, arg, { hint: 'out' }) : { t: 'void' };
    return;
  }
  const reuse = arg && slot.arrFresh && createsArray(arg) ? slot.arr!.name : undefined;
  const val: Val = arg ? lowerExpr(cx, b, arg, { dest: slot.retVar, arrayDest: reuse, hint: 'out' }) : { t: 'void' };
  at(b, s);
  if (val.t === 'fn' || val.t === 'str') {
    fail(arg!, 'unsupported', `a function that returns ${describe(val)} must have a single return at its end (the value is resolved where it is used)`);
  }
  if (slot.retKind && slot.retKind !== val.t) {
    fail(s, 'type', `${cx.inst.info.name} returns ${describe(val)} here but ${kindWords(slot.retKind)} elsewhere`);
  }
  slot.retKind = val.t;
  if (val.t === 'num' || val.t === 'bool') {
    slot.retVar ??= cx.L.fresh(val.t === 'bool' ? 'bool' : 'f64', 'ret');
    cx.L.moveInto(b, slot.retVar, val.a);
  } else if (val.t === 'arr') {
    returnArray(slot, val.arr, arg!);
  }
  if (s !== slot.finalReturn) b.copy(slot.done!, { kind: 'const', value: true });
}

function returnArray(slot: ReturnSlot, arr: ArrRef, arg: Es): void {
  if (!slot.arr) {
    slot.arr = arr;
    slot.arrFresh = createsArray(arg);
    return;
  }
  if (slot.arr.name !== arr.name) {
    fail(arg, 'unsupported', 'every return of an array function must return the same array (or each a new array literal)');
  }
  if (slot.arr.elem !== arr.elem) fail(arg, 'type', 'returned arrays differ in element type');
}

function kindWords(kind: Val['t']): string {
  return kind === 'num' ? 'a number' : kind === 'bool' ? 'a boolean' : kind === 'arr' ? 'an array' : 'no value';
}
