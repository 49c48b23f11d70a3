/**
 * Tidy the lowered function before it leaves the front end: drop assignments to variables nobody
 * reads (control flags that turned out unnecessary — every `if (c) return` handled by putting the
 * rest in the else branch leaves its `done = true` unread —, unused temporaries and locals), the
 * `if`s and counted loops that become empty, and the declarations of variables that no longer
 * occur. Flow-insensitive and therefore safe: a variable read anywhere keeps all its assignments.
 */
import { assertNever, type Atom, type IRFunction, type Stmt } from '../ir/types.js';

export function removeDeadCode(fn: IRFunction): void {
  for (;;) {
    const reads = readVars(fn);
    const keep = (target: string) => reads.has(target) || fn.params.includes(target);
    if (!prune(fn.body, keep)) break;
  }
  const used = new Set<string>([...readVars(fn), ...writtenVars(fn.body)]);
  for (const name of [...fn.vars.keys()]) if (!used.has(name) && !fn.params.includes(name)) fn.vars.delete(name);
}

/** Remove dead statements in place; true if anything changed. */
function prune(block: Stmt[], keep: (name: string) => boolean): boolean {
  let changed = false;
  for (let i = block.length - 1; i >= 0; i--) {
    const s = block[i];
    let dead = false;
    switch (s.kind) {
      case 'assign':
      case 'load':
      case 'alloc':
        dead = !keep(s.target);
        break;
      case 'if':
        changed = prune(s.then, keep) || changed;
        changed = prune(s.else, keep) || changed;
        dead = s.then.length === 0 && s.else.length === 0;
        break;
      case 'for':
        changed = prune(s.body, keep) || changed;
        dead = s.body.length === 0;
        break;
      case 'while':
        changed = prune(s.test, keep) || changed;
        changed = prune(s.body, keep) || changed;
        break;
      case 'store':
      case 'push':
      case 'pop':
        break;
      default:
        assertNever(s, 'statement');
    }
    if (dead) {
      block.splice(i, 1);
      changed = true;
    }
  }
  return changed;
}

export function readVars(fn: IRFunction): Set<string> {
  const out = new Set<string>();
  const atom = (a: Atom) => {
    if (a.kind === 'var') out.add(a.name);
  };
  fn.results.forEach(atom);
  const visit = (block: Stmt[]): void => {
    for (const s of block) {
      switch (s.kind) {
        case 'assign':
          s.args.forEach(atom);
          break;
        case 'load':
          out.add(s.array);
          atom(s.index);
          break;
        case 'store':
          out.add(s.array);
          atom(s.index);
          atom(s.value);
          break;
        case 'alloc':
          atom(s.length);
          break;
        case 'if':
          atom(s.cond);
          visit(s.then);
          visit(s.else);
          break;
        case 'for':
          atom(s.start);
          atom(s.end);
          visit(s.body);
          break;
        case 'while':
          visit(s.test);
          atom(s.cond);
          visit(s.body);
          break;
        case 'push':
          atom(s.value);
          break;
        case 'pop':
          break;
        default:
          assertNever(s, 'statement');
      }
    }
  };
  visit(fn.body);
  return out;
}

function writtenVars(block: Stmt[], out = new Set<string>()): Set<string> {
  for (const s of block) {
    if (s.kind === 'assign' || s.kind === 'load' || s.kind === 'alloc' || s.kind === 'pop') out.add(s.target);
    else if (s.kind === 'if') {
      writtenVars(s.then, out);
      writtenVars(s.else, out);
    } else if (s.kind === 'for') {
      out.add(s.index);
      writtenVars(s.body, out);
    } else if (s.kind === 'while') {
      writtenVars(s.test, out);
      writtenVars(s.body, out);
    }
  }
  return out;
}
