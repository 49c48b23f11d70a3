/**
 * Tape or recompute: which of the values the reverse sweep reads are pushed on the tape, and
 * which are recomputed from other values (Tapenade's store/recompute trade-off, kept simple).
 *
 * Input: the reads (R, v) of the reverse sweep that are not invariant (see tape-analysis.ts).
 * Output: the taped variables, and for each read satisfied by recomputation a CHAIN: the
 * definitions to re-execute, in order, right before the reverse of statement `at`, where `at` is
 * the statement of the chain head's block that contains R (the recomputation is hoisted out of
 * inner loops: once per iteration of the block that defines the value, not once per reader).
 *
 * A chain recomputes v from its single definition S (an op of RECOMPUTE_COST, or a load from an
 * array nothing writes afterwards) when S precedes `at` in S's block (or is `at`: a rule reading
 * its own result re-executes its own statement), and every operand w of S is
 * - invariant at S (never reassigned afterwards, or the index of a loop around S), or
 * - TAPED, and no definition of w lies between S and the end of `at` in that block: the tape
 *   restores w at `at` (a derived read (at, w) makes the push sites cover it), and it still
 *   holds the value S read; or
 * - itself recomputable by a chain ending at `at`, from a definition that precedes S.
 * Recomputed variables have a single definition and are never taped, so re-executing them
 * never disturbs a pop.
 *
 * Choice: start with every non-invariant read value taped, then try to drop each taped variable
 * in definition order; a drop is kept when every read of it, and every chain that used it as a
 * taped leaf, can be served by chains from what is still taped, within RECOMPUTE_BUDGET. Newton's
 * step `t = x·x; fx = t·x + a·x − b; …; x = x − fx/dfx` thus tapes only x.
 */
import { type LoadStmt, type Stmt } from '../ir/types.js';
import { type FnIndex } from './dataflow.js';
import { addTo } from './ir-utils.js';

/**
 * Rough cost of re-executing an op, in units of an add. A push and its pop cost several units
 * (capacity check, store, later load, and tape memory traffic that grows with the trip count),
 * so chains of arithmetic and even a transcendental are cheaper than taping their result.
 */
const RECOMPUTE_COST: Record<string, number> = {
  copy: 0, add: 1, sub: 1, mul: 1, neg: 1, select: 1, len: 1, lt: 1, le: 1, gt: 1, ge: 1, eq: 1, ne: 1,
  and: 1, or: 1, not: 1, abs: 1, sign: 1, floor: 1, ceil: 1, trunc: 1, round: 1, min: 1, max: 1, fround: 1,
  div: 3, sqrt: 3, mod: 4,
  exp: 8, expm1: 10, log: 8, log1p: 10, log2: 10, log10: 10, sin: 10, cos: 10, tan: 12, tanh: 10,
  sinh: 12, cosh: 12, atan: 12, asin: 12, acos: 12, asinh: 14, acosh: 14, atanh: 14, cbrt: 12, pow: 14,
  atan2: 14, hypot: 14,
};
/** Most a chain may cost (per read); beyond it the value is taped. */
const RECOMPUTE_BUDGET = 30;

/** A read satisfied by recomputation: where the chain runs, and the taped leaves it reads. */
export interface ChainUse {
  at: Stmt;
  leaves: Set<string>;
  /** Restored arrays it loads from (their later stores must push the overwritten element). */
  arrays: Set<string>;
}

export interface TapeChoice {
  taped: Set<string>;
  /** Per read (index into the input list): the chain serving it, if it is recomputed. */
  chains: Map<number, ChainUse>;
}

type Read = [Stmt, string];

interface ChainInfo {
  leaves: Set<string>;
  arrays: Set<string>;
  defs: Set<Stmt>;
  cost: number;
}

/** Chains computable from a given taped set, memoized per (at, v). */
class Chains {
  private readonly memo = new Map<Stmt, Map<string, ChainInfo | null>>();

  constructor(
    private readonly ix: FnIndex,
    private readonly frozen: (load: LoadStmt) => boolean,
    private readonly restored: Set<string>,
    private readonly taped: Set<string>,
  ) {}

  /** The chain for the read (r, v), or null. */
  forRead(r: Stmt, v: string): ChainUse | null {
    const s = this.singleDef(v);
    if (!s) return null;
    const info = this.ix.stmtInfo(s);
    const rIdx = this.ix.indexIn(info.block, this.ix.stmtInfo(r));
    if (rIdx < info.idx || (rIdx === info.idx && r !== s)) return null;
    const at = info.block[rIdx];
    const got = this.chain(v, at);
    return got && got.cost <= RECOMPUTE_BUDGET ? { at, leaves: got.leaves, arrays: got.arrays } : null;
  }

  private singleDef(v: string): Stmt | undefined {
    const defs = this.ix.defsOf(v);
    if (this.ix.params.has(v) || this.taped.has(v) || defs.length !== 1) return undefined;
    const d = defs[0];
    const cheap = (d.kind === 'assign' && d.op in RECOMPUTE_COST) ||
      (d.kind === 'load' && (this.frozen(d) || this.restored.has(d.array)));
    return cheap ? d : undefined;
  }

  /**
   * v recomputed right before the reverse of `at` (S, v's definition, precedes or is `at`): the
   * taped leaves it reads and the definitions it re-executes (each counted once in the cost).
   */
  private chain(v: string, at: Stmt): ChainInfo | null {
    let byVar = this.memo.get(at);
    if (!byVar) this.memo.set(at, (byVar = new Map()));
    if (byVar.has(v)) return byVar.get(v) ?? null;
    byVar.set(v, null); // cycles (loop-carried definitions) fail
    const s = this.singleDef(v) as Stmt;
    const leaves = new Set<string>();
    const arrays = new Set<string>();
    const defs = new Set<Stmt>([s]);
    let cost = s.kind === 'assign' ? RECOMPUTE_COST[s.op] : 1;
    if (s.kind === 'load' && !this.frozen(s)) {
      // A restored array holds, at `at`, what it held at the load if no store comes between.
      if (!this.noDefBetween(s.array, s, at)) return null;
      arrays.add(s.array);
    }
    for (const w of operands(s)) {
      if (this.ix.invariantAt(w, s)) continue;
      if (this.taped.has(w) && this.noDefBetween(w, s, at)) {
        leaves.add(w);
        continue;
      }
      const wd = this.singleDef(w);
      if (!wd || !this.ix.dominatedInBlock(wd, this.ix.stmtInfo(s))) return null;
      const sub = this.chain(w, at);
      if (!sub) return null;
      for (const l of sub.leaves) leaves.add(l);
      for (const a of sub.arrays) arrays.add(a);
      for (const d of sub.defs) {
        if (defs.has(d)) continue;
        defs.add(d);
        cost += d.kind === 'assign' ? RECOMPUTE_COST[d.op] : 1;
      }
      // Over budget: fail here (the memo keeps null), so long chains stay cheap to analyse.
      if (cost > RECOMPUTE_BUDGET) return null;
    }
    const result = { leaves, arrays, defs, cost };
    byVar.set(v, result);
    return result;
  }

  /**
   * No definition of w (a store, for an array) in s's block from just after s to the end of the
   * statement holding `at`.
   */
  private noDefBetween(w: string, s: Stmt, at: Stmt): boolean {
    const info = this.ix.stmtInfo(s);
    const end = this.ix.indexIn(info.block, this.ix.stmtInfo(at));
    const writes = this.restored.has(w) ? this.ix.storesTo(w) : this.ix.defsOf(w);
    return writes.every((d) => {
      const k = this.ix.indexIn(info.block, this.ix.stmtInfo(d));
      return k <= info.idx || k > end;
    });
  }
}

export function operands(d: Stmt): string[] {
  if (d.kind === 'assign') return d.args.flatMap((a) => (a.kind === 'var' ? [a.name] : []));
  if (d.kind === 'load') return d.index.kind === 'var' ? [d.index.name] : [];
  return [];
}

/** See the file comment. `reads` are the non-invariant reads. */
export function chooseTape(ix: FnIndex, frozen: (load: LoadStmt) => boolean, restored: Set<string>, reads: Read[]): TapeChoice {
  const taped = new Set(reads.map(([, v]) => v));
  const chains = new Map<number, ChainUse>();
  const readsOf = new Map<string, number[]>();
  reads.forEach(([, v], k) => addTo(readsOf, v, k));
  /** Reads whose chain uses a variable as a taped leaf (possibly stale: only rechecked). */
  const dependents = new Map<string, number[]>();
  const order = [...taped].sort((p, q) => firstPre(ix, p) - firstPre(ix, q));
  for (const v of order) {
    if (ix.defsOf(v).length !== 1) continue;
    taped.delete(v);
    const cs = new Chains(ix, frozen, restored, taped);
    const affected = [...new Set([...(readsOf.get(v) ?? []), ...(dependents.get(v) ?? [])])];
    const found = affected.filter((k) => !taped.has(reads[k][1])).map((k) => [k, cs.forRead(...reads[k])] as const);
    if (found.some(([, ch]) => ch === null)) {
      taped.add(v);
      continue;
    }
    for (const [k, ch] of found) {
      chains.set(k, ch as ChainUse);
      for (const l of (ch as ChainUse).leaves) addTo(dependents, l, k);
    }
  }
  return { taped, chains };
}

function firstPre(ix: FnIndex, v: string): number {
  const defs = ix.defsOf(v);
  return defs.length ? ix.stmtInfo(defs[0]).pre : -1;
}

/** The definitions to re-execute before each `at`, in dependency order (each once per `at`). */
export function chainPlan(ix: FnIndex, reads: Read[], choice: TapeChoice): Map<Stmt, Stmt[]> {
  const plan = new Map<Stmt, Stmt[]>();
  const add = (v: string, at: Stmt, list: Stmt[]): void => {
    const d = ix.defsOf(v)[0];
    if (list.includes(d)) return;
    for (const w of operands(d)) {
      if (choice.taped.has(w) || ix.invariantAt(w, d)) continue;
      add(w, at, list);
    }
    list.push(d);
  };
  for (const [k, use] of choice.chains) {
    const list = plan.get(use.at) ?? [];
    add(reads[k][1], use.at, list);
    plan.set(use.at, list);
  }
  return plan;
}
