/**
 * IR verifier: checks the invariants every pass relies on, so a broken pass fails loudly at the
 * pass that broke it instead of as a wrong derivative. Returns a list of problems (empty = ok).
 *
 * Checked: every variable used is declared; ops exist with the right arity; the target of an
 * assign/load is not one of its operands; loads/stores/allocs name array variables; `for`
 * bodies do not assign their index.
 */
import { OPS } from '../ops/table.js';
import { assertNever, isArrayType, type Atom, type IRFunction, type Stmt } from './types.js';

export function verify(fn: IRFunction): string[] {
  const problems: string[] = [];
  const say = (msg: string) => problems.push(`${fn.name}: ${msg}`);
  const known = (a: Atom) => {
    if (a.kind === 'var' && !fn.vars.has(a.name)) say(`undeclared variable ${a.name}`);
  };
  const isArray = (name: string) => {
    const d = fn.vars.get(name);
    if (!d) say(`undeclared variable ${name}`);
    else if (!isArrayType(d.type)) say(`${name} is not an array`);
  };
  const scalarTarget = (name: string) => {
    const d = fn.vars.get(name);
    if (!d) say(`undeclared variable ${name}`);
  };
  fn.params.forEach((p) => fn.vars.has(p) || say(`undeclared parameter ${p}`));
  fn.results.forEach(known);

  const walk = (block: Stmt[], loopIndices: string[]): void => {
    for (const s of block) {
      switch (s.kind) {
        case 'assign': {
          const op = OPS[s.op];
          if (!op) say(`unknown op ${s.op}`);
          else if (op.arity === 'variadic' ? s.args.length < 1 : s.args.length !== op.arity) {
            say(`${s.op} takes ${op.arity} arguments, got ${s.args.length}`);
          }
          s.args.forEach(known);
          scalarTarget(s.target);
          if (s.args.some((a) => a.kind === 'var' && a.name === s.target)) say(`${s.target} is an operand of its own assignment`);
          if (loopIndices.includes(s.target)) say(`loop index ${s.target} assigned in its loop`);
          break;
        }
        case 'load':
          isArray(s.array);
          known(s.index);
          scalarTarget(s.target);
          break;
        case 'store':
          isArray(s.array);
          known(s.index);
          known(s.value);
          break;
        case 'alloc':
          isArray(s.target);
          known(s.length);
          break;
        case 'if':
          known(s.cond);
          walk(s.then, loopIndices);
          walk(s.else, loopIndices);
          break;
        case 'for':
          known(s.start);
          known(s.end);
          scalarTarget(s.index);
          if (!Number.isInteger(s.step) || s.step === 0) say(`for step must be a non-zero integer`);
          walk(s.body, [...loopIndices, s.index]);
          break;
        case 'while':
          walk(s.test, loopIndices);
          known(s.cond);
          walk(s.body, loopIndices);
          break;
        case 'push':
          known(s.value);
          break;
        case 'pop':
          scalarTarget(s.target);
          break;
        case 'throw':
          break;
        default:
          assertNever(s, 'statement');
      }
    }
  };
  walk(fn.body, []);
  return problems;
}
