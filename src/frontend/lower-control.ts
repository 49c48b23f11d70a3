/**
 * Loops, switch, break / continue, and the guards that replace jumps.
 *
 * Counted loops — `for (let i = A; i < B | i <= B | i > B | i >= B; i++ | i-- | i += K | i -= K)`
 * whose body never assigns `i`, never breaks or returns, and cannot change B — become an IR `for`
 * (B evaluated once, `<=` turned into `< B + 1`). The reverse pass runs those backwards without a
 * tape. Everything else becomes an IR `while`:
 *   for (init; cond; upd) body  →  init; while { c = !brk && !done && cond } c do {
 *                                     cont = false; body′; if (brk || done) {} else { upd } }
 *   do body while (cond)        →  go = true; while {} go do { body′; go = !brk && !done && cond }
 * with `brk`, `cont`, `done` only where the body can break, continue or return. Inside a body
 * `break` sets `brk`, `continue` sets `cont`, and the statements after them are guarded (see
 * lower-stmt.ts); a counted loop with `continue` keeps its IR `for` and resets `cont` per
 * iteration. Whether a counted loop's index is int is only known after type inference:
 * infer-types.ts turns it back into a `while` when its start may carry a derivative.
 * `for (const x of arr)` is a counted loop over the indices. A `switch` becomes an if-chain on
 * `===` (default last); fall-through between non-empty cases is rejected. Labels are accepted
 * when `break`/`continue` target the innermost loop or switch anyway.
 */
import type { Builder } from '../ir/builder.js';
import { c, v, type Atom, type ForStmt } from '../ir/types.js';
import { docCheckpoint, loopCheckpoint } from './checkpoint-tag.js';
import { alwaysExits, assignedNames, exitsOf, type Exit } from './lower-analysis.js';
import { at, childScope, fail, sub, type Cx, type Es, type Frame } from './lower-context.js';
import { lowerArr, lowerCond, lowerExpr, lowerNum, not, shortCircuit } from './lower-expr.js';
import { declare, lowerNested, lowerSeq } from './lower-stmt.js';

/** Where the rest of a statement list continues after a statement with these exits. */
export function guardRest(cx: Cx, b: Builder, exits: Set<Exit>): Builder {
  const flags = exitFlags(cx, exits);
  if (flags.length === 0) return b;
  const rest = sub(b);
  b.push({ kind: 'if', cond: anyOf(cx, b, flags), then: [], else: rest.stmts, loc: b.loc });
  return rest;
}

function exitFlags(cx: Cx, exits: Set<Exit>): string[] {
  const frames = cx.inst.frames;
  const flags: string[] = [];
  if (exits.has('break')) flags.push(frames[frames.length - 1]?.brk ?? '');
  if (exits.has('continue')) flags.push(innermostLoop(cx)?.cont ?? '');
  if (exits.has('return')) flags.push(cx.inst.slot.done ?? '');
  if (flags.includes('')) throw new Error('internal: exit without a flag');
  return flags;
}

function anyOf(cx: Cx, b: Builder, flags: string[]): Atom {
  let acc: Atom = v(flags[0]);
  for (const f of flags.slice(1)) acc = cx.L.op(b, 'or', [acc, v(f)], 'bool');
  return acc;
}

function innermostLoop(cx: Cx): Frame | undefined {
  return [...cx.inst.frames].reverse().find((f) => f.kind === 'loop');
}

export function lowerBreak(cx: Cx, b: Builder, s: Es): void {
  const frame = cx.inst.frames[cx.inst.frames.length - 1];
  if (!frame?.brk) return fail(s, 'unsupported', 'break outside a loop or switch');
  if (s.label && frame.label !== s.label.name) {
    return fail(s, 'unsupported', 'break to an outer label is not supported (only the innermost loop or switch)');
  }
  b.copy(frame.brk, c(true));
}

export function lowerContinue(cx: Cx, b: Builder, s: Es): void {
  const frame = innermostLoop(cx);
  if (!frame?.cont) return fail(s, 'unsupported', 'continue outside a loop');
  if (s.label && frame.label !== s.label.name) {
    return fail(s, 'unsupported', 'continue to an outer label is not supported (only the innermost loop)');
  }
  b.copy(frame.cont, c(true));
}

export function lowerLoop(cx: Cx, b: Builder, s: Es, label?: string): void {
  switch (s.type) {
    case 'ForStatement':
      return lowerFor(cx, b, s, label);
    case 'WhileStatement':
      return loop(cx, b, s.body, label, { test: (tb) => lowerCond(cx, tb, s.test) });
    case 'DoWhileStatement':
      return loop(cx, b, s.body, label, { test: (tb) => lowerCond(cx, tb, s.test), doWhile: true });
    case 'ForOfStatement':
      return lowerForOf(cx, b, s, label);
    default:
      return fail(s, 'unsupported', 'for-in loops are not supported');
  }
}

interface LoopParts {
  test?: (tb: Builder) => Atom;
  update?: (ub: Builder) => void;
  /** Runs at the start of every iteration (for-of binds its element here). */
  prologue?: (lb: Builder, bodyCx: Cx) => Cx;
  doWhile?: boolean;
}

/** The general loop: an IR `while` with flags for break / continue / return. */
function loop(cx: Cx, b: Builder, body: Es, label: string | undefined, parts: LoopParts): void {
  const L = cx.L;
  const exits = exitsOf(body);
  const frame: Frame = { kind: 'loop', label };
  if (exits.has('break')) frame.brk = L.flag(b, 'brk');
  if (exits.has('continue')) {
    frame.cont = L.fresh('bool', 'cont');
    L.flags.add(frame.cont);
  }
  const stops = [frame.brk, exits.has('return') ? cx.inst.slot.done : undefined].filter((f): f is string => !!f);
  const keepGoing = (tb: Builder): Atom => {
    const stop = stops.length ? not(cx, tb, anyOf(cx, tb, stops)) : c(true);
    return parts.test ? shortCircuit(cx, tb, 'and', stop, parts.test) : stop;
  };
  const loc = b.loc;
  const lb = sub(b);
  let go: string | undefined;
  if (parts.doWhile) {
    go = L.fresh('bool', 'go');
    b.copy(go, c(true));
  }
  const tb = sub(b);
  const cond = parts.doWhile ? v(go!) : keepGoing(tb);
  if (frame.cont) lb.copy(frame.cont, c(false));
  const bodyCx = parts.prologue ? parts.prologue(lb, childScope(cx)) : cx;
  withFrame(cx, frame, () => lowerNested(bodyCx, lb, body));
  lb.loc = loc;
  if (parts.update) updateAfter(cx, lb, stops, parts.update);
  if (parts.doWhile) L.moveInto(lb, go!, keepGoing(lb));
  b.loc = loc;
  b.push({ kind: 'while', test: tb.stmts, cond, body: lb.stmts, loc });
}

/** Run the update unless the body broke out or returned. */
function updateAfter(cx: Cx, lb: Builder, stops: string[], update: (ub: Builder) => void): void {
  if (stops.length === 0) return update(lb);
  const ub = sub(lb);
  update(ub);
  lb.push({ kind: 'if', cond: anyOf(cx, lb, stops), then: [], else: ub.stmts, loc: lb.loc });
}

function withFrame(cx: Cx, frame: Frame, f: () => void): void {
  cx.inst.frames.push(frame);
  try {
    f();
  } finally {
    cx.inst.frames.pop();
  }
}

function lowerFor(cx: Cx, b: Builder, s: Es, label?: string): void {
  const loopCx = childScope(cx);
  const counted = countedForm(s);
  if (counted) return lowerCounted(loopCx, b, s, counted, label);
  if (s.init?.type === 'VariableDeclaration') declare(loopCx, b, s.init);
  else if (s.init) lowerEffects(loopCx, b, s.init);
  loop(loopCx, b, s.body, label, {
    test: s.test ? (tb) => lowerCond(loopCx, tb, s.test) : undefined,
    update: s.update ? (ub) => lowerEffects(loopCx, ub, s.update) : undefined,
  });
}

/** An expression evaluated for its effects (sequences allowed, as in for-init and for-update). */
function lowerEffects(cx: Cx, b: Builder, e: Es): void {
  if (e.type === 'SequenceExpression') e.expressions.forEach((x: Es) => lowerEffects(cx, b, x));
  else lowerExpr(cx, b, e, { discard: true });
}

interface Counted {
  name: string;
  init: Es;
  cmp: 'lt' | 'le' | 'gt' | 'ge';
  bound: Es;
  step: number;
}

const FLIP: Record<string, string> = { '<': '>', '<=': '>=', '>': '<', '>=': '<=' };
const CMP: Record<string, Counted['cmp']> = { '<': 'lt', '<=': 'le', '>': 'gt', '>=': 'ge' };

/** The pieces of a counted loop, or null when the for statement is not one. */
function countedForm(s: Es): Counted | null {
  const init = s.init;
  if (init?.type !== 'VariableDeclaration' || init.kind !== 'let' || init.declarations.length !== 1) return null;
  const d = init.declarations[0];
  if (d.id.type !== 'Identifier' || !d.init) return null;
  const name: string = d.id.name;
  const test = s.test;
  if (test?.type !== 'BinaryExpression' || !FLIP[test.operator]) return null;
  const isName = (e: Es) => e.type === 'Identifier' && e.name === name;
  const [op, bound] = isName(test.left) ? [test.operator, test.right] : isName(test.right) ? [FLIP[test.operator], test.left] : [];
  if (!op || !bound) return null;
  const step = stepOf(s.update, name);
  if (!step || (step > 0) !== (op === '<' || op === '<=')) return null;
  const bodyAssigns = assignedNames(s.body);
  const exits = exitsOf(s.body);
  if (bodyAssigns.has(name) || exits.has('break') || exits.has('return')) return null;
  if (!invariant(bound, bodyAssigns, name)) return null;
  return { name, init: d.init, cmp: CMP[op], bound, step };
}

/** The integer step of `i++`, `i--`, `i += K`, `i -= K`, `i = i + K`, `i = i - K`. */
function stepOf(update: Es | null, name: string): number | null {
  if (!update) return null;
  if (update.type === 'UpdateExpression' && update.argument.type === 'Identifier' && update.argument.name === name) {
    return update.operator === '++' ? 1 : -1;
  }
  if (update.type !== 'AssignmentExpression' || update.left.type !== 'Identifier' || update.left.name !== name) return null;
  let k: number | null = null;
  let sign = 0;
  if (update.operator === '+=' || update.operator === '-=') {
    k = intLiteral(update.right);
    sign = update.operator === '+=' ? 1 : -1;
  } else if (update.operator === '=' && update.right.type === 'BinaryExpression' && ['+', '-'].includes(update.right.operator)) {
    const r = update.right;
    if (r.left.type !== 'Identifier' || r.left.name !== name) return null;
    k = intLiteral(r.right);
    sign = r.operator === '+' ? 1 : -1;
  }
  return k ? sign * k : null;
}

function intLiteral(e: Es): number | null {
  if (e.type === 'Literal' && Number.isInteger(e.value)) return e.value;
  if (e.type === 'UnaryExpression' && e.operator === '-') {
    const k = intLiteral(e.argument);
    return k === null ? null : -k;
  }
  return null;
}

/** True when the bound can be evaluated once: arithmetic on variables the body never assigns. */
function invariant(e: Es, bodyAssigns: Set<string>, index: string): boolean {
  const ok = (x: Es) => invariant(x, bodyAssigns, index);
  switch (e.type) {
    case 'Literal':
      return typeof e.value === 'number';
    case 'Identifier':
      return !bodyAssigns.has(e.name) && e.name !== index;
    case 'BinaryExpression':
      return ok(e.left) && ok(e.right);
    case 'UnaryExpression':
      return ok(e.argument);
    case 'ParenthesizedExpression':
      return ok(e.expression);
    case 'MemberExpression':
      return !e.computed && e.object.type === 'Identifier' && (['Math', 'Number'].includes(e.object.name) || ok(e.object));
    case 'CallExpression':
      return e.callee.type === 'MemberExpression' && e.callee.object.name === 'Math' && e.arguments.every(ok);
    default:
      return false;
  }
}

function lowerCounted(cx: Cx, b: Builder, s: Es, k: Counted, label?: string): void {
  const L = cx.L;
  const start = lowerNum(cx, b, k.init);
  const bound = lowerNum(cx, b, k.bound);
  at(b, s);
  let end = bound;
  if (k.cmp === 'le' || k.cmp === 'ge') {
    const adjusted = bound.kind === 'const' ? c(k.cmp === 'le' ? Math.floor(bound.value as number) : Math.ceil(bound.value as number)) : bound;
    end = L.op(b, k.cmp === 'le' ? 'add' : 'sub', [adjusted, c(1)]);
  }
  const endStmt = end.kind === 'var' && end !== bound ? b.stmts[b.stmts.length - 1] : undefined;
  const index = L.fresh('int', k.name);
  const bodyCx = childScope(cx);
  bodyCx.scope.vars.set(k.name, { kind: 'var', name: index, t: 'num', isConst: false, readonly: `cannot assign the loop counter ${k.name}` });
  const frame: Frame = { kind: 'loop', label };
  const lb = sub(b);
  if (exitsOf(s.body).has('continue')) {
    frame.cont = L.fresh('bool', 'cont');
    L.flags.add(frame.cont);
    lb.copy(frame.cont, c(false));
  }
  withFrame(cx, frame, () => lowerNested(bodyCx, lb, s.body));
  const stmt: ForStmt = { kind: 'for' as const, index, start, end, step: k.step, body: lb.stmts, loc: b.loc };
  const checkpoint = checkpointOf(cx, s);
  if (checkpoint !== undefined) stmt.checkpoint = checkpoint;
  b.push(stmt);
  L.fors.push({ stmt, block: b.stmts, cmp: k.cmp, bound, endStmt });
}

/** A `@checkpoint` tag before the loop, or in the function's JSDoc for an outermost loop. */
function checkpointOf(cx: Cx, s: Es): number | undefined {
  const own = loopCheckpoint(cx.L.mod.source, s.start);
  if (own !== undefined || cx.inst.frames.some((f) => f.kind === 'loop')) return own;
  return docCheckpoint(cx.inst.info.doc);
}

/** `for (const x of arr)`: a counted loop over the indices (a while loop if the body breaks or returns). */
function lowerForOf(cx: Cx, b: Builder, s: Es, label?: string): void {
  const L = cx.L;
  const left: Es = s.left;
  if (left.type !== 'VariableDeclaration' || left.declarations[0].id.type !== 'Identifier') {
    return fail(left, 'unsupported', 'for-of needs a new variable: for (const x of array)');
  }
  const name: string = left.declarations[0].id.name;
  const arr = lowerArr(cx, b, s.right);
  at(b, s);
  const n = L.op(b, 'len', [v(arr.name)]);
  const bindElement = (lb: Builder, bodyCx: Cx, k: Atom): Cx => {
    const x = L.fresh('f64', name);
    lb.push({ kind: 'load', target: x, array: arr.name, index: k, loc: lb.loc });
    bodyCx.scope.vars.set(name, { kind: 'var', name: x, t: 'num', isConst: left.kind === 'const' });
    return bodyCx;
  };
  const exits = exitsOf(s.body);
  if (!exits.has('break') && !exits.has('return')) {
    const index = L.fresh('int', 'k');
    const frame: Frame = { kind: 'loop', label };
    const lb = sub(b);
    if (exits.has('continue')) {
      frame.cont = L.fresh('bool', 'cont');
      L.flags.add(frame.cont);
      lb.copy(frame.cont, c(false));
    }
    const bodyCx = bindElement(lb, childScope(cx), v(index));
    withFrame(cx, frame, () => lowerNested(bodyCx, lb, s.body));
    b.push({ kind: 'for', index, start: c(0), end: n, step: 1, body: lb.stmts, loc: b.loc });
    return;
  }
  const k = L.fresh('f64', 'k');
  b.copy(k, c(0));
  loop(cx, b, s.body, label, {
    test: (tb) => L.op(tb, 'lt', [v(k), n], 'bool'),
    prologue: (lb, bodyCx) => bindElement(lb, bodyCx, v(k)),
    update: (ub) => L.moveInto(ub, k, L.op(ub, 'add', [v(k), c(1)])),
  });
}

interface CaseGroup {
  tests: Es[];
  isDefault: boolean;
  body: Es[];
  node: Es;
}

/** `switch` → if-chain on `===`, default last. Empty cases share the next case's body. */
export function lowerSwitch(cx: Cx, b: Builder, s: Es, label?: string): void {
  const groups = caseGroups(s);
  const disc = lowerExpr(cx, b, s.discriminant);
  if (disc.t !== 'num' && disc.t !== 'bool') return fail(s.discriminant, 'type', 'switch needs a number');
  const frame: Frame = { kind: 'switch', label };
  if (groups.some((g) => g.body.some((x) => exitsOf(x).has('break')))) frame.brk = cx.L.flag(b, 'brk');
  const switchCx = childScope(cx);
  const ordered = [...groups.filter((g) => !g.isDefault), ...groups.filter((g) => g.isDefault)];
  withFrame(cx, frame, () => chain(switchCx, b, disc as { t: string; a: Atom }, ordered, 0));
}

function caseGroups(s: Es): CaseGroup[] {
  const groups: CaseGroup[] = [];
  let pending: CaseGroup = { tests: [], isDefault: false, body: [], node: s };
  s.cases.forEach((sc: Es, i: number) => {
    if (sc.test) pending.tests.push(sc.test);
    else pending.isDefault = true;
    if (sc.consequent.length === 0 && i < s.cases.length - 1) return;
    pending.body = sc.consequent;
    pending.node = sc;
    const isLast = i === s.cases.length - 1;
    if (!isLast && !alwaysExits({ type: 'BlockStatement', body: sc.consequent, start: sc.start, end: sc.end })) {
      fail(sc, 'unsupported', 'switch fall-through is not supported (end each case with break or return)');
    }
    groups.push(pending);
    pending = { tests: [], isDefault: false, body: [], node: s };
  });
  return groups;
}

function chain(cx: Cx, b: Builder, disc: { t: string; a: Atom }, groups: CaseGroup[], i: number): void {
  if (i === groups.length) return;
  const g = groups[i];
  if (g.isDefault) return lowerSeq(cx, b, g.body);
  at(b, g.node);
  const matches = (sb: Builder, test: Es): Atom => {
    const val = lowerExpr(cx, sb, test);
    if (val.t !== disc.t) fail(test, 'type', 'case values must have the type of the switch value');
    return cx.L.op(sb, 'eq', [disc.a, (val as { a: Atom }).a], 'bool');
  };
  let cond = matches(b, g.tests[0]);
  for (const t of g.tests.slice(1)) cond = shortCircuit(cx, b, 'or', cond, (sb) => matches(sb, t));
  const tb = sub(b);
  const eb = sub(b);
  lowerSeq(cx, tb, g.body);
  chain(cx, eb, disc, groups, i + 1);
  b.push({ kind: 'if', cond, then: tb.stmts, else: eb.stmts, loc: b.loc });
}
