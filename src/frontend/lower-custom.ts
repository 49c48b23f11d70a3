/**
 * Custom derivative rules. A helper whose JSDoc names a rule is differentiated by that rule
 * instead of through its body:
 *
 *   /** @vjp softplusVjp *\/  function softplus(x) { … }     softplusVjp(x, g) → g · ∂softplus/∂x
 *   /** @jvp softplusJvp *\/  function softplus(x) { … }     softplusJvp(x, t) → ∂softplus/∂x · t
 *
 * A VJP rule takes the helper's arguments and the output cotangent g and returns the cotangent
 * of the inputs: a number when the helper has one number parameter, otherwise an array of the
 * inputs' cotangents flattened in parameter order (array parameters contribute `length`
 * entries, integer arrays none). A JVP rule takes the arguments and one tangent per parameter
 * (a number, or a Float64Array shaped like an array argument) and returns the output's tangent.
 * Either may take one more parameter, the helper's value, instead of recomputing it. Both are
 * ordinary functions of the file, so the source runs as written.
 *
 * Lowering: the body gives the value y (through `stop`, so its own derivative is never used),
 * the rule gives the partials pᵢ (the VJP at g = 1, or the JVP at the unit tangents, folded), and
 * one `lin(acc, xᵢ, pᵢ)` per input attaches them (src/ops/table.ts). Every mode follows: forward
 * ẏ = Σ pᵢẋᵢ, reverse x̄ᵢ += pᵢȳ, and second order differentiates the rule's own code, as JAX
 * does for custom_jvp. The helper returns a number or a Float64Array; for an array, a VJP rule
 * receives the cotangent shaped like the result and a JVP rule returns a tangent shaped like it.
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom, type ForStmt, type ModuleImport } from '../ir/types.js';
import { externOp } from '../ops/table.js';
import { callWithValues } from './inline.js';
import { at, describe, fail, sub, type ArrRef, type Cx, type Es, type FnInfo, type ModuleInfo, type Val } from './lower-context.js';

export interface CustomRule {
  kind: 'vjp' | 'jvp';
  rule: FnInfo;
  /** The rule takes the helper's value as its last parameter. */
  withValue: boolean;
}

/** The rule named by the helper's `@vjp` / `@jvp` tag, if any (checked against the file). */
export function customRule(cx: Cx, info: FnInfo): CustomRule | undefined {
  const m = info.doc?.match(/@(vjp|jvp)\s+([A-Za-z_$][\w$]*)/);
  // Inside its own rule (a VJP that recomputes the value) the helper is its plain body.
  if (!m || cx.L.inRule.has(info.name)) return undefined;
  return ruleOf(cx, info.node.id ?? info.node, info.name, m[1] as 'vjp' | 'jvp', m[2], info.params.length);
}

/** The rule `ruleName` of `name` (a function of `arity` numbers or arrays), its arity checked. */
function ruleOf(cx: Cx, at: Es, name: string, kind: 'vjp' | 'jvp', ruleName: string, arity: number): CustomRule {
  const rule = cx.L.mod.functions.get(ruleName);
  if (!rule) return fail(at, 'custom-rule', `@${kind} names ${ruleName}, which is not a function of this file`);
  const expected = kind === 'vjp' ? arity + 1 : 2 * arity;
  // One more parameter receives the helper's value, so the rule need not recompute it.
  if (rule.params.length !== expected && rule.params.length !== expected + 1) {
    return fail(rule.node.id ?? rule.node, 'custom-rule', `${ruleName} is the @${kind} rule of ${name} and must take ${expected} parameters (${kind === 'vjp' ? 'the arguments, then the cotangent' : 'the arguments, then one tangent each'}), not ${rule.params.length}`);
  }
  return { kind, rule, withValue: rule.params.length === expected + 1 };
}

/** `key` marks the rule as being lowered (cx.L.inRule), `name` is the function's name for messages. */
export function applyCustomRule(cx: Cx, b: Builder, e: Es, name: string, r: CustomRule, vals: Val[], value: Val, key = name): Val {
  at(b, e);
  const y: Val[] = r.withValue ? [value] : [];
  if (value.t === 'arr' && value.arr.elem === 'f64') {
    return r.kind === 'vjp' ? vectorVjp(cx, b, e, name, key, r, vals, value.arr, y) : vectorJvp(cx, b, e, name, key, r, vals, y, value.arr);
  }
  if (value.t !== 'num') return fail(e, 'custom-rule', `${name} has a custom derivative and must return a number or a float array, got ${describe(value)}`);
  if (r.kind === 'jvp') return scalarJvp(cx, b, e, name, key, r, vals, y, value.a);
  const acc = cx.L.op(b, 'stop', [value.a]);
  const g = ruleValue(cx, b, e, key, r.rule, [...vals, { t: 'num', a: c(1) }, ...y], key !== name);
  return { t: 'num', a: attachCotangents(cx, b, name, r, vals, g, acc) };
}

/** acc with the partials `g` (the VJP at a unit cotangent) attached by one lin per input scalar. */
function attachCotangents(cx: Cx, b: Builder, name: string, r: CustomRule, vals: Val[], g: Val, acc: Atom): Atom {
  if (vals.length === 1 && vals[0].t === 'num') {
    if (g.t !== 'num') return fail(r.rule.node, 'custom-rule', `the @vjp rule ${r.rule.name} must return a number for ${name}'s one number parameter`);
    return vals[0].a.kind === 'var' ? cx.L.op(b, 'lin', [acc, vals[0].a, g.a]) : acc;
  }
  if (g.t !== 'arr') return fail(r.rule.node, 'custom-rule', `the @vjp rule ${r.rule.name} must return an array of the inputs' cotangents, flattened in parameter order`);
  let offset: Atom = c(0);
  for (const x of vals) {
    if (x.t === 'num') {
      const p = load(cx, b, g.arr, offset);
      if (x.a.kind === 'var') acc = cx.L.op(b, 'lin', [acc, x.a, p]);
      offset = cx.L.op(b, 'add', [offset, c(1)], 'int');
    } else if (x.t === 'arr' && x.arr.elem === 'f64') {
      acc = linArray(cx, b, acc, x.arr, g.arr, offset);
      offset = cx.L.op(b, 'add', [offset, cx.L.op(b, 'len', [v(x.arr.name)], 'int')], 'int');
    }
  }
  return acc;
}

/**
 * A helper returning an array y, with a VJP rule taking the cotangent of y (an array shaped like
 * it): row k of the Jacobian is the rule at the unit cotangent eₖ, so out[k] = stop(y[k]) with
 * those partials attached, in a loop over k (m rule evaluations for m outputs, as reverse mode
 * over a vector function is one sweep per output).
 */
function vectorVjp(cx: Cx, b: Builder, e: Es, name: string, key: string, r: CustomRule, vals: Val[], value: ArrRef, y: Val[]): Val {
  const L = cx.L;
  const m = L.op(b, 'len', [v(value.name)], 'int');
  const out = localArray(cx, b, m, name);
  const cot = localArray(cx, b, m, 'cotangent');
  const k = L.fresh('int', 'k');
  const body = sub(b);
  body.push({ kind: 'store', array: cot.name, index: v(k), value: c(1), loc: b.loc });
  const g = ruleValue(cx, body, e, key, r.rule, [...vals, { t: 'arr', arr: cot }, ...y], key !== name);
  const yk = load(cx, body, value, v(k));
  const acc = attachCotangents(cx, body, name, r, vals, g, L.op(body, 'stop', [yk]));
  body.push({ kind: 'store', array: out.name, index: v(k), value: acc, loc: b.loc });
  body.push({ kind: 'store', array: cot.name, index: v(k), value: c(0), loc: b.loc });
  b.push({ kind: 'for', index: k, start: c(0), end: m, step: 1, body: body.stmts, loc: b.loc });
  return { t: 'arr', arr: out };
}

/** Attaches the tangent `p` of the output along input scalar `x` (by lin), in builder `bb`. */
type Attach = (bb: Builder, x: Atom, p: Val) => void;

/**
 * A JVP rule's partials: the rule at unit tangents, one number argument at a time, and for an
 * array argument one evaluation per element in a loop (as forward mode does: n evaluations for
 * n inputs); the other tangents are 0 (zeroed arrays shaped like the array arguments).
 */
function jvpPartials(cx: Cx, b: Builder, e: Es, name: string, key: string, r: CustomRule, vals: Val[], y: Val[], attach: Attach): void {
  const partial = (bb: Builder, tangents: Val[]): Val => ruleValue(cx, bb, e, key, r.rule, [...vals, ...tangents, ...y], key !== name);
  const zeros: Val[] = vals.map((x, i) => {
    if (x.t === 'num') return { t: 'num', a: c(0) };
    if (x.t === 'arr' && x.arr.elem === 'f64') return { t: 'arr', arr: localArray(cx, b, cx.L.op(b, 'len', [v(x.arr.name)], 'int'), 'zero') };
    return fail(e.arguments[i] ?? e, 'custom-rule', `the @jvp rule of ${name} takes tangents of numbers and float arrays only, got ${describe(x)}`);
  });
  vals.forEach((x, i) => {
    if (x.t === 'num') {
      if (x.a.kind === 'var') attach(b, x.a, partial(b, zeros.map((z, k) => (k === i ? { t: 'num', a: c(1) } : z))));
      return;
    }
    // for (j …) { dir[j] = 1; attach(x[j], rule(…, dir, …)); dir[j] = 0 }
    const arr = (x as { arr: ArrRef }).arr;
    const L = cx.L;
    const n = L.op(b, 'len', [v(arr.name)], 'int');
    const dir = localArray(cx, b, n, 'direction');
    const j = L.fresh('int', 'j');
    const body = sub(b);
    body.push({ kind: 'store', array: dir.name, index: v(j), value: c(1), loc: b.loc });
    const p = partial(body, zeros.map((z, k) => (k === i ? { t: 'arr', arr: dir } : z)));
    const xj = L.fresh('f64', 'x');
    body.push({ kind: 'load', target: xj, array: arr.name, index: v(j), loc: b.loc });
    attach(body, v(xj), p);
    body.push({ kind: 'store', array: dir.name, index: v(j), value: c(0), loc: b.loc });
    b.push({ kind: 'for', index: j, start: c(0), end: n, step: 1, body: body.stmts, loc: b.loc });
  });
}

/** A number-valued helper's JVP rule: acc = stop(y), then one lin per input scalar. */
function scalarJvp(cx: Cx, b: Builder, e: Es, name: string, key: string, r: CustomRule, vals: Val[], y: Val[], value: Atom): Val {
  const total = cx.L.fresh('f64', 'acc');
  b.copy(total, cx.L.op(b, 'stop', [value]));
  jvpPartials(cx, b, e, name, key, r, vals, y, (bb, x, p) => {
    if (p.t !== 'num') fail(r.rule.node, 'custom-rule', `the @jvp rule ${r.rule.name} must return a number (the output's tangent)`);
    bb.copy(total, cx.L.op(bb, 'lin', [v(total), x, (p as { a: Atom }).a]));
  });
  return { t: 'num', a: v(total) };
}

/** An array-valued helper's JVP rule: out[k] = stop(y[k]), then out[k] = lin(out[k], x, p[k]) for every k. */
function vectorJvp(cx: Cx, b: Builder, e: Es, name: string, key: string, r: CustomRule, vals: Val[], y: Val[], value: ArrRef): Val {
  const L = cx.L;
  const m = L.op(b, 'len', [v(value.name)], 'int');
  const out = localArray(cx, b, m, name);
  const each = (bb: Builder, f: (inner: Builder, k: Atom) => void) => {
    const k = L.fresh('int', 'k');
    const inner = sub(bb);
    f(inner, v(k));
    bb.push({ kind: 'for', index: k, start: c(0), end: m, step: 1, body: inner.stmts, loc: b.loc });
  };
  each(b, (inner, k) => inner.push({ kind: 'store', array: out.name, index: k, value: L.op(inner, 'stop', [load(cx, inner, value, k)]), loc: b.loc }));
  jvpPartials(cx, b, e, name, key, r, vals, y, (bb, x, p) => {
    if (p.t !== 'arr') fail(r.rule.node, 'custom-rule', `the @jvp rule ${r.rule.name} must return the output's tangent, an array shaped like ${name}'s result`);
    const t = (p as { arr: ArrRef }).arr;
    each(bb, (inner, k) => inner.push({ kind: 'store', array: out.name, index: k, value: L.op(inner, 'lin', [load(cx, inner, out, k), x, load(cx, inner, t, k)]), loc: b.loc }));
  });
  return { t: 'arr', arr: out };
}

/** A zeroed local Float64Array of `length`. */
function localArray(cx: Cx, b: Builder, length: Atom, hint: string): ArrRef {
  const name = cx.L.fresh('f64[]', hint);
  b.push({ kind: 'alloc', target: name, length, loc: b.loc });
  return { name, elem: 'f64', typeText: 'Float64Array', param: false };
}

function ruleValue(cx: Cx, b: Builder, e: Es, key: string, rule: FnInfo, vals: Val[], reentrant = false): Val {
  const L = cx.L;
  L.inRule.add(key);
  // An external function's rule re-applied inside itself (bounded by RULE_DEPTH) is not recursion.
  const hidden = reentrant ? L.callNodes.flatMap((n, i) => (n === rule.node ? [i] : [])) : [];
  const saved = hidden.map((i) => [L.callNodes[i], L.callStack[i]] as const);
  hidden.forEach((i) => (L.callNodes[i] = null as unknown as Es));
  try {
    return callWithValues(cx, b, e, rule, vals, []);
  } finally {
    L.inRule.delete(key);
    hidden.forEach((i, k) => ([L.callNodes[i], L.callStack[i]] = saved[k]));
  }
}

function load(cx: Cx, b: Builder, arr: ArrRef, index: Atom): Atom {
  const t = cx.L.fresh('f64', 'p');
  b.push({ kind: 'load', target: t, array: arr.name, index, loc: b.loc });
  return v(t);
}

/** for (j = 0; j < x.length; j++) acc = lin(acc, x[j], g[offset + j]) */
function linArray(cx: Cx, b: Builder, acc: Atom, x: ArrRef, g: ArrRef, offset: Atom): Atom {
  const L = cx.L;
  const total = L.fresh('f64', 'acc');
  b.copy(total, acc);
  const j = L.fresh('int', 'j');
  const xj = L.fresh('f64', 'x');
  const k = L.fresh('int', 'k');
  const pj = L.fresh('f64', 'p');
  const next = L.fresh('f64', 'acc');
  const loc = b.loc;
  const body: ForStmt['body'] = [
    { kind: 'load', target: xj, array: x.name, index: v(j), loc },
    { kind: 'assign', target: k, op: 'add', args: [offset, v(j)], loc },
    { kind: 'load', target: pj, array: g.name, index: v(k), loc },
    { kind: 'assign', target: next, op: 'lin', args: [v(total), v(xj), v(pj)], loc },
    { kind: 'assign', target: total, op: 'copy', args: [v(next)], loc },
  ];
  const end = L.op(b, 'len', [v(x.name)], 'int');
  b.push({ kind: 'for', index: j, start: c(0), end, step: 1, body, loc });
  return v(total);
}

/**
 * Functions of a module adgen does not compile — an npm package, a native addon — with
 * derivatives the user supplies, declared in the JSDoc of their import:
 *
 *   /** @vjp besselJ0 j0Vjp *\/                  j0Vjp(x, g) → g · J₀′(x), a function of this file
 *   import { besselJ0, besselJ1 } from 'bessel';
 *
 * An import whose JSDoc has `@vjp name rule`, `@jvp name rule` (name one of its specifiers) or
 * `@extern` is external: each of its named imports is called, not compiled, and the generated
 * module imports the package itself (the one case where the output is not standalone; its header
 * says so). Calls take and return numbers. A function without a rule may be called where no
 * derivative flows through it (in a rule's own code, on constants); elsewhere the AD pass reports
 * it (src/ops/table.ts externOp). Everything else is as for a helper's rule.
 */
export interface Extern {
  local: string;
  imported: string;
  source: string;
  rule?: { kind: 'vjp' | 'jvp'; name: string };
  node: Es;
}

/** The external functions an import declares, or undefined for an ordinary import. */
export function externImport(stmt: Es): Extern[] | undefined {
  const doc: string | undefined = stmt.adgenDoc;
  const source = stmt.source?.value;
  if (!doc || typeof source !== 'string' || stmt.importKind === 'type') return undefined;
  const specifiers: Es[] = stmt.specifiers ?? [];
  const rules = new Map<string, { kind: 'vjp' | 'jvp'; name: string }>();
  for (const m of doc.matchAll(/@(vjp|jvp)\s+([A-Za-z_$][\w$]*)\s+([A-Za-z_$][\w$]*)/g)) {
    if (specifiers.some((sp) => sp.local.name === m[2])) rules.set(m[2], { kind: m[1] as 'vjp' | 'jvp', name: m[3] });
  }
  if (rules.size === 0 && !/@extern\b/.test(doc)) return undefined;
  return specifiers.map((sp: Es) => ({
    local: sp.local.name,
    imported: sp.type === 'ImportSpecifier' ? (sp.imported.name ?? sp.imported.value) : sp.type === 'ImportDefaultSpecifier' ? 'default' : '*',
    source,
    rule: rules.get(sp.local.name),
    node: sp,
  }));
}

/** A call of an external function: the call itself gives the value, its rule the derivative. */
export function lowerExternCall(cx: Cx, b: Builder, e: Es, ext: Extern, vals: Val[]): Val {
  if (ext.imported === '*' || vals.length === 0) {
    return fail(e, 'unsupported', `${ext.local} from '${ext.source}': adgen calls named imports with at least one number argument`);
  }
  vals.forEach((x, i) => {
    if (x.t !== 'num') fail(e.arguments[i], 'type', `${ext.local} from '${ext.source}' is not compiled, so it takes numbers only (write the rule on a helper of this file for arrays), got ${describe(x)}`);
  });
  at(b, e);
  const value: Val = { t: 'num', a: cx.L.op(b, externOp(ext.local, ext.source), vals.map((x) => (x as { a: Atom }).a)) };
  // A rule may call its own function (∂Jₙ needs Jₙ₋₁ and Jₙ₊₁). Unlike a helper's, the call
  // has no body to fall back on, so the rule applies again inside itself, RULE_DEPTH levels
  // deep: derivatives up to that order are exact, a higher one reaches the bare call (an error).
  const depth = Array.from({ length: RULE_DEPTH }, (_, d) => `${ext.local}#${d}`).findIndex((k) => !cx.L.inRule.has(k));
  if (!ext.rule || depth < 0) return value;
  const r = ruleOf(cx, ext.node, ext.local, ext.rule.kind, ext.rule.name, vals.length);
  return applyCustomRule(cx, b, e, ext.local, r, vals, value, `${ext.local}#${depth}`);
}

const RULE_DEPTH = 2;

/** The imports the generated module needs, one per source module, in the order of the file. */
export function externImports(mod: ModuleInfo): ModuleImport[] {
  const bySource = new Map<string, ModuleImport>();
  for (const x of mod.externs?.values() ?? []) {
    if (!bySource.has(x.source)) bySource.set(x.source, { source: x.source, specifiers: [] });
    bySource.get(x.source)!.specifiers.push({ imported: x.imported, local: x.local });
  }
  return [...bySource.values()];
}

/**
 * A JSDoc with the functions it names as rules mapped by `linked` (when it gives a name): a
 * helper's `@vjp rule`, or an import's `@vjp name rule`. The linker (link.ts) uses it, since a
 * rule is named, not called, and may be renamed when it comes from another file.
 */
export function relinkRules(doc: string, isImport: boolean, linked: (rule: string) => string | undefined): string {
  const re = isImport ? /(@(?:vjp|jvp)\s+[A-Za-z_$][\w$]*\s+)([A-Za-z_$][\w$]*)/g : /(@(?:vjp|jvp)\s+)([A-Za-z_$][\w$]*)/g;
  return doc.replace(re, (all, head: string, rule: string) => {
    const to = linked(rule);
    return to ? head + to : all;
  });
}
