/**
 * Forward mode (tangents). After each primal statement `y = op(args)` of an active y, emit
 * ẏ = Σ ∂ᵢ·ȧrgᵢ (∂ᵢ from the op table, only for arguments with a non-zero tangent; the Builder
 * folds zeros and ones; a term whose tangent is 0 at run time stays 0 where ∂ᵢ may be ±∞ or NaN,
 * see partials.ts). Loads, stores and allocations of active arrays get tangent twins
 * (`a_dot[i]`); if/for/while keep their structure with tangent code inside; `push v` of an active
 * v becomes `push v; push v_dot` and `v = pop` becomes `v_dot = pop; v = pop` (LIFO). This is
 * what lets it differentiate the output of reverse.ts (Hessian-vector products) and its own output.
 *
 * Tangents of inactive values are the constant 0. A `local` value (dataflow.ts: one definition,
 * all uses later in the same block) gets its tangent as an alias of a temporary, so there is no
 * copy; any other active variable gets tangent variables assigned at each of its definitions.
 *
 * Several tangent directions ("lanes") can be propagated at once, each with its own tangent
 * variables but sharing the primal values and the partial derivatives (vector forward mode,
 * Tapenade's multidirectional mode): with constant unit seeds this is how second.ts builds dense
 * Hessians with structural zeros folded away; with seeds from parameters (one per lane and
 * active parameter) it is how k columns of a Jacobian or k HVPs cost one sweep.
 *
 * Tape contract for push/pop in the input: a value pushed from variable v is popped into v.
 */
import { assertNever, c, isArrayType, v, type AssignStmt, type Atom, type IRFunction, type Stmt, type Type } from '../ir/types.js';
import { analyzeActivity, type Activity } from './activity.js';
import { FnIndex } from './dataflow.js';
import { cloneAtom, cloneFunction, defOf, isZero, isZeroFillOf, readsOf, TrackingBuilder, walk, freshName } from './ir-utils.js';
import { contribution, emitPartials } from './partials.js';

export interface TangentResult {
  fn: IRFunction;
  /** param name → its tangent param name */
  dotOf: Map<string, string>;
}

/**
 * Forward mode. New function `${fn.name}_jvp`; params [...fn.params, one tangent per `active`
 * name (x_dot), then one per other array parameter written with active values]; results
 * [...fn.results, the tangent of each result (0 / a zero array when inactive)].
 *
 * With `lanes` = k > 1 (vector forward mode): k tangent parameters per active name (lane 1 is
 * x_dot, lane l x_dot{l}) and per written array parameter, adjacent; results [...fn.results,
 * then for each lane the tangents of every result]. `lanesOf` lists each parameter's k tangents.
 */
export function tangent(fn: IRFunction, active: string[], lanes = 1): TangentResult & { lanesOf: Map<string, string[]> } {
  const r = tangentCore(fn, active, { name: lanes === 1 ? `${fn.name}_jvp` : `${fn.name}_jvp${lanes}`, lanes });
  r.fn.results = [...r.fn.results, ...laneMajor(r.resultTangents, lanes)];
  return { fn: r.fn, dotOf: r.dotOf, lanesOf: r.lanesOf };
}

/** The result tangents lane by lane: [lane 0 of every result, lane 1 of every result, …]. */
export function laneMajor(resultTangents: Atom[][], lanes: number): Atom[] {
  return Array.from({ length: lanes }, (_, l) => resultTangents.map((t) => t[l])).flat();
}

export interface TangentOptions {
  name: string;
  /** Tangent directions propagated together (default 1). */
  lanes?: number;
  /** Constant seeds instead of tangent parameters: constSeeds[k][lane] for scalar active[k]. */
  constSeeds?: number[][];
  /** Output array parameters every element of which the function writes: no zeroing needed. */
  overwritten?: string[];
  /** Array parameters that get a tangent parameter even if nothing active is written to them. */
  forceTangent?: string[];
}

export interface TangentCoreResult extends TangentResult {
  /** For each result of fn, its tangent in each lane. fn.results are left unchanged. */
  resultTangents: Atom[][];
  /** Each parameter with tangent parameters → them, one per lane. */
  lanesOf: Map<string, string[]>;
}

export function tangentCore(src: IRFunction, active: string[], opts: TangentOptions): TangentCoreResult {
  const lanes = opts.lanes ?? 1;
  const g = cloneFunction(src, opts.name);
  const outputs = [
    ...g.results.flatMap((a) => (a.kind === 'var' ? [a.name] : [])),
    ...g.params.filter((p) => g.vars.get(p)?.type === 'f64[]'),
  ];
  const act = analyzeActivity(g, active, outputs);
  const fw = new Forward(g, new FnIndex(g), act, lanes);
  const entry = new TrackingBuilder(g, fw.temps);
  const lanesOf = fw.seed(entry, active, opts);
  const b = new TrackingBuilder(g, fw.temps);
  fw.block(b, g.body);
  b.loc = g.loc;
  const resultTangents = g.results.map((a) => fw.resultTangent(b, a));
  g.body = [...entry.stmts, ...b.stmts];
  const dotOf = new Map([...lanesOf].map(([p, names]) => [p, names[0]]));
  return { fn: g, dotOf, resultTangents, lanesOf };
}

class Forward {
  readonly temps = new Set<string>();
  /** Scalars whose tangent is a fixed atom per lane (local values, unassigned parameters). */
  private readonly fixed = new Map<string, Atom[]>();
  /** Scalars with tangent variables, one per lane. */
  private readonly vars = new Map<string, string[]>();
  private readonly arrays = new Map<string, string[]>();
  private readonly stableNames = new Set<string>();
  /** The input statement being differentiated. */
  private current: Stmt | undefined;

  constructor(readonly g: IRFunction, readonly ix: FnIndex, readonly act: Activity, readonly lanes: number) {}

  private laneName(base: string, lane: number): string {
    return lane === 0 ? `${base}_dot` : `${base}_dot${lane + 1}`;
  }

  private each<T>(f: (lane: number) => T): T[] {
    return Array.from({ length: this.lanes }, (_, l) => f(l));
  }

  private addParam(type: Type, hint: string): string {
    const name = freshName(this.g, type, hint);
    this.g.params.push(name);
    return name;
  }

  /** Tangent parameters (or constant seeds) of the active parameters and the output arrays. */
  seed(entry: TrackingBuilder, active: string[], opts: TangentOptions): Map<string, string[]> {
    const lanesOf = new Map<string, string[]>();
    const original = [...this.g.params];
    this.seedActive(entry, active, opts, lanesOf);
    this.seedOutputs(entry, original, active, opts, lanesOf);
    return lanesOf;
  }

  /** One tangent parameter per lane: `x_dot`, `x_dot2`, … */
  private laneParams(type: Type, p: string): string[] {
    return this.each((l) => this.addParam(type, this.laneName(p, l)));
  }

  private seedActive(entry: TrackingBuilder, active: string[], opts: TangentOptions, lanesOf: Map<string, string[]>): void {
    const original = [...this.g.params];
    for (const [k, p] of active.entries()) {
      const type = this.g.vars.get(p)?.type;
      if (!original.includes(p) || (type !== 'f64' && type !== 'f64[]')) {
        throw new Error(`${this.g.name}: active '${p}' must be an f64 or f64[] parameter`);
      }
      if (active.indexOf(p) !== k) throw new Error(`${this.g.name}: active '${p}' listed twice`);
      if (type === 'f64[]' || !opts.constSeeds) {
        if (opts.constSeeds) throw new Error('tangent: constant seeds are for scalar parameters');
        const names = this.laneParams(type, p);
        lanesOf.set(p, names);
        if (type === 'f64[]') this.arrays.set(p, names);
        else if (this.ix.defsOf(p).length === 0) (this.fixed.set(p, names.map((n) => v(n))), names.forEach((n) => this.stableNames.add(n)));
        else this.vars.set(p, names);
        continue;
      }
      const seeds = opts.constSeeds[k].map((x) => c(x));
      if (this.ix.defsOf(p).length === 0) this.fixed.set(p, seeds);
      else this.tanVars(p).forEach((name, l) => entry.copy(name, seeds[l]));
    }
  }

  /** Array parameters written with active values get tangent parameters after the active ones. */
  private seedOutputs(entry: TrackingBuilder, original: string[], active: string[], opts: TangentOptions, lanesOf: Map<string, string[]>): void {
    for (const p of original) {
      if (active.includes(p) || this.g.vars.get(p)?.type !== 'f64[]') continue;
      const written = this.act.active(p);
      if (!written && !opts.forceTangent?.includes(p)) continue;
      if (opts.constSeeds) throw new Error('tangent: output arrays need seeds from parameters');
      const names = this.laneParams('f64[]', p);
      lanesOf.set(p, names);
      if (written) this.arrays.set(p, names);
      // Elements the function does not write have tangent 0.
      const covered = written && (opts.overwritten?.includes(p) || startsWithZeroFill(this.g.body, p));
      if (!covered) names.forEach((name) => entry.zeroFill(name));
    }
  }

  private tanVars(name: string): string[] {
    let names = this.vars.get(name);
    if (!names) {
      names = this.each((l) => freshName(this.g, 'f64', this.laneName(name, l)));
      this.vars.set(name, names);
    }
    return names;
  }

  private arrayTans(name: string): string[] {
    let names = this.arrays.get(name);
    if (!names) {
      names = this.each((l) => freshName(this.g, 'f64[]', this.laneName(name, l)));
      this.arrays.set(name, names);
    }
    return names;
  }

  tan(a: Atom, lane: number): Atom {
    if (a.kind === 'const' || !this.act.active(a.name)) return c(0);
    const fixed = this.fixed.get(a.name);
    return fixed ? fixed[lane] : v(this.tanVars(a.name)[lane]);
  }

  /**
   * `a` keeps its value from the statement being differentiated to the end of its block, so a
   * local tangent may alias it: a temporary, a parameter never assigned, a local value, or a
   * variable assigned once outside loops before this statement.
   */
  private stable(a: Atom): boolean {
    if (a.kind === 'const' || this.temps.has(a.name) || this.stableNames.has(a.name)) return true;
    const defs = this.ix.defsOf(a.name);
    if (this.ix.params.has(a.name)) return defs.length === 0;
    if (this.ix.local(a.name)) return true;
    const d = defs[0];
    return (
      defs.length === 1 && (d.kind === 'assign' || d.kind === 'load') && !this.ix.inLoop(d) &&
      this.current !== undefined && this.ix.stmtInfo(d).pre < this.ix.stmtInfo(this.current).pre
    );
  }

  block(b: TrackingBuilder, block: Stmt[]): void {
    for (const s of block) {
      b.loc = s.loc;
      this.current = s;
      this.stmt(b, s);
    }
  }

  private stmt(b: TrackingBuilder, s: Stmt): void {
    const sub = (block: Stmt[]) => b.nested((inner) => this.block(inner, block));
    switch (s.kind) {
      case 'assign':
        return this.assign(b, s);
      case 'load':
        b.push(s);
        if (!this.act.active(s.target)) return;
        for (let l = 0; l < this.lanes; l++) {
          const mark = b.stmts.length;
          const value = this.act.active(s.array) ? b.load(this.arrayTans(s.array)[l], cloneAtom(s.index)) : c(0);
          this.define(b, s.target, l, value, mark);
        }
        return;
      case 'store':
        b.push(s);
        if (this.act.active(s.array)) this.each((l) => b.store(this.arrayTans(s.array)[l], cloneAtom(s.index), this.tan(s.value, l)));
        return;
      case 'alloc':
        b.push(s);
        if (this.act.active(s.target)) {
          this.each((l) => b.push({ kind: 'alloc', target: this.arrayTans(s.target)[l], length: cloneAtom(s.length), loc: s.loc }));
        }
        return;
      case 'if':
        return b.push({ ...s, then: sub(s.then), else: sub(s.else) });
      case 'for':
        return b.push({ ...s, body: sub(s.body) });
      case 'while':
        return b.push({ ...s, test: sub(s.test), body: sub(s.body) });
      case 'push':
        b.push(s);
        if (s.value.kind === 'var' && this.act.active(s.value.name)) this.each((l) => b.push({ kind: 'push', value: this.tan(s.value, l), loc: s.loc }));
        return;
      case 'pop':
        if (this.act.active(s.target)) {
          const names = this.tanVars(s.target);
          for (let l = this.lanes - 1; l >= 0; l--) b.push({ kind: 'pop', target: names[l], loc: s.loc });
        }
        return b.push(s);
      case 'throw':
        return b.push(s);
      default:
        return assertNever(s, 'statement');
    }
  }

  private assign(b: TrackingBuilder, s: AssignStmt): void {
    b.push(s);
    if (!this.act.active(s.target)) return;
    if (isArrayType(this.g.vars.get(s.target)?.type ?? 'f64')) throw new Error(`tangent: ${this.g.name}: array copy into ${s.target} is not supported (the front end substitutes array aliases)`);
    const argTans = s.args.map((a) => this.each((l) => this.tan(a, l)));
    if (s.op === 'select') return this.select(b, s, argTans);
    const want = argTans.map((ts) => ts.some((t) => !isZero(t)));
    const partials = want.some(Boolean) ? emitPartials(b, s, want) : [];
    for (let l = 0; l < this.lanes; l++) {
      const mark = b.stmts.length;
      let sum: Atom = c(0);
      partials.forEach((p, i) => {
        if (p && want[i]) sum = b.add(sum, contribution(b, s.op, i, p, argTans[i][l]));
      });
      this.define(b, s.target, l, sum, mark);
    }
  }

  /**
   * ẏ = q ? ȧ : ḃ rather than the table's q·ȧ + (1 − q)·ḃ: the side not selected may have an
   * infinite or NaN tangent (pow's ∂/∂p at x = 0 selects 0 over y·log x; a value computed
   * eagerly for an untaken case), and 0·∞ would leak NaN.
   */
  private select(b: TrackingBuilder, s: AssignStmt, argTans: Atom[][]): void {
    for (let l = 0; l < this.lanes; l++) {
      const mark = b.stmts.length;
      const [x, y] = [argTans[1][l], argTans[2][l]];
      const same = x.kind === y.kind && (x.kind === 'var' ? x.name === (y as typeof x).name : Object.is(x.value, (y as typeof x).value));
      this.define(b, s.target, l, same ? x : b.select(s.args[0], x, y), mark);
    }
  }

  /** Give y's tangent in `lane` the value `value` (computed by statements from index `mark` on). */
  private define(b: TrackingBuilder, y: string, lane: number, value: Atom, mark: number): void {
    const fresh = this.freshlyComputed(b, value, mark);
    if (this.ix.local(y)) {
      let alias = value;
      if (fresh) alias = v(this.retarget(b, freshName(this.g, 'f64', this.laneName(y, lane))));
      else if (!this.stable(value)) alias = b.op('copy', [value], 'f64', this.laneName(y, lane));
      if (alias.kind === 'var') this.temps.add(alias.name);
      const lanes = this.fixed.get(y) ?? this.each(() => c(0));
      lanes[lane] = alias;
      this.fixed.set(y, lanes);
      return;
    }
    const target = this.tanVars(y)[lane];
    if (fresh) this.retarget(b, target);
    else b.copy(target, value);
  }

  /** `value` is a temporary defined by the last statement, emitted at or after `mark`. */
  private freshlyComputed(b: TrackingBuilder, value: Atom, mark: number): boolean {
    const last = b.stmts[b.stmts.length - 1];
    return (
      value.kind === 'var' && b.stmts.length - 1 >= mark && this.temps.has(value.name) &&
      (last.kind === 'assign' || last.kind === 'load') && last.target === value.name
    );
  }

  /** Make the last statement assign `target` instead of its temporary. */
  private retarget(b: TrackingBuilder, target: string): string {
    const last = b.stmts[b.stmts.length - 1] as { target: string };
    this.g.vars.delete(last.target);
    this.temps.delete(last.target);
    last.target = target;
    return target;
  }

  resultTangent(b: TrackingBuilder, a: Atom): Atom[] {
    if (a.kind === 'var' && isArrayType(this.g.vars.get(a.name)?.type ?? 'f64')) {
      if (this.act.active(a.name)) return this.arrayTans(a.name).map((n) => v(n));
      return this.each(() => {
        const zero = b.fresh('f64[]', `${a.name}_dot`);
        b.push({ kind: 'alloc', target: zero, length: b.op('len', [a], 'int', 'n'), loc: b.loc });
        return v(zero);
      });
    }
    return this.each((l) => this.tan(a, l));
  }
}

/** The body zero-fills `array` before any other use of it (as reverse.ts does with gradOut). */
function startsWithZeroFill(body: Stmt[], array: string): boolean {
  const lengths = new Set<string>();
  for (const s of body) {
    if (s.kind === 'assign' && s.op === 'len' && s.args[0].kind === 'var' && s.args[0].name === array) {
      lengths.add(s.target);
      continue;
    }
    if (isZeroFillOf(s, array)) return s.end.kind === 'var' && lengths.has(s.end.name);
    let mentioned = false;
    walk([s], (t) => (mentioned ||= defOf(t) === array || readsOf(t).some((a) => a.kind === 'var' && a.name === array)));
    if (mentioned) return false;
  }
  return false;
}
