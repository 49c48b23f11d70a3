/**
 * How much tape a reverse-mode call uses, measured on the generated JavaScript itself.
 *
 * A generated module keeps its tape in module-level variables it does not export (e.g.
 * `let tape = new Float64Array(1024); let tp = 0;`, pushes written `tape[tp++] = v;`). To count
 * them we compile the source with `compile()`, rewrite every push of the text into
 * `(count, track peak), tape[tp++] = v;` and append an exported `__tapeStats()`; nothing else of the
 * module changes, so the counts are those of the real code path. Tape bytes per call =
 * pushes × the element size (8 for Float64Array, 4 for Int32Array). A module whose text shows
 * tape pushes the rewrite does not recognize is reported as such, never as "no tape".
 */

const DECLARATION = /let (\w+) = new (Float64Array|Int32Array|Uint32Array)\((\d+)\);\s*let (\w+) = 0;/g;
const BYTES = { Float64Array: 8, Int32Array: 4, Uint32Array: 4 };

/** The tapes a module declares: [{ array, pointer, type, bytes }]. */
export function findTapes(js) {
  return [...js.matchAll(DECLARATION)].map((m) => ({ array: m[1], type: m[2], pointer: m[4], bytes: BYTES[m[2]] }));
}

/**
 * The module text with its pushes counted: `{ js, tapes, pushSites }` or `{ error }`.
 * Every tape gets `__stats[i] = { pushes, peak }` and `__tapeStats()` returns them.
 */
export function instrumentTape(js) {
  const tapes = findTapes(js);
  let out = js;
  let pushSites = 0;
  tapes.forEach((t, i) => {
    const push = new RegExp(`\\b${t.array}\\[${t.pointer}\\+\\+\\] = `, 'g');
    out = out.replace(push, () => {
      pushSites++;
      return `(__stats[${i}].pushes++, ${t.pointer} >= __stats[${i}].peak && (__stats[${i}].peak = ${t.pointer} + 1)), ${t.array}[${t.pointer}++] = `;
    });
  });
  const stray = (out.match(/\w+\[\w+\+\+\] = /g) ?? []).length - pushSites;
  if (stray > 0 && tapes.length === 0) return { error: `${stray} push-like statements but no recognized tape declaration` };
  const stats = tapes.map(() => '{ pushes: 0, peak: 0 }').join(', ');
  const reset = tapes.map((_, i) => `__stats[${i}].pushes = 0; __stats[${i}].peak = 0;`).join(' ');
  out += `\nconst __stats = [${stats}];\nexport function __tapeStats() { const s = __stats.map((x) => ({ ...x })); ${reset} return s; }\n`;
  return { js: out, tapes, pushSites };
}

/**
 * Runs `call()` once on the instrumented module and returns the tape use of that call:
 * `{ pushes, peakBytes, bytes, perTape: [...] }` (bytes = Σ pushes × element size).
 */
export function tapeUse(module, tapes, call) {
  module.__tapeStats(); // reset
  call();
  const stats = module.__tapeStats();
  const perTape = stats.map((s, i) => ({ ...tapes[i], ...s }));
  return {
    pushes: perTape.reduce((a, t) => a + t.pushes, 0),
    bytes: perTape.reduce((a, t) => a + t.pushes * t.bytes, 0),
    peakBytes: perTape.reduce((a, t) => a + t.peak * t.bytes, 0),
    perTape,
  };
}
