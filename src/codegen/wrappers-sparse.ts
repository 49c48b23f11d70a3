/**
 * Sparse entry points: the Hessian of a scalar function or the Jacobian of a vector function as a
 * CSR matrix, from as many HVPs or JVPs as the pattern needs colours.
 *
 *   f_hessian_sparse(...args)  → { value, grad, hessian: CSR n×n }   (star colouring, HVPs)
 *   f_jacobian_sparse(...args) → { value, jacobian: CSR m×n }         (distance-2 colouring, JVPs)
 *
 * A plan (pattern, colours, where each entry is read) is made by the pattern run (pattern.ts) on
 * the first call and kept in a module-level variable while the shape stays the same: the lengths
 * of all array arguments, the passive numbers, and the contents of the integer arrays (index
 * arrays decide the pattern). Each call then runs one core per colour with the direction that
 * sums the unit vectors of that colour, and reads every entry off the products (templates/sparse.js).
 * Arrays the function writes are handled as in the dense Jacobian: every run sees the caller's
 * inputs, and the caller's arrays are left as one primal call leaves them.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import type { Scope } from './namer.js';
import { layout, shapedType, type FnInfo, type Layout } from './signature.js';
import { coreCall, flatOut, ids, resize, userParams, type CoreNames, type ForwardCore, type Wrapper } from './wrapper.js';
import { workingCopies } from './wrappers-vector.js';

/** Module-level names of one function's sparse support. */
export interface SparseNames {
  pattern: string;
  plan: string;
  dir: string;
  /** H·d of one colour (Hessians only). */
  column?: string;
  /** With a k-lane core: each lane's direction (the first is `dir`) and H·d column. */
  laneDirs?: string[];
  laneColumns?: string[];
  /** The template's helpers, by their name in templates/sparse.js without the `$`. */
  helpers: Record<string, string>;
}

const CSR = '{ rows: number; cols: number; rowPtr: Int32Array; colIdx: Int32Array; values: Float64Array; colors: number }';
const active = (info: FnInfo) => info.active.map((p) => p.hint).join(', ');

/** Whether f gets a sparse entry point: some active parameter is an array. */
export const wantsSparse = (info: FnInfo) => info.active.some((p) => p.array);

export function sparseWrappers(info: FnInfo, names: CoreNames): Wrapper[] {
  const f = info.name;
  const sparse = names.sparse;
  if (!sparse) return [];
  if (info.output === 'scalar' && names.hvp) {
    return [{
      name: `${f}_hessian_sparse`,
      params: userParams(info),
      returns: `{ value: number; grad: ${shapedType(info)}; hessian: ${CSR} }`,
      doc:
        `Value, gradient and sparse Hessian of \`${f}\` over the n flattened active scalars of ${active(info)}, as CSR ` +
        '(row i holds `values[k]` at column `colIdx[k]` for `rowPtr[i] ≤ k < rowPtr[i + 1]`, columns ascending, both triangles; `colors` HVPs were run). ' +
        'The pattern is found on the first call per shape; each call then costs one HVP per colour of a star colouring.',
      body: (args, scope) => hessianSparseBody(info, names, names.hvp!, sparse, args, scope),
    }];
  }
  if (info.output === 'vector' && names.jvp) {
    return [{
      name: `${f}_jacobian_sparse`,
      params: userParams(info),
      returns: `{ value: Float64Array; jacobian: ${CSR} }`,
      doc:
        `Value and sparse Jacobian of \`${f}\` (m outputs × the n flattened active scalars of ${active(info)}) as CSR ` +
        '(row i holds `values[k]` at column `colIdx[k]` for `rowPtr[i] ≤ k < rowPtr[i + 1]`, columns ascending; `colors` JVPs were run). ' +
        'The pattern is found on the first call per shape; each call then costs one JVP per colour of a distance-2 colouring.',
      body: (args, scope) => jacobianSparseBody(info, names, names.jvp!, sparse, args, scope),
    }];
  }
  return [];
}

/** `[x.length, n, idx, …]`: everything but active values that the pattern may depend on. */
function shapeKey(info: FnInfo, args: string[]): ES.Expression {
  return b.arr(info.params.map((p) => (p.int ? b.id(args[p.index]) : p.array ? b.member(args[p.index], 'length') : p.active ? b.num(0) : b.id(args[p.index]))));
}

/** The direction arguments of the cores: views of the flattened direction `dir`. */
function directionViews(info: FnInfo, lay: Layout, dir: string, scope: Scope) {
  const setup: ES.Statement[] = [];
  const dirs = info.active.map((p, k): ES.Expression => {
    if (!p.array) return b.member(dir, lay.offsets[k]);
    const view = scope.name(`${p.hint}_dir`);
    setup.push(b.const(view, b.call(b.member(dir, 'subarray'), lay.offsets[k], lay.ends[k])));
    return b.id(view);
  });
  return { setup, dirs };
}

/** Make the plan for this shape unless the module holds one already (`make` gets ctx and key). */
function planFor(sp: SparseNames, key: ES.Expression, scope: Scope, make: (ctx: string, key: string) => ES.Statement[]): ES.Statement[] {
  const [k, ctx] = [scope.name('key'), scope.name('ctx')];
  return [b.const(k, key), b.if(b.unary('!', b.call(sp.helpers.spSameShape, b.id(sp.plan), b.id(k))), make(ctx, k))];
}

/** Runs core `run` once per colour (at least once), each product copied to the plan's products. */
function perColour(sp: SparseNames, restore: ES.Statement[], run: ES.Statement[], product: ES.Expression, length: string, scope: Scope): ES.Statement {
  const c = scope.name('c');
  const plan = b.id(sp.plan);
  return b.for(b.let(c, b.num(0)), b.bin('<', b.id(c), b.call('Math.max', b.member(plan, 'colors'), b.num(1))), b.update('++', c, false), [
    b.stmt(b.call(sp.helpers.spDirection, plan, b.id(c), b.id(sp.dir))),
    ...restore,
    ...run,
    b.stmt(b.call(b.member(b.member(plan, 'products'), 'set'), product, b.bin('*', b.id(c), b.id(length)))),
  ]);
}

/**
 * The colours in groups of k, one k-lane sweep per group: lane l gets colour c + l (a colour past
 * the last gives the zero direction, whose product is not stored).
 */
function perColourGroup(sp: SparseNames, restore: ES.Statement[], run: ES.Statement[], products: ES.Expression[], length: string, scope: Scope): ES.Statement {
  const c = scope.name('c');
  const plan = b.id(sp.plan);
  const k = sp.laneDirs!.length;
  const colour = (l: number) => (l === 0 ? b.id(c) : b.bin('+', b.id(c), b.num(l)));
  const store = (l: number) => b.stmt(b.call(b.member(b.member(plan, 'products'), 'set'), products[l], b.bin('*', colour(l), b.id(length))));
  return b.for(b.let(c, b.num(0)), b.bin('<', b.id(c), b.call('Math.max', b.member(plan, 'colors'), b.num(1))), b.assign(c, b.num(k), '+='), [
    ...sp.laneDirs!.map((d, l) => b.stmt(b.call(sp.helpers.spDirection, plan, colour(l), b.id(d)))),
    ...restore,
    ...run,
    store(0),
    ...products.slice(1).map((_, i) => b.if(b.bin('<', colour(i + 1), b.member(plan, 'colors')), [store(i + 1)])),
  ]);
}

/** The lane directions sized n, with their views per active parameter. */
function laneViews(info: FnInfo, lay: Layout, sp: SparseNames, n: string, scope: Scope) {
  const views = sp.laneDirs!.map((d) => directionViews(info, lay, d, scope));
  return { setup: [...sp.laneDirs!.slice(1).map((d) => resize(d, b.id(n))), ...views.flatMap((v) => v.setup)], dirs: views.map((v) => v.dirs) };
}

function copyBack(info: FnInfo, args: string[], coreArgs: string[]): ES.Statement[] {
  return info.params
    .filter((p) => p.array && p.written)
    .map((p) => b.stmt(b.call(b.member(args[p.index], 'set'), b.id(coreArgs[p.index]))));
}

function hessianSparseBody(info: FnInfo, names: CoreNames, hvp: ForwardCore, sp: SparseNames, args: string[], scope: Scope): ES.Statement[] {
  const lay = layout(info, args);
  const [n, value] = ['n', 'value'].map((h) => scope.name(h));
  const copies = workingCopies(info, args, scope);
  const g = flatOut(info, lay, args, names.flat?.grad, scope.name('grad'), names.copyOut);
  const views = directionViews(info, lay, sp.dir, scope);
  const h = sp.helpers;
  const build = planFor(sp, shapeKey(info, args), scope, (ctx, key) => [
    b.const(ctx, b.call(h.spContext, b.id(n))),
    ...copies.restore,
    b.stmt(b.call(sp.pattern, ...ids(copies.coreArgs), b.id(ctx))),
    b.stmt(b.assign(sp.plan, b.call(h.spPlan, b.call(h.spKeyCopy, b.id(key)), b.id(n), b.id(n), b.call(h.spHessianPattern, b.id(ctx)), b.bool(true)))),
  ]);
  const lanes = names.hvpLanes && sp.laneDirs && sp.laneColumns && laneViews(info, lay, sp, n, scope);
  const { setup, call } = lanes
    ? coreCall(names.hvpLanes!, { args: copies.coreArgs, dirs: lanes.dirs[0], laneDirs: lanes.dirs, seed: b.num(1), gradOut: g.buffer, gradOutDots: sp.laneColumns!.map((x) => b.id(x)) })
    : coreCall(hvp, { args: copies.coreArgs, dirs: views.dirs, seed: b.num(1), gradOut: g.buffer, gradOutDot: b.id(sp.column!) });
  const sweep = lanes
    ? perColourGroup(sp, copies.restore, [b.stmt(b.assign(value, call))], sp.laneColumns!.map((x) => b.id(x)), n, scope)
    : perColour(sp, copies.restore, [b.stmt(b.assign(value, call))], b.id(sp.column!), n, scope);
  return [
    b.const(n, lay.n),
    ...copies.setup,
    ...build,
    resize(sp.dir, b.id(n)),
    ...(sp.laneColumns ?? [sp.column!]).map((x) => resize(x, b.id(n))),
    ...(lanes ? lanes.setup : views.setup),
    ...g.setup,
    ...setup,
    b.let(value, b.num(0)),
    sweep,
    ...copyBack(info, args, copies.coreArgs),
    b.ret(b.obj([['value', b.id(value)], ['grad', g.shaped], ['hessian', b.call(h.spResult, b.id(sp.plan))]])),
  ];
}

function jacobianSparseBody(info: FnInfo, names: CoreNames, jvp: ForwardCore, sp: SparseNames, args: string[], scope: Scope): ES.Statement[] {
  const lay = layout(info, args);
  const [n, value, m] = ['n', 'value', 'm'].map((h) => scope.name(h));
  const copies = workingCopies(info, args, scope);
  const views = directionViews(info, lay, sp.dir, scope);
  const h = sp.helpers;
  const rows = scope.name('rows');
  const build = planFor(sp, shapeKey(info, args), scope, (ctx, key) => [
    b.const(ctx, b.call(h.spContext, b.id(n))),
    ...copies.restore,
    b.const(rows, b.call(sp.pattern, ...ids(copies.coreArgs), b.id(ctx))),
    b.stmt(b.assign(sp.plan, b.call(h.spPlan, b.call(h.spKeyCopy, b.id(key)), b.id(m), b.id(n), b.call(h.spJacobianPattern, b.id(ctx), b.id(rows), b.id(m)), b.bool(false)))),
  ]);
  const lanes = names.jvpLanes && sp.laneDirs && laneViews(info, lay, sp, n, scope);
  const { setup, call } = lanes
    ? coreCall(names.jvpLanes!, { args: copies.coreArgs, dirs: lanes.dirs[0], laneDirs: lanes.dirs })
    : coreCall(jvp, { args: copies.coreArgs, dirs: views.dirs });
  const sweep = lanes
    ? perColourGroup(sp, copies.restore, [b.stmt(call)], names.jvpLanes!.registers.map((r) => b.id(r)), m, scope)
    : perColour(sp, copies.restore, [b.stmt(call)], b.id(jvp.registers[0]), m, scope);
  return [
    b.const(n, lay.n),
    ...copies.setup,
    b.const(value, b.call('Float64Array.from', b.call(names.primal, ...ids(args)))),
    b.const(m, b.member(value, 'length')),
    ...build,
    resize(sp.dir, b.id(n)),
    ...(lanes ? lanes.setup : views.setup),
    ...setup,
    sweep,
    b.ret(b.obj([['value', b.id(value)], ['jacobian', b.call(h.spResult, b.id(sp.plan))]])),
  ];
}
