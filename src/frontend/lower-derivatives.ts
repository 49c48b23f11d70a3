/**
 * Derivatives inside differentiated code: the functions of `adgen/runtime` that a source may
 * call — `stopGradient(x)`, `grad(f, argnums?)(...args)`, `hessian(f)(x)`, `hvp(f)(x, v)` and
 * `jvp(f, primals, tangents)` (JAX's conventions) — lowered to IR in place.
 *
 * A nested derivative is built by the compiler's own AD passes, not by a runtime: the helper `f`
 * is lowered on its own into an IR function whose parameter kinds are those of the arguments,
 * differentiated (adjointCore / tangent / hvp of src/ad), optimized, and its IR inlined at the
 * call site with fresh names. The enclosing function is then ordinary IR again and can itself be
 * differentiated, in either mode, to any order: reverse over reverse is the adjoint of inlined
 * adjoint code. Every inlined derivative has its own variables, so perturbations of different
 * nesting levels cannot be confused (x ↦ x · d/dy (x + y) has derivative 1).
 *
 * Limits: f must be a function of the file. An inner gradient that needs a tape (values
 * overwritten inside loops, while loops) runs, and differentiates again in forward mode, but not
 * in reverse mode (compile() reports it where reverse mode is asked for).
 */
import { CompileError, type Diagnostic } from '../diagnostics.js';
import { adjointCore, inParamOrder } from '../ad/reverse.js';
import { tangent } from '../ad/forward.js';
import { hvp as hvpTransform } from '../ad/second.js';
import { Builder } from '../ir/builder.js';
import { c, isArrayType, v, type Atom, type IRFunction } from '../ir/types.js';
import { optimize } from '../opt/index.js';
import { inlineIR } from './inline-ir.js';
import { lowerBody } from './inline.js';
import { at, describe, fail, Lowerer, Scope, sub, type ArrRef, type Cx, type Es, type FnInfo, type Val } from './lower-context.js';
import { lowerOperands } from './lower-expr.js';
import { bindParam, finish, type ParamSig } from './lower-module.js';

/** What `adgen/runtime` exports that the compiler understands, with how each is called. */
export const INTRINSICS: Record<string, 'direct' | 'curried'> = {
  stopGradient: 'direct',
  jvp: 'direct',
  grad: 'curried',
  jacrev: 'curried',
  jacfwd: 'curried',
  hessian: 'curried',
  hvp: 'curried',
};

export const RUNTIME_MODULE = 'adgen/runtime';

/** The intrinsic a call's callee names, if any: `stopGradient(…)` or `grad(f)(…)`. */
export function intrinsicOf(cx: Cx, e: Es): string | undefined {
  const callee: Es = e.callee;
  const name = (id: Es): string | undefined =>
    id?.type === 'Identifier' && !cx.scope.lookup(id.name) ? cx.L.mod.intrinsics?.get(id.name) : undefined;
  if (callee.type === 'Identifier') {
    const n = name(callee);
    return n && INTRINSICS[n] === 'direct' ? n : undefined;
  }
  if (callee.type === 'CallExpression') {
    const n = name(callee.callee);
    return n && INTRINSICS[n] === 'curried' ? n : undefined;
  }
  return undefined;
}

export function lowerIntrinsic(cx: Cx, b: Builder, e: Es, which: string): Val {
  switch (which) {
    case 'stopGradient':
      return stopGradient(cx, b, e);
    case 'jvp':
      return jvpCall(cx, b, e);
    case 'jacfwd':
      return forwardGrad(cx, b, e);
    case 'grad':
    case 'jacrev':
    case 'hessian':
    case 'hvp':
      return curried(cx, b, e, which);
    default:
      return fail(e, 'unsupported', `${which} from ${RUNTIME_MODULE} is not supported inside compiled code`);
  }
}

function stopGradient(cx: Cx, b: Builder, e: Es): Val {
  if (e.arguments.length !== 1) fail(e, 'arity', 'stopGradient takes 1 argument');
  const [val] = lowerOperands(cx, b, e.arguments);
  at(b, e);
  if (val.t !== 'num') fail(e.arguments[0], 'type', `stopGradient takes a number, got ${describe(val)}`);
  return { t: 'num', a: cx.L.op(b, 'stop', [val.a]) };
}

/** The helper named by the first argument of grad/hessian/hvp/jvp. */
function target(cx: Cx, call: Es, what: string): FnInfo {
  const f: Es | undefined = call.arguments[0];
  if (!f || f.type !== 'Identifier' || cx.scope.lookup(f.name) || !cx.L.mod.functions.has(f.name)) {
    return fail(f ?? call, 'unsupported', `${what} needs the name of a function of this file as its first argument`);
  }
  return cx.L.mod.functions.get(f.name)!;
}

/** JAX's argnums: an integer literal or an array literal of them (default 0). */
function argnums(call: Es, count: number): number[] {
  const spec: Es | undefined = call.arguments[1];
  if (!spec) return [0];
  const items: Es[] = spec.type === 'ArrayExpression' ? spec.elements : [spec];
  const nums = items.map((x) => (x?.type === 'Literal' && Number.isInteger(x.value) ? (x.value as number) : -1));
  if (nums.some((k) => k < 0 || k >= count) || nums.length === 0) {
    fail(spec, 'unsupported', `argnums must be integer literals between 0 and ${count - 1}`);
  }
  if (new Set(nums).size !== nums.length) fail(spec, 'unsupported', 'argnums lists an argument twice');
  return nums;
}

/** Lower `info` on its own, with parameter kinds taken from the argument values. */
function standalone(cx: Cx, info: FnInfo, vals: Val[], call: Es): IRFunction {
  if (vals.length !== info.params.length) {
    fail(call, 'arity', `${info.name} takes ${info.params.length} arguments, got ${vals.length}`);
  }
  if (cx.L.callStack.includes(info.name)) fail(call, 'recursion', `recursion is not supported (${info.name} differentiates itself)`);
  const fn: IRFunction = { name: info.name, params: [], vars: new Map(), body: [], results: [], loc: { start: info.node.start, end: info.node.end } };
  const diagnostics: Diagnostic[] = [];
  const L = new Lowerer(fn, cx.L.mod, diagnostics);
  L.callStack.push(...cx.L.callStack, info.name);
  L.callNodes.push(...cx.L.callNodes, info.node);
  const bld = new Builder(fn);
  bld.loc = fn.loc;
  const scope = new Scope(null, true);
  info.params.forEach((p, i) => bindParam(L, bld, scope, info, sigOf(p.name, vals[i], call.arguments[i] ?? call)));
  let val: Val = { t: 'void' };
  try {
    val = lowerBody(L, info, scope, bld);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    diagnostics.push(...error.diagnostics);
  }
  if (diagnostics.length === 0 && val.t !== 'num') fail(call, 'type', `${info.name} must return a number to be differentiated here, got ${describe(val)}`);
  if (diagnostics.length > 0) throw new CompileError(diagnostics);
  fn.body = bld.stmts;
  fn.results = [(val as { a: Atom }).a];
  finish(fn, L, diagnostics);
  if (diagnostics.length > 0) throw new CompileError(diagnostics);
  return fn;
}

function sigOf(name: string, val: Val, node: Es): ParamSig {
  if (val.t === 'num') return { name, kind: 'num', typeText: 'number' };
  if (val.t === 'arr') return { name, kind: val.arr.elem === 'int' ? 'int[]' : 'f64[]', typeText: val.arr.typeText };
  return fail(node, 'type', `this argument must be a number or an array, got ${describe(val)}`);
}

/** Argument atoms for inlining: scalars as atoms, arrays by reference. */
const atomsOf = (vals: Val[]): Atom[] => vals.map((x) => (x.t === 'arr' ? v(x.arr.name) : (x as { a: Atom }).a));

function activeOf(fn: IRFunction, nums: number[], call: Es): string[] {
  return nums.map((k) => {
    const p = fn.params[k];
    const t = fn.vars.get(p)?.type;
    if (t !== 'f64' && t !== 'f64[]') fail(call.arguments[k] ?? call, 'type', `cannot differentiate with respect to argument ${k} (not a number or float array)`);
    return p;
  });
}


function arrayVal(name: string): Val {
  const arr: ArrRef = { name, elem: 'f64', typeText: 'Float64Array', param: false };
  return { t: 'arr', arr };
}

/**
 * The tuple of scalar gradients `grad(f, [i, j])` returns, as a Float64Array: indexing it (`g[0]`)
 * means the same compiled and uncompiled (where the runtime returns a plain array).
 */
function tuple(cx: Cx, b: Builder, items: Atom[], hint: string): Val {
  const name = alloc(cx, b, c(items.length), `${hint}_grads`);
  items.forEach((a, i) => b.push({ kind: 'store', array: name, index: c(i), value: a, loc: b.loc }));
  return arrayVal(name);
}

/** A zeroed local f64 array of `length`. */
function alloc(cx: Cx, b: Builder, length: Atom, hint: string): string {
  const name = cx.L.fresh('f64[]', hint);
  b.push({ kind: 'alloc', target: name, length, loc: b.loc });
  return name;
}

/** Σ sizes of the active parameters (1 for a scalar, the length for an array). */
function gradSize(cx: Cx, b: Builder, fn: IRFunction, active: string[], args: Atom[]): Atom {
  let total: Atom = c(0);
  for (const p of active) {
    const arg = args[fn.params.indexOf(p)];
    const size = isArrayType(fn.vars.get(p)!.type) ? cx.L.op(b, 'len', [arg], 'int') : c(1);
    total = total.kind === 'const' && total.value === 0 ? size : cx.L.op(b, 'add', [total, size], 'int');
  }
  return total;
}

function curried(cx: Cx, b: Builder, e: Es, which: string): Val {
  const inner: Es = e.callee;
  const info = target(cx, inner, which);
  const vals = lowerOperands(cx, b, e.arguments);
  at(b, e);
  const nums = which === 'grad' || which === 'jacrev' ? argnums(inner, info.params.length) : [0];
  const fn = standalone(cx, info, which === 'hvp' ? vals.slice(0, -1) : vals, e);
  const active = activeOf(fn, nums, e);
  const args = atomsOf(vals);
  const arrays = active.some((p) => isArrayType(fn.vars.get(p)!.type));
  if (which === 'grad' || which === 'jacrev') {
    if (!arrays) {
      const d = optimize(adjointCore(fn, active, { seed: 1, gradients: 'results' }));
      const out = inlineIR(cx.L, b, d, args);
      // The gradients follow the value, in parameter order; argnums may list them in any order.
      const sorted = inParamOrder(fn, active);
      const grads = active.map((p) => out[1 + sorted.indexOf(p)]);
      return inner.arguments[1]?.type === 'ArrayExpression' ? tuple(cx, b, grads, info.name) : { t: 'num', a: grads[0] };
    }
    if (active.length > 1) return fail(inner, 'unsupported', 'grad with several argnums of which one is an array returns a tuple of arrays, which is not supported here: take one gradient per array argument');
    const d = optimize(adjointCore(fn, active, { seed: 1, gradients: 'gradOut' }));
    const gradOut = alloc(cx, b, gradSize(cx, b, fn, active, args), `${info.name}_grad`);
    inlineIR(cx.L, b, d, [...args, v(gradOut)]);
    return arrayVal(gradOut);
  }
  // hessian(f)(x) = H·1 for a scalar x; hvp(f)(x, v) = H·v.
  const direction = which === 'hvp' ? args[args.length - 1] : c(1);
  const base = which === 'hvp' ? args.slice(0, -1) : args;
  if (which === 'hessian' && arrays) return fail(inner, 'unsupported', 'hessian of an array argument returns a matrix, which is not supported here: use hvp(f)(x, v)');
  const h = hvpTransform(fn, active);
  const d = optimize(h.fn);
  const n = gradSize(cx, b, fn, active, base);
  const gradOut = alloc(cx, b, n, `${info.name}_grad`);
  const hv = alloc(cx, b, n, `${info.name}_hvp`);
  const tangents = fn.params.filter((p) => active.includes(p)).map(() => direction);
  inlineIR(cx.L, b, d, [...base, c(1), v(gradOut), ...tangents, v(hv)]);
  if (!arrays) {
    const t = cx.L.fresh('f64', `${info.name}_hess`);
    b.push({ kind: 'load', target: t, array: hv, index: c(0), loc: b.loc });
    return { t: 'num', a: v(t) };
  }
  return arrayVal(hv);
}

/** jvp(f, [x1, …], [v1, …]) → [f(x), ∂f·v] as a 2-element array (JAX's (primal_out, tangent_out)). */
function jvpCall(cx: Cx, b: Builder, e: Es): Val {
  const info = target(cx, e, 'jvp');
  const [primals, tangents] = [e.arguments[1], e.arguments[2]];
  if (primals?.type !== 'ArrayExpression' || tangents?.type !== 'ArrayExpression' || primals.elements.length !== tangents.elements.length) {
    return fail(e, 'unsupported', 'jvp(f, [x, …], [v, …]) needs two array literals of the same length');
  }
  const xs = lowerOperands(cx, b, primals.elements);
  const vs = lowerOperands(cx, b, tangents.elements);
  at(b, e);
  const fn = standalone(cx, info, xs, e);
  const active = activeOf(fn, xs.map((_, i) => i), e);
  const t = tangent(fn, active);
  const d = optimize(t.fn);
  const out = inlineIR(cx.L, b, d, [...atomsOf(xs), ...atomsOf(vs)]);
  const pair = alloc(cx, b, c(2), `${info.name}_jvp`);
  b.push({ kind: 'store', array: pair, index: c(0), value: out[0], loc: b.loc });
  b.push({ kind: 'store', array: pair, index: c(1), value: out[out.length - 1], loc: b.loc });
  return arrayVal(pair);
}

/**
 * jacfwd(f, argnums?)(…) of a scalar-valued f: its gradient in forward mode, one tangent sweep per
 * input scalar (a loop over unit directions for an array), so no tape is involved. Several
 * argnums (numbers) give a tuple, as grad does.
 */
function forwardGrad(cx: Cx, b: Builder, e: Es): Val {
  const inner: Es = e.callee;
  const info = target(cx, inner, 'jacfwd');
  const nums = argnums(inner, info.params.length);
  const vals = lowerOperands(cx, b, e.arguments);
  at(b, e);
  const fn = standalone(cx, info, vals, e);
  const active = activeOf(fn, nums, e);
  const args = atomsOf(vals);
  const result = (outs: Atom[]) => outs[outs.length - 1];
  if (active.every((p) => !isArrayType(fn.vars.get(p)!.type))) {
    // One sweep per argument, the others' tangents 0 (tangent parameters follow argnums' order).
    const d = optimize(tangent(fn, active).fn);
    const grads = active.map((p) => result(inlineIR(cx.L, b, d, [...args, ...active.map((q) => c(q === p ? 1 : 0))])));
    return inner.arguments[1]?.type === 'ArrayExpression' ? tuple(cx, b, grads, info.name) : { t: 'num', a: grads[0] };
  }
  if (active.length > 1) return fail(inner, 'unsupported', 'jacfwd with several argnums of which one is an array returns a tuple of arrays, which is not supported here: take one gradient per array argument');
  const [p] = active;
  const k = nums[0];
  const d = optimize(tangent(fn, [p]).fn);
  const n = cx.L.op(b, 'len', [args[k]], 'int');
  const g = alloc(cx, b, n, `${info.name}_grad`);
  const dir = alloc(cx, b, n, 'direction');
  const i = cx.L.fresh('int', 'i');
  const body = sub(b);
  body.push({ kind: 'store', array: dir, index: v(i), value: c(1), loc: b.loc });
  body.push({ kind: 'store', array: g, index: v(i), value: result(inlineIR(cx.L, body, d, [...args, v(dir)])), loc: b.loc });
  body.push({ kind: 'store', array: dir, index: v(i), value: c(0), loc: b.loc });
  b.push({ kind: 'for', index: i, start: c(0), end: n, step: 1, body: body.stmts, loc: b.loc });
  return arrayVal(g);
}
