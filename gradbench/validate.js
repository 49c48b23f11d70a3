// GradBench's rule for comparing an output with the reference, leaf by leaf: same JSON types
// (integers and floats interchangeable), same list lengths and object keys, and numbers within
// |a − b| / max(1, |a| + |b|) ≤ tolerance (ADBench's rule; GradBench uses 1e-4).

export const TOLERANCE = 1e-4;

/** Every mismatch between `expected` and `actual`, as "path: what" strings (empty: valid). */
export function mismatches(expected, actual, tolerance = TOLERANCE, path = '') {
  const here = path || '(output)';
  const kind = (v) => (v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v);
  if (kind(expected) !== kind(actual)) return [`${here}: expected ${kind(expected)}, got ${kind(actual)}`];
  if (Array.isArray(expected)) {
    if (expected.length !== actual.length) return [`${here}: expected ${expected.length} elements, got ${actual.length}`];
    return expected.flatMap((e, i) => mismatches(e, actual[i], tolerance, `${path}[${i}]`));
  }
  if (kind(expected) === 'object') {
    const keys = [...new Set([...Object.keys(expected), ...Object.keys(actual)])];
    return keys.flatMap((key) => {
      const sub = path ? `${path}.${key}` : key;
      if (!(key in expected)) return [`${sub}: unexpected key`];
      if (!(key in actual)) return [`${sub}: missing`];
      return mismatches(expected[key], actual[key], tolerance, sub);
    });
  }
  if (typeof expected === 'number') {
    const difference = Math.abs(expected - actual) / Math.max(1, Math.abs(expected) + Math.abs(actual));
    return difference <= tolerance ? [] : [`${here}: expected ${expected}, got ${actual}`];
  }
  return expected === actual ? [] : [`${here}: expected ${JSON.stringify(expected)}, got ${JSON.stringify(actual)}`];
}
