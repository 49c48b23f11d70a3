// gmm: the compiled log posterior and its adgen gradient with respect to alpha, mu, q and l
// (reverse mode), returned in the eval's nested shape.
import { gmm, gmm_grad_into } from '../compiled/gmm.grad.js';
import { flatten, integer, unflatten, vector } from './io.js';

function decode(input) {
  const d = integer(input.d, 'd');
  const k = integer(input.k, 'k');
  const n = integer(input.n, 'n');
  const args = {
    alpha: vector(input.alpha, 'alpha'),
    mu: flatten(input.mu),
    q: flatten(input.q),
    l: flatten(input.l),
    x: flatten(input.x),
    m: integer(input.m, 'm'),
    gamma: Number(input.gamma),
  };
  const lSize = (d * (d - 1)) / 2;
  if (args.alpha.length !== k || args.mu.length !== k * d || args.q.length !== k * d || args.l.length !== k * lSize || args.x.length !== n * d) {
    throw new Error(`gmm input shapes do not match d = ${d}, k = ${k}, n = ${n}`);
  }
  return { d, k, lSize, ...args };
}

export const functions = {
  objective(input) {
    const { alpha, mu, q, l, x, m, gamma } = decode(input);
    let y = 0;
    return { run: () => void (y = gmm(alpha, mu, q, l, x, m, gamma)), output: () => y };
  },
  jacobian(input) {
    const { d, k, lSize, alpha, mu, q, l, x, m, gamma } = decode(input);
    const grad = new Float64Array(k + 2 * k * d + k * lSize);
    return {
      run: () => void gmm_grad_into(alpha, mu, q, l, x, m, gamma, grad),
      output: () => ({
        alpha: Array.from(grad.subarray(0, k)),
        mu: unflatten(grad, k, d, k),
        q: unflatten(grad, k, d, k + k * d),
        l: unflatten(grad, k, lSize, k + 2 * k * d),
      }),
    };
  },
};
