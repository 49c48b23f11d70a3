/**
 * The module level of the lowering: find the file's functions (declarations and `const f = …`
 * arrows / function expressions), its numeric constants and its exports; then build one IR
 * function per export — parameters, body (helpers inlined), results — and finish it (dead code,
 * int/f64 types, counted-loop fix-ups, verification). Also decides each export's active
 * parameters from `@wrt` and the `wrt` option, its output kind, and its type texts for the .d.ts.
 */
import type * as acorn from 'acorn';
import { CompileError, type Diagnostic } from '../diagnostics.js';
import { Builder } from '../ir/builder.js';
import { v, type ExportedFunction, type IRFunction, type IRModule } from '../ir/types.js';
import { verify } from '../ir/verify.js';
import { fixCountedLoops, inferNumericTypes } from './infer-types.js';
import { lowerBody } from './inline.js';
import { constantArrayValue, constantValue } from './lower-constants.js';
import { assignedNames, walk } from './lower-analysis.js';
import { removeDeadCode } from './lower-cleanup.js';
import { Lowerer, Scope, type Es, type FnInfo, type ModuleInfo, type ParamInfo, type ParamKind, type Val } from './lower-context.js';
import { externImport, externImports } from './lower-custom.js';
import { INTRINSICS, RUNTIME_MODULE } from './lower-derivatives.js';
import { ARRAY_METHODS } from './lower-methods.js';
import { checkEntryParams, paramInfo } from './lower-params.js';
import { bindEntryParam, entryType, flagKind } from './lower-entry-params.js';
import type { TypeOracle } from './load-types.js';
import { jsdocNames, jsdocParamTypes, jsdocWrt, returnKind } from './lower-types.js';

interface ExportEntry {
  exported: string;
  local: string;
  node: Es;
}

const isFunctionNode = (e: Es | null | undefined): boolean =>
  !!e && (e.type === 'FunctionExpression' || e.type === 'ArrowFunctionExpression' || e.type === 'FunctionDeclaration');

export function lowerModule(
  program: acorn.Program,
  source: string,
  fileName: string,
  wrt: string[] | undefined,
  diagnostics: Diagnostic[],
  oracle: TypeOracle,
): IRModule {
  const mod: ModuleInfo = { source, functions: new Map(), constants: new Map(), constantArrays: new Map(), intrinsics: new Map(), oracle, externs: new Map() };
  const exports: ExportEntry[] = [];
  const refused = new Set<string>();
  for (const stmt of program.body as Es[]) collectTopLevel(stmt, mod, exports, diagnostics, refused);
  const resolved = exports.filter((e) => {
    if (mod.functions.has(e.local)) return true;
    diagnostics.push({ code: 'unsupported', message: `export ${e.exported}: only functions can be exported`, start: e.node.start, end: e.node.end });
    return false;
  });
  if (exports.length === 0) {
    diagnostics.push({ code: 'no-exports', message: 'the file exports no function (adgen compiles exported functions)', start: 0, end: 0 });
  }
  const infos = resolved.map((e) => mod.functions.get(e.local)!);
  infos.forEach((info) => checkEntryParams(info, diagnostics, mod.oracle));
  const kinds = infos.map((info) => paramKinds(info, mod));
  for (const name of wrt ?? []) {
    if (kinds.some((sig) => sig.some((p) => p.name === name))) continue;
    diagnostics.push({ code: 'usage', message: `--wrt ${name}: no exported function has a parameter named ${name}`, start: 0, end: 0 });
  }
  const functions = resolved.flatMap((e, i) => {
    const exp = lowerExported(mod, infos[i], e.exported, kinds[i], wrt, diagnostics);
    return exp ? [exp] : [];
  });
  dropFollowOns(diagnostics, refused);
  const defaultExport: string | undefined = (program as Es).adgenDefault;
  return { fileName, source, functions, imports: externImports(mod), ...(defaultExport && functions.some((f) => f.fn.name === defaultExport) ? { defaultExport } : {}) };
}

/** A refused constant is reported once, where it is declared, not again at each use. */
function dropFollowOns(diagnostics: Diagnostic[], refused: Set<string>): void {
  const followOn = (d: Diagnostic) => d.code === 'unknown-name' && refused.has(d.message.replace(/^unknown variable /, ''));
  const kept = diagnostics.filter((d) => !followOn(d));
  diagnostics.splice(0, diagnostics.length, ...kept);
}

function collectTopLevel(stmt: Es, mod: ModuleInfo, exports: ExportEntry[], diagnostics: Diagnostic[], refused: Set<string>): void {
  if (stmt.type === 'ImportDeclaration' && stmt.source.value === RUNTIME_MODULE) return collectIntrinsics(stmt, mod);
  if (stmt.type === 'ImportDeclaration') return externImport(stmt)?.forEach((x) => mod.externs!.set(x.local, x));
  const exported = stmt.type === 'ExportNamedDeclaration';
  const decl: Es | null = exported ? stmt.declaration : stmt;
  if (exported) {
    for (const spec of stmt.specifiers ?? []) {
      if (stmt.source) continue; // re-export: the fence reports it
      if ((spec.exported.name ?? spec.exported.value) === 'default') {
        diagnostics.push({ code: 'unsupported', message: 'default exports are not supported (use export function name(…))', start: spec.start, end: spec.end });
        continue;
      }
      exports.push({ exported: spec.exported.name ?? spec.exported.value, local: spec.local.name ?? spec.local.value, node: spec });
    }
  }
  if (!decl) return;
  if (decl.type === 'FunctionDeclaration' && decl.id) {
    mod.functions.set(decl.id.name, functionInfo(decl.id.name, decl, [stmt], diagnostics));
    if (exported) exports.push({ exported: decl.id.name, local: decl.id.name, node: decl.id });
  } else if (decl.type === 'VariableDeclaration') {
    for (const d of decl.declarations) {
      if (d.id.type !== 'Identifier') continue;
      const name: string = d.id.name;
      if (isFunctionNode(d.init)) {
        mod.functions.set(name, functionInfo(name, d.init, [d, decl, stmt], diagnostics));
        if (exported) exports.push({ exported: name, local: name, node: d.id });
      } else if (!exported && decl.kind === 'const' && d.init) {
        const value = constantValue(d.init, mod.constants, mod.constantArrays);
        const array = value === undefined ? constantArrayValue(d.init, mod.constants, mod.constantArrays) : undefined;
        if (array) {
          mod.constantArrays.set(name, array);
        } else if (value === undefined) {
          refused.add(name);
          diagnostics.push({ code: 'unsupported', message: 'top-level constants must be numbers, or arrays of numbers, computed from literals', start: d.init.start, end: d.init.end });
        } else {
          mod.constants.set(name, value);
        }
      }
    }
  }
}

/** `import { grad, stopGradient as sg } from 'adgen/runtime'`: names the lowering compiles in place. */
function collectIntrinsics(stmt: Es, mod: ModuleInfo): void {
  for (const spec of stmt.specifiers ?? []) {
    const imported: string | undefined = spec.imported?.name;
    if (spec.type === 'ImportSpecifier' && imported && INTRINSICS[imported]) mod.intrinsics.set(spec.local.name, imported);
  }
}

function functionInfo(name: string, node: Es, hosts: Es[], diagnostics: Diagnostic[]): FnInfo {
  const doc: string | undefined = node.adgenDoc ?? hosts.find((h) => h.adgenDoc)?.adgenDoc;
  const docTypes = jsdocParamTypes(doc);
  const params: ParamInfo[] = node.params.map((p: Es) => paramInfo(p, docTypes));
  const returnTypeText: string | undefined = node.adgenReturnType ?? undefined;
  const body = node.body.type === 'BlockStatement' ? node.body : { type: 'ExpressionStatement', expression: node.body, start: 0, end: 0 };
  return { name, node, params, assigned: assignedNames(body), returnTypeText, doc };
}

export interface ParamSig {
  name: string;
  kind: ParamKind;
  typeText: string;
}

/** Kinds of an exported function's parameters; untyped ones are arrays if used as arrays. */
function paramKinds(info: FnInfo, mod: ModuleInfo): ParamSig[] {
  return info.params.map((p, i) => {
    if (p.kind) return { name: p.name, kind: p.kind, typeText: p.typeText };
    const flag = flagKind(p, mod.oracle);
    if (flag) return { name: p.name, kind: flag, typeText: p.typeText };
    const array = usedAsArray(info, i, mod, new Set());
    return { name: p.name, kind: array ? 'f64[]' : 'num', typeText: array ? 'number[]' : 'number' };
  });
}

/** Is untyped parameter `index` of `info` indexed, `.length`ed, iterated, or passed on as an array? */
function usedAsArray(info: FnInfo, index: number, mod: ModuleInfo, seen: Set<string>): boolean {
  const key = `${info.name}/${index}`;
  if (seen.has(key)) return false;
  seen.add(key);
  const name = info.params[index].name;
  const isName = (e: Es) => e?.type === 'Identifier' && e.name === name;
  let found = false;
  walk(info.node.body, (n) => {
    const method = n.type === 'MemberExpression' && !n.computed && (n.property.name === 'length' || n.property.name === 'fill' || ARRAY_METHODS.has(n.property.name));
    if (n.type === 'MemberExpression' && isName(n.object) && (n.computed || method)) found = true;
    if (n.type === 'ForOfStatement' && isName(n.right)) found = true;
    if (n.type === 'CallExpression' && n.callee.type === 'Identifier' && mod.functions.has(n.callee.name)) {
      const callee = mod.functions.get(n.callee.name)!;
      n.arguments.forEach((a: Es, i: number) => {
        if (!isName(a) || i >= callee.params.length) return;
        const k = callee.params[i].kind;
        if (k === 'f64[]' || k === 'int[]' || (!k && usedAsArray(callee, i, mod, seen))) found = true;
      });
    }
    return !found;
  });
  return found;
}

function lowerExported(
  mod: ModuleInfo,
  info: FnInfo,
  exportedName: string,
  sig: ParamSig[],
  wrt: string[] | undefined,
  diagnostics: Diagnostic[],
): ExportedFunction | null {
  const fn: IRFunction = { name: exportedName, params: [], vars: new Map(), body: [], results: [], loc: { start: info.node.start, end: info.node.end } };
  const L = new Lowerer(fn, mod, diagnostics);
  const b = new Builder(fn);
  b.loc = fn.loc;
  const scope = new Scope(null, true);
  for (const p of sig) bindParam(L, b, scope, info, p);
  L.callStack.push(info.name);
  L.callNodes.push(info.node);
  const errorsBefore = diagnostics.length;
  let val: Val = { t: 'void' };
  try {
    val = lowerBody(L, info, scope, b);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    diagnostics.push(...error.diagnostics);
  }
  if (diagnostics.length > errorsBefore) return null; // its errors are reported; no follow-up ones
  const output = checkOutput(info, val, diagnostics);
  if (!output || (val.t !== 'num' && val.t !== 'arr')) return null;
  fn.body = b.stmts;
  fn.results = [val.t === 'arr' ? v(val.arr.name) : val.a];
  finish(fn, L, diagnostics);
  const active = activeParams(info, sig, wrt, diagnostics);
  const returnTypeText = info.returnTypeText ?? (val.t === 'arr' ? val.arr.typeText : 'number');
  const paramOptional = info.params.map((p) => !!(p.init || p.optional));
  const optional = paramOptional.some(Boolean) ? { paramOptional } : {};
  return { fn, wrt: active, output, paramTypeText: sig.map((p) => p.typeText), ...optional, returnTypeText, doc: info.doc };
}

export function bindParam(L: Lowerer, b: Builder, scope: Scope, info: FnInfo, p: ParamSig): void {
  L.fn.params.push(p.name);
  L.fn.vars.set(p.name, { name: p.name, type: entryType(p.kind), hint: p.name });
  const cx = () => ({ L, inst: { info, slot: { mode: 'simple' as const }, frames: [] }, scope });
  if (bindEntryParam(L, b, scope, info, p, cx)) return;
  if (p.kind !== 'num') {
    scope.vars.set(p.name, { kind: 'arr', arr: { name: p.name, elem: p.kind === 'int[]' ? 'int' : 'f64', typeText: p.typeText, param: true } });
  } else if (info.assigned.has(p.name)) {
    // Parameters stay unmodified in the IR: a reassigned one works on a local copy.
    const local = L.fresh('f64', p.name);
    b.copy(local, v(p.name));
    scope.vars.set(p.name, { kind: 'var', name: local, t: 'num', isConst: false });
  } else {
    scope.vars.set(p.name, { kind: 'var', name: p.name, t: 'num', isConst: false });
  }
}

function checkOutput(info: FnInfo, val: Val, diagnostics: Diagnostic[]): 'scalar' | 'vector' | null {
  const at = info.node.id ?? info.node;
  const say = (message: string) => diagnostics.push({ code: 'type', message, start: at.start, end: at.end });
  if (val.t !== 'num' && val.t !== 'arr') {
    say(`exported function ${info.name} must return a number or an array of numbers`);
    return null;
  }
  const output = val.t === 'arr' ? 'vector' : 'scalar';
  if (info.returnTypeText === undefined) return output;
  const declared = returnKind(info.returnTypeText);
  if (declared !== 'scalar' && declared !== 'vector') {
    say(`return type ${info.returnTypeText} is not supported (number, number[], Float64Array or a number tuple)`);
    return null;
  }
  if (declared !== output) say(`${info.name} is declared to return ${info.returnTypeText} but returns ${val.t === 'arr' ? 'an array' : 'a number'}`);
  return output;
}

export function finish(fn: IRFunction, L: Lowerer, diagnostics: Diagnostic[]): void {
  // In place: the counted-loop records hold this very statement list.
  fn.body.unshift(...L.prelude);
  removeDeadCode(fn);
  inferNumericTypes(fn);
  fixCountedLoops(fn, L.fors);
  for (const problem of verify(fn)) {
    diagnostics.push({ code: 'internal', message: `internal compiler error (lowering): ${problem}`, start: fn.loc.start, end: fn.loc.end });
  }
}

/** Active parameters: numeric ones, restricted by `@wrt` and then by the `wrt` option. */
function activeParams(info: FnInfo, sig: ParamSig[], wrt: string[] | undefined, diagnostics: Diagnostic[]): string[] {
  const at = info.node.id ?? info.node;
  const say = (message: string) => diagnostics.push({ code: 'wrt', message, start: at.start, end: at.end });
  const numeric = sig.filter((p) => p.kind === 'num' || p.kind === 'f64[]').map((p) => p.name);
  const pick = (names: string[], source: string): string[] => {
    for (const n of names) {
      const p = sig.find((q) => q.name === n);
      if (!p) say(`${source} names ${n}, which is not a parameter of ${info.name}`);
      else if (p.kind === 'int[]') say(`${source}: cannot differentiate with respect to the integer array ${n}`);
      else if (p.kind === 'bool' || p.kind === 'text') say(`${source}: cannot differentiate with respect to the flag ${n} (${p.typeText})`);
    }
    return numeric.filter((n) => names.includes(n));
  };
  let active = numeric;
  const tag = jsdocWrt(info.doc);
  if (tag) active = pick(tag, '@wrt');
  const nondiff = jsdocNames(info.doc, 'nondiff');
  if (nondiff) active = active.filter((n) => !pick(nondiff, '@nondiff').includes(n));
  const mine = (wrt ?? []).filter((n) => sig.some((p) => p.name === n));
  if (mine.length > 0) active = pick(mine, '--wrt');
  return active;
}
