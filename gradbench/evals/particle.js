// particle: each function is the whole optimisation (gradient descent on a trajectory whose
// force is a gradient), compiled by adgen with both derivatives in place; the letters name the
// modes of the argmin's and the force's derivative (f forward, r reverse).
import { ff, fr, rf, rr } from '../compiled/particle.grad.js';

function variant(solve) {
  return (input) => {
    const w0 = Number(input.w);
    if (!Number.isFinite(w0)) throw new Error('input.w must be a number');
    let w = 0;
    return { run: () => void (w = solve(w0)), output: () => w };
  };
}

export const functions = { ff: variant(ff), fr: variant(fr), rf: variant(rf), rr: variant(rr) };
