/**
 * Reference interpreter for the IR. It defines what the IR means: tests run a function here and
 * compare with the source run as JavaScript, and with the generated code. It is slow and simple
 * on purpose; nothing in the product depends on it.
 */
import { OPS } from '../ops/table.js';
import { assertNever, type Atom, type IRFunction, type Stmt } from './types.js';

export type Value = number | boolean | Float64Array | Int32Array | number[];

const MAX_STEPS = 50_000_000;

export function interpret(fn: IRFunction, args: Value[]): Value[] {
  if (args.length !== fn.params.length) {
    throw new Error(`${fn.name}: expected ${fn.params.length} arguments, got ${args.length}`);
  }
  const env = new Map<string, Value>();
  for (const [name, decl] of fn.vars) env.set(name, decl.type === 'bool' ? false : 0);
  fn.params.forEach((p, i) => env.set(p, args[i]));
  const state = { env, tape: [] as number[], steps: 0, fn };
  runBlock(fn.body, state);
  return fn.results.map((a) => read(a, env));
}

interface State {
  env: Map<string, Value>;
  tape: number[];
  steps: number;
  fn: IRFunction;
}

function read(a: Atom, env: Map<string, Value>): Value {
  if (a.kind === 'const') return a.value;
  const value = env.get(a.name);
  if (value === undefined) throw new Error(`interp: unbound variable ${a.name}`);
  return value;
}

function arrayOf(name: string, env: Map<string, Value>): Float64Array | Int32Array | number[] {
  const value = env.get(name);
  if (typeof value !== 'object') throw new Error(`interp: ${name} is not an array`);
  return value;
}

function runBlock(block: Stmt[], s: State): void {
  for (const stmt of block) runStmt(stmt, s);
}

function runStmt(stmt: Stmt, s: State): void {
  if (++s.steps > MAX_STEPS) throw new Error('interp: step limit exceeded');
  const { env } = s;
  switch (stmt.kind) {
    case 'assign':
      env.set(stmt.target, OPS[stmt.op].eval(...stmt.args.map((a) => read(a, env))));
      return;
    case 'load':
      env.set(stmt.target, arrayOf(stmt.array, env)[read(stmt.index, env) as number]);
      return;
    case 'store':
      arrayOf(stmt.array, env)[read(stmt.index, env) as number] = read(stmt.value, env) as number;
      return;
    case 'alloc': {
      const n = read(stmt.length, env) as number;
      env.set(stmt.target, s.fn.vars.get(stmt.target)?.type === 'int[]' ? new Int32Array(n) : new Float64Array(n));
      return;
    }
    case 'if':
      runBlock(read(stmt.cond, env) ? stmt.then : stmt.else, s);
      return;
    case 'for': {
      const start = read(stmt.start, env) as number;
      const end = read(stmt.end, env) as number;
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
      s.tape.push(Number(read(stmt.value, env)));
      return;
    case 'pop': {
      const value = s.tape.pop();
      if (value === undefined) throw new Error('interp: tape underflow');
      env.set(stmt.target, s.fn.vars.get(stmt.target)?.type === 'bool' ? value !== 0 : value);
      return;
    }
    default:
      assertNever(stmt, 'statement');
  }
}
