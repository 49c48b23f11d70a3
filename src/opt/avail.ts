/**
 * Available expressions within one straight-line run of statements (local value numbering),
 * used by simplification (to see that `t` holds `neg x`) and CSE (to see that `mul a b` is
 * already in `t`). An entry `target = op(args)` stays valid until `target` or one of the
 * argument variables is redefined; loads are also invalidated by any store, because two array
 * variables may refer to the same array. Passes start a fresh table in every nested block and,
 * after a nested statement, kill everything it might have defined.
 */
import { atomKey, containsKind, defsDeep } from './walk.js';
import type { Atom, Stmt } from '../ir/types.js';

export interface Expr {
  op: string; // an op name, or 'load' (args: [array, index])
  args: Atom[];
}

const COMMUTATIVE = new Set(['add', 'mul', 'eq', 'ne', 'and', 'or']);

export function exprKey(e: Expr): string {
  const keys = e.args.map(atomKey);
  if (COMMUTATIVE.has(e.op)) keys.sort();
  return `${e.op}(${keys.join(',')})`;
}

export class Available {
  private byTarget = new Map<string, { expr: Expr; key: string }>();
  /** Expression key → the targets holding it, oldest first (so a dropped holder hands over in O(1)). */
  private byKey = new Map<string, string[]>();
  private users = new Map<string, Set<string>>(); // variable → targets whose entry reads it
  private loads = new Set<string>(); // targets whose entry is a load

  get(target: string): Expr | undefined {
    return this.byTarget.get(target)?.expr;
  }

  /** The variable that already holds `e`, if any. */
  find(e: Expr): string | undefined {
    return this.byKey.get(exprKey(e))?.[0];
  }

  /** `target` was just redefined; record its new value `e` (or nothing if unknown). */
  define(target: string, e?: Expr): void {
    this.kill(target);
    if (!e || e.args.some((a) => a.kind === 'var' && a.name === target)) return;
    const key = exprKey(e);
    this.byTarget.set(target, { expr: e, key });
    if (e.op === 'load') this.loads.add(target);
    const holders = this.byKey.get(key);
    if (holders) holders.push(target);
    else this.byKey.set(key, [target]);
    for (const a of e.args) {
      if (a.kind !== 'var') continue;
      if (!this.users.has(a.name)) this.users.set(a.name, new Set());
      this.users.get(a.name)!.add(target);
    }
  }

  /** Forget every entry that depends on `name` or is held by it. */
  kill(name: string): void {
    this.drop(name);
    for (const t of this.users.get(name) ?? []) this.drop(t);
    this.users.delete(name);
  }

  killLoads(): void {
    for (const t of [...this.loads]) this.drop(t);
  }

  /** After a nested statement (if/for/while): forget what it may have changed. */
  afterNested(s: Stmt): void {
    for (const d of defsDeep([s])) this.kill(d);
    if (containsKind([s], ['store'])) this.killLoads();
  }

  private drop(target: string): void {
    const entry = this.byTarget.get(target);
    if (!entry) return;
    this.byTarget.delete(target);
    this.loads.delete(target);
    const holders = this.byKey.get(entry.key)!;
    holders.splice(holders.indexOf(target), 1);
    if (holders.length === 0) this.byKey.delete(entry.key);
  }
}
