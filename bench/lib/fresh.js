/**
 * Fresh call sites for the timed code. V8 optimizes a call site by the functions it has seen
 * there: one closure shared by all techniques would see them all, give up inlining, and add a
 * few nanoseconds of call overhead to every measurement — as much as the whole primal of the
 * notebook's f. So every technique gets its own compiled wrapper (new Function, with a unique
 * comment so V8's compilation cache cannot hand back a shared one).
 *
 * Results are consumed without allocation: numbers are added into a Float64Array (a double
 * stored into an ordinary variable would be boxed, i.e. allocated, on every call), objects are
 * stored in a holder. Both stay observable, so V8 cannot drop the work that produced them.
 */

let uid = 0;
const fresh = (names, body) => new Function(...names, `// fresh ${uid++}\n${body}`);

/** Sum of every number result, and the last object result (read by `digest`). */
const numbers = new Float64Array(1);
const objects = { last: null };
let calls = 0;

/** () => fn(args[0], …, args[k−1]), reading args at every call (finite differences mutate them). */
export function caller(fn, args) {
  const list = args.map((_, i) => `a[${i}]`).join(', ');
  return fresh(['fn', 'a'], `return function call() { return fn(${list}); };`)(fn, args);
}

/**
 * Like `caller`, for the timed entry points: each call alternates between two copies of the
 * argument list (arrays shared, numbers copied). Otherwise, once the call is inlined into
 * benchmark.js's loop, V8 may see that the inputs never change and hoist the whole computation
 * out of the loop (sin(x²) then "costs" 4 ns).
 */
export function opaqueCaller(fn, args) {
  const list = args.map((_, i) => `a[${i}]`).join(', ');
  const body = `let k = 0;\nreturn function call() { const a = A[k ^= 1]; return fn(${list}); };`;
  return fresh(['fn', 'A'], body)(fn, [args.slice(), args.slice()]);
}

/** A wrapper calling run() and consuming its result; `kind` is typeof a sample result. */
export function consumer(run, kind) {
  return kind === 'number'
    ? fresh(['run', 'sink'], 'return function consume() { sink[0] += run(); };')(run, numbers)
    : fresh(['run', 'sink'], 'return function consume() { sink.last = run(); };')(run, objects);
}

/** Counts calls made outside the consumers (warm-up, single timings). */
export function consumeOnce(value) {
  calls++;
  if (typeof value === 'number') numbers[0] += value;
  else if (value !== undefined) objects.last = value;
}

export function digest() {
  return `checksum ${numbers[0]}, last object ${objects.last === null ? 'none' : typeof objects.last}, ${calls} untimed calls`;
}
