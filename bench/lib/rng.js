/**
 * A small seeded random number generator (mulberry32), so every run and every technique sees the
 * same inputs. Benchmarks must not depend on Math.random: a problem's inputs are part of its
 * definition, and a ratio measured on different inputs would not be a ratio.
 */

/** Returns a function giving uniform numbers in [0, 1) from a 32-bit seed. */
export function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A Float64Array of n uniform numbers in [lo, hi). */
export function uniform(random, n, lo, hi) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = lo + (hi - lo) * random();
  return out;
}
