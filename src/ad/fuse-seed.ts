/**
 * The adjoint of a reduction, known before its loop: when the code after a top-level loop L is
 * affine in the reductions s of L (each reaches the result only through copy, add, sub, neg,
 * and products or quotients by values known before L), ∂result/∂s is a product of those values,
 * so s̄ = seed · ∂result/∂s can be computed before L runs. `return s` gives the seed itself,
 * `total / batch` seed / batch, `constant + slse − n·lse(α) + prior` the seed again.
 *
 * The analysis looks only at the statements after L in the top-level block: a compound
 * statement, store or load that reads a value depending on a reduction makes it give up, as
 * does any other op on such a value or a value depending on two of them in one product.
 */
import { c, type Atom, type ForStmt, type IRFunction, type Stmt } from '../ir/types.js';
import { type FnIndex } from './dataflow.js';
import { readsOf, walk, type TrackingBuilder } from './ir-utils.js';

/** ∂result/∂s as a sum of signed products: Σ sign · Π mul / Π div, times the seed. */
export type Coef = Term[];
export interface Term {
  sign: 1 | -1;
  mul: Atom[];
  div: Atom[];
}

/** Reduction → its coefficient (empty when it does not reach the result), or null. */
export function affineSeeds(fn: IRFunction, ix: FnIndex, loop: ForStmt, reductions: string[]): Map<string, Coef> | null {
  const at = fn.body.indexOf(loop);
  const after = fn.body.slice(at + 1);
  const relevant = new Set(reductions);
  const loopPre = ix.stmtInfo(loop).pre;
  // Known before L: a literal, or a variable all of whose definitions precede L (none after it).
  const last = ix.stmtInfo(loop).last;
  if (reductions.some((r) => ix.defsOf(r).some((d) => ix.stmtInfo(d).pre > last))) return null;
  const known = (a: Atom) => a.kind === 'const' || (!relevant.has(a.name) && ix.defsOf(a.name).every((d) => ix.stmtInfo(d).pre < loopPre));
  for (const s of after) {
    const reads = new Set<string>();
    walk([s], (t) => readsOf(t).forEach((a) => a.kind === 'var' && reads.add(a.name)));
    if (![...reads].some((n) => relevant.has(n))) continue;
    if (s.kind !== 'assign' || relevant.has(s.target) || ix.defsOf(s.target).length !== 1) return null;
    relevant.add(s.target);
  }
  const coef = new Map<string, Coef>();
  const add = (name: string, terms: Coef) => coef.set(name, [...(coef.get(name) ?? []), ...terms]);
  const result = fn.results[0];
  if (result.kind === 'var' && relevant.has(result.name)) add(result.name, [{ sign: 1, mul: [], div: [] }]);
  for (let i = after.length - 1; i >= 0; i--) {
    const s = after[i] as Stmt;
    if (s.kind !== 'assign' || !relevant.has(s.target)) continue;
    const k = coef.get(s.target);
    if (!k) continue;
    const rel = s.args.map((a) => a.kind === 'var' && relevant.has(a.name));
    const name = (j: number) => (s.args[j] as { name: string }).name;
    const scaled = (by: (t: Term) => Term) => k.map(by);
    switch (s.op) {
      case 'copy':
        add(name(0), k);
        break;
      case 'add':
      case 'sub':
        if (rel[0]) add(name(0), k);
        if (rel[1]) add(name(1), s.op === 'add' ? k : scaled((t) => ({ ...t, sign: t.sign === 1 ? -1 : 1 })));
        break;
      case 'neg':
        add(name(0), scaled((t) => ({ ...t, sign: t.sign === 1 ? -1 : 1 })));
        break;
      case 'mul': {
        if (rel[0] && rel[1]) return null;
        const j = rel[0] ? 0 : 1;
        const other = s.args[1 - j];
        if (!known(other)) return null;
        add(name(j), scaled((t) => ({ ...t, mul: [...t.mul, other] })));
        break;
      }
      case 'div':
        if (rel[1] || !known(s.args[1])) return null;
        add(name(0), scaled((t) => ({ ...t, div: [...t.div, s.args[1]] })));
        break;
      default:
        return null;
    }
  }
  return new Map(reductions.map((r) => [r, coef.get(r) ?? []]));
}

/** seed · coef, emitted before the loop. */
export function emitCoef(b: TrackingBuilder, coef: Coef, seed: Atom): Atom {
  let sum: Atom = c(0);
  for (const t of coef) {
    let p: Atom = seed;
    for (const m of t.mul) p = b.op('mul', [p, m]);
    for (const d of t.div) p = b.op('div', [p, d]);
    sum = t.sign === 1 ? b.add(sum, p) : b.sub(sum, p);
  }
  return sum;
}
