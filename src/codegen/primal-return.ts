/**
 * The primal of a vector-valued function returns what the source returns. The IR builds every
 * array result in a fresh Float64Array (alloc), but a source declared to return `number[]`, a
 * number tuple (or, unannotated, an array literal: the front end's 'number[]') returns a plain
 * array, and one declared `Float32Array` a Float32Array. The emitted `return out;` is rewritten:
 *   tuple of statically known length k  → `return [out[0], …, out[k-1]];`   (no iterator, cheapest)
 *   other plain arrays                  → `return Array.from(out);`
 *   Float32Array                        → `return Float32Array.from(out);`
 * A result that is one of the parameters is the caller's own array and is returned as is; so is
 * anything declared Float64Array or ArrayLike<number>. The derivative entry points keep their
 * Float64Array values (the contract); they do not call the primal except for f_jacobian, which
 * copies whatever it gets into a Float64Array.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import type { FnInfo } from './signature.js';
import { forEachStmt } from '../opt/walk.js';
import type { IRFunction } from '../ir/types.js';

const normalize = (t: string) => t.replace(/\s+/g, ' ').trim();
const PLAIN = [/^(readonly )?number ?\[\]$/, /^(Readonly)?Array ?< ?number ?>$/];
const TUPLE = /^(readonly )?\[ ?number( ?, ?number)* ?\]$/;

type Conversion = { kind: 'tuple'; length: number } | { kind: 'from'; ctor: 'Array' | 'Float32Array' } | undefined;

function conversion(info: FnInfo, fn: IRFunction): Conversion {
  const result = fn.results[0];
  if (info.output !== 'vector' || !result || result.kind !== 'var' || fn.params.includes(result.name)) return undefined;
  const t = normalize(info.returnTypeText);
  if (t === 'Float32Array') return { kind: 'from', ctor: 'Float32Array' };
  if (TUPLE.test(t)) {
    const length = t.split(',').length;
    return allocLengths(fn, result.name).every((n) => n === length) ? { kind: 'tuple', length } : { kind: 'from', ctor: 'Array' };
  }
  return PLAIN.some((re) => re.test(t)) ? { kind: 'from', ctor: 'Array' } : undefined;
}

/** Constant lengths of the allocations of `name` (NaN for a length known only at run time). */
function allocLengths(fn: IRFunction, name: string): number[] {
  const lengths: number[] = [];
  forEachStmt(fn.body, (s) => {
    if (s.kind === 'alloc' && s.target === name) lengths.push(s.length.kind === 'const' ? Number(s.length.value) : NaN);
  });
  return lengths.length ? lengths : [NaN];
}

/** Rewrite the final `return out;` of the emitted primal `decl` as described above. */
export function convertPrimalReturn(decl: ES.FunctionDeclaration, info: FnInfo, fn: IRFunction): void {
  const conv = conversion(info, fn);
  const body = decl.body.body;
  const last = body[body.length - 1];
  if (!conv || last?.type !== 'ReturnStatement' || !last.argument) return;
  const out = last.argument;
  if (conv.kind === 'tuple' && out.type === 'Identifier') {
    body[body.length - 1] = b.ret(b.arr(Array.from({ length: conv.length }, (_, i) => b.member(out.name, b.num(i)))));
  } else {
    body[body.length - 1] = b.ret(b.call(`${conv.kind === 'tuple' ? 'Array' : conv.ctor}.from`, out));
  }
}
