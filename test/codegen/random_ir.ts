/**
 * Test helper: random well-formed IR functions for property tests of the optimizer and the code
 * generator. A program is built from a stream of choices `pick(n) ∈ [0, n)`; with fast-check the
 * stream comes from `fc.gen()` (so failures shrink toward choice 0, the simplest statement),
 * elsewhere from a seeded PRNG.
 *
 * Shape: params x0, x1, x2 (f64), a (f64[] of length 4), n (int); f64 locals v0..v5 that are
 * reassigned freely (mutable variables, also inside loops and branches), bool locals b0..b2;
 * straight-line assigns over a curated op list, loads/stores with in-range indices, if/else,
 * counted `for` loops (both directions), counter-driven `while` loops, balanced push/pop, and
 * single-use temporaries (hint `t`/`c`) with statements in between that may change their operands.
 * Ops are chosen so that the sign of a zero only ever reaches zero results (no division by a
 * variable, no atan2), which lets tests compare results with "equal, or both zero".
 */
import { c, v, NO_LOC, type Atom, type IRFunction, type Stmt, type Type } from '../../src/ir/types.js';

export type Pick = (n: number) => number;

const CONSTS = [0, 1, -1, 2, 0.5, -0, 3, -2.5];
const F64_OPS = ['add', 'sub', 'mul', 'neg', 'sin', 'cos', 'tanh', 'exp', 'abs', 'max', 'min', 'copy', 'div', 'pow', 'mod', 'floor'];
const CMP_OPS = ['lt', 'le', 'gt', 'ge', 'eq', 'ne'];

export function randomProgram(pick: Pick, opts: { size?: number; tape?: boolean } = {}): IRFunction {
  const fn: IRFunction = { name: 'r', params: [], vars: new Map(), body: [], results: [], loc: NO_LOC };
  const declare = (name: string, type: Type, hint?: string) => fn.vars.set(name, { name, type, hint: hint ?? name });
  for (const p of ['x0', 'x1', 'x2']) declare(p, 'f64');
  declare('a', 'f64[]');
  declare('n', 'int');
  fn.params = ['x0', 'x1', 'x2', 'a', 'n'];
  for (let i = 0; i < 6; i++) declare(`v${i}`, 'f64');
  for (let i = 0; i < 3; i++) declare(`b${i}`, 'bool');
  const g = new Gen(pick, fn, opts.size ?? 24, opts.tape ?? true);
  fn.body = g.block(0, []);
  const results: Atom[] = [v(`v${pick(6)}`), v(`v${pick(6)}`), v(`b${pick(3)}`)];
  fn.results = results.slice(0, 1 + pick(3));
  return fn;
}

class Gen {
  private budget: number;
  private counter = 0;
  constructor(readonly pick: Pick, readonly fn: IRFunction, size: number, readonly tape: boolean) {
    this.budget = size;
  }

  private fresh(prefix: string, type: Type): string {
    const name = `${prefix}${this.counter++}`;
    this.fn.vars.set(name, { name, type, hint: prefix });
    return name;
  }

  private f64Atom(indices: string[]): Atom {
    const k = this.pick(4);
    if (k === 0) return c(CONSTS[this.pick(CONSTS.length)]);
    if (k === 1) return v(['x0', 'x1', 'x2'][this.pick(3)]);
    if (k === 2 && indices.length) return v(indices[this.pick(indices.length)]);
    return v(`v${this.pick(6)}`);
  }

  private boolAtom(): Atom {
    return this.pick(5) === 0 ? c(this.pick(2) === 0) : v(`b${this.pick(3)}`);
  }

  private index(indices: string[]): Atom {
    return indices.length && this.pick(3) === 0 ? v(indices[this.pick(indices.length)]) : c(this.pick(2) * 2);
  }

  block(depth: number, indices: string[]): Stmt[] {
    const out: Stmt[] = [];
    const count = depth === 0 ? 4 + this.pick(14) : 1 + this.pick(5);
    for (let i = 0; i < count && this.budget > 0; i++) out.push(...this.stmt(depth, indices));
    return out;
  }

  private stmt(depth: number, indices: string[]): Stmt[] {
    this.budget--;
    const kind = this.pick(depth < 2 ? 13 : 8);
    const loc = NO_LOC;
    switch (kind) {
      case 0: case 1: case 2: case 3:
        return [this.f64Assign(indices)];
      case 4:
        return [this.boolAssign(indices)];
      case 5:
        return [{ kind: 'load', target: `v${this.pick(6)}`, array: 'a', index: this.index(indices), loc }];
      case 6:
        return [{ kind: 'store', array: 'a', index: this.index(indices), value: this.f64Atom(indices), loc }];
      case 7:
        return this.tempChain(depth, indices);
      case 8: case 9:
        return [{ kind: 'if', cond: this.boolAtom(), then: this.block(depth + 1, indices), else: this.pick(2) ? this.block(depth + 1, indices) : [], loc }];
      case 10: {
        // Sometimes read the index after the loop (it then holds the last value the body saw).
        const loop = this.forLoop(depth, indices) as Extract<Stmt, { kind: 'for' }>;
        const after: Stmt[] = this.pick(4) ? [] : [{ kind: 'assign', target: `v${this.pick(6)}`, op: 'copy', args: [v(loop.index)], loc }];
        return [loop, ...after];
      }
      case 11:
        return this.whileLoop(depth, indices);
      default:
        return this.tape ? this.pushPop(depth, indices) : [this.f64Assign(indices)];
    }
  }

  /**
   * `t = op(…)`, a few statements that may redefine its operands, then one use of t: the shape
   * codegen folds into a single expression when that is safe (temporaries have hint `t`/`c`).
   */
  private tempChain(depth: number, indices: string[]): Stmt[] {
    const bool = this.pick(4) === 0;
    const t = this.fresh(bool ? 'c' : 't', bool ? 'bool' : 'f64');
    const def: Stmt = bool
      ? { kind: 'assign', target: t, op: 'lt', args: [this.f64Atom(indices), this.f64Atom(indices)], loc: NO_LOC }
      : this.pick(3) === 0
        ? { kind: 'load', target: t, array: 'a', index: this.index(indices), loc: NO_LOC }
        : { ...this.f64Assign(indices), target: t } as Stmt;
    const between = this.pick(3) === 0 && depth < 2 ? this.block(depth + 1, indices) : [];
    if (this.pick(3) === 0) between.push(...this.clobber(def, indices));
    const target = `v${this.pick(6)}`;
    let other = this.f64Atom(indices);
    if (other.kind === 'var' && other.name === target) other = c(2);
    const uses: Stmt[] = bool
      ? [{ kind: 'if', cond: v(t), then: [this.f64Assign(indices)], else: [], loc: NO_LOC }]
      : [
          { kind: 'assign', target, op: ['add', 'mul', 'sub'][this.pick(3)], args: this.pick(2) ? [v(t), other] : [other, v(t)], loc: NO_LOC },
          { kind: 'store', array: 'a', index: this.index(indices), value: v(t), loc: NO_LOC },
        ];
    return [def, ...between, uses[this.pick(uses.length)]];
  }

  private f64Assign(indices: string[]): Stmt {
    const target = `v${this.pick(6)}`;
    const op = F64_OPS[this.pick(F64_OPS.length)];
    const other = () => {
      for (;;) {
        const a = this.f64Atom(indices);
        if (a.kind !== 'var' || a.name !== target) return a;
      }
    };
    let args: Atom[];
    if (op === 'div' || op === 'mod') args = [other(), c([2, -4, 0.5][this.pick(3)])];
    else if (op === 'pow') args = [other(), c([0, 1, 2, 3][this.pick(4)])];
    else if (['neg', 'sin', 'cos', 'tanh', 'exp', 'abs', 'copy', 'floor'].includes(op)) args = [other()];
    else args = [other(), other()];
    if (op === 'copy' && this.pick(3) === 0) {
      return { kind: 'assign', target, op: 'select', args: [this.boolAtom(), other(), other()], loc: NO_LOC };
    }
    return { kind: 'assign', target, op, args, loc: NO_LOC };
  }

  private boolAssign(indices: string[]): Stmt {
    const target = `b${this.pick(3)}`;
    const other = () => {
      for (;;) {
        const a = this.boolAtom();
        if (a.kind !== 'var' || a.name !== target) return a;
      }
    };
    const k = this.pick(4);
    if (k === 0) return { kind: 'assign', target, op: 'not', args: [other()], loc: NO_LOC };
    if (k === 1) return { kind: 'assign', target, op: this.pick(2) ? 'and' : 'or', args: [other(), other()], loc: NO_LOC };
    const op = CMP_OPS[this.pick(CMP_OPS.length)];
    return { kind: 'assign', target, op, args: [this.f64Atom(indices), this.f64Atom(indices)], loc: NO_LOC };
  }

  private forLoop(depth: number, indices: string[]): Stmt {
    const index = this.fresh('i', 'int');
    const up = this.pick(2) === 0;
    const [start, end] = up ? [c(this.pick(2)), c(this.pick(5))] : [c(3), c(this.pick(3) - 1)];
    return { kind: 'for', index, start, end, step: up ? 1 : -1, body: this.block(depth + 1, [...indices, index]), loc: NO_LOC };
  }

  /** A statement that changes what `def` computes: redefine an operand, or store into `a`. */
  private clobber(def: Stmt, indices: string[]): Stmt[] {
    if (def.kind === 'load') return [{ kind: 'store', array: 'a', index: def.index, value: c(CONSTS[this.pick(CONSTS.length)] + 7), loc: NO_LOC }];
    if (def.kind !== 'assign') return [];
    const vars = def.args.flatMap((a) => (a.kind === 'var' && !indices.includes(a.name) ? [a.name] : []));
    if (!vars.length) return [];
    const target = vars[this.pick(vars.length)];
    return [{ kind: 'assign', target, op: 'copy', args: [c(CONSTS[this.pick(CONSTS.length)] + 5)], loc: NO_LOC }];
  }

  /** `k = 0; while (k < trips) { body; k = k + 1 }` with loop-private k, k1 and condition. */
  private whileLoop(depth: number, indices: string[]): Stmt[] {
    const k = this.fresh('k', 'f64');
    const k1 = this.fresh('k', 'f64');
    const cond = this.fresh('w', 'bool');
    const trips = c(this.pick(4));
    const body = [
      ...this.block(depth + 1, indices),
      { kind: 'assign', target: k1, op: 'add', args: [v(k), c(1)], loc: NO_LOC },
      { kind: 'assign', target: k, op: 'copy', args: [v(k1)], loc: NO_LOC },
    ] satisfies Stmt[];
    const test: Stmt[] = [{ kind: 'assign', target: cond, op: 'lt', args: [v(k), trips], loc: NO_LOC }];
    return [
      { kind: 'assign', target: k, op: 'copy', args: [c(0)], loc: NO_LOC },
      { kind: 'while', test, cond: v(cond), body, loc: NO_LOC },
    ];
  }

  /** push; balanced statements; pop — the tape is empty again afterwards. */
  private pushPop(depth: number, indices: string[]): Stmt[] {
    const value = this.f64Atom(indices);
    const inner = depth < 2 ? this.block(depth + 1, indices) : [];
    return [{ kind: 'push', value, loc: NO_LOC }, ...inner, { kind: 'pop', target: `v${this.pick(6)}`, loc: NO_LOC }];
  }
}

/** A small deterministic PRNG (mulberry32) for choice streams outside fast-check. */
export function seededPick(seed: number): Pick {
  let s = seed >>> 0;
  return (n: number) => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    const r = ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    return Math.floor(r * n);
  };
}

/** Equal as the optimizer promises: identical (NaN included), or both zeros of either sign. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  if (a === 0 && b === 0) return true;
  if (ArrayBuffer.isView(a) && ArrayBuffer.isView(b)) {
    const [x, y] = [a as Float64Array, b as Float64Array];
    return x.length === y.length && x.every((e, i) => sameValue(e, y[i]));
  }
  return false;
}
