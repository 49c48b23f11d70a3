// lstm: the compiled objective and its adgen gradient with respect to main_params and
// extra_params (reverse mode), flattened row by row and concatenated as the eval expects.
import { objective, objective_grad_into } from '../compiled/lstm.grad.js';
import { flatten } from './io.js';

function decode(input) {
  return {
    main: flatten(input.main_params),
    extra: flatten(input.extra_params),
    state: flatten(input.state),
    sequence: flatten(input.sequence),
  };
}

export const functions = {
  objective(input) {
    const { main, extra, state, sequence } = decode(input);
    let y = 0;
    return { run: () => void (y = objective(main, extra, state, sequence)), output: () => y };
  },
  jacobian(input) {
    const { main, extra, state, sequence } = decode(input);
    const grad = new Float64Array(main.length + extra.length);
    return { run: () => void objective_grad_into(main, extra, state, sequence, grad), output: () => Array.from(grad) };
  },
};
