/**
 * Syntactic analyses the lowering uses to choose a strategy before emitting anything: which
 * abrupt exits (break / continue / return) can leave a statement, whether a statement always
 * exits, which names a body assigns, and a generic child walk over ESTree nodes.
 *
 * They look only at syntax (no scopes, no types), so they are conservative: a name assigned in a
 * nested block counts as assigned everywhere. There are no nested functions to worry about (the
 * fence rejects them).
 */
import type { Es } from './lower-context.js';

export type Exit = 'break' | 'continue' | 'return';

const SKIP = new Set(['type', 'start', 'end', 'loc', 'range']);

/** The ESTree nodes directly below `node`, in source order. */
export function children(node: Es): Es[] {
  const out: Es[] = [];
  for (const key of Object.keys(node)) {
    if (SKIP.has(key) || key.startsWith('adgen')) continue;
    const value = node[key];
    if (Array.isArray(value)) {
      for (const item of value) if (item && typeof item.type === 'string') out.push(item);
    } else if (value && typeof value === 'object' && typeof value.type === 'string') {
      out.push(value);
    }
  }
  return out;
}

/** Depth-first walk; `visit` returning false skips the node's children. */
export function walk(node: Es, visit: (n: Es) => boolean | void): void {
  if (visit(node) === false) return;
  for (const child of children(node)) walk(child, visit);
}

const LOOPS = new Set(['WhileStatement', 'DoWhileStatement', 'ForStatement', 'ForOfStatement', 'ForInStatement']);

export const isLoop = (node: Es): boolean => LOOPS.has(node.type);

/** The exits that may leave `stmt` (a break inside a nested loop does not leave it). */
export function exitsOf(stmt: Es | null | undefined): Set<Exit> {
  const out = new Set<Exit>();
  if (!stmt) return out;
  switch (stmt.type) {
    case 'ReturnStatement':
      out.add('return');
      break;
    case 'BreakStatement':
      out.add('break');
      break;
    case 'ContinueStatement':
      out.add('continue');
      break;
    case 'BlockStatement':
      for (const s of stmt.body) for (const e of exitsOf(s)) out.add(e);
      break;
    case 'IfStatement':
      for (const e of exitsOf(stmt.consequent)) out.add(e);
      for (const e of exitsOf(stmt.alternate)) out.add(e);
      break;
    case 'LabeledStatement':
      return exitsOf(stmt.body);
    case 'SwitchStatement':
      for (const c of stmt.cases) for (const s of c.consequent) for (const e of exitsOf(s)) if (e !== 'break') out.add(e);
      break;
    default:
      if (isLoop(stmt) && exitsOf(stmt.body).has('return')) out.add('return');
  }
  return out;
}

const isTrue = (e: Es | null | undefined): boolean => !e || (e.type === 'Literal' && e.value === true);

/** True when `stmt` never completes normally (every path returns, breaks, continues or loops forever). */
export function alwaysExits(stmt: Es | null | undefined): boolean {
  if (!stmt) return false;
  switch (stmt.type) {
    case 'ReturnStatement':
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'ThrowStatement':
      return true;
    case 'BlockStatement':
      return stmt.body.some(alwaysExits);
    case 'IfStatement':
      return alwaysExits(stmt.consequent) && alwaysExits(stmt.alternate);
    case 'LabeledStatement':
      return alwaysExits(stmt.body);
    case 'SwitchStatement':
      return switchAlwaysExits(stmt);
    case 'WhileStatement':
    case 'ForStatement':
      return isTrue(stmt.test) && !exitsOf(stmt.body).has('break');
    case 'DoWhileStatement': {
      const exits = exitsOf(stmt.body);
      if (isTrue(stmt.test) && !exits.has('break')) return true;
      return alwaysExits(stmt.body) && !exits.has('break') && !exits.has('continue');
    }
    default:
      return false;
  }
}

/** A switch with a default whose every case ends in return / continue (fall-through is rejected elsewhere). */
function switchAlwaysExits(stmt: Es): boolean {
  const cases: Es[] = stmt.cases;
  if (!cases.some((c) => !c.test) || cases.length === 0 || cases[cases.length - 1].consequent.length === 0) return false;
  return cases.every((c) => {
    if (c.consequent.length === 0) return true;
    const block = { type: 'BlockStatement', body: c.consequent, start: c.start, end: c.end };
    return alwaysExits(block) && !exitsOf(block).has('break');
  });
}

/** Names that are assigned (`=`, `op=`, `++`, `--`) anywhere below `node`. */
export function assignedNames(node: Es | null | undefined): Set<string> {
  const out = new Set<string>();
  if (!node) return out;
  walk(node, (n) => {
    if (n.type === 'AssignmentExpression' && n.left.type === 'Identifier') out.add(n.left.name);
    if (n.type === 'UpdateExpression' && n.argument.type === 'Identifier') out.add(n.argument.name);
  });
  return out;
}

/** True when evaluating `node` may assign a scalar variable (so earlier operands must be snapshotted). */
export function assignsScalars(node: Es): boolean {
  return assignedNames(node).size > 0;
}

/** All `return` statements below `node`. */
export function returnsIn(node: Es): Es[] {
  const out: Es[] = [];
  walk(node, (n) => {
    if (n.type === 'ReturnStatement') out.push(n);
  });
  return out;
}

/** True when `node` contains a node of one of `types`. */
export function contains(node: Es | null | undefined, types: string[]): boolean {
  if (!node) return false;
  let found = false;
  walk(node, (n) => {
    if (types.includes(n.type)) found = true;
    return !found;
  });
  return found;
}
