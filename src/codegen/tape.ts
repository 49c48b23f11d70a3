/**
 * The module tape as seen by emitted code: `push v` becomes
 *   if (tp === tape.length) tape = grow(tape);
 *   tape[tp++] = v;
 * and `v = pop` becomes `v = tape[--tp]` (`tape[--tp] !== 0` for a bool). The helper itself
 * (templates/tape.js) is emitted only when some function of the module pushes or pops.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import { fill, template } from './templates.js';
import { forEachStmt } from '../opt/walk.js';
import type { IRFunction } from '../ir/types.js';

export interface TapeNames {
  tape: string;
  tp: string;
  grow: string;
}

export function usesTape(fn: IRFunction): boolean {
  let used = false;
  forEachStmt(fn.body, (s) => {
    if (s.kind === 'push' || s.kind === 'pop') used = true;
  });
  return used;
}

export function pushStmts(t: TapeNames, value: ES.Expression): ES.Statement[] {
  const full = b.bin('===', b.id(t.tp), b.member(t.tape, 'length'));
  const grow = b.ifOne(full, b.stmt(b.assign(t.tape, b.call(t.grow, b.id(t.tape)))));
  return [grow, b.stmt(b.assign(b.member(t.tape, b.update('++', t.tp, false)), value))];
}

export function popStmt(t: TapeNames, bool: boolean): ES.Expression {
  const top = b.member(t.tape, b.update('--', t.tp, true));
  return bool ? b.bin('!==', top, b.num(0)) : top;
}

export function tapeHelperText(t: TapeNames): string {
  return fill(template('tape.js'), { tape: t.tape, tp: t.tp, grow: t.grow });
}
