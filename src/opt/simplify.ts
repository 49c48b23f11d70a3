/**
 * Constant folding and algebraic simplification of single assignments.
 *
 * Folding evaluates an op whose operands are all literals with the op table's own `eval` (the
 * interpreter's semantics, so it is exact). The identities below keep every value bit for bit,
 * with two documented exceptions shared with the Builder's `fold`:
 *   - the zero convention: x*0 → 0 even when x may be NaN or ±∞ (see src/ir/builder.ts);
 *   - the sign of a zero result is not preserved: x+0 → x turns -0+0 (= +0) into -0, and
 *     0-x → neg x turns 0-0 (= +0) into -0.
 * In strict mode (optimize(fn, { strict: true }), used for the primal) neither exception is
 * taken: only rewrites exact in IEEE arithmetic, NaN and signed zeros included (x·1, x/1, x·−1,
 * x/−1, x − (+0), x + (−0), (−0) − x → neg x, x¹, x⁰, literal operands, and those below).
 * Rewrites that need to know how an operand was computed (neg(neg x), not(not b), a + (-u) →
 * a - u, a - (-u) → a + u) look it up in the table of expressions available in the current
 * straight-line run.
 */
import { Available, type Expr } from './avail.js';
import { isConstValue, sameAtom } from './walk.js';
import { OPS } from '../ops/table.js';
import { finiteNonZero } from '../ir/builder.js';
import { assertNever, c, type Atom, type IRFunction, type Stmt } from '../ir/types.js';

/** Simplify every assignment of the function in place; true when something changed. */
export function simplify(fn: IRFunction, strict = false): boolean {
  let changed = false;
  const run = (block: Stmt[]): Stmt[] => {
    const avail = new Available(false); // only `get` is used: no expression keys needed
    const step = (s: Stmt): Stmt | Stmt[] => {
      switch (s.kind) {
        case 'assign': {
          const found = rewrite({ op: s.op, args: s.args }, avail, strict);
          if (!found) {
            avail.define(s.target, { op: s.op, args: s.args }); // the common case: nothing to do
            return s;
          }
          let r = found;
          if (r.args.some((a) => a.kind === 'var' && a.name === s.target)) {
            // e.g. `x = neg t` where t = neg x: the value does not change, drop the statement.
            if (r.op === 'copy') {
              changed = true;
              return [];
            }
            r = { op: s.op, args: s.args }; // keep the invariant: the target is no operand
          }
          avail.define(s.target, r);
          if (r.op === s.op && r.args.length === s.args.length && r.args.every((a, i) => sameAtom(a, s.args[i]))) return s;
          changed = true;
          return { ...s, op: r.op, args: r.args };
        }
        case 'if':
          avail.afterNested(s);
          return { ...s, then: run(s.then), else: run(s.else) };
        case 'for':
          avail.afterNested(s);
          return { ...s, body: run(s.body) };
        case 'while':
          avail.afterNested(s);
          return { ...s, test: run(s.test), body: run(s.body) };
        case 'load':
        case 'alloc':
        case 'pop':
          avail.kill(s.target);
          return s;
        case 'store':
        case 'push':
        case 'throw':
          return s;
        default:
          return assertNever(s, 'statement');
      }
    };
    // A plain loop rather than flatMap (hot: every statement, every round).
    const out: Stmt[] = [];
    for (const s of block) {
      const r = step(s);
      if (Array.isArray(r)) out.push(...r);
      else out.push(r);
    }
    return out;
  };
  fn.body = run(fn.body);
  return changed;
}

const copy = (a: Atom): Expr => ({ op: 'copy', args: [a] });
const neg = (a: Atom): Expr => ({ op: 'neg', args: [a] });

/** A simpler equivalent of `e`, or undefined when there is none. */
export function rewrite(e: Expr, avail: Available, strict = false): Expr | undefined {
  const { op, args } = e;
  if (op !== 'copy' && args.every((a) => a.kind === 'const') && OPS[op]?.pure !== false) {
    const value: unknown = OPS[op].eval(...args.map((a) => (a.kind === 'const' ? a.value : 0)));
    if (typeof value === 'number' || typeof value === 'boolean') return copy(c(value));
  }
  const [a, b] = args;
  const defOf = (x: Atom) => (x.kind === 'var' ? avail.get(x.name) : undefined);
  const negated = (x: Atom) => {
    const d = defOf(x);
    return d?.op === 'neg' ? d.args[0] : undefined;
  };
  // The additive identity is -0 (+0 only up to the sign of a zero result); x·0 = 0 only for finite x.
  const zero = (x: Atom, sign: number) => (strict ? x.kind === 'const' && Object.is(x.value, sign) : isConstValue(x, 0));
  switch (op) {
    case 'add': {
      if (zero(a, -0)) return copy(b);
      if (zero(b, -0)) return copy(a);
      // (-u) + b = b - u and a + (-u) = a - u, exactly (IEEE subtraction adds the negation).
      const [na, nb] = [negated(a), negated(b)];
      if (nb) return { op: 'sub', args: [a, nb] };
      return na ? { op: 'sub', args: [b, na] } : undefined;
    }
    case 'sub': {
      if (zero(b, 0)) return copy(a);
      if (zero(a, -0)) return neg(b);
      const nb = negated(b);
      return nb ? { op: 'add', args: [a, nb] } : undefined;
    }
    case 'mul':
      if (!strict && (isConstValue(a, 0) || isConstValue(b, 0))) return copy(c(0));
      if (isConstValue(a, 1)) return copy(b);
      if (isConstValue(b, 1)) return copy(a);
      if (isConstValue(a, -1)) return neg(b);
      return isConstValue(b, -1) ? neg(a) : undefined;
    case 'dmul':
      // 0 when a factor is 0 (the zero convention); a finite non-zero literal leaves no zero to guard.
      if (isConstValue(a, 0) || isConstValue(b, 0)) return copy(c(0));
      return !strict && (finiteNonZero(a) || finiteNonZero(b)) ? { op: 'mul', args } : undefined;
    case 'div':
      if (isConstValue(b, 1)) return copy(a);
      return isConstValue(b, -1) ? neg(a) : undefined;
    case 'pow':
      if (isConstValue(b, 1)) return copy(a);
      if (isConstValue(b, 0)) return copy(c(1));
      // Math.pow(x, 2) is only implementation-approximated: not rewritten in strict mode.
      return !strict && isConstValue(b, 2) ? { op: 'mul', args: [a, a] } : undefined;
    case 'neg':
    case 'not': {
      const inner = defOf(a);
      return inner?.op === op ? copy(inner.args[0]) : undefined;
    }
    case 'and':
    case 'or':
      return logic(op, a, b);
    case 'select':
      if (a.kind === 'const') return copy(a.value ? b : args[2]);
      return sameAtom(b, args[2]) ? copy(b) : undefined;
    default:
      return undefined;
  }
}

/** and/or with one literal operand (the operands are booleans). */
function logic(op: 'and' | 'or', a: Atom, b: Atom): Expr | undefined {
  const [lit, other] = a.kind === 'const' ? [a, b] : b.kind === 'const' ? [b, a] : [undefined, a];
  if (!lit) return undefined;
  const absorbing = op === 'or'; // true absorbs `or`, false absorbs `and`
  return Boolean(lit.value) === absorbing ? copy(c(absorbing)) : copy(other);
}
