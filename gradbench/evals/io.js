// Decoding GradBench's JSON inputs into the flat typed arrays the compiled functions take, and
// encoding results back. All of it runs outside the timed region.

/** Rows of equal length → one row-major Float64Array. */
export function flatten(rows) {
  const cols = rows.length > 0 ? rows[0].length : 0;
  const out = new Float64Array(rows.length * cols);
  for (let i = 0; i < rows.length; i++) {
    if (rows[i].length !== cols) throw new Error(`row ${i} has ${rows[i].length} entries, expected ${cols}`);
    out.set(rows[i], i * cols);
  }
  return out;
}

/** A row-major array of `count` rows (from `offset`) → nested plain arrays for JSON. */
export function unflatten(flat, count, cols, offset = 0) {
  const rows = new Array(count);
  for (let i = 0; i < count; i++) rows[i] = Array.from(flat.subarray(offset + i * cols, offset + (i + 1) * cols));
  return rows;
}

export function vector(values, name) {
  if (!Array.isArray(values)) throw new Error(`input.${name} must be an array of numbers`);
  return Float64Array.from(values);
}

export function integer(value, name) {
  if (!Number.isInteger(value)) throw new Error(`input.${name} must be an integer`);
  return value;
}
