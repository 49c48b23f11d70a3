/**
 * What a function's parameter list declares, for the lowering: each parameter's name, kind
 * (number, array, or left to the argument), default value (`k = 2`), whether it is optional
 * (`p?: number`) and whether its declared type is a function type (a callback, bound to the
 * function each call passes). Also builds the FnInfo of a function nested in another one.
 */
import type { Diagnostic } from '../diagnostics.js';
import { assignedNames, walk } from './lower-analysis.js';
import type { Es, FnInfo, Lowerer, ParamInfo } from './lower-context.js';
import { kindOfType } from './lower-types.js';
import { flagKind, leftOutMessage } from './lower-entry-params.js';
import type { TypeOracle } from './load-types.js';

/** `(x: number) => number`, `Function`, `typeof f`: types whose values are functions. */
export function isFunctionType(text: string): boolean {
  return /=>/.test(text) || /^\s*(Function|typeof\s+[\w$]+)\s*$/.test(text);
}

/**
 * A parameter as declared. A helper's parameter whose type adgen does not read (an alias, a
 * union such as `number | number[]`, a string-literal union) takes the kind of each call's
 * argument, like an untyped one; exported functions are checked in checkEntryParams.
 */
export function paramInfo(p: Es, docTypes: Map<string, string>): ParamInfo {
  const id: Es = p.type === 'AssignmentPattern' ? p.left : p;
  const name: string = id.type === 'Identifier' ? id.name : '?';
  const init: Es | undefined = p.type === 'AssignmentPattern' ? p.right : undefined;
  const typeText: string | undefined = p.adgenType ?? id.adgenType ?? docTypes.get(name);
  const fnType = typeText !== undefined && isFunctionType(typeText);
  const kind = typeText === undefined || fnType ? undefined : kindOfType(typeText);
  const optional = id.adgenOptional === true || id.optional === true;
  return { name, kind, typeText: typeText ?? '', node: p, init, optional, fnType };
}

/**
 * The FnInfo of a function declared inside another (`function g() {}`, `const g = (x) => …`,
 * an arrow passed as a callback). Its `assigned` set includes the enclosing function's, so a
 * captured variable the outer code reassigns is never aliased to a value inside it.
 */
export function nestedInfo(L: Lowerer, node: Es, name: string, outer: FnInfo): FnInfo {
  const known = L.nested.get(node);
  if (known) return known;
  const params = node.params.map((p: Es) => paramInfo(p, new Map()));
  const body = node.body.type === 'BlockStatement' ? node.body : { type: 'ExpressionStatement', expression: node.body, start: 0, end: 0 };
  const assigned = new Set([...outer.assigned, ...assignedNames(body)]);
  const info: FnInfo = { name, node, params, assigned, returnTypeText: node.adgenReturnType ?? undefined };
  L.nested.set(node, info);
  return info;
}

/**
 * An exported function's parameters are what its callers pass at run time, so a function
 * parameter (declared with a function type, or called in the body) cannot be specialised: the
 * error says to fix it at a call site. Only number parameters may have defaults or `?` (lower-entry-params.ts).
 */
export function checkEntryParams(info: FnInfo, diagnostics: Diagnostic[], oracle: TypeOracle): void {
  const called = calledNames(info.node.body);
  const say = (p: ParamInfo, code: string, message: string) => diagnostics.push({ code, message, start: p.node.start, end: p.node.end });
  for (const p of info.params) {
    if (p.fnType || (p.kind === undefined && !p.typeText && called.has(p.name))) {
      say(p, 'unsupported',
        `parameter ${p.name} of the exported function ${info.name} is a function: adgen inlines functions passed as arguments, ` +
        `so a call site must fix it (export a function that calls ${info.name} with a known function)`);
    } else if ((p.init || p.optional) && p.kind !== 'num' && (p.kind || p.typeText)) {
      say(p, 'unsupported', leftOutMessage(p.name, info.name));
    } else if (p.typeText && !p.kind && !flagKind(p, oracle)) {
      say(p, 'type', `parameter ${p.name} has type ${p.typeText}; adgen takes number, number[], typed arrays, boolean and string-literal unions`);
    }
  }
}

function calledNames(body: Es): Set<string> {
  const out = new Set<string>();
  walk(body, (n) => {
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier') out.add(n.callee.name);
  });
  return out;
}
