/**
 * Tidy the lowered function before it leaves the front end: remove what cannot affect the
 * results — control flags that turned out unnecessary (every `if (c) return` handled by putting
 * the rest in the else branch leaves its `done = true` unread), unused temporaries and locals,
 * counters only feeding themselves, local arrays never read — then the `if`s and counted loops
 * left empty, and the declarations of variables that no longer occur.
 *
 * Liveness is a flow-insensitive fixpoint (a variable read by a live statement anywhere is live),
 * so it is safe with loops. Live roots: the results, writes into array parameters (the caller
 * sees them), and every `while` (removing a loop could turn a hang into a result).
 */
import { assertNever, type Atom, type IRFunction, type Stmt } from '../ir/types.js';
import { forEachStmt, operandsOf } from '../ir/walk.js';

export function removeDeadCode(fn: IRFunction): void {
  const live = liveVars(fn);
  prune(fn.body, live, fn);
  const used = new Set<string>([...fn.params]);
  const note = (a: Atom) => a.kind === 'var' && used.add(a.name);
  fn.results.forEach(note);
  forEachStmt(fn.body, (s) => {
    for (const a of operandsOf(s)) note(a);
    if (s.kind === 'assign' || s.kind === 'load' || s.kind === 'alloc' || s.kind === 'pop') used.add(s.target);
    if (s.kind === 'for') used.add(s.index);
  });
  for (const name of [...fn.vars.keys()]) if (!used.has(name)) fn.vars.delete(name);
}

function liveVars(fn: IRFunction): Set<string> {
  const live = new Set<string>(fn.params.filter((p) => fn.vars.get(p)?.type.endsWith('[]')));
  const mark = (atoms: Atom[]) => {
    for (const a of atoms) {
      if (a.kind === 'var' && !live.has(a.name)) {
        live.add(a.name);
        changed = true;
      }
    }
  };
  let changed = true;
  mark(fn.results);
  // Backwards, nested statements before their owner: a definition is then visited after the
  // reads that make it live, so straight-line code needs one pass (forwards, each pass only
  // moved liveness one step up a chain: quadratic). The fixpoint reached is the same.
  const visit = (block: Stmt[]): void => {
    for (let i = block.length - 1; i >= 0; i--) {
      const s = block[i];
      if (s.kind === 'if') (visit(s.else), visit(s.then));
      else if (s.kind === 'for') visit(s.body);
      else if (s.kind === 'while') (visit(s.body), visit(s.test));
      if (isLive(s, live)) mark(operandsOf(s));
    }
  };
  while (changed) {
    changed = false;
    visit(fn.body);
  }
  return live;
}

/** Does `s` (or something inside it) matter, given the live variables? */
function isLive(s: Stmt, live: Set<string>): boolean {
  switch (s.kind) {
    case 'assign':
    case 'load':
    case 'alloc':
    case 'pop':
      return live.has(s.target);
    case 'store':
      return live.has(s.array);
    case 'if':
      return s.then.some((x) => isLive(x, live)) || s.else.some((x) => isLive(x, live));
    case 'for':
      return s.body.some((x) => isLive(x, live));
    case 'while':
    case 'push':
    case 'throw':
      return true;
    default:
      return assertNever(s, 'statement');
  }
}


function prune(block: Stmt[], live: Set<string>, fn: IRFunction): void {
  // Compacted in place (one splice per removed statement was quadratic on long blocks).
  let kept = 0;
  for (let i = 0; i < block.length; i++) {
    const s = block[i];
    if (s.kind === 'if') (prune(s.then, live, fn), prune(s.else, live, fn));
    else if (s.kind === 'for') prune(s.body, live, fn);
    else if (s.kind === 'while') (prune(s.test, live, fn), prune(s.body, live, fn));
    if (isLive(s, live)) block[kept++] = s;
  }
  block.length = kept;
}
