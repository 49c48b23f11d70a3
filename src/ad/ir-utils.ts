/**
 * Small IR helpers shared by the AD passes: deep copies (the passes never mutate their input, and
 * every statement object of a produced function is distinct, because the analyses key maps by
 * statement identity), the variables a statement reads and defines, and a tracking Builder
 * that remembers which temporaries it created (a temporary is assigned at exactly one place, so
 * the passes may alias other values to it).
 */
import { Builder } from '../ir/builder.js';
import {
  assertNever, c, type Atom, type ForStmt, type IRFunction, type Stmt, type Type, type VarDecl,
} from '../ir/types.js';

// Traversal and deep copies are shared with every other pass (src/ir/walk.ts).
export { childBlocks, cloneAtom, cloneBlock, cloneFunction, cloneStmt, forEachStmt as walk, operandsOf as readsOf } from '../ir/walk.js';

/** The variable a statement (re)defines, if any; a `for` defines its index (reported separately). */
export function defOf(s: Stmt): string | undefined {
  return s.kind === 'assign' || s.kind === 'load' || s.kind === 'pop' || s.kind === 'alloc' ? s.target : undefined;
}

export const isZero = (a: Atom): boolean => a.kind === 'const' && a.value === 0;
export const varName = (a: Atom): string | undefined => (a.kind === 'var' ? a.name : undefined);

const nextSuffix = new WeakMap<IRFunction, Map<string, number>>();

/**
 * builder.ts's freshVar naming (`hint`, `hint_1`, …), but remembering where the search for each
 * hint stopped: the AD passes create tens of thousands of temporaries in big functions, and
 * probing from `_1` every time is quadratic. (A name freed by a deletion is not reused.)
 */
export function freshName(fn: IRFunction, type: Type, hint = 't'): string {
  let byHint = nextSuffix.get(fn);
  if (!byHint) nextSuffix.set(fn, (byHint = new Map()));
  let i = byHint.get(hint) ?? 0;
  let name = i === 0 ? hint : `${hint}_${i}`;
  while (fn.vars.has(name)) name = `${hint}_${++i}`;
  byHint.set(hint, i + 1);
  fn.vars.set(name, { name, type, hint });
  return name;
}

/** A Builder that records the temporaries it creates in a shared set. */
export class TrackingBuilder extends Builder {
  constructor(fn: IRFunction, readonly temps: Set<string>) {
    super(fn);
  }

  override fresh(type: Type, hint = 't'): string {
    const name = freshName(this.fn, type, hint);
    this.temps.add(name);
    return name;
  }

  /** `target = array[index]` into a fresh temporary. */
  load(array: string, index: Atom, type: Type = 'f64', hint = 't'): Atom {
    const target = this.fresh(type, hint);
    this.push({ kind: 'load', target, array, index, loc: this.loc });
    return { kind: 'var', name: target };
  }

  store(array: string, index: Atom, value: Atom): void {
    this.push({ kind: 'store', array, index, value, loc: this.loc });
  }

  /** `for i = 0 .. len(array) step 1 { array[i] = 0 }`: fill an array with zeros. */
  zeroFill(array: string): void {
    const n = this.op('len', [{ kind: 'var', name: array }], 'int', 'n');
    const i = this.fresh('int', 'i');
    const body: Stmt[] = [{ kind: 'store', array, index: { kind: 'var', name: i }, value: c(0), loc: this.loc }];
    this.push({ kind: 'for', index: i, start: c(0), end: n, step: 1, body, loc: this.loc });
  }

  /** Run `emit` against a fresh statement list (same function, same temp set) and return it. */
  nested(emit: (b: TrackingBuilder) => void): Stmt[] {
    const inner = new TrackingBuilder(this.fn, this.temps);
    inner.loc = this.loc;
    emit(inner);
    return inner.stmts;
  }
}

/** Append to a list in a map of lists. */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** True when `s` is `for i = 0 .. n step 1 { array[i] = 0 }` (as zeroFill emits it). */
export function isZeroFillOf(s: Stmt, array: string): s is ForStmt {
  if (s.kind !== 'for' || s.step !== 1 || s.start.kind !== 'const' || s.start.value !== 0 || s.body.length !== 1) return false;
  const st = s.body[0];
  return st.kind === 'store' && st.array === array && st.index.kind === 'var' && st.index.name === s.index && isZero(st.value);
}
