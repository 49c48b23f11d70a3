/**
 * A symbolic computation graph, as in the notebook: `Const`, `Var`, `Add`, `Mul`, plus `Sub`,
 * `Div`, `Pow`, `Neg`, and `Binary`/`Unary` for atan2, hypot and the `Math` functions (one class
 * keyed by the op name; derivatives come from the table in `ops.ts`).
 *
 * - `evaluate()` computes every node once, in topological order, and caches it in `node.value`.
 *   Values may be numbers or `Dual`s (set `x.value = new Dual(3, 1)`): an operation uses dual
 *   arithmetic as soon as one operand is a dual.
 * - `derivative(v)` is symbolic forward mode: it returns a new graph for ∂this/∂v, so it can be
 *   differentiated again. Unlike the notebook's version it shares subgraphs (one derivative per
 *   node per call) and folds 0 and 1 (x + 0 → x, 1·x → x, 0·x → 0), so derivatives of deep graphs
 *   stay linear in size instead of exponential.
 * - `backpropagate(seed = 1)` is reverse mode over the values cached by the last `evaluate()`:
 *   each node is visited once in reverse topological order, and `seed·∂this/∂v` is ADDED to
 *   `v.grad` for every `Var` v. Reset with `zeroGrad()` (or `v.grad = 0`) before another call.
 *
 * Assumes graphs are DAGs (nodes are immutable). `toString()` prints shared nodes repeatedly.
 */
import { Dual, dualOps } from './dual.js';
import {
  BINARY, UNARY, installMethods, makeOps, numberOps,
  type BinaryName, type Ops, type OrNumber, type Scalar, type UnaryName,
} from './ops.js';

/** What a graph evaluates to. */
export type Val = number | Dual;

export abstract class Node {
  /** Inputs (`Var`) and results of the last `evaluate()` (operations). */
  value: Val | undefined;
  /** Operands, empty for leaves. */
  readonly args: readonly Node[] = [];

  abstract toString(): string;

  /** Evaluates the graph (each node once) and returns this node's value. */
  evaluate(): Val {
    for (const n of topologicalOrder(this)) {
      if (n instanceof Operation) n.value = n.apply(dualOps, n.args.map(valueOf));
    }
    return valueOf(this);
  }

  /** ∂this/∂v as a new graph, sharing nodes with this one. */
  derivative(v: Var): Node {
    const d = new Map<Node, Node>();
    for (const n of topologicalOrder(this)) d.set(n, n.tangent(v, d));
    return d.get(this)!;
  }

  /** The derivative of this node given those of its operands (chain rule, folded). */
  protected tangent(v: Var, _d: Map<Node, Node>): Node {
    return (this as Node) === v ? ONE : ZERO;
  }

  /** Adds seed·∂this/∂v to `v.grad` for every `Var` below; call `evaluate()` first. */
  backpropagate(seed = 1): void {
    const order = topologicalOrder(this);
    const adjoint = new Map<Node, number>([[this, seed]]);
    for (let k = order.length - 1; k >= 0; k--) {
      const n = order[k];
      const g = adjoint.get(n) ?? 0;
      if (n instanceof Var) n.grad += g;
      if (!(n instanceof Operation)) continue;
      const args = n.args.map(numberOf);
      const y = numberOf(n);
      n.args.forEach((a, i) => {
        if (a instanceof Const) return;
        adjoint.set(a, (adjoint.get(a) ?? 0) + g * n.partial(numberOps, i, args, y));
      });
    }
  }

  /** Sets `grad = 0` on every `Var` of this graph. */
  zeroGrad(): void {
    for (const n of topologicalOrder(this)) if (n instanceof Var) n.grad = 0;
  }
}

export class Const extends Node {
  constructor(override readonly value: number) {
    super();
  }
  toString(): string {
    return String(this.value);
  }
}

export class Var extends Node {
  /** Accumulated by `backpropagate()`. */
  grad = 0;
  constructor(
    readonly name: string,
    public override value: Val = 0,
  ) {
    super();
  }
  toString(): string {
    return this.name;
  }
}

/** A node computed from operands by one op of the table. */
export abstract class Operation extends Node {
  /** This node's value from its operands' values. */
  abstract apply<T>(o: Ops<T>, args: OrNumber<T>[]): T;
  /** ∂this/∂args[i], given the operands and this node's value y. */
  abstract partial<T>(o: Ops<T>, i: number, args: OrNumber<T>[], y: OrNumber<T>): OrNumber<T>;

  protected override tangent(_v: Var, d: Map<Node, Node>): Node {
    let sum: Node = ZERO;
    this.args.forEach((a, i) => {
      const da = d.get(a)!;
      if (isConst(da, 0)) return;
      sum = graphOps.add(sum, graphOps.mul(this.partial(graphOps, i, [...this.args], this), da));
    });
    return sum;
  }
}

export class Binary extends Operation {
  override readonly args: readonly [Node, Node];
  constructor(
    readonly op: BinaryName,
    readonly a: Node,
    readonly b: Node,
  ) {
    super();
    this.args = [a, b];
  }
  apply<T>(o: Ops<T>, [a, b]: OrNumber<T>[]): T {
    return o[this.op](a, b);
  }
  partial<T>(o: Ops<T>, i: number, [a, b]: OrNumber<T>[], y: OrNumber<T>): OrNumber<T> {
    const rule = BINARY[this.op];
    return i === 0 ? rule.da(o, a, b, y) : rule.db(o, a, b, y);
  }
  toString(): string {
    return `${this.op}(${this.a}, ${this.b})`;
  }
}

export class Unary extends Operation {
  override readonly args: readonly [Node];
  constructor(
    readonly op: UnaryName,
    readonly a: Node,
  ) {
    super();
    this.args = [a];
  }
  apply<T>(o: Ops<T>, [a]: OrNumber<T>[]): T {
    return o[this.op](a);
  }
  partial<T>(o: Ops<T>, _i: number, [a]: OrNumber<T>[], y: OrNumber<T>): OrNumber<T> {
    return UNARY[this.op].d(o, a, y);
  }
  toString(): string {
    return `${this.op}(${this.a})`;
  }
}

// The notebook's classes, printed as the notebook prints them.
export class Add extends Binary {
  constructor(a: Node, b: Node) { super('add', a, b); }
  override toString(): string { return `${this.a} + ${this.b}`; }
}
export class Sub extends Binary {
  constructor(a: Node, b: Node) { super('sub', a, b); }
  override toString(): string { return `${this.a} - (${this.b})`; }
}
export class Mul extends Binary {
  constructor(a: Node, b: Node) { super('mul', a, b); }
  override toString(): string { return `(${this.a}) * (${this.b})`; }
}
export class Div extends Binary {
  constructor(a: Node, b: Node) { super('div', a, b); }
  override toString(): string { return `(${this.a}) / (${this.b})`; }
}
export class Pow extends Binary {
  constructor(a: Node, b: Node) { super('pow', a, b); }
  override toString(): string { return `(${this.a}) ** (${this.b})`; }
}
export class Neg extends Unary {
  constructor(a: Node) { super('neg', a); }
  override toString(): string { return `-(${this.a})`; }
}

/** A node for `a op b` (no folding: the graph is what was written). */
function binaryNode(op: BinaryName, a: Node, b: Node): Node {
  switch (op) {
    case 'add': return new Add(a, b);
    case 'sub': return new Sub(a, b);
    case 'mul': return new Mul(a, b);
    case 'div': return new Div(a, b);
    case 'pow': return new Pow(a, b);
    default: return new Binary(op, a, b);
  }
}

const unaryNode = (op: UnaryName, a: Node): Node => (op === 'neg' ? new Neg(a) : new Unary(op, a));
const lift = (x: OrNumber<Node>): Node => (typeof x === 'number' ? new Const(x) : x);
const isConst = (n: Node, c: number): boolean => n instanceof Const && n.value === c;
const ZERO = new Const(0);
const ONE = new Const(1);

// Every node has every op as a method building that node: x.mul(x).mul(y).add(y).add(2).
export interface Node extends Scalar<Node> {}
installMethods<Node>(Node, (op, a, b) => binaryNode(op, a, lift(b)), unaryNode);

/** Builds nodes, folding constants, 0 and 1. Used by `derivative()`; usable for `Ops` functions. */
export const graphOps: Ops<Node> = makeOps<Node>(
  (op, a, b) => foldBinary(op, lift(a), lift(b)),
  (op, x) => foldUnary(op, lift(x)),
);

function foldBinary(op: BinaryName, a: Node, b: Node): Node {
  if (a instanceof Const && b instanceof Const) return new Const(BINARY[op].f(a.value, b.value));
  switch (op) {
    case 'add':
      if (isConst(a, 0)) return b;
      if (isConst(b, 0)) return a;
      break;
    case 'sub':
      if (isConst(b, 0)) return a;
      if (isConst(a, 0)) return foldUnary('neg', b);
      break;
    case 'mul':
      if (isConst(a, 0) || isConst(b, 0)) return ZERO;
      if (isConst(a, 1)) return b;
      if (isConst(b, 1)) return a;
      if (isConst(a, -1)) return foldUnary('neg', b);
      if (isConst(b, -1)) return foldUnary('neg', a);
      break;
    case 'div':
      if (isConst(b, 1)) return a;
      if (isConst(a, 0)) return ZERO;
      break;
    case 'pow':
      if (isConst(b, 1)) return a;
      if (isConst(b, 0)) return ONE;
      break;
  }
  return binaryNode(op, a, b);
}

function foldUnary(op: UnaryName, x: Node): Node {
  if (x instanceof Const) return new Const(UNARY[op].f(x.value));
  if (op === 'neg' && x instanceof Neg) return x.a;
  return unaryNode(op, x);
}

/** Every node reachable from root, operands before users, each once (iterative DFS). */
export function topologicalOrder(root: Node): Node[] {
  const order: Node[] = [];
  const seen = new Set<Node>([root]);
  const stack: { node: Node; next: number }[] = [{ node: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1];
    if (top.next < top.node.args.length) {
      const child = top.node.args[top.next++];
      if (!seen.has(child)) {
        seen.add(child);
        stack.push({ node: child, next: 0 });
      }
    } else {
      stack.pop();
      order.push(top.node);
    }
  }
  return order;
}

function valueOf(n: Node): Val {
  if (n.value === undefined) throw new Error(`graph: ${n} has no value; call evaluate() first`);
  return n.value;
}

function numberOf(n: Node): number {
  const v = valueOf(n);
  if (v instanceof Dual) throw new Error('graph: backpropagate() and graphHessian() need number values, not Duals');
  return v;
}

/** Evaluates n and returns its value, which must be a number. */
const evaluateNumber = (n: Node): number => (n.evaluate(), numberOf(n));

/** Gradient of f at xs by reverse mode (evaluate + backpropagate) on the graph f builds. */
export function graphGradient(f: (...xs: Var[]) => Node, xs: readonly number[]): number[] {
  const vars = xs.map((x, i) => new Var(`x${i}`, x));
  const y = f(...vars);
  y.evaluate();
  y.backpropagate();
  return vars.map((v) => v.grad);
}

/** Exact Hessian of f at xs by differentiating the graph f builds twice. */
export function graphHessian(f: (...xs: Var[]) => Node, xs: readonly number[]): number[][] {
  const vars = xs.map((x, i) => new Var(`x${i}`, x));
  const y = f(...vars);
  return vars.map((vi) => {
    const di = y.derivative(vi);
    return vars.map((vj) => evaluateNumber(di.derivative(vj)));
  });
}
