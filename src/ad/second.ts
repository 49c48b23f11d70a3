/**
 * Second order by composition (no third differentiator): forward over reverse.
 *
 * - hvp: tangent(adjoint(f)) — the tangent of the gradient along v is H·v.
 * - hessianDense: for straight-line scalar functions, the same composition with n tangent lanes
 *   whose seeds are the unit vectors as CONSTANTS, so the Builder folds every structural zero
 *   and one; only the entries i ≤ j are stored (lane j gives column j), mirrored to make the
 *   result exactly symmetric, and the tangents nobody stores are removed again.
 */
import { c, isArrayType, type IRFunction } from '../ir/types.js';
import { removeDeadCode } from './dce.js';
import { laneMajor, tangentCore, type TangentResult } from './forward.js';
import { TrackingBuilder, walk, freshName } from './ir-utils.js';
import { adjoint, adjointCore, inParamOrder } from './reverse.js';

/**
 * Hessian-vector product: tangent(adjoint(fn, active), active), named `${fn.name}_hvp`. Params
 * [...fn.params, seed, gradOut, ...tangents of active params, gradOut_dot]; gradOut_dot receives
 * H·v (seed-weighted). Results [value, value_dot]. With k lanes: k adjacent tangents per active
 * parameter and k gradOut_dot arrays (H·v₁ … H·v_k in one sweep), results [value, k value_dots].
 */
export function hvp(fn: IRFunction, active: string[], lanes = 1): TangentResult & { lanesOf: Map<string, string[]> } {
  const adj = adjoint(fn, active);
  const gradOut = adj.params[adj.params.length - 1];
  const name = lanes === 1 ? `${fn.name}_hvp` : `${fn.name}_hvp${lanes}`;
  const r = tangentCore(adj, active, { name, lanes, overwritten: [gradOut], forceTangent: [gradOut] });
  r.fn.results = [...r.fn.results, ...laneMajor(r.resultTangents, lanes)];
  return { fn: r.fn, dotOf: r.dotOf, lanesOf: r.lanesOf };
}

/** No loops, no arrays, no tape; scalar f64 active parameters and a scalar first result. */
export function isStraightLineScalar(fn: IRFunction, active: string[]): boolean {
  if (!active.every((p) => fn.params.includes(p) && fn.vars.get(p)?.type === 'f64')) return false;
  if ([...fn.vars.values()].some((d) => isArrayType(d.type))) return false;
  let ok = true;
  walk(fn.body, (s) => (ok &&= s.kind === 'assign' || s.kind === 'if'));
  const out = fn.results[0];
  return ok && out !== undefined;
}

/**
 * Dense Hessian of a straight-line scalar function: `${fn.name}_hessian`, params [...fn.params,
 * gradOut (n), hessOut (n·n, row-major)], results fn.results; rows and columns in parameter order.
 */
export function hessianDense(fn: IRFunction, activeList: string[]): IRFunction {
  const active = inParamOrder(fn, activeList);
  if (!isStraightLineScalar(fn, active)) {
    throw new Error(`hessianDense: ${fn.name} is not a straight-line function of scalar parameters`);
  }
  const n = active.length;
  const adj = adjointCore(fn, active, { seed: 1, gradients: 'results' });
  const m = fn.results.length;
  const unit = active.map((_, k) => active.map((_, lane) => (k === lane ? 1 : 0)));
  const t = tangentCore(adj, active, { name: `${fn.name}_hessian`, lanes: n, constSeeds: unit });
  const h = t.fn;
  const gradOut = freshName(h, 'f64[]', 'gradOut');
  const hessOut = freshName(h, 'f64[]', 'hessOut');
  h.params.push(gradOut, hessOut);
  const b = new TrackingBuilder(h, new Set());
  b.loc = fn.loc;
  for (let i = 0; i < n; i++) b.store(gradOut, c(i), h.results[m + i]);
  for (let j = 0; j < n; j++) {
    for (let i = 0; i <= j; i++) {
      const hij = t.resultTangents[m + i][j]; // lane j of ∂f/∂xᵢ: ∂²f/∂xᵢ∂xⱼ
      b.store(hessOut, c(i * n + j), hij);
      if (i !== j) b.store(hessOut, c(j * n + i), hij);
    }
  }
  h.body.push(...b.stmts);
  h.results = h.results.slice(0, m);
  removeDeadCode(h);
  return h;
}
