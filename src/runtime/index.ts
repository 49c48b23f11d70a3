/**
 * `adgen/runtime`: the notebook's differentiation techniques as a small library, used as
 * baselines for benchmarks and as oracles in the compiler's tests.
 *
 * - numeric.ts: finite differences (forward as in the notebook, or central), Jacobians, Hessians,
 *   and flat versions for functions of arrays.
 * - graph.ts: a symbolic graph with evaluation (over numbers or duals), symbolic derivatives and
 *   reverse-mode backpropagation.
 * - dual.ts: dual numbers (forward mode).
 * - tape.ts: a TensorFlow-style gradient tape (reverse mode, nested for higher order).
 * - ops.ts: the operations all four support, and their derivative rules.
 * - derivatives.ts: grad, jvp, hessian, hvp and stopGradient for source files that call
 *   derivatives (the compiler emits exact code for them; here they are finite differences).
 * - check-rule.ts: checkRule, a custom derivative rule against central differences.
 */
export {
  numericGradient, numericJacobian, numericHessian, numericGradientFlat, numericJacobianFlat,
  type DifferenceOptions, type FlatArg, type FlatOptions,
} from './numeric.js';
export {
  Node, Const, Var, Operation, Binary, Unary, Add, Sub, Mul, Div, Pow, Neg,
  graphOps, topologicalOrder, graphGradient, graphHessian, type Val,
} from './graph.js';
export { Dual, dualOps, dualGradient, dualJvp, fixed1 } from './dual.js';
export {
  GradientTape, Tracked, tapeOps, tapeGradient, tapeHessian, type TapeEntry, type TapeOptions,
} from './tape.js';
export {
  BINARY, UNARY, BINARY_NAMES, UNARY_NAMES, numberOps, makeOps, installMethods,
  type BinaryName, type UnaryName, type BinaryRule, type UnaryRule, type Ops, type OrNumber, type Scalar,
} from './ops.js';
export { grad, jacfwd, jacrev, jvp, hessian, hvp, stopGradient } from './derivatives.js';
export { checkRule, type RuleCheck, type RuleCheckOptions } from './check-rule.js';
