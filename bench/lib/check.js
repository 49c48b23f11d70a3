/**
 * Agreement check: before anything is timed, every technique's derivative is computed once and
 * compared with a reference (the hand-written gradient when there is one, else the compiled one,
 * else the tape), so a fast but wrong technique shows up in the report instead of winning.
 *
 * The error is normwise relative: max|a − r| / max|r|. Finite differences and TensorFlow.js
 * (float32) are expected around 1e-7 and 1e-4..1e-6; exact techniques around 1e-15.
 */

const REFERENCE_ORDER = ['handwritten', 'compiled', 'compiledInto', 'tape', 'dual', 'graph'];

/** Computes every technique's flattened derivative once; returns Map key → { error, values }. */
export function checkAgreement(techniques) {
  const values = new Map();
  for (const t of techniques) {
    if (t.skip || !t.flat) continue;
    try {
      values.set(t.key, Float64Array.from(t.flat()));
    } catch (error) {
      values.set(t.key, error);
    }
  }
  const refKey = REFERENCE_ORDER.find((k) => values.get(k) instanceof Float64Array);
  const ref = refKey ? values.get(refKey) : null;
  const out = new Map();
  for (const [key, v] of values) {
    if (v instanceof Error) out.set(key, { error: NaN, message: v.message, refKey });
    else out.set(key, { error: ref ? relativeError(v, ref) : NaN, refKey, values: v });
  }
  return out;
}

/** max|a − r| / max|r| (∞ on a length mismatch, NaN if a holds NaN). */
export function relativeError(a, r) {
  if (a.length !== r.length) return Infinity;
  let diff = 0;
  let scale = 0;
  for (let i = 0; i < r.length; i++) {
    const d = Math.abs(a[i] - r[i]);
    if (Number.isNaN(d)) return NaN;
    diff = Math.max(diff, d);
    scale = Math.max(scale, Math.abs(r[i]));
  }
  return scale === 0 ? diff : diff / scale;
}
