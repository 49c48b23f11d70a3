/**
 * Public wrappers of a vector-valued function f (m outputs; n active input scalars):
 *
 *   f_jacobian(...args)          → { value: Float64Array, jacobian: m rows of n }
 *   f_jvp(...args, t1..tk)       → { value: Float64Array, tangent: Float64Array }   (J·t)
 *   f_vjp(...args, u)            → { value: Float64Array, grad: [...] }            (uᵀ·J, shaped like the params)
 *   f_vjp_into(...args, u, out)  → void; out[0..n) = uᵀ·J flattened                (allocation-free apart from the primal's own result)
 *
 * The Jacobian is built column by column with n JVPs (unit tangents) or row by row with m VJPs
 * (unit seeds), whichever is fewer, decided at run time from the actual sizes (forward when
 * n ≤ m); with only one of the two cores, that one is used. Values are copied into fresh
 * Float64Arrays so the caller owns them whatever the function returns (a number[], a param).
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import type { Scope } from './namer.js';
import { layout, shapedType, type FnInfo } from './signature.js';
import { coreCall, directionParams, flatOut, ids, unitDirections, userParams, type CoreNames, type Wrapper } from './wrapper.js';

const toF64 = (e: ES.Expression) => b.call('Float64Array.from', e);
const active = (info: FnInfo) => info.active.map((p) => p.hint).join(', ') || 'no parameters';

export function vectorWrappers(info: FnInfo, names: CoreNames): Wrapper[] {
  const f = info.name;
  const k = info.params.length;
  const out: Wrapper[] = [];
  const { jvp, grad } = names;
  if (jvp || grad) {
    out.push({
      name: `${f}_jacobian`,
      params: userParams(info),
      returns: '{ value: Float64Array; jacobian: Float64Array[] }',
      doc: `Value and Jacobian of \`${f}\`: \`jacobian[i][j]\` = ∂fᵢ/∂xⱼ over the n flattened active scalars of ${active(info)}.`,
      body: (args, scope) => jacobianBody(info, names, args, scope),
    });
  }
  if (jvp) {
    out.push({
      name: `${f}_jvp`,
      params: [...userParams(info), ...directionParams(info, 'dot')],
      returns: '{ value: Float64Array; tangent: Float64Array }',
      doc: `Value of \`${f}\` and the Jacobian-vector product J·t along the tangents of ${active(info)} (forward mode).`,
      body: (args, scope) => {
        const value = scope.name('value');
        const { setup, call } = coreCall(jvp, { args, dirs: ids(args.slice(k)) });
        return [
          ...setup,
          b.const(value, call),
          b.ret(b.obj([['value', toF64(b.id(value))], ['tangent', toF64(b.id(jvp.registers[0]))]])),
        ];
      },
    });
  }
  if (grad) {
    out.push({
      name: `${f}_vjp`,
      params: [...userParams(info), { hint: 'u', type: 'ArrayLike<number>' }],
      returns: `{ value: Float64Array; grad: ${shapedType(info)} }`,
      doc: `Value of \`${f}\` and the vector-Jacobian product uᵀ·J (reverse mode), shaped like ${active(info)}.`,
      body: (args, scope) => {
        const user = args.slice(0, k);
        const lay = layout(info, user);
        const value = scope.name('value');
        const g = flatOut(info, lay, user, names.flat?.grad, scope.name('grad'), names.copyOut);
        return [
          ...g.setup,
          b.const(value, b.call(grad.core, ...ids(user), b.id(args[k]), g.buffer)),
          b.ret(b.obj([['value', toF64(b.id(value))], ['grad', g.shaped]])),
        ];
      },
    });
    out.push({
      name: `${f}_vjp_into`,
      params: [...userParams(info), { hint: 'u', type: 'ArrayLike<number>' }, { hint: 'out', type: 'Float64Array' }],
      returns: 'void',
      doc: `Vector-Jacobian product uᵀ·J of \`${f}\` written to \`out\` (flattened over ${active(info)}, in parameter order).`,
      body: (args) => [b.stmt(b.call(grad.core, ...ids(args)))],
    });
  }
  return out;
}

/**
 * Arrays the function writes: the primal runs once on the caller's arrays (leaving them as one
 * call does), each JVP/VJP on a working copy restored from a snapshot taken before (otherwise
 * every run would see the previous one's writes).
 */
export function workingCopies(info: FnInfo, args: string[], scope: Scope) {
  const written = info.params.filter((p) => p.array && p.written);
  const setup: ES.Statement[] = [];
  const restore: ES.Statement[] = [];
  const coreArgs = [...args];
  for (const p of written) {
    const [input, work] = [scope.name(`${p.hint}_in`), scope.name(`${p.hint}_work`)];
    const ctor = p.int ? 'Int32Array' : 'Float64Array';
    setup.push(b.const(input, b.call(`${ctor}.from`, b.id(args[p.index]))), b.const(work, b.new(ctor, b.member(input, 'length'))));
    restore.push(b.stmt(b.call(b.member(work, 'set'), b.id(input))));
    coreArgs[p.index] = work;
  }
  return { setup, restore, coreArgs };
}

function jacobianBody(info: FnInfo, names: CoreNames, args: string[], scope: Scope): ES.Statement[] {
  const lay = layout(info, args);
  const [n, value, m, rows, i] = ['n', 'value', 'm', 'jacobian', 'i'].map((h) => scope.name(h));
  const copies = workingCopies(info, args, scope);
  const head = [
    b.const(n, lay.n),
    ...copies.setup,
    b.const(value, toF64(b.call(names.primal, ...ids(args)))),
    b.const(m, b.member(value, 'length')),
    b.const(rows, b.arr([])),
    b.for(b.let(i, b.num(0)), b.bin('<', b.id(i), b.id(m)), b.update('++', i, false), [
      b.stmt(b.call(b.member(rows, 'push'), b.new('Float64Array', b.id(n)))),
    ]),
  ];
  const forward = names.jvp && jacobianForward(info, names, args, copies, scope, rows);
  const reverse = names.grad && jacobianReverse(names.grad.core, copies, scope, m, rows, i);
  let fill: ES.Statement[];
  if (forward && reverse) {
    fill = [b.withComments(b.if(b.bin('<=', b.id(n), b.id(m)), forward, reverse), ['n JVPs (columns) or m VJPs (rows), whichever is fewer'])];
  } else {
    fill = forward ?? reverse!;
  }
  return [...head, ...fill, b.ret(b.obj([['value', b.id(value)], ['jacobian', b.id(rows)]]))];
}

type Copies = ReturnType<typeof workingCopies>;

function jacobianForward(info: FnInfo, names: CoreNames, args: string[], copies: Copies, scope: Scope, rows: string): ES.Statement[] {
  const jvp = names.jvp!;
  const lay = layout(info, args);
  const dirs = new Map<number, string>();
  const setup: ES.Statement[] = [];
  for (const p of info.active.filter((q) => q.array)) {
    dirs.set(p.index, scope.name(`${p.hint}_dir`));
    setup.push(b.const(dirs.get(p.index)!, b.new('Float64Array', b.member(args[p.index], 'length'))));
  }
  let scratch: ES.Statement[] = [];
  const loops = unitDirections(info, lay, args, dirs, scope.name('j'), (tangents, j) => {
    const { setup: s, call } = coreCall(jvp, { args: copies.coreArgs, dirs: tangents });
    scratch = s;
    return { call: [...copies.restore, b.stmt(call)], after: [b.stmt(b.call(names.putColumn!, b.id(rows), j, b.id(jvp.registers[0])))] };
  });
  return [...setup, ...scratch, ...loops];
}

function jacobianReverse(core: string, copies: Copies, scope: Scope, m: string, rows: string, i: string): ES.Statement[] {
  const seed = scope.name('seed');
  const at = () => b.member(seed, b.id(i));
  return [
    b.const(seed, b.new('Float64Array', b.id(m))),
    b.for(b.let(i, b.num(0)), b.bin('<', b.id(i), b.id(m)), b.update('++', i, false), [
      b.stmt(b.assign(at(), b.num(1))),
      ...copies.restore,
      b.stmt(b.call(core, ...ids(copies.coreArgs), b.id(seed), b.member(rows, b.id(i)))),
      b.stmt(b.assign(at(), b.num(0))),
    ]),
  ];
}
