/**
 * The two-layer perceptron (examples/mlp.ts): tanh hidden layer and softmax cross-entropy over a
 * batch of 64 rows, din = 32, h = 64, c = 10 (2,762 parameters), seeded weights and data.
 * TF.js is the usual dense-layer code: matMul, tanh, logSumExp over the logits, tf.valueAndGrads
 * over [W1, b1, W2, b2], with the batch and one-hot labels kept in tensors.
 */
import { Node } from '../../dist/runtime/index.js';
import { compiled, primal } from '../lib/modules.js';
import { rng, uniform } from '../lib/rng.js';
import { compiledGradient, finiteDifferences, primalTechnique, read, runtimeTechniques, tensorflow } from '../lib/techniques.js';

const num = (v) => (typeof v === 'number' ? v : v instanceof Node ? v.evaluate() : v.value);

/** The loss against the runtime's Ops interface; p = [W1, b1, W2, b2] flattened. */
export function mlpOps(o, p, { X, labels, din, h, c }) {
  const [oB1, oW2, oB2] = [h * din, h * din + h, h * din + h + c * h];
  const hidden = new Array(h);
  const logits = new Array(c);
  let total = 0;
  for (let s = 0; s < labels.length; s++) {
    for (let i = 0; i < h; i++) {
      let a = p[oB1 + i];
      for (let j = 0; j < din; j++) a = o.add(a, o.mul(p[i * din + j], X[s * din + j]));
      hidden[i] = o.tanh(a);
    }
    let mx = -Infinity;
    for (let k = 0; k < c; k++) {
      let z = p[oB2 + k];
      for (let i = 0; i < h; i++) z = o.add(z, o.mul(p[oW2 + k * h + i], hidden[i]));
      logits[k] = z;
      mx = Math.max(mx, num(z)); // a constant shift: log-sum-exp's derivative does not depend on it
    }
    let sum = 0;
    for (let k = 0; k < c; k++) sum = o.add(sum, o.exp(o.sub(logits[k], mx)));
    total = o.add(total, o.sub(o.add(o.log(sum), mx), logits[labels[s]]));
  }
  return o.div(total, labels.length);
}

export function mlpData({ batch = 64, din = 32, h = 64, c = 10 } = {}) {
  const random = rng(64);
  const W1 = uniform(random, h * din, -0.3, 0.3);
  const b1 = uniform(random, h, -0.1, 0.1);
  const W2 = uniform(random, c * h, -0.3, 0.3);
  const b2 = uniform(random, c, -0.1, 0.1);
  const X = uniform(random, batch * din, -1, 1);
  const labels = Int32Array.from({ length: batch }, () => Math.floor(random() * c));
  return { W1, b1, W2, b2, X, labels, batch, din, h, c };
}

export async function problems({ tf }) {
  const P = await primal('mlp');
  const C = await compiled('mlp');
  const { W1, b1, W2, b2, X, labels, batch, din, h, c } = mlpData();
  const args = [W1, b1, W2, b2, X, labels];
  const flatX = Float64Array.from([...W1, ...b1, ...W2, ...b2]);
  const size = flatX.length;
  return [{
    id: 'mlp', group: 'gradient', title: `perceptron (batch ${batch}, ${din}→${h}→${c}, ${size} parameters)`, n: size,
    techniques: [
      primalTechnique(P.mlpLoss, args),
      ...compiledGradient(C, 'mlpLoss', args, size),
      ...runtimeTechniques(mlpOps, flatX, { X, labels, din, h, c }),
      finiteDifferences(P.mlpLoss, args, [0, 1, 2, 3]),
      tensorflow(tf, 'tf.valueAndGrads, dense layers', (t) => {
        const Xt = t.keep(t.tensor2d(Float32Array.from(X), [batch, din]));
        const onehot = t.keep(t.cast(t.oneHot(t.tensor1d(labels, 'int32'), c), 'float32'));
        const loss = (w1, bb1, w2, bb2) => {
          const hid = t.tanh(t.add(t.matMul(Xt, w1, false, true), bb1));
          const logits = t.add(t.matMul(hid, w2, false, true), bb2);
          return t.mean(t.sub(t.logSumExp(logits, 1), t.sum(t.mul(onehot, logits), 1)));
        };
        const vg = t.valueAndGrads(loss);
        return () => {
          const { value, grads } = vg([
            t.tensor2d(Float32Array.from(W1), [h, din]), t.tensor1d(Float32Array.from(b1)),
            t.tensor2d(Float32Array.from(W2), [c, h]), t.tensor1d(Float32Array.from(b2)),
          ]);
          return { value: read(value)[0], grad: read(...grads) };
        };
      }),
    ],
  }];
}
