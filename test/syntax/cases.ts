/**
 * Everyday TypeScript of numeric code, one construct (or a few that go together) per case: array
 * methods with callbacks, nested functions capturing variables, functions passed as arguments,
 * default and optional parameters, `??`, string flags, `typeof` guards, bitwise operators on
 * integers, Number.isFinite / isNaN. Each case is compiled and checked against the source run
 * as JavaScript and against the derivative oracles (syntax.test.ts).
 */
import type { Arg } from '../util/dual-oracle.js';

export interface SyntaxCase {
  name: string;
  src: string;
  args: (r: () => number) => Arg[];
}

const vec = (r: () => number, n: number, lo = -1, hi = 1) => Float64Array.from({ length: n }, () => lo + (hi - lo) * r());

export const syntaxCases: SyntaxCase[] = [
  {
    name: 'reduce with and without an initial value',
    src: `export function total(xs: Float64Array): number {
  const s = xs.reduce((acc, x) => acc + x * x, 0);
  const p = xs.reduce((acc, x, i) => acc * (1 + x / (i + 2)));
  return s + p;
}`,
    args: (r) => [vec(r, 5)],
  },
  {
    name: 'map then reduce (variance)',
    src: `export function variance(xs: Float64Array): number {
  const n = xs.length;
  const mean = xs.reduce((s, x) => s + x, 0) / n;
  const squares = xs.map((x) => (x - mean) ** 2);
  return squares.reduce((s, d) => s + d, 0) / (n - 1);
}`,
    args: (r) => [vec(r, 6)],
  },
  {
    name: 'map returning a vector, with the index',
    src: `export function weighted(xs: number[], w: number): number[] {
  return xs.map((x, i) => Math.sin(w * x) * (i + 1));
}`,
    args: (r) => [vec(r, 4), r()],
  },
  {
    name: 'forEach accumulating into a captured variable',
    src: `export function energy(q: Float64Array, k: number): number {
  let e = 0;
  q.forEach((x, i) => {
    if (i > 0) e += 0.5 * k * (x - q[i - 1]) ** 2;
  });
  return e;
}`,
    args: (r) => [vec(r, 5), 1 + r()],
  },
  {
    name: 'some / every as conditions',
    src: `export function clipped(xs: Float64Array, t: number): number {
  const big = xs.some((x) => Math.abs(x) > t);
  const allPos = xs.every((x) => x > 0);
  return (big ? t * t : xs[0] * t) + (allPos ? Math.log(xs[0]) : xs[1]);
}`,
    args: (r) => [vec(r, 4), 0.3 + r()],
  },
  {
    name: 'indexOf and includes over numbers',
    src: `export function find(xs: Float64Array, y: number): number {
  const marks = new Float64Array([3, 1, 4, 1, 5]);
  const i = marks.indexOf(4);
  const has = marks.includes(7);
  return xs[i] * y + (has ? 1 : xs[0]);
}`,
    args: (r) => [vec(r, 5), r()],
  },
  {
    name: 'slice and subarray (reads)',
    src: `export function tails(xs: Float64Array): number {
  const a = xs.slice(1, -1);
  const b = xs.subarray(2);
  const c = xs.slice(-2);
  return a.reduce((s, x) => s + x * x, 0) + b[0] * c[1] + a.length;
}`,
    args: (r) => [vec(r, 6)],
  },
  {
    name: 'Array.from with a length and Float64Array.from with a map',
    src: `export function built(xs: Float64Array, h: number): number {
  const n = xs.length;
  const grid = Array.from({ length: n }, (_, i) => i * h);
  const ys = Float64Array.from(xs, (x, i) => x * grid[i]);
  return ys.reduce((s, y) => s + Math.exp(y), 0);
}`,
    args: (r) => [vec(r, 4), r()],
  },
  {
    name: 'nested arrow and function declaration capturing outer variables',
    src: `export function model(x: number, a: number): number {
  const scale = a * 2;
  const f = (t: number) => scale * Math.tanh(t);
  function g(t: number): number {
    if (t > 0) return f(t) + a;
    return f(-t) - a;
  }
  return g(x) * g(x / 2) + helper(x);
  function helper(t: number) { return t * scale; }
}`,
    args: (r) => [r() * 2 - 1, r() + 0.5],
  },
  {
    name: 'functions passed as arguments (rk4 on a known right-hand side)',
    src: `type Rhs = (t: number, y: number) => number;
function rk4(f: Rhs, y: number, t: number, h: number): number {
  const k1 = f(t, y);
  const k2 = f(t + h / 2, y + (h / 2) * k1);
  const k3 = f(t + h / 2, y + (h / 2) * k2);
  const k4 = f(t + h, y + h * k3);
  return y + (h / 6) * (k1 + 2 * k2 + 2 * k3 + k4);
}
const STEPS = 5;
export function decay(y0: number, lambda: number): number {
  const rhs = (t: number, y: number) => -lambda * y + Math.sin(t);
  let y = y0;
  for (let i = 0; i < STEPS; i++) y = rk4(rhs, y, i * 0.1, 0.1);
  return y;
}`,
    args: (r) => [r() + 0.5, r()],
  },
  {
    name: 'a callback array element chosen per call site, and a function returned by a helper',
    src: `function minimize(loss: (x: number) => number, x0: number, rate: number): number {
  let x = x0;
  for (let k = 0; k < 4; k++) {
    const h = 1e-3;
    x -= (rate * (loss(x + h) - loss(x - h))) / (2 * h);
  }
  return x;
}
function scaled(k: number) {
  return (x: number) => k * x * x + Math.cos(x);
}
export function fit(c: number, x0: number): number {
  const quad = scaled(c);
  return minimize(quad, x0, 0.1) + minimize((x) => (x - c) ** 2, x0, 0.2);
}`,
    args: (r) => [r() + 0.5, r()],
  },
  {
    name: 'default and optional parameters, ??',
    src: `function smooth(x: number, eps = 1e-3, p?: number): number {
  const q = p ?? 2;
  return Math.sqrt(x * x + eps) ** q;
}
export function loss(x: number, y: number): number {
  return smooth(x) + smooth(y, 0.5) + smooth(x - y, 0.1, 1);
}`,
    args: (r) => [r() * 2 - 1, r() * 2 - 1],
  },
  {
    name: 'string-literal flags and typeof guards',
    src: `type Kind = 'call' | 'put';
function payoff(kind: Kind, s: number, k: number): number {
  if (kind === 'call') return Math.max(s - k, 0) + 0.1 * s;
  return Math.max(k - s, 0) + 0.1 * k;
}
function asNumber(v: number | number[]): number {
  if (typeof v === 'number') return v;
  return v[0];
}
export function book(s: number, k: number): number {
  return payoff('call', s, k) + 2 * payoff('put', s, k) + asNumber(s) * asNumber([k, 1]);
}`,
    args: (r) => [1 + r(), 1.2 + r()],
  },
  {
    name: 'bitwise operators on indices and counters',
    src: `export function pairs(xs: Float64Array): number {
  let s = 0;
  const n = xs.length;
  for (let i = 0; i < n >> 1; i++) {
    const j = (i << 1) | 1;
    s += (i & 1) === 0 ? xs[j] * xs[j - 1] : -xs[j];
  }
  let h = 7;
  h ^= n;
  h |= 0;
  return s + ((h & 3) * xs[0]) + (~n & 1);
}`,
    args: (r) => [vec(r, 6)],
  },
  {
    name: 'Number.isFinite / isNaN in conditions, Number.EPSILON',
    src: `export function safeLog(x: number, y: number): number {
  const l = Math.log(x * x);
  const v = Number.isFinite(l) ? l : 0;
  const q = x / y;
  return v + (Number.isNaN(q) ? 0 : q) + Number.EPSILON * x;
}`,
    args: (r) => [r() + 0.5, r() + 0.5],
  },
  {
    name: 'as / ! / satisfies are erased',
    src: `export function erased(xs: Float64Array, a: number): number {
  const b = (a as number) * 2;
  const c = xs[0]! + (b satisfies number);
  return c * (xs as Float64Array)[1];
}`,
    args: (r) => [vec(r, 3), r()],
  },
];

