// ode: the compiled Runge–Kutta solution; the gradient of its last component is the adgen VJP
// with the unit vector on that component (one reverse sweep).
import { ode, ode_vjp_into } from '../compiled/ode.grad.js';
import { integer, vector } from './io.js';

export const functions = {
  primal(input) {
    const x = vector(input.x, 'x');
    const s = integer(input.s, 's');
    let y = new Float64Array(0);
    return { run: () => void (y = ode(x, s)), output: () => Array.from(y) };
  },
  gradient(input) {
    const x = vector(input.x, 'x');
    const s = integer(input.s, 's');
    const last = new Float64Array(x.length);
    last[x.length - 1] = 1;
    const grad = new Float64Array(x.length);
    return { run: () => void ode_vjp_into(x, s, last, grad), output: () => Array.from(grad) };
  },
};
