// saddle: each function is the whole min-max by nested gradient descent, compiled by adgen with
// both derivatives in place; the letters name the modes of the argmin's (and final argmax's) and
// the inner argmax's derivative (f forward, r reverse).
import { ff, fr, rf, rr } from '../compiled/saddle.grad.js';
import { vector } from './io.js';

function variant(solve) {
  return (input) => {
    const start = vector(input.start, 'start');
    if (start.length !== 2) throw new Error('input.start must hold 2 numbers');
    let point = new Float64Array(4);
    return { run: () => void (point = solve(start)), output: () => Array.from(point) };
  };
}

export const functions = { ff: variant(ff), fr: variant(fr), rf: variant(rf), rr: variant(rr) };
