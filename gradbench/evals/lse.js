// lse: the compiled LogSumExp and its adgen gradient (reverse mode).
import { lse, lse_grad_into } from '../compiled/lse.grad.js';
import { vector } from './io.js';

export const functions = {
  primal(input) {
    const x = vector(input.x, 'x');
    let y = 0;
    return { run: () => void (y = lse(x)), output: () => y };
  },
  gradient(input) {
    const x = vector(input.x, 'x');
    const grad = new Float64Array(x.length);
    return { run: () => void lse_grad_into(x, grad), output: () => Array.from(grad) };
  },
};
