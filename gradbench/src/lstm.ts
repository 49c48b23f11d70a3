/**
 * GradBench `lstm` (ADBench's LSTM, diagonal weights): the mean negative log-likelihood of a
 * character sequence under an l-layer LSTM with hidden size b. Flat row-major arrays:
 * mainParams 2l×4b (per layer a row of weights, then a row of biases, each forget | ingate |
 * outgate | change), extraParams 3×b (input weight, output weight, output bias), state 2l×b (per
 * layer hidden, then cell), sequence c×b.
 * @wrt mainParams extraParams
 */
export function objective(mainParams: Float64Array, extraParams: Float64Array, state: Float64Array, sequence: Float64Array): number {
  const b = extraParams.length / 3;
  const l = state.length / (2 * b);
  const c = sequence.length / b;
  const s = new Float64Array(state.length);
  for (let i = 0; i < state.length; i++) s[i] = state[i];
  const ypred = new Float64Array(b);
  let total = 0;
  let count = 0;
  for (let t = 0; t < c - 1; t++) {
    predict(l, b, mainParams, extraParams, s, sequence, t * b, ypred);
    let sum = 0;
    for (let i = 0; i < b; i++) sum += Math.exp(ypred[i]);
    const lse = Math.log(sum + 2);
    for (let i = 0; i < b; i++) total += sequence[(t + 1) * b + i] * (ypred[i] - lse);
    count += b;
  }
  return -total / count;
}

/** One step of every layer on input sequence[inOff …]; the prediction goes to out. */
function predict(
  l: number,
  b: number,
  main: Float64Array,
  extra: Float64Array,
  s: Float64Array,
  sequence: Float64Array,
  inOff: number,
  out: Float64Array,
): void {
  for (let i = 0; i < b; i++) out[i] = sequence[inOff + i] * extra[i];
  for (let layer = 0; layer < l; layer++) {
    const p = layer * 8 * b;
    const h = layer * 2 * b;
    for (let i = 0; i < b; i++) {
      // The first layer reads the scaled input, the others the hidden state just computed below them.
      const input = layer === 0 ? out[i] : s[h - 2 * b + i];
      const hidden = s[h + i];
      const forget = sigmoid(input * main[p + i] + main[p + 4 * b + i]);
      const ingate = sigmoid(hidden * main[p + b + i] + main[p + 5 * b + i]);
      const outgate = sigmoid(input * main[p + 2 * b + i] + main[p + 6 * b + i]);
      const change = Math.tanh(hidden * main[p + 3 * b + i] + main[p + 7 * b + i]);
      const cell = s[h + b + i] * forget + ingate * change;
      s[h + b + i] = cell;
      s[h + i] = outgate * Math.tanh(cell);
    }
  }
  const last = (l - 1) * 2 * b;
  for (let i = 0; i < b; i++) out[i] = s[last + i] * extra[b + i] + extra[2 * b + i];
}

function sigmoid(x: number): number {
  return 1 / (1 + Math.exp(-x));
}
