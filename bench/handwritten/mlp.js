/**
 * Hand-written gradient of the perceptron loss (examples/mlp.ts), allocation-free apart from
 * two scratch vectors kept between calls: writes [∂/∂W1, ∂/∂b1, ∂/∂W2, ∂/∂b2] into `out` and
 * returns the mean cross-entropy. Per row: p = softmax(logits), ∂/∂logits = (p − onehot)/batch,
 * ∂/∂hidden = W2ᵀ·∂/∂logits, ∂/∂a = (1 − hidden²)·∂/∂hidden; the weight gradients are outer
 * products with the layer's input.
 */
let scratch = new Float64Array(0);

export function mlpGradInto(W1, b1, W2, b2, X, labels, out) {
  const h = b1.length;
  const c = b2.length;
  const batch = labels.length;
  const din = W1.length / h;
  if (scratch.length < 2 * h + 2 * c) scratch = new Float64Array(2 * h + 2 * c);
  const hidden = scratch.subarray(0, h);
  const dhid = scratch.subarray(h, 2 * h);
  const logits = scratch.subarray(2 * h, 2 * h + c);
  const dlog = scratch.subarray(2 * h + c, 2 * h + 2 * c);
  const oB1 = h * din;
  const oW2 = oB1 + h;
  const oB2 = oW2 + c * h;
  out.fill(0);
  let total = 0;
  const inv = 1 / batch;
  for (let s = 0; s < batch; s++) {
    const row = s * din;
    for (let i = 0; i < h; i++) {
      let a = b1[i];
      for (let j = 0; j < din; j++) a += W1[i * din + j] * X[row + j];
      hidden[i] = Math.tanh(a);
    }
    let mx = -Infinity;
    for (let k = 0; k < c; k++) {
      let o = b2[k];
      for (let i = 0; i < h; i++) o += W2[k * h + i] * hidden[i];
      logits[k] = o;
      if (o > mx) mx = o;
    }
    let sum = 0;
    for (let k = 0; k < c; k++) {
      const e = Math.exp(logits[k] - mx);
      dlog[k] = e;
      sum += e;
    }
    const label = labels[s];
    total += Math.log(sum) + mx - logits[label];
    for (let i = 0; i < h; i++) dhid[i] = 0;
    for (let k = 0; k < c; k++) {
      const g = (dlog[k] / sum - (k === label ? 1 : 0)) * inv;
      out[oB2 + k] += g;
      for (let i = 0; i < h; i++) {
        out[oW2 + k * h + i] += g * hidden[i];
        dhid[i] += g * W2[k * h + i];
      }
    }
    for (let i = 0; i < h; i++) {
      const hi = hidden[i];
      const g = (1 - hi * hi) * dhid[i];
      out[oB1 + i] += g;
      for (let j = 0; j < din; j++) out[i * din + j] += g * X[row + j];
    }
  }
  return total * inv;
}
