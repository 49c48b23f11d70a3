// hello: `square` is the compiled primal, `double` its adgen gradient.
import { square, square_grad_into } from '../compiled/hello.grad.js';

export const functions = {
  square(input) {
    const x = Number(input);
    let y = 0;
    return { run: () => void (y = square(x)), output: () => y };
  },
  double(input) {
    const x = Number(input);
    const grad = new Float64Array(1);
    return { run: () => void square_grad_into(x, grad), output: () => grad[0] };
  },
};
