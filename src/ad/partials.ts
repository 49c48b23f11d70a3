/**
 * Emitting an op's partial derivatives (OPS[op].partials) for the arguments we actually need.
 *
 * A rule computes the partials of all its arguments; for `mul x w` with only x active we want
 * ∂/∂x = w but not ∂/∂w = x. The rule runs against a scratch builder; then only the statements
 * that the wanted partials depend on are kept (a backward slice over the rule's straight-line
 * code) and the declarations of the dropped temporaries are removed again. The same slice tells
 * the reverse-mode analysis which variables the adjoint of a statement reads.
 */
import { OPS } from '../ops/table.js';
import { type Atom, type AssignStmt, type IRFunction, type Stmt } from '../ir/types.js';
import { TrackingBuilder } from './ir-utils.js';

/** Emit into `b` the code for the wanted partials of `s`; unwanted entries are null. */
export function emitPartials(b: TrackingBuilder, s: AssignStmt, want: boolean[]): (Atom | null)[] {
  const { partials, kept } = slicePartials(b, s, want);
  for (const st of kept) b.push(st);
  return partials;
}

/** The variables of the function read by the wanted partials of `s` (possibly `s.target`). */
export function partialReads(fn: IRFunction, s: AssignStmt, want: boolean[]): Set<string> {
  const b = new TrackingBuilder(fn, new Set());
  const { partials, kept, temps } = slicePartials(b, s, want);
  const reads = new Set<string>();
  const note = (a: Atom | null) => a?.kind === 'var' && !temps.has(a.name) && reads.add(a.name);
  partials.forEach(note);
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
  const partials = all.map((p, i) => (want[i] ? p : null));
  const needed = new Set<string>();
  for (const p of partials) if (p?.kind === 'var') needed.add(p.name);
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
