/**
 * The pattern-propagating run behind the sparse entry points: the primal function emitted once
 * more, each f64 value and f64 array element shadowed by the set of active scalars it depends
 * on (a union DAG of templates/sparse.js). It runs the primal's own control flow at the given
 * arguments, so loop bounds, index arithmetic and integer index arrays give the exact structure.
 *
 * - Jacobian (`kind` 'jacobian'): returns the shadow of the result array; row i of the pattern
 *   is the set of output element i.
 * - Hessian (`kind` 'hessian'): every operation that is nonlinear in its active operands records
 *   the pairs of inputs it couples in `ctx.pairs` (Walther's forward propagation of Hessian
 *   patterns): a product a·b couples S(a)×S(b), a quotient a/b also S(b)×S(b), any other
 *   differentiable op (exp, sin, pow…) all of its operands' inputs with each other. Sums,
 *   differences, copies, selections and the piecewise-linear abs/max/min/% only unite sets; ops
 *   without derivative give the empty set.
 *
 * Shadows follow the IR statement by statement: `y = op(a, b)` gets `y_sp = union(a_sp, b_sp)`,
 * loads and stores of f64 arrays read and write the shadow array, allocations allocate one.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import { initialValue, opJs } from './function.js';
import type { Scope } from './namer.js';
import { layout, type FnInfo } from './signature.js';
import { analyzeActivity } from '../ad/activity.js';
import { OPS } from '../ops/table.js';
import { assertNever, type Atom, type IRFunction, type Stmt } from '../ir/types.js';

export interface PatternHelpers {
  union: string;
  pairs: string;
  leaves: string;
}

/** The helpers a pattern run calls, from the module's names of the templates/sparse.js functions. */
export function patternHelpers(h: Record<string, string>): PatternHelpers {
  return { union: h.spUnion, pairs: h.spPairs, leaves: h.spLeaves };
}

/** Ops whose result depends linearly (or piecewise linearly) on their f64 operands. */
const LINEAR = new Set(['copy', 'add', 'sub', 'neg', 'abs', 'max', 'min', 'mod', 'select']);

/** `function name(...params, ctx)`: the pattern run of `fn` (see the header). */
export function emitPattern(fn: IRFunction, info: FnInfo, kind: 'jacobian' | 'hessian', name: string, helpers: PatternHelpers, scope: Scope): ES.FunctionDeclaration {
  return new PatternEmitter(fn, info, kind, helpers, scope).emit(name);
}

class PatternEmitter {
  private readonly names = new Map<string, string>();
  private readonly shadows = new Map<string, string>();
  private readonly ctx: string;

  constructor(readonly fn: IRFunction, readonly info: FnInfo, readonly kind: 'jacobian' | 'hessian', readonly h: PatternHelpers, readonly scope: Scope) {
    const order = [...fn.params, ...[...fn.vars.keys()].filter((v) => !fn.params.includes(v))];
    for (const v of order) this.names.set(v, scope.name(fn.vars.get(v)?.hint ?? v));
    // Only active values (varied by an active input and useful to the result) can be non-empty.
    const outputs = fn.results.flatMap((a) => (a.kind === 'var' ? [a.name] : []));
    const act = analyzeActivity(fn, info.active.map((p) => fn.params[p.index]), outputs);
    for (const v of order) if (act.active(v)) this.shadows.set(v, scope.name(`${fn.vars.get(v)?.hint ?? v}_sp`));
    this.ctx = scope.name('ctx');
  }

  emit(name: string): ES.FunctionDeclaration {
    const params = this.fn.params.map((p) => this.name(p));
    const locals = [...this.fn.vars].filter(([v]) => !this.fn.params.includes(v));
    const lay = layout(this.info, params);
    const body: ES.Statement[] = [];
    if (locals.length > 0) body.push(b.declare('let', locals.map(([v, decl]) => [this.name(v), initialValue(decl.type)])));
    if (this.shadows.size > 0) body.push(b.declare('let', [...this.shadows].map(([v, s]) => [s, this.initialShadow(v, params, lay)])));
    body.push(...this.block(this.fn.body));
    if (this.kind === 'jacobian') body.push(b.ret(this.resultRows()));
    return b.fn(name, [...params, this.ctx], body);
  }

  private name(v: string): string {
    const n = this.names.get(v);
    if (n === undefined) throw new Error(`internal error: ${this.fn.name}: no name for ${v}`);
    return n;
  }

  /** Active parameters start as their own indices; everything else as the empty set. */
  private initialShadow(v: string, params: string[], lay: ReturnType<typeof layout>): ES.Expression {
    const k = this.fn.params.indexOf(v);
    const a = k < 0 ? -1 : this.info.active.findIndex((p) => p.index === k);
    const array = this.fn.vars.get(v)?.type === 'f64[]';
    if (a >= 0) return array ? b.call(this.h.leaves, b.member(params[k], 'length'), lay.offsets[a]) : lay.offsets[a];
    if (k >= 0 && array) return b.call(b.member(b.new('Array', b.member(params[k], 'length')), 'fill'), b.id('null'));
    return b.id('null');
  }

  private resultRows(): ES.Expression {
    const r = this.fn.results[0];
    if (r?.kind === 'var' && this.fn.vars.get(r.name)?.type === 'f64[]') return this.shadowOf(r);
    return b.arr(this.fn.results.map((a) => this.shadowOf(a)));
  }

  private atom(a: Atom): ES.Expression {
    if (a.kind === 'var') return b.id(this.name(a.name));
    return typeof a.value === 'boolean' ? b.bool(a.value) : b.num(a.value);
  }

  private shadowOf(a: Atom): ES.Expression {
    return a.kind === 'var' && this.shadows.has(a.name) ? b.id(this.shadows.get(a.name)!) : b.id('null');
  }

  private block(stmts: Stmt[]): ES.Statement[] {
    return stmts.flatMap((s) => this.stmt(s));
  }

  private set(target: string, value: ES.Expression): ES.Statement {
    return b.stmt(b.assign(this.name(target), value));
  }

  private setShadow(target: string, value: ES.Expression): ES.Statement[] {
    const s = this.shadows.get(target);
    return s ? [b.stmt(b.assign(s, value))] : [];
  }

  private stmt(s: Stmt): ES.Statement[] {
    switch (s.kind) {
      case 'assign':
        return [this.set(s.target, opJs(s.op, s.args.map((a) => this.atom(a)))), ...this.assignShadow(s.target, s.op, s.args)];
      case 'load': {
        const value = this.shadows.has(s.array) ? b.member(this.shadows.get(s.array)!, this.atom(s.index)) : b.id('null');
        return [this.set(s.target, b.member(this.name(s.array), this.atom(s.index))), ...this.setShadow(s.target, value)];
      }
      case 'store': {
        const store = b.stmt(b.assign(b.member(this.name(s.array), this.atom(s.index)), this.atom(s.value)));
        if (!this.shadows.has(s.array)) return [store];
        return [store, b.stmt(b.assign(b.member(this.shadows.get(s.array)!, this.atom(s.index)), this.shadowOf(s.value)))];
      }
      case 'alloc': {
        const ctor = this.fn.vars.get(s.target)?.type === 'int[]' ? 'Int32Array' : 'Float64Array';
        const empty = b.call(b.member(b.new('Array', this.atom(s.length)), 'fill'), b.id('null'));
        return [this.set(s.target, b.new(ctor, this.atom(s.length))), ...this.setShadow(s.target, empty)];
      }
      case 'if':
        return [b.if(this.atom(s.cond), this.block(s.then), this.block(s.else))];
      case 'for': {
        const i = this.name(s.index);
        const end = this.scope.name(`${i}_end`);
        const test = b.bin(s.step > 0 ? '<' : '>', b.id(i), b.id(end));
        const loop = b.for(b.assign(i, this.atom(s.start)), test, b.assign(i, b.num(s.step), '+='), this.block(s.body));
        return [b.const(end, this.atom(s.end)), loop];
      }
      case 'while': {
        const exit = b.ifOne(b.unary('!', this.atom(s.cond)), b.break());
        return [b.while(b.bool(true), [...this.block(s.test), exit, ...this.block(s.body)])];
      }
      case 'throw':
        return [b.throwNew(s.error, s.message)];
      case 'push':
      case 'pop':
        throw new Error(`internal error: ${this.fn.name}: tape operation in a primal function`);
      default:
        return assertNever(s, 'statement');
    }
  }

  /** The shadow of `target = op(args)`, and the Hessian pairs the op records. */
  private assignShadow(target: string, op: string, args: Atom[]): ES.Statement[] {
    if (!this.shadows.has(target)) return [];
    if (this.fn.vars.get(target)?.type === 'f64[]') return this.setShadow(target, this.shadowOf(args[0]));
    // The condition of a select and the passive arguments of an op carry no first-order flow.
    const passive = new Set(op === 'select' ? [0] : (OPS[op]?.passive ?? []));
    const operands = args.filter((a, i) => !passive.has(i) && a.kind === 'var' && this.shadows.has(a.name));
    if (!OPS[op]?.partials || operands.length === 0) return this.setShadow(target, b.id('null'));
    const sets = operands.map((a) => this.shadowOf(a));
    const union = sets.reduce((acc, s) => b.call(this.h.union, acc, s));
    const out: ES.Statement[] = [];
    if (this.kind === 'hessian' && !LINEAR.has(op)) out.push(...this.pairs(op, args));
    return [...out, ...this.setShadow(target, union)];
  }

  private pairs(op: string, args: Atom[]): ES.Statement[] {
    const record = (x: ES.Expression, y: ES.Expression) => b.stmt(b.call(this.h.pairs, b.id(this.ctx), x, y));
    const [x, y] = args.map((a) => this.shadowOf(a));
    if (op === 'mul' || op === 'dmul') return [record(x, y)];
    if (op === 'div') return [record(x, y), record(y, y)];
    const all = args.map((a) => this.shadowOf(a)).reduce((acc, s) => b.call(this.h.union, acc, s));
    return [record(all, all)];
  }
}
