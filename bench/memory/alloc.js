/**
 * Does an entry point allocate per call? Measured from outside, without flags on the command line:
 * after warming the function up (twice the measured number of calls, so V8 has optimized it and
 * the module's tape has grown to its final size), a full garbage collection (`gc`, exposed at run
 * time through v8.setFlagsFromString, when V8 allows it), then `calls` calls in a plain loop.
 * Reported: the growth of `process.memoryUsage().heapUsed` over the loop divided by the calls, and
 * the number of garbage collections V8 reported during the loop (PerformanceObserver 'gc'). An
 * allocation-free function shows ~0 bytes per call and no collection; an allocating one shows its
 * garbage (which a collection in the loop can partly hide — hence the count next to it).
 */
import { PerformanceObserver } from 'node:perf_hooks';
import v8 from 'node:v8';
import vm from 'node:vm';

let gcFn;

/** The `gc` function, or null if V8 would not expose it. */
function collector() {
  if (gcFn === undefined) {
    try {
      v8.setFlagsFromString('--expose-gc');
      gcFn = vm.runInNewContext('gc');
    } catch {
      gcFn = null;
    }
  }
  return gcFn;
}

const tick = () => new Promise((resolve) => setImmediate(resolve));

/**
 * `{ calls, batches, bytesPerCall, gcs, exactGc }` for `batches` loops of `calls` calls of run():
 * bytes per call is the smallest heap growth of a batch without a collection (one-time costs such
 * as V8 recompiling something show up in one batch, a per-call allocation in all of them); gcs
 * counts the collections over all batches.
 */
export async function allocationPerCall(run, calls, batches = 5) {
  const sink = new Float64Array(1);
  const loop = (k) => {
    for (let i = 0; i < k; i++) {
      const r = run();
      sink[0] += typeof r === 'number' ? r : 1;
    }
  };
  loop(Math.min(2 * calls, calls + 1000));
  const gc = collector();
  let gcs = 0;
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    gc?.();
    await tick();
    let seen = 0;
    const observer = new PerformanceObserver((list) => (seen += list.getEntries().length));
    observer.observe({ entryTypes: ['gc'] });
    const before = process.memoryUsage().heapUsed;
    loop(calls);
    const after = process.memoryUsage().heapUsed;
    await tick();
    await tick();
    observer.disconnect();
    gcs += seen;
    if (seen === 0) best = Math.min(best, (after - before) / calls);
  }
  return { calls, batches, bytesPerCall: Number.isFinite(best) ? Math.max(0, best) : NaN, gcs, exactGc: Boolean(gc), sink: sink[0] };
}

/**
 * What a call costs by itself: a large (never inlined) function of two numbers writing into an
 * array, once returning a number and once not. V8 boxes a double returned across a call it did not
 * inline (a 16-byte HeapNumber), so an allocation-free `_into` that returns its value still shows
 * this much; it is reported next to the measurements.
 */
export async function callBaseline() {
  let body = 'let t = a;';
  for (let i = 0; i < 400; i++) body += `t = Math.sin(t * b + ${i});`;
  const withReturn = new Function('a', 'b', 'out', `${body} out[0] = t; return t;`);
  const without = new Function('a', 'b', 'out', `${body} out[0] = t;`);
  const out = new Float64Array(1);
  const { caller } = await import('../lib/fresh.js');
  return {
    returning: (await allocationPerCall(caller(withReturn, [0.3, 0.4, out]), 10_000)).bytesPerCall,
    notReturning: (await allocationPerCall(caller(without, [0.3, 0.4, out]), 10_000)).bytesPerCall,
  };
}
