// llsq: the compiled objective and its adgen gradient (reverse mode).
import { llsq, llsq_grad_into } from '../compiled/llsq.grad.js';
import { integer, vector } from './io.js';

export const functions = {
  primal(input) {
    const x = vector(input.x, 'x');
    const n = integer(input.n, 'n');
    let y = 0;
    return { run: () => void (y = llsq(x, n)), output: () => y };
  },
  gradient(input) {
    const x = vector(input.x, 'x');
    const n = integer(input.n, 'n');
    const grad = new Float64Array(x.length);
    return { run: () => void llsq_grad_into(x, n, grad), output: () => Array.from(grad) };
  },
};
