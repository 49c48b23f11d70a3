/**
 * The differentiation passes, IR → IR: forward mode (tangent), reverse mode (adjoint), and second
 * order by composing them (hvp, hessianDense). Each returns a new function; inputs are never
 * mutated, and every output is ordinary IR that the passes accept again.
 */
export { tangent, type TangentResult } from './forward.js';
export { adjoint } from './reverse.js';
export { hvp, hessianDense, isStraightLineScalar } from './second.js';
export { analyzeActivity, type Activity } from './activity.js';
