/**
 * Module-level support of the sparse entry points (wrappers-sparse.ts): which functions get one,
 * the names of the runtime helpers of templates/sparse.js (one copy per module), and each
 * function's module state (its plan, the direction and product scratch arrays).
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import type { CompiledFunction } from './module.js';
import type { Namer } from './namer.js';
import type { FnInfo } from './signature.js';
import { fill, template } from './templates.js';
import { wantsSparse, type SparseNames } from './wrappers-sparse.js';

/**
 * The sparse entry point of f, if any: `f_hessian_sparse` for a scalar function with an HVP
 * core (a straight-line function of scalars has its dense Hessian core instead), and
 * `f_jacobian_sparse` for a vector function with a JVP core; only with an active array.
 */
export function sparseEntry(cf: CompiledFunction, info: FnInfo): string | undefined {
  if (!wantsSparse(info)) return undefined;
  if (info.output === 'scalar') return cf.hvp && !cf.hessian ? `${info.name}_hessian_sparse` : undefined;
  return cf.jvp ? `${info.name}_jacobian_sparse` : undefined;
}

/** Module names for every `$sp…` function of the template. */
export function sparseHelperNames(namer: Namer): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of template('sparse.js').matchAll(/\$(sp\w+)/g)) out[m[1]] ??= namer.module(m[1]);
  return out;
}

export function sparseHelperText(names: Record<string, string>): string {
  return fill(template('sparse.js'), names).trimEnd();
}

/** One function's sparse names; its module state is appended to `state`. */
export function sparseNames(f: string, info: FnInfo, namer: Namer, helpers: Record<string, string>, state: [string, ES.Expression][], lanes = 1): SparseNames {
  const plan = namer.module(`${f}_sparse_plan`);
  const dir = namer.module(`${f}_sparse_dir`);
  state.push([plan, b.id('null')], [dir, b.new('Float64Array', b.num(0))]);
  const out: SparseNames = { pattern: namer.module(`${f}_pattern`), plan, dir, helpers };
  if (info.output === 'scalar') {
    out.column = namer.module(`${f}_sparse_column`);
    state.push([out.column, b.new('Float64Array', b.num(0))]);
  }
  if (lanes > 1) {
    // One direction per lane (lane 0 reuses dir), and for Hessians one H·d column per lane.
    const scratch = (hint: string) => {
      const name = namer.module(hint);
      state.push([name, b.new('Float64Array', b.num(0))]);
      return name;
    };
    out.laneDirs = [dir, ...Array.from({ length: lanes - 1 }, (_, l) => scratch(`${f}_sparse_dir${l + 2}`))];
    if (out.column) out.laneColumns = [out.column, ...Array.from({ length: lanes - 1 }, (_, l) => scratch(`${f}_sparse_column${l + 2}`))];
  }
  return out;
}
