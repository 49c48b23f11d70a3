/**
 * Shared helpers for the runtime tests: a seeded PRNG (failures reproduce) and a closeness
 * assertion with relative and absolute tolerances.
 */
import { expect } from 'vitest';

/** mulberry32: a tiny seeded generator of uniform numbers in [0, 1). */
export function prng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** |actual − expected| ≤ abs + rel·|expected|, elementwise for (nested) arrays. */
export function expectClose(actual: unknown, expected: unknown, rel: number, abs = rel, path = ''): void {
  if (typeof expected === 'number') {
    expect(typeof actual, `type at ${path}`).toBe('number');
    const a = actual as number;
    const ok = a === expected || Math.abs(a - expected) <= abs + rel * Math.abs(expected);
    expect(ok, `${path}: ${a} vs ${expected} (rel ${rel}, abs ${abs})`).toBe(true);
    return;
  }
  const e = Array.from(expected as ArrayLike<unknown>);
  const a = Array.from(actual as ArrayLike<unknown>);
  expect(a.length, `length at ${path}`).toBe(e.length);
  e.forEach((x, i) => expectClose(a[i], x, rel, abs, `${path}[${i}]`));
}
