/**
 * IR traversal shared by every pass (front-end cleanup, AD, optimizer, codegen): the atoms a
 * statement reads itself, its nested blocks, a depth-first walk, and deep copies. "Reads" are
 * the variable operands, including array variables used by load/store and the condition or
 * bounds of control flow — not the statements of nested blocks.
 */
import { assertNever, type Atom, type IRFunction, type Stmt, type VarDecl } from './types.js';

/** Atoms a statement reads itself (not those of nested blocks), in evaluation order. */
export function operandsOf(s: Stmt): Atom[] {
  const array = (name: string): Atom => ({ kind: 'var', name });
  switch (s.kind) {
    case 'assign':
      return s.args;
    case 'load':
      return [array(s.array), s.index];
    case 'store':
      return [array(s.array), s.index, s.value];
    case 'alloc':
      return [s.length];
    case 'if':
      return [s.cond];
    case 'for':
      return [s.start, s.end];
    case 'while':
      return [s.cond];
    case 'push':
      return [s.value];
    case 'pop':
    case 'throw':
      return [];
    default:
      return assertNever(s, 'statement');
  }
}

/** The nested blocks of a compound statement, in text order (empty for simple statements). */
export function childBlocks(s: Stmt): Stmt[][] {
  switch (s.kind) {
    case 'if':
      return [s.then, s.else];
    case 'for':
      return [s.body];
    case 'while':
      return [s.test, s.body];
    default:
      return [];
  }
}

/** Visit every statement of a block, depth first, parents before children. */
export function forEachStmt(block: Stmt[], visit: (s: Stmt) => void): void {
  for (const s of block) {
    visit(s);
    for (const child of childBlocks(s)) forEachStmt(child, visit);
  }
}

export const cloneAtom = (a: Atom): Atom => (a.kind === 'var' ? { kind: 'var', name: a.name } : { kind: 'const', value: a.value });

/** A deep copy: every statement and atom object is new (analyses key maps by statement identity). */
export function cloneStmt(s: Stmt): Stmt {
  switch (s.kind) {
    case 'assign':
      return { ...s, args: s.args.map(cloneAtom) };
    case 'load':
      return { ...s, index: cloneAtom(s.index) };
    case 'store':
      return { ...s, index: cloneAtom(s.index), value: cloneAtom(s.value) };
    case 'alloc':
      return { ...s, length: cloneAtom(s.length) };
    case 'if':
      return { ...s, cond: cloneAtom(s.cond), then: cloneBlock(s.then), else: cloneBlock(s.else) };
    case 'for':
      return { ...s, start: cloneAtom(s.start), end: cloneAtom(s.end), body: cloneBlock(s.body) };
    case 'while':
      return { ...s, test: cloneBlock(s.test), cond: cloneAtom(s.cond), body: cloneBlock(s.body) };
    case 'push':
      return { ...s, value: cloneAtom(s.value) };
    case 'pop':
    case 'throw':
      return { ...s };
    default:
      return assertNever(s, 'statement');
  }
}

export const cloneBlock = (block: Stmt[]): Stmt[] => block.map(cloneStmt);

/** A deep copy of a function (statements, declarations, results), optionally renamed. */
export function cloneFunction(fn: IRFunction, name = fn.name): IRFunction {
  const vars = new Map<string, VarDecl>();
  for (const [k, d] of fn.vars) vars.set(k, { ...d });
  return { name, params: [...fn.params], vars, body: cloneBlock(fn.body), results: fn.results.map(cloneAtom), loc: fn.loc };
}

/** Does the block use the tape (push/pop, from reverse-mode code inlined into it)? */
export function usesTape(block: Stmt[]): boolean {
  let found = false;
  forEachStmt(block, (s) => (found ||= s.kind === 'push' || s.kind === 'pop'));
  return found;
}
