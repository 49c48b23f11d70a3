/**
 * The scalar adjoints (`x_bar`) of the reverse sweep, with what the emitter knows about their
 * values, so the generated code stays lean without relying on a later optimizer:
 *
 * - every adjoint starts as a known 0 that is never written out: accumulating into a known 0
 *   just names the added value (`x_bar += p·y_bar` becomes `t = mul p y_bar` with x_bar ≡ t),
 *   and adding a known 0 emits nothing;
 * - a known value is any atom. Before the emitter overwrites a variable (`beforeWrite`: an
 *   adjoint variable being written, a primal value being popped or recomputed), every adjoint
 *   whose known value reads that variable is written out first;
 * - known values are written into the adjoint variables ("materialized") where control flow
 *   joins: before a reversed if/loop that touches them, and at the end of each reversed branch
 *   or loop body. Before entering one, every known value that could change inside (an alias of
 *   a variable that is not stable) is written out too;
 * - `dead` adjoints (of a variable whose adjoint is never read again) are never written out.
 *
 * Accumulations go through a temporary because the IR forbids `x_bar = add x_bar t`.
 */
import { c, v, type Atom, type IRFunction } from '../ir/types.js';
import { type TrackingBuilder, isZero, freshName } from './ir-utils.js';

type State = Atom | 'real' | 'dead';

export class Adjoints {
  private readonly names = new Map<string, string>();
  /** Keyed by primal variable; absent means a known 0. */
  private state = new Map<string, State>();

  /** `stable(a)`: a's value never changes during the reverse sweep. */
  constructor(
    private readonly fn: IRFunction,
    private readonly stable: (a: Atom) => boolean,
  ) {}

  /** The adjoint variable of primal scalar `x` (`x_bar`), created on first use. */
  nameOf(x: string): string {
    let name = this.names.get(x);
    if (!name) {
      name = freshName(this.fn, 'f64', `${x}_bar`);
      this.names.set(x, name);
    }
    return name;
  }

  /** The current value of x's adjoint as an atom. */
  read(x: string): Atom {
    const s = this.state.get(x);
    if (s === undefined || s === 'dead') return c(0);
    return s === 'real' ? v(this.nameOf(x)) : s;
  }

  /** x_bar += value. */
  accumulate(b: TrackingBuilder, x: string, value: Atom): void {
    if (isZero(value)) return;
    this.set(x, b.add(this.read(x), value));
  }

  /** x_bar = value (value is valid now; beforeWrite keeps it valid). */
  set(x: string, value: Atom): void {
    const own = value.kind === 'var' && value.name === this.names.get(x);
    this.state.set(x, own ? 'real' : value);
  }

  /** x was (re)defined: its adjoint restarts at 0, or is never read again when `dead`. */
  kill(x: string, dead: boolean): void {
    this.state.set(x, dead ? 'dead' : c(0));
  }

  /** Write x's known value into its variable. */
  materialize(b: TrackingBuilder, x: string): void {
    const s = this.state.get(x);
    if (s === 'real' || s === 'dead') return;
    const name = this.nameOf(x);
    this.beforeWrite(b, name);
    b.copy(name, s ?? c(0));
    this.state.set(x, 'real');
  }

  /** `name` is about to be overwritten: write out the adjoints whose known value reads it. */
  beforeWrite(b: TrackingBuilder, name: string): void {
    for (const [x, s] of this.state) {
      if (typeof s === 'object' && s.kind === 'var' && s.name === name) {
        b.copy(this.nameOf(x), s);
        this.state.set(x, 'real');
      }
    }
  }

  /** Before a reversed branch or loop: write out `touched` and every value that may change. */
  enterRegion(b: TrackingBuilder, touched: Iterable<string>): void {
    for (const x of touched) this.materialize(b, x);
    for (const [x, s] of this.state) if (typeof s === 'object' && !this.stable(s)) this.materialize(b, x);
  }

  /** At the end of a reversed branch or loop body. */
  exitRegion(b: TrackingBuilder, touched: Iterable<string>): void {
    for (const x of touched) this.materialize(b, x);
  }

  snapshot(): Map<string, State> {
    return new Map(this.state);
  }

  restore(snapshot: Map<string, State>): void {
    this.state = new Map(snapshot);
  }
}
