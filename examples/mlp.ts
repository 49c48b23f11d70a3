/**
 * Two-layer perceptron with a tanh hidden layer and softmax cross-entropy, averaged over a batch.
 * Shapes (row-major): W1 is h×din, b1 h, W2 is c×h, b2 c; X holds the batch's rows of din inputs,
 * labels the class of each row.
 * @wrt W1 b1 W2 b2
 * @check [0.1, -0.2, 0.3, 0.4], [0.05, -0.1], [0.2, -0.3, 0.1, 0.5], [0, 0.1], [1, 2, -1, 0.5], [0, 1]
 */
export function mlpLoss(
  W1: Float64Array,
  b1: Float64Array,
  W2: Float64Array,
  b2: Float64Array,
  X: Float64Array,
  labels: Int32Array,
): number {
  const h = b1.length;
  const c = b2.length;
  const batch = labels.length;
  const din = W1.length / h;
  const hidden = new Float64Array(h);
  const logits = new Float64Array(c);
  let total = 0;
  for (let s = 0; s < batch; s++) {
    for (let i = 0; i < h; i++) {
      let a = b1[i];
      for (let j = 0; j < din; j++) a += W1[i * din + j] * X[s * din + j];
      hidden[i] = Math.tanh(a);
    }
    let mx = -Infinity;
    for (let k = 0; k < c; k++) {
      let o = b2[k];
      for (let i = 0; i < h; i++) o += W2[k * h + i] * hidden[i];
      logits[k] = o;
      mx = Math.max(mx, o);
    }
    let sum = 0;
    for (let k = 0; k < c; k++) sum += Math.exp(logits[k] - mx);
    total += Math.log(sum) + mx - logits[labels[s]];
  }
  return total / batch;
}
