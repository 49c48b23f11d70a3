/**
 * Reverse mode with a gradient tape, modelled on TensorFlow's `tf.GradientTape` (notebook In [34]
 * and In [35]).
 *
 * A tape starts recording when it is created (TensorFlow: entering `with tf.GradientTape()`) and
 * stops at `tape.stop()` (leaving the `with` block). `tape.variable(3)` makes a `Tracked` value the
 * tape watches; `tape.watch(t)` makes a tape watch an existing one. Every operation on tracked
 * values (methods `add sub mul div pow neg sin exp …`, numbers mix in as constants) is appended to
 * each recording tape that watches one of its operands; the result is then watched by those tapes.
 *
 * `tape.gradient(target, sources)` walks the tape backwards from the target, accumulating adjoints
 * x̄ += ȳ·∂y/∂x with tracked operations. So the gradient computation is itself recorded on every
 * tape that is still recording and watches the values involved: an enclosing tape, or this tape
 * if it is persistent and not stopped (In [35]). That is how second derivatives work.
 *
 * Results are `Tracked` values (read `.value`), or `null` for a source the target does not depend
 * on (TensorFlow's None); with `{ unconnected: 'zero' }` such a source gets a `Tracked` 0.
 * A non-persistent tape stops recording at its `gradient()` call and throws on a second call;
 * `{ persistent: true }` allows several calls.
 */
import {
  BINARY, UNARY, installMethods, makeOps,
  type BinaryName, type Ops, type OrNumber, type Scalar, type UnaryName,
} from './ops.js';

/** A number whose operations are recorded on the tapes that watch it. */
export class Tracked {
  constructor(
    readonly value: number,
    /** The tapes that watch this value (it is an input of, or was recorded on, them). */
    readonly tapes: GradientTape[] = [],
  ) {}
  toString(): string {
    return `Tracked(${this.value})`;
  }
}

export interface Tracked extends Scalar<Tracked> {}
installMethods<Tracked>(Tracked, recordBinary, recordUnary);

/** One tape entry: the result, the operands, and ∂out/∂args[i] as a tracked computation. */
export interface TapeEntry {
  out: Tracked;
  args: OrNumber<Tracked>[];
  partial: (i: number) => OrNumber<Tracked>;
}

export interface TapeOptions {
  /** Allow several `gradient()` calls (default false). */
  persistent?: boolean;
  /** Gradient for a source the target does not depend on: `'none'` → null (default), `'zero'` → 0. */
  unconnected?: 'none' | 'zero';
}

export class GradientTape {
  readonly persistent: boolean;
  readonly unconnected: 'none' | 'zero';
  /** The recorded operations, oldest first. */
  readonly entries: TapeEntry[] = [];
  private recordingNow = true;
  private used = false;

  constructor({ persistent = false, unconnected = 'none' }: TapeOptions = {}) {
    this.persistent = persistent;
    this.unconnected = unconnected;
  }

  get recording(): boolean {
    return this.recordingNow;
  }

  /** A new value watched by this tape. */
  variable(value: number): Tracked {
    return new Tracked(value, [this]);
  }

  /** Makes this tape watch `t` too (e.g. an inner tape watching an outer tape's variable). */
  watch(t: Tracked): Tracked {
    if (!t.tapes.includes(this)) t.tapes.push(this);
    return t;
  }

  /** Stops recording, like leaving TensorFlow's `with` block. */
  stop(): void {
    this.recordingNow = false;
  }

  /** ∂target/∂source for each source: a `Tracked`, or null (0 with `unconnected: 'zero'`). */
  gradient(target: OrNumber<Tracked>, sources: readonly Tracked[]): (Tracked | null)[] {
    if (this.used && !this.persistent) {
      throw new Error(
        'GradientTape.gradient() can only be called once on a non-persistent tape; ' +
          'create it with new GradientTape({ persistent: true }) to call it several times',
      );
    }
    this.used = true;
    if (!this.persistent) this.stop();
    const adjoint = new Map<Tracked, OrNumber<Tracked>>();
    if (target instanceof Tracked) adjoint.set(target, 1);
    // Entries this loop records on this very tape are appended after `end`, so not revisited.
    const end = this.entries.length;
    for (let k = end - 1; k >= 0; k--) {
      const { out, args, partial } = this.entries[k];
      const g = adjoint.get(out);
      if (g === undefined) continue;
      args.forEach((a, i) => {
        if (a instanceof Tracked) adjoint.set(a, tapeOps.add(adjoint.get(a) ?? 0, tapeOps.mul(g, partial(i))));
      });
    }
    if (!this.persistent) this.entries.length = 0;
    return sources.map((s) => {
      const g = adjoint.get(s);
      if (g === undefined) return this.unconnected === 'zero' ? new Tracked(0) : null;
      return typeof g === 'number' ? new Tracked(g) : g;
    });
  }
}

/** The result of an operation, appended to every recording tape that watches an operand. */
function track(value: number, args: OrNumber<Tracked>[], partial: (i: number, out: Tracked) => OrNumber<Tracked>): Tracked {
  const tapes: GradientTape[] = [];
  for (const a of args) {
    if (!(a instanceof Tracked)) continue;
    for (const t of a.tapes) if (t.recording && !tapes.includes(t)) tapes.push(t);
  }
  const out = new Tracked(value, tapes);
  for (const t of tapes) t.entries.push({ out, args, partial: (i) => partial(i, out) });
  return out;
}

const valueOf = (x: OrNumber<Tracked>): number => (typeof x === 'number' ? x : x.value);

function recordBinary(op: BinaryName, a: OrNumber<Tracked>, b: OrNumber<Tracked>): Tracked {
  const rule = BINARY[op];
  return track(rule.f(valueOf(a), valueOf(b)), [a, b], (i, y) =>
    i === 0 ? rule.da(tapeOps, a, b, y) : rule.db(tapeOps, a, b, y),
  );
}

function recordUnary(op: UnaryName, x: OrNumber<Tracked>): Tracked {
  const rule = UNARY[op];
  return track(rule.f(valueOf(x)), [x], (_i, y) => rule.d(tapeOps, x, y));
}

/**
 * `Ops` over tracked values and numbers: numbers stay numbers, and x + 0, x − 0, x·1, x/1, x·0
 * are folded so gradients do not record trivial operations (x·0 → 0 even if x is ∞ or NaN,
 * as in the graph's folding and dual numbers' skipped zero tangents).
 */
export const tapeOps: Ops<OrNumber<Tracked>> = makeOps<OrNumber<Tracked>>(
  (op, a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return BINARY[op].f(a, b);
    if ((op === 'add' && a === 0) || (op === 'mul' && a === 1)) return b;
    if (((op === 'add' || op === 'sub') && b === 0) || ((op === 'mul' || op === 'div') && b === 1)) return a;
    if (op === 'mul' && (a === 0 || b === 0)) return 0;
    return recordBinary(op, a, b);
  },
  (op, x) => (typeof x === 'number' ? UNARY[op].f(x) : recordUnary(op, x)),
);

/** Gradient of f at xs by one taped pass (unconnected inputs get 0). */
export function tapeGradient(f: (...xs: Tracked[]) => OrNumber<Tracked>, xs: readonly number[]): number[] {
  const tape = new GradientTape({ unconnected: 'zero' });
  const vars = xs.map((x) => tape.variable(x));
  return tape.gradient(f(...vars), vars).map((g) => g!.value);
}

/** Hessian of f at xs: gradients recorded on a persistent tape, then differentiated again. */
export function tapeHessian(f: (...xs: Tracked[]) => OrNumber<Tracked>, xs: readonly number[]): number[][] {
  const tape = new GradientTape({ persistent: true, unconnected: 'zero' });
  const vars = xs.map((x) => tape.variable(x));
  const grads = tape.gradient(f(...vars), vars);
  tape.stop();
  return grads.map((g) => tape.gradient(g!, vars).map((h) => h!.value));
}
