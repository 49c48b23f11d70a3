/**
 * The n-dimensional Rosenbrock function (examples/rosenbrock.ts) for n = 2, 10, 100, 1,000 and
 * 10,000 (quick mode: 2 and 100), at a seeded random point in [−1.5, 1.5]ⁿ. TF.js is written
 * vectorized, as its users would: slices of one tensor, elementwise ops and a sum.
 */
import { compiled, primal } from '../lib/modules.js';
import { rng, uniform } from '../lib/rng.js';
import {
  compiledGradient, finiteDifferences, handwritten, primalTechnique, read, runtimeTechniques, tensorflow,
} from '../lib/techniques.js';
import { rosenbrockGradInto } from '../handwritten/rosenbrock.js';

export const SIZES = [2, 10, 100, 1000, 10000];
export const QUICK_SIZES = [2, 100];

/** Rosenbrock against the runtime's Ops interface. */
export function rosenbrockOps(o, x) {
  let s = 0;
  for (let i = 0; i < x.length - 1; i++) {
    const a = o.sub(x[i + 1], o.mul(x[i], x[i]));
    const b = o.sub(1, x[i]);
    s = o.add(s, o.add(o.mul(o.mul(100, a), a), o.mul(b, b)));
  }
  return s;
}

/** Rosenbrock in TF.js over a 1-D tensor. */
export function rosenbrockTf(t, x) {
  const n = x.shape[0];
  const head = t.slice(x, 0, n - 1);
  const a = t.sub(t.slice(x, 1, n - 1), t.square(head));
  const b = t.sub(1, head);
  return t.sum(t.add(t.mul(100, t.square(a)), t.square(b)));
}

/** The benchmark point for size n (the same for every technique and every run). */
export const rosenbrockPoint = (n) => uniform(rng(1000 + n), n, -1.5, 1.5);

export async function problems({ tf, quick }) {
  const P = await primal('rosenbrock');
  const C = await compiled('rosenbrock');
  return (quick ? QUICK_SIZES : SIZES).map((n) => {
    const x = rosenbrockPoint(n);
    return {
      id: `rosenbrock-${n}`, group: 'gradient', title: `Rosenbrock n = ${n.toLocaleString('en-US')}`, n, family: 'rosenbrock',
      techniques: [
        primalTechnique(P.rosenbrock, [x]),
        ...compiledGradient(C, 'rosenbrock', [x], n),
        handwritten(rosenbrockGradInto, [x], n),
        ...runtimeTechniques(rosenbrockOps, x, null),
        finiteDifferences(P.rosenbrock, [x], [0]),
        tensorflow(tf, 'tf.valueAndGrad, vectorized', (t) => {
          const vg = t.valueAndGrad((v) => rosenbrockTf(t, v));
          return () => {
            const { value, grad } = vg(t.tensor1d(Float32Array.from(x)));
            return { value: read(value)[0], grad: read(grad) };
          };
        }),
      ],
    };
  });
}
