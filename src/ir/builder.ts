/**
 * Builder: appends IR statements to a block, hands out fresh variables, and folds the trivial
 * algebra (x*1, x+0, constants) as it goes, so derivative rules can be written naively and still
 * produce small code. Every op it emits comes from the op table, so its output can be
 * differentiated again.
 *
 * Zero convention: `mul(x, 0)` folds to 0 even if x could be NaN or ∞ (as JAX's symbolic zeros
 * do). That is what keeps untaken branches and inactive values from leaking NaN into derivatives.
 *
 * Strict folding (`new Builder(fn, { strict: true })`, or every Builder created inside
 * `withStrictFolding(...)`, which compile() wraps around the front end) keeps only the rewrites
 * that are exact in IEEE arithmetic (x*1, x/1, x-(+0), x+(-0), pow(x, 1), pow(x, 0), literal
 * operands): user code lowered to the primal must compute what the source computes, NaN and the
 * sign of zero included. The derivative passes keep the zero convention.
 */
import { OPS } from '../ops/table.js';
import { c, v, NO_LOC, type Atom, type IRFunction, type Loc, type Stmt, type Type } from './types.js';

export class Builder {
  readonly stmts: Stmt[] = [];
  loc: Loc = NO_LOC;

  /** Only IEEE-exact folding (see the file comment). */
  readonly strict: boolean;

  constructor(readonly fn: IRFunction, options: { strict?: boolean } = {}) {
    this.strict = options.strict ?? strictByDefault;
  }

  /** A new variable named after `hint` (`hint`, `hint_1`, …), unique in the function. */
  fresh(type: Type, hint = 't'): string {
    return freshVar(this.fn, type, hint);
  }

  /** Emit `target = op(args)` into a fresh variable (or fold it) and return the result atom. */
  op(op: string, args: Atom[], type: Type = 'f64', hint = 't'): Atom {
    if (op === 'dmul' && !this.strict && args.some(finiteNonZero)) op = 'mul'; // no zero to guard
    const folded = fold(op, args, this.strict);
    if (folded) return folded;
    const target = this.fresh(type, hint);
    this.stmts.push({ kind: 'assign', target, op, args, loc: this.loc });
    return v(target);
  }

  /** Emit `target = op(args)` into an existing variable (no folding: the target must be set). */
  assign(target: string, op: string, args: Atom[]): void {
    this.stmts.push({ kind: 'assign', target, op, args, loc: this.loc });
  }

  copy(target: string, value: Atom): void {
    this.assign(target, 'copy', [value]);
  }

  push(stmt: Stmt): void {
    this.stmts.push(stmt);
  }

  // Shorthands used by the derivative rules.
  add = (a: Atom, b: Atom) => this.op('add', [a, b]);
  sub = (a: Atom, b: Atom) => this.op('sub', [a, b]);
  mul = (a: Atom, b: Atom) => this.op('mul', [a, b]);
  /** a·b, exactly 0 when b is 0 (the NaN-safe derivative product, see src/ops/table.ts). */
  dmul = (a: Atom, b: Atom) => this.op('dmul', [a, b]);
  div = (a: Atom, b: Atom) => this.op('div', [a, b]);
  neg = (a: Atom) => this.op('neg', [a]);
  call = (op: string, ...args: Atom[]) => this.op(op, args);
  cmp = (op: string, a: Atom, b: Atom) => this.op(op, [a, b], 'bool', 'c');
  select = (cond: Atom, a: Atom, b: Atom) => this.op('select', [cond, a, b]);
}

let strictByDefault = false;

/** Run `f` with every Builder it creates (without an explicit option) folding strictly. */
export function withStrictFolding<T>(f: () => T): T {
  const saved = strictByDefault;
  strictByDefault = true;
  try {
    return f();
  } finally {
    strictByDefault = saved;
  }
}

export function freshVar(fn: IRFunction, type: Type, hint = 't'): string {
  let name = hint;
  for (let i = 1; fn.vars.has(name); i++) name = `${hint}_${i}`;
  fn.vars.set(name, { name, type, hint });
  return name;
}

const isConst = (a: Atom, value: number): boolean => a.kind === 'const' && a.value === value;
/** A literal k with k·x exactly dmul(k, x) up to the sign of a zero result. */
export const finiteNonZero = (a: Atom): boolean => a.kind === 'const' && typeof a.value === 'number' && a.value !== 0 && Number.isFinite(a.value);
/** The literal `value` itself, the sign of a zero included. */
const isExactly = (a: Atom, value: number): boolean => a.kind === 'const' && Object.is(a.value, value);

/**
 * Algebraic identities and constant folding; `undefined` when the op must really be emitted.
 * `strict`: only rewrites that are exact in IEEE arithmetic (no zero convention).
 */
export function fold(op: string, args: Atom[], strict = false): Atom | undefined {
  if (args.every((a) => a.kind === 'const') && OPS[op]?.pure !== false) {
    const value = OPS[op].eval(...args.map((a) => (a as { value: number }).value));
    return c(value);
  }
  return strict ? foldExact(op, args) : foldLax(op, args);
}

/** The IEEE-exact identities: x + (-0) = x, x - (+0) = x, x·1 = x, x/1 = x, x¹ = x, x⁰ = 1. */
function foldExact(op: string, args: Atom[]): Atom | undefined {
  const [a, b] = args;
  switch (op) {
    case 'copy':
      return a.kind === 'const' ? a : undefined;
    case 'add':
      if (isExactly(a, -0)) return b;
      return isExactly(b, -0) ? a : undefined;
    case 'sub':
      return isExactly(b, 0) ? a : undefined;
    case 'mul':
      if (isConst(a, 1)) return b;
      return isConst(b, 1) ? a : undefined;
    case 'div':
      return isConst(b, 1) ? a : undefined;
    case 'pow':
      if (isConst(b, 1)) return a;
      return isConst(b, 0) ? c(1) : undefined;
    case 'select':
      return args[0].kind === 'const' ? (args[0].value ? args[1] : args[2]) : undefined;
    default:
      return undefined;
  }
}

/**
 * The derivative-code rules on top of the exact ones: zeros of either sign are identities and
 * annihilate products and quotients (the documented zero convention).
 */
function foldLax(op: string, args: Atom[]): Atom | undefined {
  const [a, b] = args;
  switch (op) {
    case 'add':
      if (isConst(a, 0)) return b;
      return isConst(b, 0) ? a : foldExact(op, args);
    case 'sub':
      return isConst(b, 0) ? a : foldExact(op, args);
    case 'mul':
    case 'dmul':
      return isConst(a, 0) || isConst(b, 0) ? c(0) : foldExact(op, args);
    case 'div':
      return isConst(a, 0) ? c(0) : foldExact(op, args);
    default:
      return foldExact(op, args);
  }
}
