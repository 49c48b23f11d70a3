// det: the compiled determinant (expansion by minors, each minor once; see src/det.ts) and its
// adgen gradient (reverse mode), row-major like the input.
import { det, det_grad_into } from '../compiled/det.grad.js';
import { integer, vector } from './io.js';

function decode(input) {
  const a = vector(input.A, 'A');
  const ell = integer(input.ell, 'ell');
  if (a.length !== ell * ell) throw new Error(`A has ${a.length} entries, expected ell² = ${ell * ell}`);
  return { a, ell };
}

export const functions = {
  primal(input) {
    const { a, ell } = decode(input);
    let y = 0;
    return { run: () => void (y = det(a, ell)), output: () => y };
  },
  gradient(input) {
    const { a, ell } = decode(input);
    const grad = new Float64Array(a.length);
    return { run: () => void det_grad_into(a, ell, grad), output: () => Array.from(grad) };
  },
};
