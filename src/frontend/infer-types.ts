/**
 * int vs f64 for every numeric local, by a fixpoint over the finished IR function (so each
 * inlined copy of a helper gets its own answer: `i * n + j` is int where the caller passes ints).
 *
 * Every non-parameter numeric variable starts as int and becomes f64 as soon as one assignment
 * to it can produce a non-integer: a non-integer literal, `/`, `**`, a transcendental function,
 * a load from an f64 array, or any f64 operand of + - * % neg abs sign min max floor ceil round
 * trunc copy. `len` and loads from int arrays are int; a `for` index has the type of its start.
 * Demotion only goes one way, so the loop ends. (int is "integer valued and never active"; the
 * AD passes give it no derivative.)
 *
 * Then counted loops are fixed up now that types are known (see `fixCountedLoops`).
 */
import { freshVar } from '../ir/builder.js';
import { assertNever, c, v, type Atom, type IRFunction, type Stmt } from '../ir/types.js';
import { OPS } from '../ops/table.js';
import type { ForRecord } from './lower-context.js';

const INT_PRESERVING = new Set(['copy', 'add', 'sub', 'mul', 'mod', 'neg', 'abs', 'sign', 'max', 'min', 'floor', 'ceil', 'round', 'trunc']);

export function inferNumericTypes(fn: IRFunction): void {
  const params = new Set(fn.params);
  for (const d of fn.vars.values()) if (!params.has(d.name) && (d.type === 'f64' || d.type === 'int')) d.type = 'int';
  const isInt = (a: Atom): boolean =>
    a.kind === 'const' ? typeof a.value === 'number' && Number.isSafeInteger(a.value) : fn.vars.get(a.name)?.type === 'int';
  let changed = true;
  const demote = (name: string, toF64: boolean) => {
    const d = fn.vars.get(name);
    if (d && toF64 && d.type === 'int' && !params.has(name)) {
      d.type = 'f64';
      changed = true;
    }
  };
  const visit = (block: Stmt[]): void => {
    for (const s of block) {
      switch (s.kind) {
        case 'assign':
          if (OPS[s.op]?.result === 'int') break; // len, bitwise: integers whatever the operands
          if (s.op === 'select') demote(s.target, !s.args.slice(1).every(isInt));
          else demote(s.target, !INT_PRESERVING.has(s.op) || !s.args.every(isInt));
          break;
        case 'load':
          demote(s.target, fn.vars.get(s.array)?.type !== 'int[]');
          break;
        case 'for':
          demote(s.index, !isInt(s.start));
          visit(s.body);
          break;
        case 'if':
          visit(s.then);
          visit(s.else);
          break;
        case 'while':
          visit(s.test);
          visit(s.body);
          break;
        case 'pop':
          demote(s.target, true);
          break;
        case 'store':
        case 'alloc':
        case 'push':
        case 'throw':
          break;
        default:
          assertNever(s, 'statement');
      }
    }
  };
  while (changed) {
    changed = false;
    visit(fn.body);
  }
}

/**
 * Variables that can never depend on a differentiable input: computed only from literals, ints,
 * lengths, int-array loads and each other (e.g. `d = means.length / k`). f64 but inactive.
 */
function passiveVars(fn: IRFunction): Set<string> {
  const passive = new Set<string>();
  for (const d of fn.vars.values()) if (!fn.params.includes(d.name) && d.type !== 'f64[]') passive.add(d.name);
  const ok = (a: Atom) => a.kind === 'const' || passive.has(a.name);
  let changed = true;
  const check = (name: string, fine: boolean) => {
    if (!fine && passive.delete(name)) changed = true;
  };
  const visit = (block: Stmt[]): void => {
    for (const s of block) {
      if (s.kind === 'assign') check(s.target, s.op === 'len' || s.args.every(ok));
      else if (s.kind === 'load') check(s.target, fn.vars.get(s.array)?.type === 'int[]' && ok(s.index));
      else if (s.kind === 'pop') check(s.target, false);
      else if (s.kind === 'for') {
        check(s.index, ok(s.start));
        visit(s.body);
      } else if (s.kind === 'if') {
        visit(s.then);
        visit(s.else);
      } else if (s.kind === 'while') {
        visit(s.test);
        visit(s.body);
      }
    }
  };
  while (changed) {
    changed = false;
    visit(fn.body);
  }
  return passive;
}

/**
 * Counted loops, now that types are known. An int index is the normal case; for `i <= B` it was
 * lowered as `i < B + 1`, which needs `floor(B) + 1` when B is f64 (`i >= B`: `ceil(B) - 1`).
 * An f64 start that is passive (`for (let j = d; j < n; j++)` with `d = a.length / k`) keeps the
 * IR `for` with an f64, never active index, when the test is `<` or `>` (exact for any start).
 * Otherwise the loop becomes `i = start; while { c = i < bound } c do { body; i += step }`: an
 * index that could carry a derivative must be an ordinary variable.
 */
export function fixCountedLoops(fn: IRFunction, records: ForRecord[]): void {
  const passive = passiveVars(fn);
  for (const rec of records) {
    if (!rec.block.includes(rec.stmt)) continue; // removed as dead code
    const index = fn.vars.get(rec.stmt.index)!;
    const strict = rec.cmp === 'lt' || rec.cmp === 'gt';
    if (index.type === 'f64' && !(strict && passive.has(rec.stmt.index))) toWhile(fn, rec);
    else if (rec.endStmt?.kind === 'assign' && rec.block.includes(rec.endStmt) && rec.bound.kind === 'var' && fn.vars.get(rec.bound.name)?.type === 'f64') {
      const rounded = freshVar(fn, 'f64', 't');
      const at = rec.block.indexOf(rec.endStmt);
      const op = rec.cmp === 'le' ? 'floor' : 'ceil';
      rec.block.splice(at, 0, { kind: 'assign', target: rounded, op, args: [rec.bound], loc: rec.endStmt.loc });
      rec.endStmt.args[0] = v(rounded);
      fn.vars.get(rec.endStmt.target)!.type = 'f64';
    }
  }
}

const CMP_OP = { lt: 'lt', le: 'le', gt: 'gt', ge: 'ge' } as const;

function toWhile(fn: IRFunction, rec: ForRecord): void {
  const { stmt, block } = rec;
  if (rec.endStmt && block.includes(rec.endStmt)) {
    block.splice(block.indexOf(rec.endStmt), 1);
    if (rec.endStmt.kind === 'assign') fn.vars.delete(rec.endStmt.target);
  }
  const loc = stmt.loc;
  const cond = freshVar(fn, 'bool', 'c');
  const next = freshVar(fn, 'f64', 't');
  stmt.body.push(
    { kind: 'assign', target: next, op: 'add', args: [v(stmt.index), c(stmt.step)], loc },
    { kind: 'assign', target: stmt.index, op: 'copy', args: [v(next)], loc },
  );
  const replacement: Stmt[] = [
    { kind: 'assign', target: stmt.index, op: 'copy', args: [stmt.start], loc },
    {
      kind: 'while',
      test: [{ kind: 'assign', target: cond, op: CMP_OP[rec.cmp], args: [v(stmt.index), rec.bound], loc }],
      cond: v(cond),
      body: stmt.body,
      loc,
    },
  ];
  block.splice(block.indexOf(stmt), 1, ...replacement);
}
