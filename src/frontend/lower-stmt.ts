/**
 * Statements → IR. The heart is `lowerSeq`, which lowers a statement list while keeping the IR
 * free of jumps:
 * - after a statement that always exits (return / break / continue on every path) the rest of
 *   the list is dead and dropped;
 * - `if (c) { …; return x; } rest` puts `rest` into the other branch, so early returns need no
 *   flag at all;
 * - after a statement that only sometimes exits, `rest` is wrapped in `if (flag) {} else { rest }`
 *   where the flag (brk / cont / done) is set by the exit.
 * Errors are collected per statement: a failing statement is reported and skipped, and lowering
 * goes on, so one run reports every error of the file.
 */
import { Builder } from '../ir/builder.js';
import { c, v, type Atom } from '../ir/types.js';
import { CompileError } from '../diagnostics.js';
import { alwaysExits, exitsOf, isLoop } from './lower-analysis.js';
import { at, childScope, fail, sub, type Binding, type Cx, type Es } from './lower-context.js';
import { lowerBreak, lowerContinue, lowerLoop, lowerSwitch, guardRest } from './lower-control.js';
import { lowerCond, lowerExpr, words } from './lower-expr.js';
import { lowerReturn } from './inline.js';
import { alwaysThrows, lowerThrow } from './lower-throw.js';
import { bindStatic, closure } from './lower-static.js';

export function lowerSeq(cx: Cx, b: Builder, stmts: Es[]): void {
  hoistFunctions(cx, stmts);
  let cur: Builder | null = b;
  for (let i = 0; i < stmts.length && cur; i++) {
    const s = stmts[i];
    const last = i === stmts.length - 1;
    if (!last && s.type === 'IfStatement' && alwaysExits(s.consequent) !== alwaysExits(s.alternate)) {
      cur = ifWithRest(cx, cur, s);
      continue;
    }
    safely(cx, () => lowerStmt(cx, cur!, s));
    if (alwaysExits(s)) return;
    if (!last) cur = guardRest(cx, cur, exitsOf(s));
  }
}

/** Function declarations in a block are visible from its start (JavaScript hoists them). */
function hoistFunctions(cx: Cx, stmts: Es[]): void {
  for (const s of stmts) {
    if (s.type === 'FunctionDeclaration' && s.id) cx.scope.vars.set(s.id.name, { kind: 'static', val: closure(cx, s) });
  }
}

/** Run `f`, turning a CompileError into reported diagnostics (the statement is skipped). */
export function safely(cx: Cx, f: () => void): void {
  try {
    f();
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    cx.L.diagnostics.push(...error.diagnostics);
  }
}

/** A statement in its own block scope. */
export function lowerNested(cx: Cx, b: Builder, s: Es | null | undefined): void {
  if (!s) return;
  lowerSeq(childScope(cx), b, s.type === 'BlockStatement' ? s.body : [s]);
}

/**
 * `if` with exactly one branch that always exits, followed by more statements: the rest goes into
 * the other branch. Returns the builder the rest continues in (null: the rest is dead).
 */
function ifWithRest(cx: Cx, b: Builder, s: Es): Builder | null {
  let cond: Atom;
  try {
    at(b, s);
    cond = lowerCond(cx, b, s.test);
  } catch (error) {
    if (!(error instanceof CompileError)) throw error;
    cx.L.diagnostics.push(...error.diagnostics);
    cond = v(cx.L.fresh('bool', 'c')); // keep lowering both branches to report their errors too
  }
  if (cond.kind === 'const') {
    const taken = cond.value ? s.consequent : s.alternate;
    lowerNested(cx, b, taken);
    return alwaysExits(taken) ? null : guardRest(cx, b, exitsOf(taken));
  }
  const tb = sub(b);
  const eb = sub(b);
  lowerNested(cx, tb, s.consequent);
  lowerNested(cx, eb, s.alternate);
  at(b, s);
  b.push({ kind: 'if', cond, then: tb.stmts, else: eb.stmts, loc: b.loc });
  // A branch that always throws never reaches what follows: the rest needs no guard.
  if (alwaysThrows(s.consequent)) return guardRest(cx, b, exitsOf(s.alternate));
  if (alwaysThrows(s.alternate)) return guardRest(cx, b, exitsOf(s.consequent));
  const thenExits = alwaysExits(s.consequent);
  return guardRest(cx, thenExits ? eb : tb, exitsOf(thenExits ? s.alternate : s.consequent));
}

export function lowerStmt(cx: Cx, b: Builder, s: Es): void {
  at(b, s);
  switch (s.type) {
    case 'ExpressionStatement':
      if (s.directive) return;
      lowerExpr(cx, b, s.expression, { discard: true });
      return;
    case 'VariableDeclaration':
      declare(cx, b, s);
      return;
    case 'BlockStatement':
      lowerSeq(childScope(cx), b, s.body);
      return;
    case 'EmptyStatement':
    case 'DebuggerStatement':
      return;
    case 'IfStatement':
      lowerIf(cx, b, s);
      return;
    case 'ReturnStatement':
      lowerReturn(cx, b, s);
      return;
    case 'BreakStatement':
      lowerBreak(cx, b, s);
      return;
    case 'ContinueStatement':
      lowerContinue(cx, b, s);
      return;
    case 'SwitchStatement':
      lowerSwitch(cx, b, s);
      return;
    case 'LabeledStatement':
      if (isLoop(s.body)) return lowerLoop(cx, b, s.body, s.label.name);
      if (s.body.type === 'SwitchStatement') return lowerSwitch(cx, b, s.body, s.label.name);
      return fail(s, 'unsupported', 'labeled statements are not supported (except on loops)');
    case 'ThrowStatement':
      return lowerThrow(b, s);
    case 'FunctionDeclaration':
      return; // hoisted: bound when its block started, inlined where it is called
    default:
      if (isLoop(s)) return lowerLoop(cx, b, s);
      return fail(s, 'unsupported', `${words(s)} is not supported`);
  }
}

function lowerIf(cx: Cx, b: Builder, s: Es): void {
  const cond = lowerCond(cx, b, s.test);
  if (cond.kind === 'const') {
    lowerNested(cx, b, cond.value ? s.consequent : s.alternate);
    return;
  }
  const tb = sub(b);
  const eb = sub(b);
  lowerNested(cx, tb, s.consequent);
  lowerNested(cx, eb, s.alternate);
  at(b, s);
  b.push({ kind: 'if', cond, then: tb.stmts, else: eb.stmts, loc: b.loc });
}

/**
 * `const`/`let`/`var`. A name never assigned after its declaration is bound straight to its
 * value when that value is a literal or another never-assigned variable (no IR variable, so
 * constants fold); otherwise it gets a fresh IR variable named after it, and the op computing the
 * initializer writes into it directly.
 */
export function declare(cx: Cx, b: Builder, s: Es): void {
  for (const d of s.declarations) {
    if (d.id.type !== 'Identifier') {
      cx.L.error(d.id, 'unsupported', 'destructuring is not supported');
      continue;
    }
    const name: string = d.id.name;
    const scope = s.kind === 'var' ? cx.scope.functionScope() : cx.scope;
    try {
      const existing = s.kind === 'var' ? scope.vars.get(name) : undefined;
      if (existing) redeclareVar(cx, b, d, existing);
      else scope.vars.set(name, bindDeclarator(cx, b, d, s.kind));
    } catch (error) {
      if (!(error instanceof CompileError)) throw error;
      cx.L.diagnostics.push(...error.diagnostics);
      // Keep the name declared (no follow-on "unknown variable"); an assignable variable, since
      // later code may assign it (an alias there would be an internal error). The IR is discarded.
      scope.vars.set(name, { kind: 'var', name: cx.L.fresh('f64', name), t: 'num', isConst: s.kind === 'const' });
    }
  }
}

function bindDeclarator(cx: Cx, b: Builder, d: Es, kind: string): Binding {
  const name: string = d.id.name;
  const L = cx.L;
  if (!d.init) {
    const irName = L.fresh('f64', name);
    b.copy(irName, c(0));
    return { kind: 'var', name: irName, t: 'num', isConst: false };
  }
  const fnName = d.init.type === 'ArrowFunctionExpression' || d.init.type === 'FunctionExpression' ? name : undefined;
  const val = fnName ? closure(cx, d.init, fnName) : lowerExpr(cx, b, d.init, { hint: name });
  at(b, d);
  if (val.t === 'arr') return { kind: 'arr', arr: val.arr };
  if (val.t === 'fn' || val.t === 'str') return bindStatic(val);
  if (val.t === 'void') return fail(d.init, 'type', `${name} is initialized with a call that returns no value`);
  const assigned = kind === 'var' || cx.inst.info.assigned.has(name);
  if (!assigned && (val.a.kind === 'const' || isSettled(cx, d.init))) return { kind: 'alias', atom: L.pin(val.a), t: val.t };
  if (val.a.kind === 'var' && L.owned.has(val.a.name)) {
    L.owned.delete(val.a.name);
    return { kind: 'var', name: val.a.name, t: val.t, isConst: kind === 'const' };
  }
  const irName = L.fresh(val.t === 'bool' ? 'bool' : 'f64', name);
  L.moveInto(b, irName, val.a);
  return { kind: 'var', name: irName, t: val.t, isConst: kind === 'const' };
}

/** An initializer that names a variable nobody reassigns (so aliasing it is safe). */
function isSettled(cx: Cx, init: Es): boolean {
  if (init.type !== 'Identifier' || cx.inst.info.assigned.has(init.name)) return false;
  const binding = cx.scope.lookup(init.name);
  return binding !== undefined && binding.kind !== 'arr';
}

/** `var x = …` again in the same function: an assignment. */
function redeclareVar(cx: Cx, b: Builder, d: Es, existing: Binding): void {
  if (!d.init) return;
  if (existing.kind !== 'var') return fail(d, 'unsupported', `cannot redeclare ${d.id.name}`);
  const val = lowerExpr(cx, b, d.init, { dest: existing.name });
  if (val.t !== existing.t) fail(d.init, 'type', `${d.id.name} changes type`);
  cx.L.moveInto(b, existing.name, (val as { a: Atom }).a);
}
