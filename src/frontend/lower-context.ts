/**
 * Shared state of the lowering (ESTree → IR): what the module declares, the per-IR-function
 * `Lowerer` (diagnostics, temps, control flags, counted-loop records), lexical scopes, and the
 * values expressions lower to.
 *
 * Assumes the fence already looked at the tree; the lowering still reports what it cannot
 * handle (with the same offsets, so duplicates collapse) rather than trusting the fence blindly.
 * One `Lowerer` builds one exported IR function; helpers are inlined into it, each call getting
 * an `Instance` (its own return slot and loop frames) and fresh names for its locals.
 */
import type { Extern } from './lower-custom.js';
import type * as acorn from 'acorn';
import { CompileError, diag, type Diagnostic } from '../diagnostics.js';
import { Builder, freshVar } from '../ir/builder.js';
import type { TypeOracle } from './load-types.js';
import { v, type Atom, type ForStmt, type IRFunction, type Loc, type Stmt, type Type } from '../ir/types.js';

/** Loosely typed ESTree node: the TS converter builds the same shapes without acorn's classes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Es = acorn.Node & { [field: string]: any };

/** 'bool' and 'text' (a string-literal union): passive flags of an exported function, never differentiated. */
export type ParamKind = 'num' | 'f64[]' | 'int[]' | 'bool' | 'text';

export interface ParamInfo {
  name: string;
  /** Declared kind; `undefined` for an untyped helper parameter (it takes the argument's kind). */
  kind: ParamKind | undefined;
  typeText: string;
  node: Es;
  /** The default value expression (`k = 2`), evaluated in the callee when the argument is left out. */
  init?: Es;
  /** Declared `p?: T`: a call may leave it out (it is then undefined: `p ?? d` picks d). */
  optional?: boolean;
  /** Declared with a function type (`f: (x: number) => number`): bound to the function a call passes. */
  fnType?: boolean;
}

/** A function of the file: exported, helper, or nested in another function. */
export interface FnInfo {
  name: string;
  node: Es; // FunctionDeclaration | FunctionExpression | ArrowFunctionExpression
  params: ParamInfo[];
  /** Names assigned (=, op=, ++/--) anywhere in the body, ignoring scopes: a conservative test. */
  assigned: Set<string>;
  returnTypeText?: string;
  doc?: string;
}

export interface ModuleInfo {
  source: string;
  functions: Map<string, FnInfo>;
  constants: Map<string, number>;
  /** Module-level constant arrays (lower-constants.ts), materialized in each function that reads one. */
  constantArrays: Map<string, ConstantArray>;
  /** Local names of the `adgen/runtime` functions the file imports → their exported names. */
  intrinsics: Map<string, string>;
  /** Local names of functions imported from modules adgen does not compile (lower-custom.ts). */
  externs?: Map<string, Extern>;
  /** Declared types from TypeScript's checker (load-types.ts), built on the first question. */
  oracle: TypeOracle;
}

/** A module-level array of numbers known at compile time (`const W = [0.2, 0.3]`). */
export interface ConstantArray {
  values: number[];
  elem: 'f64' | 'int';
  typeText: string;
}

/** An array value: an IR array variable plus what the source called it. */
export interface ArrRef {
  name: string;
  elem: 'f64' | 'int';
  typeText: string;
  param: boolean;
  /** Set when writes are refused (a `subarray` view, lowered as a copy): the message to give. */
  readonly?: string;
}

/**
 * A function as a value: a top-level function (scope null) or a nested function / arrow with the
 * scope it was defined in (what it captures). Function values exist only while lowering: every
 * call through one is inlined, so no closure reaches the IR.
 */
export interface FnVal {
  t: 'fn';
  info: FnInfo;
  scope: Scope | null;
}

/** A string known at compile time: a flag (`kind === 'call'`), a `typeof` result. Never reaches the IR. */
export interface StrVal {
  t: 'str';
  s: string;
}

/** Values that exist only while lowering; a name bound to one is resolved at compile time. */
export type StaticVal = FnVal | StrVal;

/** What an expression lowers to. */
export type Val =
  | { t: 'num'; a: Atom }
  | { t: 'bool'; a: Atom }
  | { t: 'arr'; arr: ArrRef }
  | StaticVal
  /** A string known only at run time (an exported function's `kind: 'call' | 'put'`): compared, passed on, never computed with. */
  | { t: 'text'; a: Atom }
  | { t: 'void' };

export type Binding =
  /** `optional`: an exported function's `p?: number`, which may be undefined at run time (`p ?? d` tests it). */
  | { kind: 'var'; name: string; t: 'num' | 'bool' | 'text'; isConst: boolean; readonly?: string; optional?: boolean }
  | { kind: 'alias'; atom: Atom; t: 'num' | 'bool' | 'text' }
  | { kind: 'arr'; arr: ArrRef }
  | { kind: 'static'; val: StaticVal }
  /** An optional parameter the call left out: only `p ?? d`, `p === undefined` and the like may read it. */
  | { kind: 'undef' };

export class Scope {
  readonly vars = new Map<string, Binding>();
  constructor(
    readonly parent: Scope | null,
    readonly isFunction: boolean,
  ) {}

  lookup(name: string): Binding | undefined {
    for (let s: Scope | null = this; s; s = s.parent) {
      const b = s.vars.get(name);
      if (b) return b;
    }
    return undefined;
  }

  /** The scope `var` declarations go to. */
  functionScope(): Scope {
    let s: Scope = this;
    while (!s.isFunction && s.parent) s = s.parent;
    return s;
  }
}

/** A loop or switch that `break` (and, for loops, `continue`) can target. */
export interface Frame {
  kind: 'loop' | 'switch';
  label?: string;
  brk?: string;
  cont?: string;
}

/** How the function being lowered (exported or inlined) returns. */
export interface ReturnSlot {
  /** 'simple': one `return` at the very end (or none, or an arrow expression); 'flag': early returns. */
  mode: 'simple' | 'flag';
  done?: string;
  /** Flag mode: the result variable (scalar) or array, fixed by the first `return` lowered. */
  retVar?: string;
  retKind?: Val['t'];
  arr?: ArrRef;
  arrFresh?: boolean;
  /** Simple mode: the value of the final return. */
  value?: Val;
  /** The return that ends the body, after which nothing runs (so it need not set `done`). */
  finalReturn?: Es;
}

export interface Instance {
  info: FnInfo;
  slot: ReturnSlot;
  frames: Frame[];
}

/** A counted loop, remembered so the type pass can fix it up once int/f64 are known. */
export interface ForRecord {
  stmt: ForStmt;
  block: Stmt[];
  cmp: 'lt' | 'le' | 'gt' | 'ge';
  bound: Atom;
  /** The `end = bound ± 1` statement emitted for `<=`/`>=`, if any. */
  endStmt?: Stmt;
}

export class Lowerer {
  readonly temps = new Set<string>();
  readonly flags = new Set<string>();
  /** Variables made to hold one expression's value (a `?:` result), free for a declaration to adopt. */
  readonly owned = new Set<string>();
  readonly fors: ForRecord[] = [];
  readonly callStack: string[] = [];
  /** Helpers whose custom derivative rule is being lowered: calls to them inside it are plain. */
  readonly inRule = new Set<string>();
  /** The functions being inlined, innermost last (recursion is found by identity, not by name). */
  readonly callNodes: Es[] = [];
  /** FnInfo of each nested function met so far (built once, so its diagnostics are reported once). */
  readonly nested = new Map<Es, FnInfo>();
  /** Statements run first in the function: the module constant arrays it reads, built once. */
  readonly prelude: Stmt[] = [];
  /** The array variable of each module constant array already built in this function. */
  readonly constantArrays = new Map<string, ArrRef>();

  constructor(
    readonly fn: IRFunction,
    readonly mod: ModuleInfo,
    readonly diagnostics: Diagnostic[],
  ) {}

  error(node: { start: number; end: number }, code: string, message: string): void {
    this.diagnostics.push(diag(code, message, node));
  }

  /** A fresh compiler temporary holding `op(args)` (or the folded atom). */
  op(b: Builder, op: string, args: Atom[], type: Type = 'f64'): Atom {
    const emitted = b.stmts.length;
    const a = b.op(op, args, type, type === 'bool' ? 'c' : 't');
    if (b.stmts.length > emitted && a.kind === 'var') this.temps.add(a.name); // not when folded to an operand
    return a;
  }

  fresh(type: Type, hint: string): string {
    return freshVar(this.fn, type, hint);
  }

  /** A control flag (bool), removed again after lowering if nothing reads it. */
  flag(b: Builder, hint: string): string {
    const name = this.fresh('bool', hint);
    this.flags.add(name);
    b.copy(name, { kind: 'const', value: false });
    return name;
  }

  /** `atom` is now also reachable through a name (an alias binding): never retarget or adopt its variable. */
  pin(atom: Atom): Atom {
    if (atom.kind === 'var') {
      this.temps.delete(atom.name);
      this.owned.delete(atom.name);
    }
    return atom;
  }

  /**
   * `dest = atom`, writing the op that computed `atom` straight into `dest` when `atom` is a
   * temporary defined by the last statement (keeps `const y = x * 2` one statement). Never
   * makes `dest` an operand of its own definition.
   */
  moveInto(b: Builder, dest: string, atom: Atom): void {
    if (atom.kind === 'var' && atom.name === dest) return;
    const last = b.stmts[b.stmts.length - 1];
    if (atom.kind === 'var' && this.temps.has(atom.name) && last && (last.kind === 'assign' || last.kind === 'load') && last.target === atom.name) {
      const operands = last.kind === 'assign' ? last.args : [last.index, v(last.array)];
      if (!operands.some((a) => a.kind === 'var' && a.name === dest)) {
        last.target = dest;
        this.temps.delete(atom.name);
        this.fn.vars.delete(atom.name);
        return;
      }
    }
    b.copy(dest, atom);
  }
}

/** Lowering state for one position in the source: the function, instance and lexical scope. */
export interface Cx {
  L: Lowerer;
  inst: Instance;
  scope: Scope;
}

export const withScope = (cx: Cx, scope: Scope): Cx => ({ ...cx, scope });
export const childScope = (cx: Cx): Cx => withScope(cx, new Scope(cx.scope, false));

export function locOf(node: { start: number; end: number }): Loc {
  return { start: node.start, end: node.end };
}

/** Point `b` at `node`: statements emitted next carry its location. */
export function at<T extends { start: number; end: number }>(b: Builder, node: T): T {
  b.loc = locOf(node);
  return node;
}

/** A builder for a nested block, inheriting the current location. */
export function sub(b: Builder): Builder {
  const s = new Builder(b.fn);
  s.loc = b.loc;
  return s;
}

/** Abort lowering the current statement with a located error. */
export function fail(node: { start: number; end: number }, code: string, message: string): never {
  throw new CompileError([diag(code, message, node)]);
}

export function describe(val: Val): string {
  switch (val.t) {
    case 'num':
      return 'a number';
    case 'bool':
      return 'a boolean';
    case 'arr':
      return 'an array';
    case 'fn':
      return 'a function';
    case 'str':
    case 'text':
      return 'a string';
    case 'void':
      return 'no value';
  }
}
