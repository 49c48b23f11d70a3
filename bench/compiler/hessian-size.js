/**
 * How the generated Hessian code grows with the number of inputs (issue 4: "about linearly with
 * operations × inputs"): random scalar functions of n = 2, 5, 10, 20 inputs and 10·n operations
 * (random-fn.js, every input used), compiled by `compile()` with `modes: ['hessian']`.
 *
 * Reported per n: the whole module's bytes, the bytes of the function that computes the Hessian's
 * columns — `<name>_hessian_core` when the compiler emits one, else the core it calls once per
 * column (`<name>_hvp_core`, named in the table) — and both divided by operations × inputs, plus
 * the growth exponent of bytes against operations × inputs (1 = linear).
 */
import { randomMultiInputFunction } from './random-fn.js';
import { logSlope } from '../lib/goals.js';

const INPUTS = { full: [2, 5, 10, 20], quick: [2, 5, 10] };
const OPS_PER_INPUT = 10;

/** Bytes of each top-level function of a generated module (declaration to its closing brace). */
export function functionSizes(js) {
  const sizes = new Map();
  const starts = [...js.matchAll(/^(?:export )?function (\w+)\(/gm)];
  for (const m of starts) {
    const end = js.indexOf('\n}\n', m.index);
    sizes.set(m[1], Buffer.byteLength(js.slice(m.index, end < 0 ? js.length : end + 2)));
  }
  return sizes;
}

function row(compile, n) {
  const ops = OPS_PER_INPUT * n;
  const name = `random${n}x${ops}`;
  const source = randomMultiInputFunction(n, ops, 7, name);
  const t = performance.now();
  const result = compile(source, { fileName: `${name}.ts`, modes: ['hessian'] });
  const seconds = (performance.now() - t) / 1000;
  if (!result.js) return { n, ops, error: result.diagnostics.map((d) => d.message).join('; ').slice(0, 200) };
  const sizes = functionSizes(result.js);
  const core = [`${name}_hessian_core`, `${name}_hvp_core`].find((f) => sizes.has(f)) ?? null;
  return {
    n, ops, seconds, bytes: Buffer.byteLength(result.js),
    core: core?.slice(name.length + 1) ?? null, coreBytes: core ? sizes.get(core) : NaN,
  };
}

/** `{ rows, exponent, coreExponent }` or `{ error }` (compile = the compiler API's compile). */
export function hessianSizes(compile, quick) {
  const rows = (quick ? INPUTS.quick : INPUTS.full).map((n) => row(compile, n));
  const ok = rows.filter((r) => !r.error);
  return {
    rows,
    exponent: logSlope(ok.map((r) => [r.ops * r.n, r.bytes])),
    coreExponent: logSlope(ok.map((r) => [r.ops * r.n, r.coreBytes])),
  };
}
