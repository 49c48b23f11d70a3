/**
 * The parameters of an exported function as its callers pass them at run time:
 * - a default (`k = 2`, `n = x.length`, `h = 1 / steps`) is applied in the IR itself, where the
 *   argument is undefined, so every entry point takes the argument left out and the derivative
 *   code follows the default too (a default computed from a differentiated parameter carries
 *   its derivative);
 * - an optional `p?: number` stays possibly undefined: `p ?? d` and `p === undefined` test it at
 *   run time (lower-static.ts);
 * - `boolean` and string-literal-union (`'call' | 'put'`) parameters are passive flags: the IR
 *   carries them untouched and only tests them (`kind === 'call'` is the op `is:"call"`).
 * The argument tests are the `is` ops of the op table (`a === undefined`, `a === 'call'`).
 */
import type { Builder } from '../ir/builder.js';
import { v, type Atom, type Type } from '../ir/types.js';
import { isOp } from '../ops/table.js';
import { type Es, type FnInfo, type Lowerer, type ParamInfo, type ParamKind, type Scope, type Cx, sub, at } from './lower-context.js';
import { lowerNum } from './lower-expr.js';

export interface EntryParam {
  name: string;
  kind: ParamKind;
  typeText: string;
}

/** The IR type an entry parameter has: strings travel in passive `int` variables no op computes with. */
export function entryType(kind: ParamKind): Type {
  if (kind === 'num') return 'f64';
  return kind === 'text' ? 'int' : kind;
}

/**
 * The kind of an exported function's parameter whose declared type is not numeric: `boolean`
 * and string-literal unions (also through an alias: the checker resolves it) are flags.
 */
export function flagKind(p: ParamInfo, oracle: { typeOf(node: { start: number; end: number }): { kind: string; values?: string[] } | undefined }): ParamKind | undefined {
  const text = p.typeText.replace(/\s+/g, ' ').trim();
  if (text === 'boolean') return 'bool';
  if (/^('[^']*'|"[^"]*")( ?\| ?('[^']*'|"[^"]*"))*$/.test(text)) return 'text';
  if (!text) return undefined;
  const id: Es = p.node.type === 'AssignmentPattern' ? p.node.left : p.node;
  const declared = oracle.typeOf(id);
  if (declared?.kind === 'boolean') return 'bool';
  if (declared?.kind === 'string' && declared.values?.length) return 'text';
  return undefined;
}

/**
 * Bind an entry parameter that is not a plain number or array: a flag, or a number with a
 * default or `?`. Returns false for the others (the caller binds them).
 */
export function bindEntryParam(L: Lowerer, b: Builder, scope: Scope, info: FnInfo, p: EntryParam, cx: () => Cx): boolean {
  const decl = info.params.find((q) => q.name === p.name);
  if (p.kind === 'bool' || p.kind === 'text') {
    scope.vars.set(p.name, { kind: 'alias', atom: v(p.name), t: p.kind === 'bool' ? 'bool' : 'text' });
    return true;
  }
  if (!decl || (!decl.init && !decl.optional)) return false;
  if (p.kind !== 'num') {
    // Untyped and used as an array: checkEntryParams could not see it (typed ones it reports).
    if (!decl.typeText) L.error(decl.node, 'unsupported', leftOutMessage(p.name, info.name));
    return false;
  }
  if (!decl.init) {
    const local = info.assigned.has(p.name) ? copyOf(L, b, p.name) : p.name;
    scope.vars.set(p.name, { kind: 'var', name: local, t: 'num', isConst: false, optional: true });
    return true;
  }
  // if (k === undefined) k' = default; else k' = k — the default sees the parameters before it.
  const local = L.fresh('f64', p.name);
  const missing = L.op(b, isOp(undefined), [v(p.name)], 'bool');
  const given = sub(b);
  given.copy(local, v(p.name));
  const fallback = sub(b);
  at(fallback, decl.init);
  L.moveInto(fallback, local, lowerNum(cx(), fallback, decl.init));
  b.push({ kind: 'if', cond: missing, then: fallback.stmts, else: given.stmts, loc: b.loc });
  scope.vars.set(p.name, { kind: 'var', name: local, t: 'num', isConst: false });
  return true;
}

function copyOf(L: Lowerer, b: Builder, name: string): string {
  const local = L.fresh('f64', name);
  b.copy(local, v(name));
  return local;
}

/** `p ?? d` on an optional parameter: `t = p; if (p === undefined) t = d`. */
export function runtimeNullish(cx: Cx, b: Builder, name: string, right: Es): Atom {
  const L = cx.L;
  const t = L.fresh('f64', name);
  const missing = L.op(b, isOp(undefined), [v(name)], 'bool');
  const fallback = sub(b);
  L.moveInto(fallback, t, lowerNum(cx, fallback, right));
  const given = sub(b);
  given.copy(t, v(name));
  b.push({ kind: 'if', cond: missing, then: fallback.stmts, else: given.stmts, loc: b.loc });
  L.owned.add(t);
  return v(t);
}

export const leftOutMessage = (param: string, fn: string) =>
  `parameter ${param} of the exported function ${fn} has a default but is not a number: only number parameters of exported functions may be left out`;
