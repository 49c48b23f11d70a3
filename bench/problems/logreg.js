/**
 * Logistic regression (examples/logreg.ts): the loss over n = 1,000 rows of d = 10 seeded random
 * features with labels ±1, differentiated with respect to the weights w and the bias b.
 * TF.js keeps the data in tensors created once (as its users would) and computes
 * sum(softplus(−y·(X·w + b))) with tf.valueAndGrads over [w, b].
 */
import { compiled, primal } from '../lib/modules.js';
import { rng, uniform } from '../lib/rng.js';
import {
  compiledGradient, finiteDifferences, handwritten, primalTechnique, read, runtimeTechniques, tensorflow,
} from '../lib/techniques.js';
import { logisticGradInto } from '../handwritten/logreg.js';

/** The loss against the runtime's Ops interface; p = [w (d values), b]. */
export function logregOps(o, p, { X, y, d }) {
  let loss = 0;
  for (let i = 0; i < y.length; i++) {
    let z = p[d];
    for (let j = 0; j < d; j++) z = o.add(z, o.mul(p[j], X[i * d + j]));
    const t = o.mul(-y[i], z);
    // softplus(t) = max(t, 0) + log1p(exp(−|t|)), with max(t, 0) = (t + |t|)/2 (Ops has no max)
    const softplus = o.add(o.mul(0.5, o.add(t, o.abs(t))), o.log1p(o.exp(o.neg(o.abs(t)))));
    loss = o.add(loss, softplus);
  }
  return loss;
}

export function logregData(n, d) {
  const random = rng(7);
  const X = uniform(random, n * d, -2, 2);
  const y = Float64Array.from({ length: n }, () => (random() < 0.5 ? -1 : 1));
  const w = uniform(random, d, -0.5, 0.5);
  return { X, y, w, b: 0.1, n, d };
}

export async function problems({ tf }) {
  const P = await primal('logreg');
  const C = await compiled('logreg');
  const { X, y, w, b, n, d } = logregData(1000, 10);
  const args = [w, b, X, y];
  const flatX = Float64Array.from([...w, b]);
  return [{
    id: 'logreg', group: 'gradient', title: `logistic regression (n = ${n} rows, d = ${d})`, n: d + 1,
    techniques: [
      primalTechnique(P.logisticLoss, args),
      ...compiledGradient(C, 'logisticLoss', args, d + 1),
      handwritten(logisticGradInto, args, d + 1),
      ...runtimeTechniques(logregOps, flatX, { X, y, d }),
      finiteDifferences(P.logisticLoss, args, [0, 1]),
      tensorflow(tf, 'tf.valueAndGrads, vectorized', (t) => {
        const Xt = t.keep(t.tensor2d(Float32Array.from(X), [n, d]));
        const yt = t.keep(t.tensor1d(Float32Array.from(y)));
        const loss = (wt, bt) => t.sum(t.softplus(t.mul(t.neg(yt), t.add(t.dot(Xt, wt), bt))));
        const vg = t.valueAndGrads(loss);
        return () => {
          const { value, grads } = vg([t.tensor1d(Float32Array.from(w)), t.scalar(b)]);
          return { value: read(value)[0], grad: read(...grads) };
        };
      }),
    ],
  }];
}
