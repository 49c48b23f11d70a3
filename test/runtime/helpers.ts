/**
 * Shared helpers for the runtime tests: a seeded PRNG (failures reproduce) and a closeness
 * assertion with relative and absolute tolerances.
 */
import { expect } from 'vitest';

/** The shared seeded PRNG (mulberry32), so every failure is reproducible. */
export { rng as prng } from '../util/inputs.js';

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
