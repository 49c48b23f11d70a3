/**
 * Reference interpreter for the IR. It defines what the IR means: tests run a function here and
 * compare with the source run as JavaScript, and with the generated code. It is slow and simple
 * on purpose; nothing in the product depends on it.
 */
import { OPS } from '../ops/table.js';
import { assertNever, type Atom, type IRFunction, type Stmt } from './types.js';

/** The error constructors a `throw` statement may name (the front end accepts only these). */
const ERRORS: Record<string, ErrorConstructor> = { Error, RangeError, TypeError };

export type Value = number | boolean | Float64Array | Int32Array | number[] | object;

/**
 * Optional hooks to run the IR over another number type (the tests' dual-number oracle runs
 * the primal over dual numbers this way). `evalOp` computes an op; `num` turns a value used as
 * an index, bound or length into a plain number.
 */
export interface Algebra {
  evalOp(op: string, args: Value[]): Value;
  num(value: Value): number;
}

const plain: Algebra = {
  evalOp: (op, args) => OPS[op].eval(...args),
  num: (value) => value as number,
};

const MAX_STEPS = 50_000_000;

export function interpret(fn: IRFunction, args: Value[], algebra: Algebra = plain): Value[] {
  if (args.length !== fn.params.length) {
    throw new Error(`${fn.name}: expected ${fn.params.length} arguments, got ${args.length}`);
  }
  const env = new Map<string, Value>();
  for (const [name, decl] of fn.vars) env.set(name, decl.type === 'bool' ? false : 0);
  fn.params.forEach((p, i) => env.set(p, args[i]));
  const state: State = { env, tape: [], steps: 0, fn, algebra };
  runBlock(fn.body, state);
  return fn.results.map((a) => read(a, env));
}

interface State {
  env: Map<string, Value>;
  tape: Value[];
  steps: number;
  fn: IRFunction;
  algebra: Algebra;
}

function read(a: Atom, env: Map<string, Value>): Value {
  if (a.kind === 'const') return a.value;
  // A parameter may hold undefined (an optional argument left out): bound, but undefined.
  if (!env.has(a.name)) throw new Error(`interp: unbound variable ${a.name}`);
  return env.get(a.name) as Value;
}

function arrayOf(name: string, env: Map<string, Value>): Value[] {
  const value = env.get(name);
  if (typeof value !== 'object' || !('length' in value)) throw new Error(`interp: ${name} is not an array`);
  return value as Value[];
}

function runBlock(block: Stmt[], s: State): void {
  for (const stmt of block) runStmt(stmt, s);
}

function runStmt(stmt: Stmt, s: State): void {
  if (++s.steps > MAX_STEPS) throw new Error('interp: step limit exceeded');
  const { env, algebra } = s;
  const num = (a: Atom) => algebra.num(read(a, env));
  switch (stmt.kind) {
    case 'assign':
      env.set(stmt.target, algebra.evalOp(stmt.op, stmt.args.map((a) => read(a, env))));
      return;
    case 'load':
      env.set(stmt.target, arrayOf(stmt.array, env)[num(stmt.index)]);
      return;
    case 'store':
      arrayOf(stmt.array, env)[num(stmt.index)] = read(stmt.value, env);
      return;
    case 'alloc': {
      const n = num(stmt.length);
      const isInt = s.fn.vars.get(stmt.target)?.type === 'int[]';
      const zeros = isInt ? new Int32Array(n) : new Float64Array(n);
      env.set(stmt.target, algebra === plain ? zeros : Array.from(zeros, (z) => algebra.evalOp('copy', [z])));
      return;
    }
    case 'if':
      runBlock(read(stmt.cond, env) ? stmt.then : stmt.else, s);
      return;
    case 'for': {
      const start = num(stmt.start);
      const end = num(stmt.end);
      for (let i = start; stmt.step > 0 ? i < end : i > end; i += stmt.step) {
        env.set(stmt.index, i);
        runBlock(stmt.body, s);
      }
      return;
    }
    case 'while':
      for (;;) {
        runBlock(stmt.test, s);
        if (!read(stmt.cond, env)) return;
        runBlock(stmt.body, s);
        if (++s.steps > MAX_STEPS) throw new Error('interp: step limit exceeded');
      }
    case 'push':
      s.tape.push(read(stmt.value, env));
      return;
    case 'pop': {
      const value = s.tape.pop();
      if (value === undefined) throw new Error('interp: tape underflow');
      env.set(stmt.target, s.fn.vars.get(stmt.target)?.type === 'bool' ? Boolean(value) : value);
      return;
    }
    case 'throw':
      throw new (ERRORS[stmt.error] ?? Error)(stmt.message);
    default:
      assertNever(stmt, 'statement');
  }
}
