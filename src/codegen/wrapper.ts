/**
 * The shape shared by all public wrappers, and helpers to write their bodies.
 *
 * A Wrapper is declared once and yields both the JavaScript function and its `.d.ts`
 * declaration, so the two cannot disagree: the parameter names come from one Namer scope, the
 * types and the doc from the same record.
 *
 * Module-level names a wrapper uses (cores, result registers, scratch arrays, helpers) are
 * handed out before any wrapper body is built; see module.ts.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import type { Scope } from './namer.js';
import type { FnInfo, Layout, ParamInfo } from './signature.js';
import type { SparseNames } from './wrappers-sparse.js';
import { assertNever } from '../ir/types.js';

export interface WrapperParam {
  hint: string;
  type: string;
  /** May be left out (`k?: number`, or `k: number | undefined` before a required one). */
  optional?: boolean;
}

export interface Wrapper {
  name: string;
  params: WrapperParam[];
  /** TypeScript return type. */
  returns: string;
  /** Doc comment text (markdown), for the .d.ts and as a comment in the .js. */
  doc: string;
  body: (args: string[], scope: Scope) => ES.Statement[];
}

/**
 * What a forward-mode core (jvp, hvp) expects in each parameter, found from its `dotOf` map
 * rather than from positions, because the AD pass may add tangent parameters for array
 * parameters that the function writes with active values (output arrays): those get a
 * module-level scratch array of the right length (their tangents are not part of the API).
 */
export type Slot =
  | { kind: 'arg'; index: number } // user argument
  | { kind: 'dir'; active: number; lane?: number } // direction (tangent) of the k-th active parameter
  | { kind: 'seed' }
  | { kind: 'gradOut' }
  | { kind: 'gradOutDot'; lane?: number } // receives H·v
  | { kind: 'scratch'; param: number; name: string };

export interface ForwardCore {
  core: string;
  registers: string[];
  slots: Slot[];
  /** Directions per sweep (vector forward mode); absent for one. */
  lanes?: number;
}

/** Module-level names of one exported function's cores and their support. */
export interface CoreNames {
  primal: string;
  jvp?: ForwardCore;
  grad?: { core: string };
  hvp?: ForwardCore;
  hessian?: { core: string };
  /** The k-lane versions of jvp and hvp (one sweep, k directions). */
  jvpLanes?: ForwardCore;
  hvpLanes?: ForwardCore;
  /**
   * Scratch for the Hessian-from-HVPs loop: the H·eⱼ column, one direction per active array, and
   * one working copy per array parameter the function writes (by parameter index).
   */
  scratch?: { column: string; dirs: Map<number, string>; work: Map<number, string> };
  /**
   * Module-level scratch buffers the allocating wrappers (f_grad, f_hvp, f_hessian, f_vjp) let
   * the cores write into before handing the caller numbers or fresh arrays (see flatOut):
   * `grad` for the flattened gradient and `hvp` for H·v (absent when they are a single array:
   * that one is allocated and returned as is), `hess` for the n×n Hessian.
   */
  flat?: { grad?: string; hvp?: string; hess?: string };
  /** Sparse Hessian/Jacobian support (wrappers-sparse.ts). */
  sparse?: SparseNames;
  symmetrize?: string;
  putColumn?: string;
  copyOut?: string;
}

/** The user's parameters, as wrapper parameters (names and declared types). */
export function userParams(info: FnInfo): WrapperParam[] {
  return info.params.map((p) => ({ hint: p.hint, type: p.typeText, optional: p.optional }));
}

/** One direction argument per active parameter (`x_dot`, `y_dot`…). */
export function directionParams(info: FnInfo, suffix: string): WrapperParam[] {
  return info.active.map((p) => ({ hint: `${p.hint}_${suffix}`, type: p.array ? 'ArrayLike<number>' : 'number' }));
}

export const ids = (names: string[]): ES.Expression[] => names.map((n) => b.id(n));

/** `a + b`, without adding a literal 0. */
export function plus(a: ES.Expression, c: ES.Expression): ES.Expression {
  if (a.type === 'Literal' && a.value === 0) return c;
  return b.bin('+', a, c);
}

/**
 * For each flattened active scalar j, run `emit` with the tangent arguments of the unit
 * direction eⱼ and the expression for j. Scalar parameters get literal 1/0 arguments; array
 * parameters pass `dirs.get(index)`, a zeroed array whose element is set to 1 around the call:
 *
 *   value = core(x, y, 1, y_dir, …);            // j = 0 (x)
 *   for (let j = 0; j < y.length; j++) {       // j = 1 … (y)
 *     y_dir[j] = 1;  value = core(x, y, 0, y_dir, …);  y_dir[j] = 0;  …
 *   }
 */
export function unitDirections(
  info: FnInfo,
  lay: Layout,
  args: string[],
  dirs: Map<number, string>,
  loopVar: string,
  emit: (tangents: ES.Expression[], column: ES.Expression) => { call: ES.Statement[]; after: ES.Statement[] },
): ES.Statement[] {
  const tangents = (hot?: ParamInfo) =>
    info.active.map((q) => (q.array ? b.id(dirs.get(q.index)!) : b.num(q === hot ? 1 : 0)));
  return info.active.flatMap((p, k): ES.Statement[] => {
    if (!p.array) {
      const { call, after } = emit(tangents(p), lay.offsets[k]);
      return [...call, ...after];
    }
    const dir = dirs.get(p.index)!;
    const at = b.member(dir, b.id(loopVar));
    const { call, after } = emit(tangents(), plus(lay.offsets[k], b.id(loopVar)));
    const body = [b.stmt(b.assign(at, b.num(1))), ...call, b.stmt(b.assign(b.member(dir, b.id(loopVar)), b.num(0))), ...after];
    return [b.for(b.let(loopVar, b.num(0)), b.bin('<', b.id(loopVar), b.member(args[p.index], 'length')), b.update('++', loopVar, false), body)];
  });
}

export interface CallEnv {
  args: string[];
  dirs: ES.Expression[];
  seed?: ES.Expression;
  gradOut?: ES.Expression;
  gradOutDot?: ES.Expression;
  /** For a k-lane core: the directions of each lane, and where each lane's H·v goes. */
  laneDirs?: ES.Expression[][];
  gradOutDots?: ES.Expression[];
}

/** A call of a forward-mode core; `setup` sizes the scratch arrays it needs (once per call site). */
export function coreCall(fc: ForwardCore, env: CallEnv): { setup: ES.Statement[]; call: ES.CallExpression } {
  const setup: ES.Statement[] = [];
  const args = fc.slots.map((slot): ES.Expression => {
    switch (slot.kind) {
      case 'arg':
        return b.id(env.args[slot.index]);
      case 'dir':
        return slot.lane !== undefined ? need(env.laneDirs, 'lane directions')[slot.lane][slot.active] : env.dirs[slot.active];
      case 'seed':
        return need(env.seed, 'seed');
      case 'gradOut':
        return need(env.gradOut, 'gradOut');
      case 'gradOutDot':
        return slot.lane !== undefined ? need(env.gradOutDots, 'gradOutDots')[slot.lane] : need(env.gradOutDot, 'gradOutDot');
      case 'scratch':
        setup.push(resize(slot.name, b.member(env.args[slot.param], 'length')));
        return b.id(slot.name);
      default:
        return assertNever(slot, 'slot');
    }
  });
  return { setup, call: b.call(fc.core, ...args) };
}

function need<T>(e: T | undefined, what: string): T {
  if (!e) throw new Error(`internal error: wrapper without ${what}`);
  return e;
}

/**
 * How a flattened result over the active scalars reaches the caller: 'scalars' (no active
 * array: plain numbers read from a module scratch buffer of constant length), 'array' (exactly
 * one active parameter, an array: one fresh Float64Array, returned as is), 'mixed' (a resized
 * module scratch buffer, each array part copied out into a fresh Float64Array).
 * Why: `new Float64Array(n)` plus a `subarray` view per parameter cost ~10× the core on small
 * problems (each view is as dear as an allocation), and the caller must own what it gets.
 */
export type OutShape = 'scalars' | 'array' | 'mixed';

export function outShape(info: FnInfo): OutShape {
  if (info.active.every((p) => !p.array)) return 'scalars';
  return info.active.length === 1 ? 'array' : 'mixed';
}

/**
 * A buffer for a core to write a flattened result into (`buffer`, after `setup`), and the
 * caller's shaped view of it (`shaped`: `[g[0], copyOut(g, 1, y.length)]`). `scratch` is the
 * module buffer (unused for 'array'), `local` the name of the fresh array for 'array'.
 */
export function flatOut(info: FnInfo, lay: Layout, user: string[], scratch: string | undefined, local: string, copyOut: string | undefined) {
  const shape = outShape(info);
  if (shape === 'array') {
    return { setup: [b.const(local, b.new('Float64Array', lay.n))], buffer: b.id(local), shaped: b.arr([b.id(local)]) };
  }
  const flat = need(scratch ? b.id(scratch) : undefined, 'scratch buffer') as ES.Identifier;
  const part = (p: ParamInfo, k: number): ES.Expression =>
    p.array ? b.call(need(copyOut ? b.id(copyOut) : undefined, 'copyOut'), flat, lay.offsets[k], b.member(user[p.index], 'length')) : b.member(flat.name, lay.offsets[k]);
  const setup = shape === 'mixed' ? [resize(flat.name, lay.n)] : [];
  return { setup, buffer: flat, shaped: b.arr(info.active.map(part)) };
}

/** `if (name.length !== length) name = new Float64Array(length);` for module scratch arrays. */
export function resize(name: string, length: ES.Expression, ctor = 'Float64Array'): ES.Statement {
  return b.if(b.bin('!==', b.member(name, 'length'), length), [b.stmt(b.assign(name, b.new(ctor, length)))]);
}
