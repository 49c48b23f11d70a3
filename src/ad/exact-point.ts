/**
 * Exact-point branches: `if (x === 0) return c0; return c0 + x * (c1 + …)` (stdlib's generated
 * polynomial helpers), `x === 1 ? 3 : 3 * x`, `if (ax <= 0) …` with ax = |x|. At the one point
 * x = k the function takes a shortcut, and differentiating what ran there gives the shortcut's
 * derivative (0 for a constant), not the derivative of the formula used around it: besselj0
 * loses its derivative at exactly x = 8, erf its second derivative at x = ±1.
 *
 * This pass rewrites the function handed to the AD transforms (never the emitted primal):
 * - Provable shortcuts are dropped. When the shortcut and the general branch read nothing but
 *   x and constants, both run at x = k in the IR interpreter; if every value live after the
 *   branch is identical (Object.is), the function IS the general formula at k too, so the
 *   general branch alone is differentiated, and the value is unchanged bit for bit.
 * - Under `@smooth` (on the function or a helper it inlines) an unprovable shortcut keeps its
 *   value but takes its derivative from the general branch, run at k beside it on renamed
 *   variables: v = lin(stop(v), v′, 1) for every live value v (value of the shortcut,
 *   derivative of the general formula, at every order).
 * - Otherwise a located warning names the comparison (silenced by `@nowarn` or compile()'s
 *   `warnings: false`).
 * Comparisons `<`/`<=`/`>`/`>=` are kinks (each side is a formula on an open set), except where
 * x provably lies on one side of k (|y|, y·y, √y against 0, max(k, y), min(k, y)): there
 * `x <= k` is `x === k`. Comparisons with ±∞ are skipped (no derivative there to keep).
 */
import { type Diagnostic } from '../diagnostics.js';
import type { PointTags } from '../frontend/point-tags.js';
import { interpret } from '../ir/interp.js';
import { c, v, type Atom, type IRFunction, type Loc, type Stmt } from '../ir/types.js';
import { childBlocks, forEachStmt, operandsOf } from '../ir/walk.js';
import { defsDeep } from '../opt/walk.js';
import { analyzeActivity } from './activity.js';
import { freshName } from './ir-utils.js';

export interface ExactPointOptions {
  tags?: PointTags;
  /** Report unprovable exact-point branches (default true). */
  warn?: boolean;
}

export interface ExactPointResult {
  fn: IRFunction;
  warnings: Diagnostic[];
}

interface Candidate {
  x: string;
  k: number;
  shortcut: 'then' | 'else';
  loc: Loc;
  text: string;
}

type Live = () => Set<string>;

export function exactPoints(fn: IRFunction, wrt: readonly string[], options: ExactPointOptions = {}): ExactPointResult {
  const results = fn.results.flatMap((a) => (a.kind === 'var' ? [a.name] : []));
  const varied = analyzeActivity(fn, wrt, results).varied;
  const warnings: Diagnostic[] = [];
  const work: IRFunction = { ...fn, vars: new Map(fn.vars) };
  const inside = (ranges: readonly Loc[] | undefined, loc: Loc) => (ranges ?? []).some((r) => loc.start >= r.start && loc.end <= r.end);
  const decide = (s: Stmt & { kind: 'if' }, cand: Candidate, live: Set<string>): Stmt[] => {
    const [S, G] = cand.shortcut === 'then' ? [s.then, s.else] : [s.else, s.then];
    if (provablySame(work, S, G, cand, live)) return G;
    if (inside(options.tags?.smooth, cand.loc)) {
      const smooth = smoothed(work, s, cand, live);
      if (smooth) return [smooth];
      warnings.push(warning(cand, `@smooth cannot apply to ${cand.text}: a branch writes arrays; the derivative at that point is the shortcut's`));
    } else if (options.warn !== false && !inside(options.tags?.nowarn, cand.loc)) {
      const taken = cand.shortcut === 'then' ? 'then' : 'else';
      warnings.push(warning(cand, `${cand.text} selects a different formula at one point: there the derivative is that of the ${taken} branch, not of the formula used around it. Tag the function @smooth to differentiate the general formula at that point (the value stays the shortcut's), or @nowarn to silence this`));
    }
    return [s];
  };
  const rewrite = (block: Stmt[], after: Live): Stmt[] => {
    const out: Stmt[] = [];
    block.forEach((s, i) => {
      const live = lazy(() => union(after(), readsDeep(block.slice(i + 1))));
      if (s.kind === 'if') {
        const stmt = { ...s, then: rewrite(s.then, live), else: rewrite(s.else, live) };
        const cand = candidate(work, block, i, varied);
        out.push(...(cand ? decide(stmt, cand, live()) : [stmt]));
      } else if (s.kind === 'for' || s.kind === 'while') {
        // Inside a loop, whatever the loop reads may be read again after this statement.
        const inLoop = lazy(() => union(live(), readsDeep([s])));
        out.push(s.kind === 'for' ? { ...s, body: rewrite(s.body, inLoop) } : { ...s, test: rewrite(s.test, inLoop), body: rewrite(s.body, inLoop) });
      } else {
        out.push(s);
      }
    });
    return out;
  };
  const body = rewrite(fn.body, () => new Set(results));
  const seen = new Set<string>();
  const unique = warnings.filter((w) => !seen.has(`${w.start}:${w.end}`) && seen.add(`${w.start}:${w.end}`));
  return { fn: { ...work, body }, warnings: unique };
}

const FLIP: Record<string, string> = { eq: 'eq', ne: 'ne', lt: 'gt', gt: 'lt', le: 'ge', ge: 'le' };
const SYMBOL: Record<string, string> = { eq: '===', ne: '!==', lt: '<', gt: '>', le: '<=', ge: '>=' };

/** The comparison of an active value with a finite constant that `block[i]` (an if) tests. */
function candidate(fn: IRFunction, block: Stmt[], i: number, varied: Set<string>): Candidate | undefined {
  const s = block[i];
  if (s.kind !== 'if' || s.cond.kind !== 'var') return undefined;
  const j = lastDef(block, i, s.cond.name);
  const def = block[j];
  if (!def || def.kind !== 'assign' || !(def.op in FLIP)) return undefined;
  let [a, b] = def.args;
  let op = def.op;
  if (a.kind === 'const') [a, b, op] = [b, a, FLIP[op]];
  if (a.kind !== 'var' || b.kind !== 'const' || typeof b.value !== 'number' || !Number.isFinite(b.value)) return undefined;
  const x = a.name;
  const k = b.value;
  if (fn.vars.get(x)?.type !== 'f64' || !varied.has(x)) return undefined;
  for (let m = j + 1; m < i; m++) if (defsDeep([block[m]]).has(x)) return undefined;
  const side = oneSided(block, j, x, k);
  const shortcut = op === 'eq' || (op === 'le' && side === 'ge') || (op === 'ge' && side === 'le') ? 'then'
    : op === 'ne' || (op === 'gt' && side === 'ge') || (op === 'lt' && side === 'le') ? 'else' : undefined;
  if (!shortcut) return undefined;
  const name = fn.vars.get(x)?.hint ?? x;
  return { x, k, shortcut, loc: def.loc, text: `the comparison ${name} ${SYMBOL[op]} ${k}` };
}

/** Index of the last statement before `i` in `block` that defines `name` (-1 if none). */
function lastDef(block: Stmt[], i: number, name: string): number {
  for (let j = i - 1; j >= 0; j--) if (defsDeep([block[j]]).has(name)) return j;
  return -1;
}

/** 'ge' when x ≥ k wherever it is a number (|y| ≥ 0, max(k, y) ≥ k, …), 'le' for ≤. */
function oneSided(block: Stmt[], j: number, x: string, k: number): 'ge' | 'le' | undefined {
  const def = block[lastDef(block, j, x)];
  if (!def || def.kind !== 'assign') return undefined;
  const hasK = def.args.some((a) => a.kind === 'const' && a.value === k);
  const square = def.op === 'mul' && def.args[0].kind === 'var' && def.args[1]?.kind === 'var' && def.args[0].name === def.args[1].name;
  if (k === 0 && (def.op === 'abs' || def.op === 'sqrt' || square)) return 'ge';
  if (def.op === 'max' && hasK) return 'ge';
  if (def.op === 'min' && hasK) return 'le';
  return undefined;
}

/** Both branches read only x and constants, and agree at x = k on every live value. */
function provablySame(fn: IRFunction, S: Stmt[], G: Stmt[], cand: Candidate, live: Set<string>): boolean {
  const rs = runAt(fn, S, cand);
  const rg = rs && runAt(fn, G, cand);
  if (!rs || !rg) return false;
  for (const name of union(defsDeep(S), defsDeep(G))) {
    if (!live.has(name)) continue;
    const [a, b] = [rs.get(name), rg.get(name)];
    if (typeof a !== 'number' || typeof b !== 'number' || !(Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b)))) return false;
  }
  return true;
}

/** The values a block leaves (its definitions and x) when run alone at x = k; undefined if it reads anything else. */
function runAt(fn: IRFunction, block: Stmt[], { x, k }: Candidate): Map<string, unknown> | undefined {
  if (!closedOver(block, x)) return undefined;
  const names = [x, ...[...defsDeep(block)].filter((n) => n !== x)];
  const vars = new Map(names.map((n) => [n, fn.vars.get(n) ?? { name: n, type: 'f64' as const }]));
  try {
    const values = interpret({ name: 'point', params: [x], vars, body: block, results: names.map(v), loc: fn.loc }, [k]);
    return new Map(names.map((n, i) => [n, values[i]]));
  } catch {
    return undefined; // an op the interpreter cannot run here (a call of a package function)
  }
}

/** Every variable the block reads is x or was assigned earlier in it; no arrays, no tape, no while. */
function closedOver(block: Stmt[], x: string): boolean {
  const known = new Set([x]);
  let ok = true;
  const visit = (stmts: Stmt[]) => {
    for (const s of stmts) {
      if (!ok) return;
      if (!['assign', 'if', 'for'].includes(s.kind)) return void (ok = false);
      if (operandsOf(s).some((a) => a.kind === 'var' && !known.has(a.name))) return void (ok = false);
      if (s.kind === 'for') known.add(s.index);
      childBlocks(s).forEach(visit);
      if (s.kind === 'assign') known.add(s.target);
    }
  };
  visit(block);
  return ok;
}

/**
 * `if q {S} else {G}` (shortcut S) as `if q {G′; S; v = lin(stop(v), v′, 1) …} else {G}`: G′ is
 * G on fresh names, so on the shortcut's path every live value keeps the shortcut's value and
 * takes the general formula's derivative. Undefined where a branch writes arrays.
 */
function smoothed(fn: IRFunction, s: Stmt & { kind: 'if' }, cand: Candidate, live: Set<string>): Stmt | undefined {
  const [S, G] = cand.shortcut === 'then' ? [s.then, s.else] : [s.else, s.then];
  const writesArrays = (b: Stmt[]) => { let w = false; forEachStmt(b, (t) => (w ||= ['store', 'alloc', 'push', 'pop'].includes(t.kind))); return w; };
  if (writesArrays(S) || writesArrays(G)) return undefined;
  const renamed = new Map<string, string>();
  for (const name of defsDeep(G)) renamed.set(name, freshName(fn, fn.vars.get(name)?.type ?? 'f64', fn.vars.get(name)?.hint ?? name));
  const loc = s.loc;
  const copies: Stmt[] = [...renamed].filter(([n]) => fn.vars.get(n)?.type !== 'int[]' && fn.vars.get(n)?.type !== 'f64[]')
    .map(([from, to]) => ({ kind: 'assign', target: to, op: 'copy', args: [v(from)], loc }));
  const joins: Stmt[] = [];
  for (const name of union(defsDeep(S), defsDeep(G))) {
    if (!live.has(name) || fn.vars.get(name)?.type !== 'f64' || !renamed.has(name)) continue;
    const held = freshName(fn, 'f64', 'held');
    joins.push({ kind: 'assign', target: held, op: 'stop', args: [v(name)], loc });
    joins.push({ kind: 'assign', target: name, op: 'lin', args: [v(held), v(renamed.get(name)!), c(1)], loc });
  }
  const shortcutPath = [...copies, ...renameBlock(G, renamed), ...S, ...joins];
  return cand.shortcut === 'then' ? { ...s, then: shortcutPath } : { ...s, else: shortcutPath };
}

function renameBlock(block: Stmt[], names: Map<string, string>): Stmt[] {
  const n = (name: string) => names.get(name) ?? name;
  const a = (atom: Atom): Atom => (atom.kind === 'var' ? v(n(atom.name)) : atom);
  return block.map((s): Stmt => {
    switch (s.kind) {
      case 'assign': return { ...s, target: n(s.target), args: s.args.map(a) };
      case 'load': return { ...s, target: n(s.target), array: n(s.array), index: a(s.index) };
      case 'if': return { ...s, cond: a(s.cond), then: renameBlock(s.then, names), else: renameBlock(s.else, names) };
      case 'for': return { ...s, index: n(s.index), start: a(s.start), end: a(s.end), body: renameBlock(s.body, names) };
      case 'while': return { ...s, test: renameBlock(s.test, names), cond: a(s.cond), body: renameBlock(s.body, names) };
      default: return s;
    }
  });
}

function warning(cand: Candidate, message: string): Diagnostic {
  return { code: 'exact-point', message, start: cand.loc.start, end: cand.loc.end, severity: 'warning' } as Diagnostic;
}

function readsDeep(block: Stmt[]): Set<string> {
  const out = new Set<string>();
  forEachStmt(block, (s) => operandsOf(s).forEach((a) => a.kind === 'var' && out.add(a.name)));
  return out;
}

const union = <T>(a: Iterable<T>, b: Iterable<T>): Set<T> => new Set([...a, ...b]);

function lazy<T>(f: () => T): () => T {
  let value: T | undefined;
  let done = false;
  return () => (done ? (value as T) : ((done = true), (value = f())));
}
