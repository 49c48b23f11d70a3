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

/** A string naming `e` up to commuting operands; unary and binary forms skip the array work (hot path). */
export function exprKey(e: Expr): string {
  const args = e.args;
  if (args.length === 1) return `${e.op}(${atomKey(args[0])})`;
  if (args.length === 2) {
    const k0 = atomKey(args[0]);
    const k1 = atomKey(args[1]);
    return COMMUTATIVE.has(e.op) && k1 < k0 ? `${e.op}(${k1},${k0})` : `${e.op}(${k0},${k1})`;
  }
  const keys = args.map(atomKey);
  if (COMMUTATIVE.has(e.op)) keys.sort();
  return `${e.op}(${keys.join(',')})`;
}

export class Available {
  /**
   * `keyed: false` is for users that only ask `get` (simplification): then expression keys,
   * the most expensive part of `define`, are never built and `find` always answers undefined.
   */
  constructor(private readonly keyed = true) {}

  private byTarget = new Map<string, { expr: Expr; key: string }>();
  /** Expression key → the targets holding it, oldest first (so a dropped holder hands over in O(1)). */
  private byKey = new Map<string, string[]>();
  // variable → targets whose entry reads it (may repeat or be stale: dropping is idempotent)
  private users = new Map<string, string[]>();
  private loads = new Set<string>(); // targets whose entry is a load

  get(target: string): Expr | undefined {
    return this.byTarget.get(target)?.expr;
  }

  /** The variable that already holds `e`, if any. */
  find(e: Expr, key = this.keyed ? exprKey(e) : ''): string | undefined {
    return this.byKey.get(key)?.[0];
  }

  /** `target` was just redefined; record its new value `e` (or nothing if unknown). `key` = exprKey(e) when the caller has it. */
  define(target: string, e?: Expr, key?: string): void {
    this.kill(target);
    if (!e) return;
    for (const a of e.args) if (a.kind === 'var' && a.name === target) return;
    const k = this.keyed ? (key ?? exprKey(e)) : '';
    this.byTarget.set(target, { expr: e, key: k });
    if (e.op === 'load') this.loads.add(target);
    if (this.keyed) {
      const holders = this.byKey.get(k);
      if (holders) holders.push(target);
      else this.byKey.set(k, [target]);
    }
    for (const a of e.args) {
      if (a.kind !== 'var') continue;
      const us = this.users.get(a.name);
      if (us) us.push(target);
      else this.users.set(a.name, [target]);
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
    if (!this.keyed) return;
    const holders = this.byKey.get(entry.key)!;
    holders.splice(holders.indexOf(target), 1);
    if (holders.length === 0) this.byKey.delete(entry.key);
  }
}
