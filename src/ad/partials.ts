/**
 * Emitting an op's partial derivatives (OPS[op].partials) for the arguments we actually need,
 * and the contributions ∂ᵢ·t that forward mode (t = a tangent) and reverse mode (t = an
 * adjoint) build from them.
 *
 * A rule computes the partials of all its arguments; for `mul x w` with only x active we want
 * ∂/∂x = w but not ∂/∂w = x. The rule runs against a scratch builder; then only the statements
 * that the wanted partials depend on are kept (a backward slice over the rule's straight-line
 * code) and the declarations of the dropped temporaries are removed again. The same slice tells
 * the reverse-mode analysis which variables the adjoint of a statement reads.
 *
 * NaN-safe contributions (see src/ops/table.ts): a partial that is a selection between two
 * literals (`select(q, 1, 0)`: max, min, select) is kept as that selection, not computed, and
 * contributes `select(q, t, 0)`; a partial of an `unbounded` op contributes `dmul(∂, t)`, which
 * is 0 when t is 0 even if ∂ is ±∞ or NaN (dmul itself says how its own arguments contribute);
 * every other partial contributes the plain ∂·t.
 */
import { OPS } from '../ops/table.js';
import { c, type Atom, type AssignStmt, type IRFunction, type Stmt } from '../ir/types.js';
import { isZero, TrackingBuilder } from './ir-utils.js';

/** ∂ as an atom, or ∂ = (cond ? ifTrue : ifFalse) between two literals. */
export type Partial = { value: Atom } | { cond: Atom; ifTrue: number; ifFalse: number };

/** Emit into `b` the code for the wanted partials of `s`; unwanted entries are null. */
export function emitPartials(b: TrackingBuilder, s: AssignStmt, want: boolean[]): (Partial | null)[] {
  const { partials, kept } = slicePartials(b, s, want);
  for (const st of kept) b.push(st);
  return partials;
}

/** The contribution ∂·t of argument i of an `op` statement (t: its tangent, or ȳ). */
export function contribution(b: TrackingBuilder, op: string, i: number, p: Partial, t: Atom): Atom {
  if (isZero(t)) return c(0);
  if ('cond' in p) return b.select(p.cond, b.mul(c(p.ifTrue), t), b.mul(c(p.ifFalse), t));
  const def = OPS[op];
  if (def.contribution) return def.contribution(b, i, p.value, t);
  return def.unbounded ? b.dmul(p.value, t) : b.mul(p.value, t);
}

/** The variables of the function read by the wanted partials of `s` (possibly `s.target`). */
export function partialReads(fn: IRFunction, s: AssignStmt, want: boolean[]): Set<string> {
  const b = new TrackingBuilder(fn, new Set());
  const { partials, kept, temps } = slicePartials(b, s, want);
  const reads = new Set<string>();
  const note = (a: Atom | null) => a?.kind === 'var' && !temps.has(a.name) && reads.add(a.name);
  for (const p of partials) if (p) note('cond' in p ? p.cond : p.value);
  for (const st of kept) if (st.kind === 'assign') st.args.forEach(note);
  for (const t of temps) b.fn.vars.delete(t);
  return reads;
}

function slicePartials(b: TrackingBuilder, s: AssignStmt, want: boolean[]) {
  const rule = OPS[s.op].partials;
  const temps = new Set<string>();
  const scratch = new TrackingBuilder(b.fn, temps);
  scratch.loc = b.loc;
  const all = rule ? rule(scratch, s.args, { kind: 'var', name: s.target }) : s.args.map(() => null);
  const defs = new Map<string, AssignStmt>();
  for (const st of scratch.stmts) if (st.kind === 'assign') defs.set(st.target, st);
  const partials = all.map((p, i) => (want[i] && p ? describe(p, defs) : null));
  const needed = new Set<string>();
  for (const p of partials) {
    const root = p && ('cond' in p ? p.cond : p.value);
    if (root?.kind === 'var') needed.add(root.name);
  }
  const kept: Stmt[] = [];
  for (let i = scratch.stmts.length - 1; i >= 0; i--) {
    const st = scratch.stmts[i];
    if (st.kind !== 'assign' || !needed.has(st.target)) continue;
    kept.unshift(st);
    for (const a of st.args) if (a.kind === 'var') needed.add(a.name);
  }
  const keptTemps = new Set(kept.map((st) => (st as AssignStmt).target));
  for (const t of temps) {
    if (keptTemps.has(t)) b.temps.add(t);
    else b.fn.vars.delete(t);
  }
  return { partials, kept, temps: keptTemps };
}

/** A partial the rule computed as `select(q, k₁, k₂)` of literals is described, not computed. */
function describe(p: Atom, defs: Map<string, AssignStmt>): Partial {
  const d = p.kind === 'var' ? defs.get(p.name) : undefined;
  if (d?.op === 'select') {
    const [q, x, y] = d.args;
    if (x.kind === 'const' && y.kind === 'const' && typeof x.value === 'number' && typeof y.value === 'number') {
      return { cond: q, ifTrue: x.value, ifFalse: y.value };
    }
  }
  return { value: p };
}
