/**
 * What the public wrappers need to know about an exported function: its parameters (name hint,
 * scalar or array, declared type text), which are active, and how the active scalars are laid
 * out in a flattened gradient: in parameter order, an array parameter taking `p.length`
 * consecutive slots. Offsets are emitted as expressions (`1 + y.length`), because array lengths
 * are only known at run time.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import { isArrayType, type ExportedFunction, type IRFunction } from '../ir/types.js';
import { forEachStmt } from '../opt/walk.js';

export interface ParamInfo {
  index: number;
  hint: string;
  array: boolean;
  typeText: string;
  active: boolean;
  /** An array parameter the function stores into (directly or through a copy of it). */
  written: boolean;
  /** Element type of an array parameter. */
  int: boolean;
  /** The caller may leave it out (undefined: the function applies its default). */
  optional: boolean;
}

export interface FnInfo {
  name: string;
  params: ParamInfo[];
  active: ParamInfo[];
  output: 'scalar' | 'vector';
  returnTypeText: string;
  doc?: string;
}

export function fnInfo(exp: ExportedFunction): FnInfo {
  const { fn } = exp;
  const written = writtenArrays(fn);
  const params = fn.params.map((p, index): ParamInfo => {
    const decl = fn.vars.get(p);
    if (!decl) throw new Error(`internal error: ${fn.name}: undeclared parameter ${p}`);
    return {
      index,
      hint: decl.hint ?? p,
      array: isArrayType(decl.type),
      typeText: exp.paramTypeText[index] ?? (isArrayType(decl.type) ? 'Float64Array' : 'number'),
      active: exp.wrt.includes(p),
      written: written.has(p),
      int: decl.type === 'int[]',
      optional: exp.paramOptional?.[index] ?? false,
    };
  });
  return { name: fn.name, params, active: params.filter((p) => p.active), output: exp.output, returnTypeText: exp.returnTypeText, doc: exp.doc };
}

/**
 * Arrays stored into, closed over copies (`b = copy a; b[i] = …` writes a): the wrappers that
 * run a core several times on the caller's arrays must restore those in between.
 */
function writtenArrays(fn: IRFunction): Set<string> {
  const written = new Set<string>();
  const copies: [string, string][] = [];
  forEachStmt(fn.body, (s) => {
    if (s.kind === 'store') written.add(s.array);
    if (s.kind === 'assign' && s.op === 'copy' && s.args[0].kind === 'var') copies.push([s.target, s.args[0].name]);
  });
  for (let grew = true; grew; ) {
    grew = false;
    for (const [to, from] of copies) if (written.has(to) && !written.has(from)) grew = written.add(from) !== undefined;
  }
  return written;
}

/** `c + a.length + b.length` (just `c` without arrays; no leading `0 +`). */
export function sumExpr(constant: number, lengths: ES.Expression[]): ES.Expression {
  const terms = constant > 0 || lengths.length === 0 ? [b.num(constant), ...lengths] : lengths;
  return terms.reduce((acc, t) => b.bin('+', acc, t));
}

/** Flattened layout of the active scalars, in terms of the wrapper's argument names. */
export interface Layout {
  /** Start offset of each active parameter (same order as `info.active`). */
  offsets: ES.Expression[];
  /** End offset of each active parameter. */
  ends: ES.Expression[];
  /** Total number of active scalars. */
  n: ES.Expression;
}

export function layout(info: FnInfo, args: string[]): Layout {
  let constant = 0;
  const lengths: ES.Expression[] = [];
  const offsets: ES.Expression[] = [];
  const ends: ES.Expression[] = [];
  for (const p of info.active) {
    offsets.push(sumExpr(constant, [...lengths]));
    if (p.array) lengths.push(b.member(args[p.index], 'length'));
    else constant++;
    ends.push(sumExpr(constant, [...lengths]));
  }
  return { offsets, ends, n: sumExpr(constant, lengths) };
}

/** TypeScript text of the shaped gradient: `[number, Float64Array]`. */
export function shapedType(info: FnInfo): string {
  return `[${info.active.map((p) => (p.array ? 'Float64Array' : 'number')).join(', ')}]`;
}

/** TypeScript text of a tangent/direction argument for parameter `p`. */
export const directionType = (p: ParamInfo): string => (p.array ? 'ArrayLike<number>' : 'number');
