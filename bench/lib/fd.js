/**
 * Finite differences written as a practitioner would for speed: arguments are perturbed in place
 * (and restored exactly) instead of copied, and the results go into preallocated arrays.
 *
 * - gradient: forward differences, n + 1 evaluations, step h = 1e-7·max(1, |x|), divided by the
 *   step actually taken ((x + h) − x) so rounding of x + h does not bias the quotient;
 * - Jacobian: the same, one column per evaluation;
 * - Hessian: central second differences, 2n² + 1 evaluations, h = 1e-4·max(1, |x|);
 * - Hessian-vector product: H·v ≈ ∂ᵢ[f(x + hv) − f(x − hv)]/2h by central differences in each
 *   coordinate, 4n evaluations.
 *
 * `args` is the argument list of the primal and `f()` evaluates the primal at the current `args`
 * (see `caller` in techniques.js); `slotsOf(args, active)` lists the differentiated scalars of the
 * arguments whose indices are in `active` (numbers or Float64Arrays), in the order of the
 * flattened derivative.
 */

/** The differentiated scalars: [argument index, element index or −1 for a number]. */
export function slotsOf(args, active) {
  const slots = [];
  for (const a of active) {
    if (typeof args[a] === 'number') slots.push([a, -1]);
    else for (let i = 0; i < args[a].length; i++) slots.push([a, i]);
  }
  return slots;
}

const get = (args, [a, i]) => (i < 0 ? args[a] : args[a][i]);
function set(args, [a, i], v) {
  if (i < 0) args[a] = v;
  else args[a][i] = v;
}

/** Gradient into out (length n) by forward differences; returns f(args). */
export function fdGradient(f, args, slots, out) {
  const f0 = f();
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k];
    const x = get(args, s);
    const xp = x + 1e-7 * Math.max(1, Math.abs(x));
    set(args, s, xp);
    out[k] = (f() - f0) / (xp - x);
    set(args, s, x);
  }
  return f0;
}

/** Jacobian rows (m outputs × n) by forward differences; returns f(args). */
export function fdJacobian(f, args, slots, rows) {
  const f0 = f();
  for (let k = 0; k < slots.length; k++) {
    const s = slots[k];
    const x = get(args, s);
    const xp = x + 1e-7 * Math.max(1, Math.abs(x));
    set(args, s, xp);
    const fp = f();
    for (let i = 0; i < rows.length; i++) rows[i][k] = (fp[i] - f0[i]) / (xp - x);
    set(args, s, x);
  }
  return f0;
}

/** f with slot si moved by a and slot sj by b (restored afterwards). */
function at2(f, args, si, a, sj, b) {
  const xi = get(args, si);
  set(args, si, xi + a);
  const xj = get(args, sj);
  set(args, sj, xj + b);
  const y = f();
  set(args, sj, xj);
  set(args, si, xi);
  return y;
}

/** Hessian rows (n × n, symmetric) by central second differences; returns f(args). */
export function fdHessian(f, args, slots, rows) {
  const f0 = f();
  const h = slots.map((s) => 1e-4 * Math.max(1, Math.abs(get(args, s))));
  for (let i = 0; i < slots.length; i++) {
    const si = slots[i];
    const hi = h[i];
    rows[i][i] = (at2(f, args, si, hi, si, 0) - 2 * f0 + at2(f, args, si, -hi, si, 0)) / (hi * hi);
    for (let j = 0; j < i; j++) {
      const sj = slots[j];
      const hj = h[j];
      const pp = at2(f, args, si, hi, sj, hj);
      const pm = at2(f, args, si, hi, sj, -hj);
      const mp = at2(f, args, si, -hi, sj, hj);
      const mm = at2(f, args, si, -hi, sj, -hj);
      rows[i][j] = rows[j][i] = (pp - pm - mp + mm) / (4 * hi * hj);
    }
  }
  return f0;
}

/** H·v into out by central differences along v and along each coordinate; returns f(args). */
export function fdHvp(f, args, slots, v, out, saved) {
  const t = 1e-4;
  for (let k = 0; k < slots.length; k++) saved[k] = get(args, slots[k]);
  for (const sign of [1, -1]) {
    for (let k = 0; k < slots.length; k++) set(args, slots[k], saved[k] + sign * t * v[k]);
    for (let k = 0; k < slots.length; k++) {
      const h = 1e-4 * Math.max(1, Math.abs(saved[k]));
      const d = at2(f, args, slots[k], h, slots[k], 0) - at2(f, args, slots[k], -h, slots[k], 0);
      out[k] = sign > 0 ? d : (out[k] - d) / (4 * t * h);
    }
  }
  for (let k = 0; k < slots.length; k++) set(args, slots[k], saved[k]);
  return f();
}
