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
 * (numbers only) and returns the output's tangent. Either may take one more parameter, the
 * helper's value, instead of recomputing it. Both are ordinary functions of the file, so the
 * source runs as written.
 *
 * Lowering: the body gives the value y (through `stop`, so its own derivative is never used),
 * the rule gives the partials pᵢ (the VJP at g = 1, or the JVP at the unit tangents, folded), and
 * one `lin(acc, xᵢ, pᵢ)` per input attaches them (src/ops/table.ts). Every mode follows: forward
 * ẏ = Σ pᵢẋᵢ, reverse x̄ᵢ += pᵢȳ, and second order differentiates the rule's own code, as JAX
 * does for custom_jvp. The helper must return a number.
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom, type ForStmt } from '../ir/types.js';
import { callWithValues } from './inline.js';
import { at, describe, fail, type ArrRef, type Cx, type Es, type FnInfo, type Val } from './lower-context.js';

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
  const rule = cx.L.mod.functions.get(m[2]);
  const kind = m[1] as 'vjp' | 'jvp';
  if (!rule) return fail(info.node.id ?? info.node, 'custom-rule', `@${kind} names ${m[2]}, which is not a function of this file`);
  const expected = kind === 'vjp' ? info.params.length + 1 : 2 * info.params.length;
  // One more parameter receives the helper's value, so the rule need not recompute it.
  if (rule.params.length !== expected && rule.params.length !== expected + 1) {
    return fail(rule.node.id ?? rule.node, 'custom-rule', `${m[2]} is the @${kind} rule of ${info.name} and must take ${expected} parameters (${kind === 'vjp' ? 'the arguments, then the cotangent' : 'the arguments, then one tangent each'}), not ${rule.params.length}`);
  }
  return { kind, rule, withValue: rule.params.length === expected + 1 };
}

export function applyCustomRule(cx: Cx, b: Builder, e: Es, info: FnInfo, r: CustomRule, vals: Val[], value: Val): Val {
  if (value.t !== 'num') return fail(e, 'custom-rule', `${info.name} has a custom derivative and must return a number, got ${describe(value)}`);
  at(b, e);
  let acc = cx.L.op(b, 'stop', [value.a]);
  const y: Val[] = r.withValue ? [value] : [];
  if (r.kind === 'jvp') {
    vals.forEach((x, i) => {
      if (x.t !== 'num') fail(e.arguments[i] ?? e, 'custom-rule', `the @jvp rule of ${info.name} needs number arguments (use @vjp for arrays)`);
      const unit = vals.map((_, k) => ({ t: 'num', a: c(k === i ? 1 : 0) }) as Val);
      const p = ruleValue(cx, b, e, info, r.rule, [...vals, ...unit, ...y]);
      if (p.t !== 'num') return fail(r.rule.node, 'custom-rule', `the @jvp rule ${r.rule.name} must return a number`);
      if (x.a.kind === 'var') acc = cx.L.op(b, 'lin', [acc, x.a, p.a]);
    });
    return { t: 'num', a: acc };
  }
  const g = ruleValue(cx, b, e, info, r.rule, [...vals, { t: 'num', a: c(1) }, ...y]);
  const single = vals.length === 1 && vals[0].t === 'num';
  if (single) {
    if (g.t !== 'num') return fail(r.rule.node, 'custom-rule', `the @vjp rule ${r.rule.name} must return a number for ${info.name}'s one number parameter`);
    return { t: 'num', a: vals[0].t === 'num' && vals[0].a.kind === 'var' ? cx.L.op(b, 'lin', [acc, vals[0].a, g.a]) : acc };
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
  return { t: 'num', a: acc };
}

function ruleValue(cx: Cx, b: Builder, e: Es, info: FnInfo, rule: FnInfo, vals: Val[]): Val {
  cx.L.inRule.add(info.name);
  try {
    return callWithValues(cx, b, e, rule, vals, []);
  } finally {
    cx.L.inRule.delete(info.name);
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
