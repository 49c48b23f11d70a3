/**
 * Where things are in a function: every statement's block, position and pre-order number, the
 * definitions and uses of every variable, and the structural questions the AD passes ask:
 *
 * - `local(v)`: v has a single definition S (an assign or load) and every use of v comes later
 *   in S's own block (possibly nested deeper). Such a value lives only between S and its uses in
 *   one iteration of the enclosing loop: forward mode may alias its tangent to a temporary, and
 *   reverse mode knows its adjoint is zero before S's uses and dead after S.
 * - `invariantAt(v, R)`: whenever R runs, v already holds its final value: v is the index of a
 *   loop around R, or no definition of v can run after R (`mayRunAfter`). The reverse sweep can
 *   read it without a tape.
 *
 * With structured control flow, a statement D can only run after R if a loop encloses both, or
 * D comes later in the text (pre-order) and is not in the other branch of an `if` around both.
 *
 * Assumes every statement object is distinct (the passes clone their input).
 */
import { type ForStmt, type IRFunction, type Stmt } from '../ir/types.js';
import { childBlocks, defOf, readsOf } from './ir-utils.js';

/** A position in a block: just before `block[idx]` (idx may be block.length). */
export interface Site {
  block: Stmt[];
  idx: number;
}

export interface StmtInfo extends Site {
  pre: number;
  /** Largest pre-order number inside this statement (itself if it is not compound). */
  last: number;
  /** Enclosing compound statements, outermost first. */
  enclosing: Stmt[];
  loops: number;
}

export interface Use {
  site: Site;
  pre: number;
  /** The reading statement (null for the function's results). */
  stmt: Stmt | null;
}

export class FnIndex {
  readonly info = new Map<Stmt, StmtInfo>();
  readonly owner = new Map<Stmt[], Stmt>();
  readonly defs = new Map<string, Stmt[]>();
  readonly uses = new Map<string, Use[]>();
  readonly params: Set<string>;
  private counter = 0;
  private readonly localMemo = new Map<string, boolean>();

  constructor(readonly fn: IRFunction) {
    this.params = new Set(fn.params);
    this.index(fn.body, []);
    const end = { site: { block: fn.body, idx: fn.body.length }, pre: this.counter++, stmt: null };
    for (const a of fn.results) if (a.kind === 'var') this.addUse(a.name, end);
  }

  private addUse(name: string, use: Use): void {
    const list = this.uses.get(name);
    if (list) list.push(use);
    else this.uses.set(name, [use]);
  }

  private index(block: Stmt[], enclosing: Stmt[]): void {
    block.forEach((s, idx) => {
      const pre = this.counter++;
      const loops = enclosing.filter((e) => e.kind === 'for' || e.kind === 'while').length;
      const info: StmtInfo = { block, idx, pre, last: pre, enclosing, loops };
      this.info.set(s, info);
      const target = defOf(s);
      if (target !== undefined) {
        const list = this.defs.get(target);
        if (list) list.push(s);
        else this.defs.set(target, [s]);
      }
      if (s.kind !== 'while') {
        for (const a of readsOf(s)) if (a.kind === 'var') this.addUse(a.name, { site: { block, idx }, pre, stmt: s });
      }
      const inner = [...enclosing, s];
      for (const child of childBlocks(s)) {
        this.owner.set(child, s);
        this.index(child, inner);
        if (s.kind === 'while' && child === s.test && s.cond.kind === 'var') {
          // The loop condition is read after the test block, once per iteration.
          this.addUse(s.cond.name, { site: { block: s.test, idx: s.test.length }, pre: this.counter++, stmt: s });
        }
      }
      info.last = this.counter - 1;
    });
  }

  stmtInfo(s: Stmt): StmtInfo {
    const info = this.info.get(s);
    if (!info) throw new Error('internal error: statement not indexed');
    return info;
  }

  defsOf(name: string): Stmt[] {
    return this.defs.get(name) ?? [];
  }

  usesOf(name: string): Use[] {
    return this.uses.get(name) ?? [];
  }

  inLoop(s: Stmt): boolean {
    return this.stmtInfo(s).loops > 0;
  }

  /** `inner` is `outer` or nested inside it. */
  contains(outer: Stmt, inner: Stmt): boolean {
    const o = this.stmtInfo(outer);
    const p = this.stmtInfo(inner).pre;
    return o.pre <= p && p <= o.last;
  }

  /** The index, in `block`, of the statement of `block` that contains `site` (or -1). */
  indexIn(block: Stmt[], site: Site): number {
    let cur: Site = site;
    for (;;) {
      if (cur.block === block) return cur.idx;
      const owner = this.owner.get(cur.block);
      if (!owner) return -1;
      const info = this.stmtInfo(owner);
      cur = { block: info.block, idx: info.idx };
    }
  }

  /** `use` comes after definition `def` in def's own block (a deeper nesting included). */
  dominatedInBlock(def: Stmt, site: Site): boolean {
    const d = this.stmtInfo(def);
    return this.indexIn(d.block, site) > d.idx;
  }

  /** See the file comment. */
  local(name: string): boolean {
    let memo = this.localMemo.get(name);
    if (memo === undefined) {
      const defs = this.defsOf(name);
      memo =
        !this.params.has(name) &&
        defs.length === 1 &&
        (defs[0].kind === 'assign' || defs[0].kind === 'load') &&
        this.usesOf(name).every((u) => this.dominatedInBlock(defs[0], u.site));
      this.localMemo.set(name, memo);
    }
    return memo;
  }

  /** v is the index of a `for` loop around R. */
  isLoopIndexAround(name: string, r: Stmt): boolean {
    return this.stmtInfo(r).enclosing.some((e) => e.kind === 'for' && (e as ForStmt).index === name);
  }

  /**
   * Some execution of `d` may come after an execution of `r`: d is later in the text, or a loop
   * encloses both (r may be d itself: then only a loop around it repeats it).
   */
  mayRunAfter(d: Stmt, r: Stmt): boolean {
    const di = this.stmtInfo(d);
    if (di.enclosing.some((l) => (l.kind === 'for' || l.kind === 'while') && this.contains(l, r))) return true;
    return d !== r && di.pre > this.stmtInfo(r).pre && !this.exclusive(d, r);
  }

  /** a and b are in different branches of the innermost `if` containing both. */
  private exclusive(a: Stmt, b: Stmt): boolean {
    const pa = [...this.stmtInfo(a).enclosing, a];
    const pb = [...this.stmtInfo(b).enclosing, b];
    let k = 0;
    while (k < pa.length && k < pb.length && pa[k] === pb[k]) k++;
    if (k === 0 || k >= pa.length || k >= pb.length) return false;
    return pa[k - 1].kind === 'if' && this.stmtInfo(pa[k]).block !== this.stmtInfo(pb[k]).block;
  }

  /** See the file comment. `r` may itself be v's definition (a rule reading its own result). */
  invariantAt(name: string, r: Stmt): boolean {
    if (this.isLoopIndexAround(name, r)) return true;
    return this.defsOf(name).every((d) => !this.mayRunAfter(d, r));
  }

  /**
   * After v's definition runs in the reverse sweep, nothing reads v's adjoint again: v is local,
   * or assigned once outside loops with every use later in the text. Its adjoint need not be reset.
   */
  deadAfterDef(name: string): boolean {
    if (this.local(name)) return true;
    const defs = this.defsOf(name);
    if (this.params.has(name) || defs.length !== 1 || this.inLoop(defs[0])) return false;
    const pre = this.stmtInfo(defs[0]).pre;
    return this.usesOf(name).every((u) => u.pre > pre);
  }
}
