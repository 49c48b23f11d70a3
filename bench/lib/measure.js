/**
 * Timing harness: measures every technique of one problem in the same process, interleaved.
 *
 * A problem is a list of techniques `{ key, label, make, skip?, estimate? }`; `make()` gives
 * `{ run, flat }`, `run()` being one call. Its result is consumed by a wrapper compiled for that
 * technique alone (fresh.js), so V8 can neither drop the work nor blur techniques together
 * (allocation-free techniques write into an array that outlives the call, just as observable). Fast calls are timed with benchmark.js; calls slower than `cfg.slowCall` seconds
 * are timed one by one with process.hrtime (benchmark.js would insist on many samples of them).
 *
 * The machines are shared and noisy, so the time budget is split into `cfg.rounds` rounds and
 * every round visits every technique (in a rotated order): a burst of noise then hits all
 * techniques of the problem instead of one, and the ratios, which are what the report is about,
 * stay meaningful. The time reported is the median of all samples of all rounds.
 *
 * Techniques that would take unreasonably long (`estimate(primalSeconds)` above `cfg.budget`
 * seconds per call) are skipped with the estimate as the reason, never silently.
 */
import { createRequire } from 'node:module';
import { checkAgreement } from './check.js';
import { consumeOnce, consumer } from './fresh.js';

const require = createRequire(import.meta.url);
const Benchmark = require('benchmark');

export { digest as sinkDigest } from './fresh.js';

/** Timing settings: the full run, or `--quick` (a smoke check, numbers only indicative). */
export function timingConfig(quick) {
  return quick
    ? { quick, rounds: 1, maxTime: 0.04, minTime: 0.01, minSamples: 3, slowCall: 0.01, budget: 0.1, warmup: 0.02 }
    : { quick, rounds: 3, maxTime: 0.2, minTime: 0.04, minSamples: 3, slowCall: 0.03, budget: 1.5, warmup: 0.1 };
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Seconds for one call of fn, and typeof its result. */
function timeOnce(fn) {
  const t = now();
  const r = fn();
  const dt = now() - t;
  consumeOnce(r);
  return [dt, typeof r];
}

/** Calls fn repeatedly for about `seconds`, letting V8 compile it; returns the mean time. */
function warm(fn, seconds) {
  const t0 = now();
  let calls = 0;
  do {
    consumeOnce(fn());
    calls++;
  } while (now() - t0 < seconds);
  return (now() - t0) / calls;
}

/** One benchmark.js run of a consumer (fresh.js): per-sample mean seconds per call. */
function benchmarkSamples(consume, cfg) {
  const bench = new Benchmark(consume, { maxTime: cfg.maxTime, minTime: cfg.minTime, minSamples: cfg.minSamples, initCount: 1 });
  bench.run();
  if (bench.error) throw bench.error;
  return bench.stats.sample.slice();
}

/** A few calls timed one by one (for calls of several milliseconds or more). */
function manualSamples(fn, cfg, single) {
  const calls = Math.max(1, Math.min(3, Math.floor(cfg.maxTime / single)));
  const samples = [];
  for (let i = 0; i < calls; i++) samples.push(timeOnce(fn)[0]);
  return samples;
}

const median = (xs) => {
  const s = xs.slice().sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

/**
 * Measures all techniques of a problem. Returns a Map key → `{ key, label, seconds, samples,
 * method, skipped, check }` (seconds is the median per call; check is the agreement result).
 */
export function measureTechniques(techniques, cfg) {
  const results = new Map();
  const primalGuess = guessPrimal(techniques, cfg);
  const made = [];
  for (const t of techniques) {
    const r = { key: t.key, label: t.label, seconds: NaN, samples: [], method: '', skipped: null, check: null };
    results.set(t.key, r);
    const estimate = t.estimate && !t.skip ? t.estimate(primalGuess, cfg.budget) : 0;
    const seconds = typeof estimate === 'number' ? estimate : estimate.seconds;
    if (t.skip) r.skipped = t.skip;
    else if (seconds > cfg.budget) r.skipped = `skipped: estimated ${estimate.atLeast ? '≥ ' : ''}${formatSeconds(seconds)} per call`;
    else guard(r, () => made.push({ key: t.key, label: t.label, r, ...t.make() }));
  }
  const checks = checkAgreement(made.map((m) => ({ key: m.key, flat: m.flat })));
  for (const m of made) m.r.check = checks.get(m.key) ?? null;
  const active = [];
  for (const m of made) {
    guard(m.r, () => {
      const [single, kind] = timeOnce(m.run); // includes first-call compilation: an upper bound
      m.consume = consumer(m.run, kind);
      m.r.method = single > cfg.slowCall ? 'hrtime' : 'benchmark.js';
      if (single > cfg.budget * 2) {
        m.r.samples.push(single);
        m.r.method = 'hrtime (1 call)';
        return;
      }
      if (m.r.method === 'benchmark.js') warm(m.consume, cfg.warmup);
      active.push({ m, single });
    });
  }
  for (let round = 0; round < cfg.rounds; round++) {
    for (let i = 0; i < active.length; i++) {
      const { m, single } = active[(i + round) % active.length];
      if (m.r.skipped) continue;
      guard(m.r, () => {
        const samples = m.r.method === 'benchmark.js' ? benchmarkSamples(m.consume, cfg) : manualSamples(m.run, cfg, single);
        m.r.samples.push(...samples);
      });
    }
  }
  for (const r of results.values()) if (r.samples.length > 0 && !r.skipped) r.seconds = median(r.samples);
  return results;
}

/**
 * A first, rough primal time (for the estimates), NaN if there is no primal: the fastest of a
 * few calls, so that a garbage collection left over from the previous problem does not count.
 */
function guessPrimal(techniques, cfg) {
  const primal = techniques.find((t) => t.key === 'primal' && !t.skip);
  if (!primal) return NaN;
  const { run } = primal.make();
  run(); // the first call pays for compilation
  let best = Infinity;
  const t0 = now();
  for (let i = 0; i < 5 && now() - t0 < 0.05; i++) best = Math.min(best, warm(run, Math.min(0.005, cfg.warmup)));
  return best;
}

/** Runs fn; a throw marks the technique as failed (with the first line of the message). */
function guard(r, fn) {
  try {
    fn();
  } catch (error) {
    r.skipped = `failed: ${String(error?.message ?? error).split('\n')[0]}`;
    r.error = error;
  }
}

/** 1.23 ns / 45.6 µs / 7.89 ms / 1.23 s, three significant digits. */
export function formatSeconds(s) {
  if (!Number.isFinite(s)) return '—';
  const units = [[1, 's'], [1e-3, 'ms'], [1e-6, 'µs'], [1e-9, 'ns']];
  for (const [scale, unit] of units) {
    if (s >= scale || unit === 'ns') return `${(s / scale).toPrecision(3)} ${unit}`;
  }
  return `${s} s`;
}
