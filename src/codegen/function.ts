/**
 * One IR function → one JavaScript FunctionDeclaration, one IR statement per JS statement
 * (except inlined temporaries).
 *
 * - Names: parameters, then locals in declaration order, each from its IR hint via the
 *   function's Namer scope (`x`, `x_dot`, `t`, `t_1`…).
 * - Declarations: see decls.ts (`const t = …` where first computed, else `let t = 0;` at top).
 * - Single-use temporaries are printed inside their user's expression (inline.ts).
 * - Ops print from the op table's `js` form (binary, unary, Math call, `?:`, copy, `.length`,
 *   and the guarded product `b === 0 ? 0 : a * b`).
 * - `for`: `for (let i = start; i < end; i++)` (`>`/`i--` for negative steps); `end` is copied
 *   into a constant first when the body may change it (the IR evaluates it once).
 * - `while`: `while (cond) { body }` when the test is empty, else
 *   `while (true) { test; if (!cond) break; body }`.
 * - push/pop use the module tape (tape.ts). Results: the first is returned, result k ≥ 1 is
 *   stored in the module-level register `registers[k-1]` just before returning (so cores stay
 *   allocation-free; the wrappers read the registers right after the call).
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import { placeDeclarations, type Placement } from './decls.js';
import { chooseInlining } from './inline.js';
import type { Scope } from './namer.js';
import { popStmt, pushStmts, type TapeNames } from './tape.js';
import { located } from './sourcemap.js';
import { defsDeep } from '../opt/walk.js';
import { OPS } from '../ops/table.js';
import { assertNever, type Atom, type ForStmt, type IRFunction, type Loc, type Stmt, type Type, type WhileStmt } from '../ir/types.js';

export interface EmitContext {
  scope: Scope;
  /** Module-level names for results 1, 2, … */
  registers: string[];
  tape?: TapeNames;
  /** Source locations for the source map (sourcemap.ts); without it nothing is located. */
  locate?: (loc: Loc) => ES.SourceLocation | undefined;
}

export function emitFunction(fn: IRFunction, name: string, ctx: EmitContext): ES.FunctionDeclaration {
  return new FunctionEmitter(fn, ctx).emit(name);
}

/** The neutral initial value of a variable of type `t` (the interpreter starts from it). */
export function initialValue(t: Type): ES.Expression {
  switch (t) {
    case 'f64':
    case 'int':
      return b.num(0);
    case 'bool':
      return b.bool(false);
    case 'f64[]':
      return b.new('Float64Array', b.num(0));
    case 'int[]':
      return b.new('Int32Array', b.num(0));
    default:
      return assertNever(t, 'type');
  }
}

/** The JavaScript of op `op` applied to the expressions `a` (the op table's `js` form). */
export function opJs(op: string, a: ES.Expression[]): ES.Expression {
  const def = OPS[op];
  if (!def) throw new Error(`internal error: unknown op ${op}`);
  const js = def.js;
  switch (js.kind) {
    case 'binary':
      return b.bin(js.operator, a[0], a[1]);
    case 'unary':
      return b.unary(js.operator, a[0]);
    case 'call':
      return b.call(js.callee, ...a);
    case 'select':
      return b.cond(a[0], a[1], a[2]);
    case 'guardedMul': // the second operand is a name or a literal (inline.ts): printing it twice is free
      return b.cond(b.bin('===', a[1], b.num(0)), b.num(0), b.bin('*', a[0], a[1]));
    case 'copy':
      return a[0];
    case 'length':
      return b.member(a[0], 'length');
    case 'is':
      return b.bin('===', a[0], js.value === undefined ? b.id('undefined') : b.str(js.value));
    default:
      return assertNever(js, 'js form');
  }
}

class FunctionEmitter {
  private readonly names = new Map<string, string>();
  private readonly placement: Map<string, Placement>;
  private readonly declaredAt = new Map<Stmt, { name: string; constant: boolean }>();
  /** Temporaries printed inside their single user (inline.ts), and their pending expressions. */
  private readonly inlined: Set<string>;
  private readonly pending = new Map<string, ES.Expression>();

  constructor(readonly fn: IRFunction, readonly ctx: EmitContext) {
    this.placement = placeDeclarations(fn);
    this.inlined = chooseInlining(fn);
    for (const p of fn.params) this.names.set(p, ctx.scope.name(fn.vars.get(p)?.hint ?? p));
    for (const [v, decl] of fn.vars) {
      if (!this.names.has(v) && this.placement.has(v) && !this.inlined.has(v)) this.names.set(v, ctx.scope.name(decl.hint ?? v));
    }
    for (const [v, p] of this.placement) {
      if (p.kind === 'sites') p.sites.forEach((site) => this.declaredAt.set(site.stmt, { name: v, constant: site.constant }));
    }
  }

  emit(name: string): ES.FunctionDeclaration {
    const top: ES.Statement[] = [];
    for (const [v, p] of this.placement) {
      if (p.kind === 'top' && !this.inlined.has(v)) top.push(b.let(this.name(v), initialValue(this.type(v))));
    }
    const body = [...top, ...this.block(this.fn.body)];
    const [first, ...rest] = this.fn.results;
    rest.forEach((r, i) => body.push(b.stmt(b.assign(this.ctx.registers[i], this.atom(r)))));
    if (first) body.push(b.ret(this.atom(first)));
    return located(b.fn(name, this.fn.params.map((p) => this.name(p)), body), this.ctx.locate?.(this.fn.loc));
  }

  private name(v: string): string {
    const n = this.names.get(v);
    if (n === undefined) throw new Error(`internal error: ${this.fn.name}: no name for ${v}`);
    return n;
  }

  private type(v: string): Type {
    return this.fn.vars.get(v)?.type ?? 'f64';
  }

  atom(a: Atom): ES.Expression {
    if (a.kind === 'var') {
      const expr = this.pending.get(a.name);
      if (expr) {
        this.pending.delete(a.name);
        return expr;
      }
      return b.id(this.name(a.name));
    }
    return typeof a.value === 'boolean' ? b.bool(a.value) : b.num(a.value);
  }

  private block(stmts: Stmt[]): ES.Statement[] {
    return stmts.flatMap((s) => this.stmt(s));
  }

  /** `target = value`, or its declaration when this statement declares the target. */
  private set(s: Stmt, target: string, value: ES.Expression): ES.Statement[] {
    if (this.inlined.has(target)) {
      this.pending.set(target, located(value, this.ctx.locate?.(s.loc)));
      return [];
    }
    return [this.declare(s, target, value)];
  }

  private declare(s: Stmt, target: string, value: ES.Expression): ES.Statement {
    const decl = this.declaredAt.get(s);
    if (decl) return decl.constant ? b.const(this.name(target), value) : b.let(this.name(target), value);
    return b.stmt(b.assign(this.name(target), value));
  }

  /** The statements `s` prints as, each located at `s` (its nested blocks locate their own). */
  private stmt(s: Stmt): ES.Statement[] {
    const out = this.unlocated(s);
    const loc = this.ctx.locate?.(s.loc);
    return loc ? out.map((node) => located(node, loc)) : out;
  }

  private unlocated(s: Stmt): ES.Statement[] {
    switch (s.kind) {
      case 'assign':
        return this.set(s, s.target, this.opExpr(s.op, s.args));
      case 'load':
        return this.set(s, s.target, b.member(this.name(s.array), this.atom(s.index)));
      case 'store':
        return [b.stmt(b.assign(b.member(this.name(s.array), this.atom(s.index)), this.atom(s.value)))];
      case 'alloc': {
        const ctor = this.type(s.target) === 'int[]' ? 'Int32Array' : 'Float64Array';
        return [this.declare(s, s.target, b.new(ctor, this.atom(s.length)))];
      }
      case 'if':
        return [b.if(this.atom(s.cond), this.block(s.then), this.block(s.else))];
      case 'for':
        return this.forLoop(s);
      case 'while':
        return [this.whileLoop(s)];
      case 'push':
        return pushStmts(this.tape(), this.pushValue(s.value));
      case 'pop': {
        const value = popStmt(this.tape(), this.type(s.target) === 'bool');
        return [this.declare(s, s.target, value)];
      }
      case 'throw':
        return [b.throwNew(s.error, s.message)];
      default:
        return assertNever(s, 'statement');
    }
  }

  opExpr(op: string, args: Atom[]): ES.Expression {
    return opJs(op, args.map((x) => this.atom(x)));
  }

  private forLoop(s: ForStmt): ES.Statement[] {
    const i = this.name(s.index);
    const before: ES.Statement[] = [];
    let end = this.atom(s.end);
    const endVar = s.end.kind === 'var' ? s.end.name : undefined;
    if (endVar !== undefined && (endVar === s.index || defsDeep(s.body).has(endVar))) {
      const frozen = this.ctx.scope.name(`${i}_end`);
      before.push(b.const(frozen, end));
      end = b.id(frozen);
    }
    // An index used outside its loop follows the IR exactly: a private counter drives the loop
    // and the index is assigned at the top of each iteration (so after the loop it holds the
    // last value the body saw, and an inner loop reusing it cannot disturb the outer one).
    const counter = this.declaredAt.has(s) ? i : this.ctx.scope.name(`${i}_k`);
    const test = b.bin(s.step > 0 ? '<' : '>', b.id(counter), end);
    const update = Math.abs(s.step) === 1 ? b.update(s.step > 0 ? '++' : '--', counter, false) : b.assign(counter, b.num(Math.abs(s.step)), s.step > 0 ? '+=' : '-=');
    const body = this.block(s.body);
    if (counter !== i) body.unshift(b.stmt(b.assign(i, b.id(counter))));
    return [...before, b.for(b.let(counter, this.atom(s.start)), test, update, body)];
  }

  private whileLoop(s: WhileStmt): ES.Statement {
    if (s.test.length === 0) return b.while(this.atom(s.cond), this.block(s.body));
    const exit = b.ifOne(b.unary('!', this.atom(s.cond)), b.break());
    return b.while(b.bool(true), [...this.block(s.test), exit, ...this.block(s.body)]);
  }

  private pushValue(a: Atom): ES.Expression {
    if (a.kind === 'const') return b.num(Number(a.value));
    return this.type(a.name) === 'bool' ? b.cond(this.atom(a), b.num(1), b.num(0)) : this.atom(a);
  }

  private tape(): TapeNames {
    if (!this.ctx.tape) throw new Error(`internal error: ${this.fn.name} uses the tape but the module has none`);
    return this.ctx.tape;
  }
}
