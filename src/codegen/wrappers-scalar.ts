/**
 * Public wrappers of a scalar-valued function f (p1..pk active, n active scalars in all):
 *
 *   f_grad(...args)                         → { value, grad: [g1..gk] }   (gi: number | fresh Float64Array)
 *   f_grad_into(...args, out)               → value; out[0..n) = ∇f         (allocation-free)
 *   f_jvp(...args, t1..tk)                  → { value, tangent }
 *   f_jvp_tangent(...args, t1..tk)          → tangent                       (allocation-free)
 *   f_hvp(...args, v1..vk)                  → { value, grad, hvp }
 *   f_hvp_into(...args, v1..vk, gradOut, hvpOut) → value                    (allocation-free)
 *   f_hessian(...args)                      → { value, grad, hessian: n rows of n }
 *   f_hessian_into(...args, gradOut, hessOut) → value; hessOut = H, n×n row-major (allocation-free
 *                                             once warm: scratch arrays are module-level and reused)
 *
 * Core conventions (see CompiledFunction in module.ts): the grad core takes (...args, seed,
 * gradOut) and returns the value; the jvp core takes (...args, ...tangents) and leaves the
 * tangent in its register; the hvp core takes (...args, seed, gradOut, ...directions, hvpOut).
 * Forward-mode cores are called through their slots (wrapper.ts: coreCall), which also feeds
 * scratch arrays to tangent parameters of output arrays.
 * The allocating wrappers let the cores write into module scratch buffers and hand out numbers
 * or fresh arrays (wrapper.ts: flatOut): what the caller gets is never overwritten by a later call.
 * Without a Hessian core, the Hessian is assembled from n HVPs with unit directions, then made
 * exactly symmetric.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import type { Scope } from './namer.js';
import { layout, shapedType, type FnInfo } from './signature.js';
import { coreCall, directionParams, flatOut, ids, outShape, resize, unitDirections, userParams, type CoreNames, type ForwardCore, type Wrapper } from './wrapper.js';

const k = (info: FnInfo) => info.params.length;
const active = (info: FnInfo) => info.active.map((p) => p.hint).join(', ') || 'no parameters';

export function scalarWrappers(info: FnInfo, names: CoreNames): Wrapper[] {
  const out: Wrapper[] = [];
  const f = info.name;
  const { grad, jvp, hvp, hessian } = names;
  if (grad) {
    out.push({
      name: `${f}_grad`,
      params: userParams(info),
      returns: `{ value: number; grad: ${shapedType(info)} }`,
      doc: `Value and gradient of \`${f}\` with respect to ${active(info)}.`,
      body: (args, scope) => {
        const user = args.slice(0, k(info));
        const lay = layout(info, user);
        const value = scope.name('value');
        const g = flatOut(info, lay, user, names.flat?.grad, scope.name('grad'), names.copyOut);
        return [
          ...g.setup,
          b.const(value, b.call(grad.core, ...ids(user), b.num(1), g.buffer)),
          b.ret(b.obj([['value', b.id(value)], ['grad', g.shaped]])),
        ];
      },
    });
    out.push({
      name: `${f}_grad_into`,
      params: [...userParams(info), { hint: 'out', type: 'Float64Array' }],
      returns: 'number',
      doc:
        `Allocation-free gradient of \`${f}\`: writes the partial derivatives with respect to ${active(info)} to \`out\` ` +
        '(flattened: array parameters take `length` consecutive entries, in parameter order) and returns the value.',
      body: (args) => [b.ret(b.call(grad.core, ...ids(args.slice(0, k(info))), b.num(1), b.id(args[k(info)])))],
    });
  }
  if (jvp) {
    const register = jvp.registers[0];
    const call = (args: string[]) => coreCall(jvp, { args, dirs: ids(args.slice(k(info))) });
    out.push({
      name: `${f}_jvp`,
      params: [...userParams(info), ...directionParams(info, 'dot')],
      returns: '{ value: number; tangent: number }',
      doc: `Value of \`${f}\` and its directional derivative along the tangents of ${active(info)} (forward mode).`,
      body: (args, scope) => {
        const value = scope.name('value');
        const { setup, call: c } = call(args);
        return [...setup, b.const(value, c), b.ret(b.obj([['value', b.id(value)], ['tangent', b.id(register)]]))];
      },
    });
    out.push({
      name: `${f}_jvp_tangent`,
      params: [...userParams(info), ...directionParams(info, 'dot')],
      returns: 'number',
      doc: `Allocation-free forward mode: the directional derivative of \`${f}\` along the given tangents.`,
      body: (args) => {
        const { setup, call: c } = call(args);
        return [...setup, b.stmt(c), b.ret(b.id(register))];
      },
    });
  }
  if (hvp) out.push(...hvpWrappers(info, hvp, names));
  if (hessian || hvp) out.push(...hessianWrappers(info, names));
  return out;
}

function hvpWrappers(info: FnInfo, hvp: ForwardCore, names: CoreNames): Wrapper[] {
  const f = info.name;
  const params = [...userParams(info), ...directionParams(info, 'v')];
  const dirCount = info.active.length;
  return [
    {
      name: `${f}_hvp`,
      params,
      returns: `{ value: number; grad: ${shapedType(info)}; hvp: ${shapedType(info)} }`,
      doc: `Value, gradient and Hessian-vector product H·v of \`${f}\` (v given per parameter, shaped like it).`,
      body: (args, scope) => {
        const user = args.slice(0, k(info));
        const lay = layout(info, user);
        const value = scope.name('value');
        const g = flatOut(info, lay, user, names.flat?.grad, scope.name('grad'), names.copyOut);
        const hv = flatOut(info, lay, user, names.flat?.hvp, scope.name('hvp'), names.copyOut);
        const dirs = ids(args.slice(k(info), k(info) + dirCount));
        const { setup, call } = coreCall(hvp, { args: user, dirs, seed: b.num(1), gradOut: g.buffer, gradOutDot: hv.buffer });
        return [
          ...g.setup,
          ...hv.setup,
          ...setup,
          b.const(value, call),
          b.ret(b.obj([['value', b.id(value)], ['grad', g.shaped], ['hvp', hv.shaped]])),
        ];
      },
    },
    {
      name: `${f}_hvp_into`,
      params: [...params, { hint: 'gradOut', type: 'Float64Array' }, { hint: 'hvpOut', type: 'Float64Array' }],
      returns: 'number',
      doc: `Allocation-free Hessian-vector product of \`${f}\`: writes the flattened gradient to \`gradOut\` and H·v to \`hvpOut\`; returns the value.`,
      body: (args) => {
        const user = args.slice(0, k(info));
        const dirs = ids(args.slice(k(info), k(info) + dirCount));
        const [gradOut, hvpOut] = args.slice(k(info) + dirCount);
        const { setup, call } = coreCall(hvp, { args: user, dirs, seed: b.num(1), gradOut: b.id(gradOut), gradOutDot: b.id(hvpOut) });
        return [...setup, b.ret(call)];
      },
    },
  ];
}

function hessianWrappers(info: FnInfo, names: CoreNames): Wrapper[] {
  const f = info.name;
  return [
    {
      name: `${f}_hessian`,
      params: userParams(info),
      returns: `{ value: number; grad: ${shapedType(info)}; hessian: Float64Array[] }`,
      doc: `Value, gradient and Hessian of \`${f}\`: \`hessian[i][j]\` = ∂²f/∂xᵢ∂xⱼ over the n flattened active scalars (exactly symmetric).`,
      body: (args, scope) => hessianBody(info, names, args, scope),
    },
    {
      name: `${f}_hessian_into`,
      params: [...userParams(info), { hint: 'gradOut', type: 'Float64Array' }, { hint: 'hessOut', type: 'Float64Array' }],
      returns: 'number',
      doc:
        `Allocation-free Hessian of \`${f}\`: writes the flattened gradient to \`gradOut\` (n entries) and the Hessian to ` +
        '`hessOut` (n×n, row-major, exactly symmetric); returns the value.',
      body: (args, scope) => hessianIntoBody(info, names, args, scope),
    },
  ];
}

/**
 * The Hessian goes to a module scratch buffer (n×n) and each row is copied out into a fresh
 * Float64Array: n small allocations are cheaper than one n×n array plus n subarray views.
 */
function hessianBody(info: FnInfo, names: CoreNames, args: string[], scope: Scope): ES.Statement[] {
  const lay = layout(info, args);
  const [n, value, rows, i] = ['n', 'value', 'hessian', 'i'].map((x) => scope.name(x));
  const g = flatOut(info, lay, args, names.flat?.grad, scope.name('grad'), names.copyOut);
  const h = names.flat!.hess!;
  const row = b.call(names.copyOut!, b.id(h), b.bin('*', b.id(i), b.id(n)), b.id(n));
  return [
    b.const(n, lay.n),
    ...g.setup,
    ...(outShape(info) === 'scalars' ? [] : [resize(h, b.bin('*', b.id(n), b.id(n)))]),
    b.const(value, b.call(`${info.name}_hessian_into`, ...ids(args), g.buffer, b.id(h))),
    b.const(rows, b.arr([])),
    b.for(b.let(i, b.num(0)), b.bin('<', b.id(i), b.id(n)), b.update('++', i, false), [b.stmt(b.call(b.member(rows, 'push'), row))]),
    b.ret(b.obj([['value', b.id(value)], ['grad', g.shaped], ['hessian', b.id(rows)]])),
  ];
}

function hessianIntoBody(info: FnInfo, names: CoreNames, args: string[], scope: Scope): ES.Statement[] {
  const user = args.slice(0, k(info));
  const [gradOut, hessOut] = args.slice(k(info));
  const lay = layout(info, user);
  const n = scope.name('n');
  const symmetrize = b.stmt(b.call(names.symmetrize!, b.id(hessOut), b.id(n)));
  if (names.hessian) {
    const value = scope.name('value');
    return [
      b.const(n, lay.n),
      b.const(value, b.call(names.hessian.core, ...ids(user), b.id(gradOut), b.id(hessOut))),
      symmetrize,
      b.ret(b.id(value)),
    ];
  }
  // Column j of H is H·eⱼ: one HVP per flattened active scalar, into a reused scratch column.
  // Arrays the function writes are copied into working arrays before each column, so every
  // column sees the caller's inputs; the last column's working arrays, as one primal run leaves
  // them, are copied back at the end.
  const { column, dirs, work } = names.scratch!;
  const written = info.active.length === 0 ? [] : info.params.filter((p) => work.has(p.index));
  const coreArgs = user.map((a, i) => work.get(i) ?? a);
  const restore = written.map((p) => b.stmt(b.call(b.member(work.get(p.index)!, 'set'), b.id(user[p.index]))));
  const value = scope.name('value');
  let scratch: ES.Statement[] = [];
  const loops = unitDirections(info, lay, user, dirs, scope.name('j'), (tangents, j) => {
    const { setup, call } = coreCall(names.hvp!, { args: coreArgs, dirs: tangents, seed: b.num(1), gradOut: b.id(gradOut), gradOutDot: b.id(column) });
    scratch = setup;
    return {
      call: [...restore, b.stmt(b.assign(value, call))],
      after: [b.stmt(b.call(b.member(hessOut, 'set'), b.id(column), b.bin('*', j, b.id(n))))],
    };
  });
  const setup = [
    b.const(n, lay.n),
    resize(column, b.id(n)),
    ...info.active.filter((p) => p.array).map((p) => resize(dirs.get(p.index)!, b.member(user[p.index], 'length'))),
    ...written.map((p) => resize(work.get(p.index)!, b.member(user[p.index], 'length'), p.int ? 'Int32Array' : 'Float64Array')),
    ...restore,
    ...scratch,
  ];
  const i = scope.name('i');
  const copyBack = written.map((p) => {
    const [a, w] = [user[p.index], work.get(p.index)!];
    return b.for(b.let(i, b.num(0)), b.bin('<', b.id(i), b.member(a, 'length')), b.update('++', i, false), [b.stmt(b.assign(b.member(a, b.id(i)), b.member(w, b.id(i))))]);
  });
  // Without columns (no active scalar at all, at run time) the value comes from the primal, run
  // once on the caller's arrays; nothing is copied back then.
  const primal = b.call(names.primal, ...ids(user));
  const always = info.active.some((p) => !p.array);
  const first = info.active.length === 0 ? primal : always ? b.num(0) : b.cond(b.bin('===', b.id(n), b.num(0)), primal, b.num(0));
  const back = always || copyBack.length === 0 ? copyBack : [b.if(b.bin('!==', b.id(n), b.num(0)), copyBack)];
  return [...setup, b.let(value, first), ...loops, ...back, symmetrize, b.ret(b.id(value))];
}
