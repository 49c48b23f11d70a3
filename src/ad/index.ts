/**
 * The differentiation passes, IR → IR. Each returns a new function (the input is never mutated)
 * made of ordinary IR, so the passes compose: hvp = tangent(adjoint(f)), third derivatives by
 * tangent(hvp(f)), reverse over forward by adjoint(tangent(f)).
 *
 * - tangent(fn, active)  `${fn.name}_jvp`: params [...fn.params, x_dot per active param, then a
 *   tangent per other array param written with active values]; results [...fn.results, their
 *   tangents]. Output-array tangents are zeroed unless every element is written.
 * - adjoint(fn, active)  `${fn.name}_grad`: params [...fn.params, seed, gradOut]; gradOut (Σ sizes
 *   of the active params, flattened in parameter order) is overwritten with the seed-weighted
 *   gradient; results fn.results. A vector seed is not mutated.
 * - hvp(fn, active)  `${fn.name}_hvp`: params [...fn.params, seed, gradOut, tangents of active
 *   params, gradOut_dot]; gradOut_dot receives H·v; results [value, value_dot].
 * - hessianDense(fn, active)  `${fn.name}_hessian` for isStraightLineScalar functions: params
 *   [...fn.params, gradOut, hessOut (n·n row-major, exactly symmetric)]; results fn.results.
 *
 * What the produced code relies on (for codegen): one LIFO tape per call (push/pop balance
 * within one call; an int/bool popped converts back to the target's type); a `for` evaluates
 * its bounds once; reversed loops reuse the forward loop's index variable; every variable is
 * assigned before it is read; only the tape and the adjoints of active local arrays are
 * allocated by adjoints.
 */
export { tangent, type TangentResult } from './forward.js';
export { adjoint } from './reverse.js';
export { hvp, hessianDense, isStraightLineScalar } from './second.js';
export { analyzeActivity, type Activity } from './activity.js';
