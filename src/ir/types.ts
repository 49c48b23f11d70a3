/**
 * The adgen IR: structured, three-address, imperative.
 *
 * Every pass of the compiler (front end → AD transforms → optimizer → codegen) reads and writes
 * this one representation, so the derivative passes compose: the reverse-mode program is an
 * ordinary IR function and can be differentiated again in forward mode (Hessian-vector
 * products), and so on.
 *
 * Design choices and why:
 * - Three-address form. Each `assign` applies ONE op from the op table (src/ops/table.ts) to
 *   atoms (a variable or a literal). Differentiation rules then stay one line each.
 * - Variables are mutable and named (not SSA): loops overwrite them, exactly as the source
 *   does. Names are unique within a function (the front end renames shadowed locals); a
 *   variable's `hint` is the user's name, used by codegen to print readable code.
 * - Invariant: the `target` of an `assign`/`load`/`pop` never appears among its own operands
 *   (`x = x * 2` is lowered to `t = x * 2; x = t`). The reverse pass relies on it: an
 *   instruction's operands still hold their values after it ran.
 * - Structured control flow only: `if`, counted `for`, general `while`. There is no break,
 *   continue or early return in the IR: the front end lowers them to flags, so every block
 *   has one entry and one exit and can be reversed statement by statement.
 * - Types: `f64` (may be active), `int` and `bool` (never active: their derivative is zero),
 *   and arrays `f64[]` / `int[]` (references; only `f64[]` can be active).
 * - Every statement carries `loc` (byte offsets into the source file) so a late error still
 *   points at user code; generated statements copy the loc of the statement they came from.
 */

export type ScalarType = 'f64' | 'int' | 'bool';
export type ArrayType = 'f64[]' | 'int[]';
export type Type = ScalarType | ArrayType;

export function isArrayType(t: Type): t is ArrayType {
  return t === 'f64[]' || t === 'int[]';
}

/** Source range as offsets into the original file; [0, 0] for purely synthetic code. */
export interface Loc {
  start: number;
  end: number;
}

export const NO_LOC: Loc = { start: 0, end: 0 };

/** An operand: a variable (scalar or array) or a literal. */
export type Atom = VarAtom | ConstAtom;
export interface VarAtom {
  kind: 'var';
  name: string;
}
export interface ConstAtom {
  kind: 'const';
  value: number | boolean;
}

export type Stmt =
  | AssignStmt
  | LoadStmt
  | StoreStmt
  | AllocStmt
  | IfStmt
  | ForStmt
  | WhileStmt
  | PushStmt
  | PopStmt
  | ThrowStmt;

/** `target = op(...args)`; op names come from the op table (`copy` for plain copies). */
export interface AssignStmt {
  kind: 'assign';
  target: string;
  op: string;
  args: Atom[];
  loc: Loc;
}

/** `target = array[index]`. */
export interface LoadStmt {
  kind: 'load';
  target: string;
  array: string;
  index: Atom;
  loc: Loc;
}

/** `array[index] = value`. */
export interface StoreStmt {
  kind: 'store';
  array: string;
  index: Atom;
  value: Atom;
  loc: Loc;
}

/** `target = new Float64Array(length)` (or Int32Array for `int[]`): a fresh zeroed array. */
export interface AllocStmt {
  kind: 'alloc';
  target: string;
  length: Atom;
  loc: Loc;
}

export interface IfStmt {
  kind: 'if';
  cond: Atom;
  then: Stmt[];
  else: Stmt[];
  loc: Loc;
}

/**
 * Counted loop: `for (index = start; step > 0 ? index < end : index > end; index += step)`.
 * `start` and `end` are evaluated once, on entry; `step` is a non-zero integer literal; the body
 * never assigns `index` (the front end falls back to `while` otherwise). `index` is an `int`
 * variable scoped to the loop. The reverse pass runs these loops backwards without a tape.
 */
export interface ForStmt {
  kind: 'for';
  index: string;
  start: Atom;
  end: Atom;
  step: number;
  body: Stmt[];
  loc: Loc;
  /**
   * Reverse mode checkpoints this loop (`// @checkpoint [B]` on it, see src/ad/checkpoint.ts):
   * B snapshots of the carried state, or 0 for ⌈√trips⌉ iterations per segment.
   */
  checkpoint?: number;
}

/**
 * General loop: `while (true) { test; if (!cond) break; body }`. `test` computes `cond` (a
 * bool variable or literal). Used for `while`, `do…while` (the front end puts the body first via
 * a flag), and `for` loops that are not simple counted loops or that contain `break`.
 */
export interface WhileStmt {
  kind: 'while';
  test: Stmt[];
  cond: Atom;
  body: Stmt[];
  loc: Loc;
}

/**
 * Tape operations, produced by the reverse pass (never by the front end). One LIFO stack of
 * f64 per generated module: `push` saves a value (an int or bool is saved as a number), `pop`
 * restores the most recently pushed value into `target` (converted back to the target's type).
 */
export interface PushStmt {
  kind: 'push';
  value: Atom;
  loc: Loc;
}
export interface PopStmt {
  kind: 'pop';
  target: string;
  loc: Loc;
}

/**
 * `throw new <error>(message)`: an argument check of the user's (`if (n <= 0) throw new
 * RangeError("n must be positive")`), kept in the primal and in every derivative. It reads and
 * defines nothing; passes keep it where it is (it is a root for dead-code removal).
 */
export interface ThrowStmt {
  kind: 'throw';
  /** The constructor: Error, RangeError or TypeError. */
  error: string;
  message: string;
  loc: Loc;
}

export interface VarDecl {
  name: string;
  type: Type;
  /** The user's name this variable came from (for readable generated code), if any. */
  hint?: string;
}

/**
 * A function. `params` and every local are declared in `vars`. The function's results are the
 * `results` atoms evaluated after `body` has run (there is no return statement in the IR).
 * A result may name an array variable (vector-valued functions).
 */
export interface IRFunction {
  name: string;
  params: string[];
  vars: Map<string, VarDecl>;
  body: Stmt[];
  results: Atom[];
  loc: Loc;
}

/** What the front end knows about an exported function of the user's file. */
export interface ExportedFunction {
  fn: IRFunction;
  /** Active (differentiated) parameters, in parameter order. */
  wrt: string[];
  /** 'scalar': returns a number; 'vector': returns number[] / Float64Array / a tuple. */
  output: 'scalar' | 'vector';
  /** How the source declared each parameter and the return, for the .d.ts (e.g. 'number', 'Float64Array', 'readonly number[]'). */
  paramTypeText: string[];
  /** Parameters a caller may leave out (a default or `?`): the .d.ts marks them optional. */
  paramOptional?: boolean[];
  returnTypeText: string;
  /** JSDoc text to carry over, if any. */
  doc?: string;
}

export interface IRModule {
  fileName: string;
  source: string;
  functions: ExportedFunction[];
  /** The exported function the source's default export names, if it has one. */
  defaultExport?: string;
  /** Modules the generated code imports: functions adgen calls but does not compile. */
  imports?: ModuleImport[];
}

export interface ModuleImport {
  source: string;
  specifiers: { imported: string; local: string }[];
}

export const v = (name: string): VarAtom => ({ kind: 'var', name });
export const c = (value: number | boolean): ConstAtom => ({ kind: 'const', value });

export function assertNever(x: never, what = 'value'): never {
  throw new Error(`internal error: unexpected ${what}: ${JSON.stringify(x)}`);
}
