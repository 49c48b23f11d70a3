/**
 * Inlining an IR function into the function being lowered: the body of a derivative the AD
 * passes built for a helper (a nested `grad(f)(x)`), copied with fresh names for every local and
 * the parameters bound to the call's atoms — scalars by value, arrays by reference (an array
 * parameter names the caller's array, so gradients written into an output array land in the
 * caller's). Returns the callee's result atoms in the caller's names.
 */
import { freshVar, type Builder } from '../ir/builder.js';
import { assertNever, isArrayType, v, type Atom, type IRFunction, type Stmt } from '../ir/types.js';
import { forEachStmt } from '../ir/walk.js';
import type { Lowerer } from './lower-context.js';

export function inlineIR(L: Lowerer, b: Builder, fn: IRFunction, args: Atom[]): Atom[] {
  if (args.length !== fn.params.length) {
    throw new Error(`inlineIR: ${fn.name} takes ${fn.params.length} arguments, got ${args.length}`);
  }
  const assigned = assignedVars(fn.body);
  const atoms = new Map<string, Atom>();
  const names = new Map<string, string>();
  fn.params.forEach((p, i) => {
    const arg = args[i];
    const type = fn.vars.get(p)!.type;
    if (isArrayType(type)) {
      if (arg.kind !== 'var') throw new Error(`inlineIR: array parameter ${p} needs an array`);
      names.set(p, arg.name);
    } else if (assigned.has(p)) {
      const local = freshVar(L.fn, type, fn.vars.get(p)!.hint ?? p);
      b.copy(local, arg);
      names.set(p, local);
    } else {
      atoms.set(p, arg);
    }
  });
  for (const [name, decl] of fn.vars) {
    if (!atoms.has(name) && !names.has(name)) names.set(name, freshVar(L.fn, decl.type, decl.hint ?? name));
  }
  const rename = (n: string): string => names.get(n) ?? n;
  const atom = (a: Atom): Atom => (a.kind === 'var' ? (atoms.get(a.name) ?? v(rename(a.name))) : a);
  for (const s of copyBlock(fn.body, atom, rename)) b.push(s);
  return fn.results.map(atom);
}


function assignedVars(block: Stmt[]): Set<string> {
  const out = new Set<string>();
  forEachStmt(block, (s) => {
    if (s.kind === 'assign' || s.kind === 'load' || s.kind === 'pop' || s.kind === 'alloc') out.add(s.target);
    if (s.kind === 'for') out.add(s.index);
  });
  return out;
}

function copyBlock(block: Stmt[], atom: (a: Atom) => Atom, rename: (n: string) => string): Stmt[] {
  const rec = (stmts: Stmt[]) => copyBlock(stmts, atom, rename);
  return block.map((s): Stmt => {
    switch (s.kind) {
      case 'assign':
        return { ...s, target: rename(s.target), args: s.args.map(atom) };
      case 'load':
        return { ...s, target: rename(s.target), array: rename(s.array), index: atom(s.index) };
      case 'store':
        return { ...s, array: rename(s.array), index: atom(s.index), value: atom(s.value) };
      case 'alloc':
        return { ...s, target: rename(s.target), length: atom(s.length) };
      case 'if':
        return { ...s, cond: atom(s.cond), then: rec(s.then), else: rec(s.else) };
      case 'for':
        return { ...s, index: rename(s.index), start: atom(s.start), end: atom(s.end), body: rec(s.body) };
      case 'while':
        return { ...s, test: rec(s.test), cond: atom(s.cond), body: rec(s.body) };
      case 'push':
        return { ...s, value: atom(s.value) };
      case 'pop':
        return { ...s, target: rename(s.target) };
      case 'throw':
        return { ...s };
      default:
        return assertNever(s, 'statement');
    }
  });
}
