/**
 * Where things are in a function: every statement's block, position and pre-order number, the
 * definitions and uses of every variable, and the structural questions the AD passes ask:
 *
 * - `local(v)`: v has a single definition S (an assign or load) and every use of v comes later
 *   in S's own block (possibly nested deeper). Such a value lives only between S and its uses in
 *   one iteration of the enclosing loop: forward mode may alias its tangent to a temporary, and
 *   reverse mode knows its adjoint is zero before S's uses and dead after S.
 * - `scoped(v)`: every use of v reads a value assigned earlier in the same iteration of the
 *   innermost loop around the use (definite assignment, resetting at each loop body), by
 *   assigns/loads. Like local values but with several definitions (`t = c ? a : b` lowered to
 *   an if/else): no adjoint value flows into v from before that iteration.
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
  private readonly stores = new Map<string, Stmt[]>();
  readonly params: Set<string>;
  private counter = 0;
  private readonly localMemo = new Map<string, boolean>();
  /** Variables with a use that may not see a definition from the same loop iteration. */
  private readonly notDefinite = new Set<string>();

  constructor(readonly fn: IRFunction) {
    this.params = new Set(fn.params);
    this.index(fn.body, []);
    const end = { site: { block: fn.body, idx: fn.body.length }, pre: this.counter++, stmt: null };
    for (const a of fn.results) if (a.kind === 'var') this.addUse(a.name, end);
    const atEnd = this.definiteAssignment(fn.body, this.params);
    for (const a of fn.results) if (a.kind === 'var' && !atEnd.has(a.name)) this.notDefinite.add(a.name);
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
      if (s.kind === 'store') {
        const list = this.stores.get(s.array);
        if (list) list.push(s);
        else this.stores.set(s.array, [s]);
      }
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

  /** The stores into array `name` (not its allocations). */
  storesTo(name: string): Stmt[] {
    return this.stores.get(name) ?? [];
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

  /** See the file comment. */
  scoped(name: string): boolean {
    return (
      !this.params.has(name) && !this.notDefinite.has(name) &&
      this.defsOf(name).every((d) => d.kind === 'assign' || d.kind === 'load')
    );
  }

  /**
   * The adjoint of v is zero whenever the reverse sweep enters `x` (and after it, and between
   * iterations): v is local with its definition in x, or scoped with every definition and use in x.
   */
  adjointLocalTo(name: string, x: Stmt): boolean {
    const defs = this.defsOf(name);
    if (this.local(name)) return this.contains(x, defs[0]);
    return (
      this.scoped(name) && defs.every((d) => this.contains(x, d)) &&
      this.usesOf(name).every((u) => u.stmt !== null && this.contains(x, u.stmt))
    );
  }

  /**
   * After the adjoint of definition `d` of v, nothing reads v's adjoint again (until a new
   * iteration of a loop around v's whole life, where it restarts at zero): no other definition
   * or use of v can precede d in the same run, and d is not in a loop that v's life spans.
   * The adjoint then need not be reset to zero.
   */
  deadAfter(name: string, d: Stmt): boolean {
    if (this.params.has(name)) return false;
    if (this.local(name)) return true;
    if (this.inLoop(d) && !this.scoped(name)) return false;
    const pre = this.stmtInfo(d).pre;
    const precedes = (x: Stmt | null, p: number) => x !== d && p < pre && !(x !== null && this.exclusive(x, d));
    return (
      this.defsOf(name).every((o) => !precedes(o, this.stmtInfo(o).pre)) &&
      this.usesOf(name).every((u) => !precedes(u.stmt, u.pre))
    );
  }

  /**
   * Definite assignment within one loop iteration: records the variables some use of which may
   * read a value from before the innermost enclosing loop iteration (or from before the
   * function, for non-parameters).
   */
  private definiteAssignment(block: Stmt[], assigned: Set<string>): Set<string> {
    let cur = new Set(assigned);
    const use = (names: (string | undefined)[], set: Set<string>) => {
      for (const n of names) if (n !== undefined && !set.has(n)) this.notDefinite.add(n);
    };
    for (const s of block) {
      if (s.kind !== 'while') use(readsOf(s).map((a) => (a.kind === 'var' ? a.name : undefined)), cur);
      const target = defOf(s);
      if (target !== undefined) cur.add(target);
      if (s.kind === 'if') {
        const then = this.definiteAssignment(s.then, cur);
        const els = this.definiteAssignment(s.else, cur);
        cur = new Set([...then].filter((n) => els.has(n)));
      } else if (s.kind === 'for') {
        this.definiteAssignment(s.body, new Set([s.index]));
      } else if (s.kind === 'while') {
        const afterTest = this.definiteAssignment(s.test, new Set());
        use([s.cond.kind === 'var' ? s.cond.name : undefined], afterTest);
        this.definiteAssignment(s.body, afterTest);
      }
    }
    return cur;
  }
}
