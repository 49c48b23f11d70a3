/**
 * Reverse mode (adjoints), Tapenade's model over the structured IR. The produced function is
 *
 *   entry:   offsets of the active array parameters in gradOut; gradOut zeroed if needed
 *   forward sweep: the primal, pushing the values the reverse sweep needs but that get
 *            overwritten (tape-analysis.ts), and counting while-loop trips
 *   seed:    the adjoint of results[0] is `seed` (a number, or the vector u, copied)
 *   reverse sweep (reverse-sweep.ts)
 *   exit:    scalar active parameters' adjoints stored into gradOut
 *
 * Everything the reverse sweep restores is popped back, so push/pop balance within one call. The
 * tape is the only thing allocated when every active array is a parameter (their adjoints live
 * in gradOut). Active local arrays get zeroed adjoint arrays `a_bar`.
 *
 * The output is plain IR (push/pop, reversed loops, loads/stores of gradOut), which forward.ts
 * can differentiate again (second.ts).
 */
import {
  assertNever, c, isArrayType, v, type Atom, type IRFunction, type Stmt, type Type, type WhileStmt,
} from '../ir/types.js';
import { analyzeActivity } from './activity.js';
import { forwardCheckpointed, planCheckpoints } from './checkpoint.js';
import { Adjoints } from './adjoint-state.js';
import { zeroAdjointAssignments } from './adjoint-liveness.js';
import { removeDeadCode } from './dce.js';
import { FnIndex } from './dataflow.js';
import { cloneAtom, cloneFunction, TrackingBuilder, walk, freshName } from './ir-utils.js';
import { normalizeForReverse } from './normalize.js';
import { ReverseSweep, type ReverseContext } from './reverse-sweep.js';
import { emitFusedLoop } from './fuse-emit.js';
import { fusableLoops, type FusedLoop } from './fuse.js';
import { planTape, type TapePlan } from './tape-analysis.js';

/**
 * Reverse mode. New function `${fn.name}_grad`, params [...fn.params, seed, gradOut]: `seed` is
 * f64 (scalar output) or f64[] (vector output u, not mutated); gradOut (length Σ sizes of the
 * active params, flattened in parameter order) is overwritten with ∑ seedᵢ ∂yᵢ/∂x. Results:
 * fn.results.
 */
export function adjoint(fn: IRFunction, active: string[]): IRFunction {
  return adjointCore(fn, active, { seed: 'param', gradients: 'gradOut' });
}

export interface AdjointOptions {
  /** A `seed` parameter, or a constant seed (scalar output only). */
  seed: 'param' | number;
  /** Store gradients into a `gradOut` parameter, or append scalar gradients to the results. */
  gradients: 'gradOut' | 'results';
  /** Fuse the adjoint of reduction loops into their forward loop where legal (default true). */
  fuse?: boolean;
}

export function adjointCore(fn: IRFunction, activeList: string[], opts: AdjointOptions): IRFunction {
  checkActive(fn, activeList);
  const active = inParamOrder(fn, activeList);
  const g = cloneFunction(fn, `${fn.name}_grad`);
  normalizeForReverse(g);
  // Dead primal code would get adjoint code with a zero adjoint, and 0 · ∞ = NaN when it
  // overflows; the primal results do not change.
  removeDeadCode(g);
  const ix = new FnIndex(g);
  const out = g.results[0];
  const act = analyzeActivity(g, active, out?.kind === 'var' ? [out.name] : []);
  const plan = planTape(g, ix, act);
  const checkpoints = planCheckpoints(g, plan);
  const vector = out?.kind === 'var' && isArrayType(typeOf(g, out.name));
  if (vector && opts.seed !== 'param') throw new Error('adjoint: a constant seed needs a scalar output');
  const seed = opts.seed === 'param' ? v(addParam(g, vector ? 'f64[]' : 'f64', 'seed')) : c(opts.seed);
  const gradOut = opts.gradients === 'gradOut' ? addParam(g, 'f64[]', 'gradOut') : undefined;

  const temps = new Set<string>();
  const b = new TrackingBuilder(g, temps);
  b.loc = g.loc; // entry code (zeroing the adjoints) stands for the function as a whole
  // Values the reverse sweep never assigns: primal variables it does not pop, recompute or use
  // as a loop index, its own temporaries, and the seed.
  const primal = new Set(g.vars.keys());
  walk(g.body, (s) => s.kind === 'for' && primal.delete(s.index));
  const adj = new Adjoints(g, (a) => a.kind === 'const' || temps.has(a.name) || (seed.kind === 'var' && a.name === seed.name) ||
    (primal.has(a.name) && !plan.reassigned.has(a.name)));
  const zeroAdjoint = zeroAdjointAssignments(g, out?.kind === 'var' ? [out.name] : []);
  const cx: ReverseContext = { g, ix, act, plan, adj, arrays: new Map(), counters: new Map(), saved: new Map(), zeroAdjoint, checkpoints, forward: (fb, block) => forwardSweep(cx, fb, block) };
  if (!vector && opts.fuse !== false) cx.fusion = { loops: fuseLoops(g, ix, act, plan), seed };
  const offsets = entry(b, cx, active, gradOut);
  forwardSweep(cx, b, g.body);
  const results = g.results.map((a) => captureResult(b, cx, a));
  seedOutput(b, cx, out, seed);
  new ReverseSweep(cx).block(b, g.body);
  b.loc = g.loc;
  const grads: Atom[] = [];
  for (const p of active) {
    if (isArrayType(typeOf(g, p))) continue;
    const value = adj.read(p);
    if (gradOut) b.store(gradOut, offsets.get(p) ?? c(0), value);
    else grads.push(value);
  }
  g.body = b.stmts;
  g.results = [...results, ...grads];
  return g;
}

/**
 * The loops whose adjoint is fused into their forward loop (fuse.ts); the function's reverse
 * sweep skips them. A loop before which the plan snapshots values for its reverse is left alone.
 */
function fuseLoops(g: IRFunction, ix: FnIndex, act: ReturnType<typeof analyzeActivity>, plan: TapePlan): Map<Stmt, FusedLoop> {
  const loops = new Map<Stmt, FusedLoop>();
  for (const [loop, f] of fusableLoops(g, ix, act)) {
    if (plan.hoisted.has(loop)) continue;
    plan.needsRev.delete(loop);
    loops.set(loop, f);
  }
  return loops;
}

/** gradOut (and the gradient results) are laid out in parameter order, whatever the list order. */
export function inParamOrder(fn: IRFunction, names: string[]): string[] {
  return [...names].sort((p, q) => fn.params.indexOf(p) - fn.params.indexOf(q));
}

function checkActive(fn: IRFunction, active: string[]): void {
  const seen = new Set<string>();
  for (const p of active) {
    const t = fn.vars.get(p)?.type;
    if (!fn.params.includes(p) || (t !== 'f64' && t !== 'f64[]')) {
      throw new Error(`${fn.name}: active '${p}' must be an f64 or f64[] parameter`);
    }
    if (seen.has(p)) throw new Error(`${fn.name}: active '${p}' listed twice`);
    seen.add(p);
  }
}

const typeOf = (fn: IRFunction, name: string): Type => {
  const t = fn.vars.get(name)?.type;
  if (!t) throw new Error(`${fn.name}: undeclared variable ${name}`);
  return t;
};

function addParam(fn: IRFunction, type: Type, hint: string): string {
  const name = freshName(fn, type, hint);
  fn.params.push(name);
  return name;
}

/** Entry code: where each active array's adjoint lives; returns each active param's offset. */
function entry(b: TrackingBuilder, cx: ReverseContext, active: string[], gradOut: string | undefined): Map<string, Atom> {
  const { g, act, ix, plan } = cx;
  const offsets = new Map<string, Atom>();
  let off: Atom = c(0);
  active.forEach((p, k) => {
    offsets.set(p, off);
    const array = isArrayType(typeOf(g, p));
    if (array) {
      if (!gradOut) throw new Error(`${g.name}: array parameter ${p} needs a gradOut array`);
      cx.arrays.set(p, { array: gradOut, offset: off });
    }
    if (k < active.length - 1) off = b.op('add', [off, array ? b.op('len', [v(p)], 'int', `n_${p}`) : c(1)], 'int', 'off');
  });
  if (gradOut && cx.arrays.size > 0) b.zeroFill(gradOut);
  for (const [name, decl] of g.vars) {
    if (decl.type !== 'f64[]' || !act.active(name) || cx.arrays.has(name)) continue;
    const bar = freshName(g, 'f64[]', `${name}_bar`);
    cx.arrays.set(name, { array: bar, offset: c(0) });
    // An output-style array parameter that is read back needs its own adjoint array.
    if (ix.params.has(name)) b.push({ kind: 'alloc', target: bar, length: b.op('len', [v(name)], 'int', 'n'), loc: g.loc });
    else if (plan.reallocated.has(name)) b.push({ kind: 'alloc', target: bar, length: c(0), loc: g.loc });
  }
  return offsets;
}

/** The primal, plus pushes of values about to be overwritten and while-loop trip counts. */
function forwardSweep(cx: ReverseContext, b: TrackingBuilder, block: Stmt[]): void {
  for (const s of block) {
    b.loc = s.loc;
    for (const name of cx.plan.hoisted.get(s) ?? []) b.push({ kind: 'push', value: v(name), loc: s.loc });
    switch (s.kind) {
      case 'assign':
      case 'load':
        if (cx.plan.pushAt.has(s) && !cx.plan.inverted.has(s)) b.push({ kind: 'push', value: v(s.target), loc: s.loc });
        b.push(s);
        break;
      case 'store':
        // An element the reverse sweep needs back (a restored local array): save it first.
        if (cx.plan.restoreAt.has(s)) {
          // Popped back into the same variable (the tape contract forward.ts relies on).
          const old = freshName(cx.g, 'f64', 'old');
          cx.saved.set(s, old);
          b.push({ kind: 'load', target: old, array: s.array, index: cloneAtom(s.index), loc: s.loc });
          b.push({ kind: 'push', value: v(old), loc: s.loc });
        }
        b.push(s);
        break;
      case 'alloc':
        b.push(s);
        if (cx.act.active(s.target)) allocAdjoint(cx, b, s.target, s.length);
        break;
      case 'if':
        b.push({ ...s, then: b.nested((inner) => forwardSweep(cx, inner, s.then)), else: b.nested((inner) => forwardSweep(cx, inner, s.else)) });
        break;
      case 'for': {
        const fused = cx.fusion?.loops.get(s);
        if (fused) emitFusedLoop(cx, b, fused, forwardSweep);
        else if (cx.checkpoints.has(s)) forwardCheckpointed(b, cx.g, s, cx.checkpoints.get(s)!);
        else b.push({ ...s, body: b.nested((inner) => forwardSweep(cx, inner, s.body)) });
        break;
      }
      case 'while':
        forwardWhile(cx, b, s);
        break;
      case 'throw':
        b.push(s);
        break;
      case 'push':
      case 'pop':
        throw new Error(`adjoint: ${cx.g.name} already contains tape operations`);
      default:
        assertNever(s, 'statement');
    }
  }
}

/** `a_bar = alloc n`; for an array allocated repeatedly, grow a_bar only when it is too short. */
function allocAdjoint(cx: ReverseContext, b: TrackingBuilder, array: string, length: Atom): void {
  const bar = cx.arrays.get(array)?.array;
  if (!bar) throw new Error(`internal error: no adjoint array for ${array}`);
  const alloc: Stmt = { kind: 'alloc', target: bar, length, loc: b.loc };
  if (!cx.plan.reallocated.has(array)) return b.push(alloc);
  const short = b.op('lt', [b.op('len', [v(bar)], 'int', 'n'), length], 'bool', 'short');
  b.push({ kind: 'if', cond: short, then: [alloc], else: [], loc: b.loc });
}

function forwardWhile(cx: ReverseContext, b: TrackingBuilder, s: WhileStmt): void {
  const test = b.nested((inner) => forwardSweep(cx, inner, s.test));
  if (!cx.plan.needsRev.has(s)) {
    b.push({ ...s, test, body: b.nested((inner) => forwardSweep(cx, inner, s.body)) });
    return;
  }
  const count = freshName(cx.g, 'int', 'trips');
  cx.counters.set(s, count);
  b.copy(count, c(0));
  const body = b.nested((inner) => {
    forwardSweep(cx, inner, s.body);
    inner.copy(count, inner.op('add', [v(count), c(1)], 'int', 'trips'));
  });
  b.push({ ...s, test, body });
  b.push({ kind: 'push', value: v(count), loc: s.loc });
}

/** A result the reverse sweep will overwrite (pop, recompute) is copied after the forward sweep. */
function captureResult(b: TrackingBuilder, cx: ReverseContext, a: Atom): Atom {
  if (a.kind !== 'var' || !cx.plan.reassigned.has(a.name)) return a;
  return b.op('copy', [a], typeOf(cx.g, a.name), 'value');
}

function seedOutput(b: TrackingBuilder, cx: ReverseContext, out: Atom | undefined, seed: Atom): void {
  if (out?.kind !== 'var' || !cx.act.active(out.name)) return;
  if (seed.kind === 'const' || !isArrayType(typeOf(cx.g, seed.name))) {
    cx.adj.set(out.name, seed);
    return;
  }
  // Vector output: copy u into the output's adjoint array (the caller's u is not touched).
  const where = cx.arrays.get(out.name);
  if (!where) throw new Error(`internal error: no adjoint storage for ${out.name}`);
  const k = b.fresh('int', 'k');
  const body = b.nested((inner) => {
    const u = inner.load(seed.name, v(k));
    inner.store(where.array, inner.op('add', [where.offset, v(k)], 'int', 'k'), u);
  });
  b.push({ kind: 'for', index: k, start: c(0), end: b.op('len', [seed], 'int', 'n'), step: 1, body, loc: b.loc });
}
