/**
 * A corpus of small JavaScript programs covering what the front end accepts. Each entry names
 * the exported functions to check and how to draw their arguments; the tests lower the file,
 * verify the IR, and compare the interpreter with the source run as JavaScript.
 */
import type { Value } from '../../src/ir/interp.js';

export type Args = (r: () => number) => Value[];

export interface CorpusEntry {
  name: string;
  src: string;
  calls: Record<string, Args>;
}

const num = (r: () => number, lo = -2, hi = 2) => lo + (hi - lo) * r();
const arr = (r: () => number, n: number, lo = -2, hi = 2) => Float64Array.from({ length: n }, () => num(r, lo, hi));
const ints = (r: () => number, n: number, max: number) => Int32Array.from({ length: n }, () => Math.floor(r() * max));

const x1: Args = (r) => [num(r)];
const x2: Args = (r) => [num(r), num(r)];
const x3: Args = (r) => [num(r), num(r), num(r)];

export const corpus: CorpusEntry[] = [
  {
    name: 'scalar arithmetic',
    src: `
      export function f(x, y) { return x * x * y + y + 2; }
      export function g(x, y) { return (x - y) / (1 + x * x) % 0.7 + -(x ** 2) + +y; }
      export function h(a, b, c) { const d = a * b; let e = d - c; e *= 2; e /= 3; e -= a; e += b; e %= 5; e **= 2; return e; }
      export const k = (x) => 3 * x - 1;
      export const m = function (x, y) { return x / y; };
      export function folded(x) { let r = 1.5; r *= 1; r += 0; const z = r; if (x > 0) r = x; return r + z; }
    `,
    calls: { f: x2, g: x2, h: x3, k: x1, m: (r) => [num(r), num(r, 0.5, 2)], folded: x1 },
  },
  {
    name: 'branches and early returns',
    src: `
      export function softplus(x) { if (x > 1) return x; if (x < -1) return Math.exp(x); return Math.log1p(Math.exp(x)); }
      export function nested(x, y) {
        if (x > 0) { if (y > 0) { return x + y; } else { const z = x - y; return z * z; } }
        let s = x;
        if (y < -0.5) s = s * 3; else if (y < 0.5) s = s + 1; else { s = -s; }
        return s;
      }
      export function partial(x) { let r = 0; if (x > 0) { r = 1; if (x > 1) return r + x; r = 2; } return r * x; }
      export function bools(x, y) {
        const p = x > 0 && y > 0;
        const q = !(x < y) || p;
        if (p === q) return 1;
        if (x !== y && !p) return 2;
        return x == y ? 3 : 4;
      }
      export function truthy(x, y) { const n = Math.round(x); if (n) return y; return !n ? -y : 0; }
    `,
    calls: { softplus: (r) => [num(r, -3, 3)], nested: x2, partial: (r) => [num(r, -1, 3)], bools: x2, truthy: x2 },
  },
  {
    name: 'conditional expressions',
    src: `
      export function sel(x, y) { return x > y ? Math.log(x - y) : Math.sqrt(y - x); }
      export function chain(x) { const s = x < -1 ? -1 : x > 1 ? 1 : x; return s * s + (x > 0 ? x : 0); }
      export function assignSel(x) { let a = 1; a = a > x ? a + x : x; return a; }
    `,
    calls: { sel: x2, chain: (r) => [num(r, -3, 3)], assignSel: x1 },
  },
  {
    name: 'helpers',
    src: `
      function sq(x) { return x * x; }
      function norm2(a, b) { return Math.sqrt(sq(a) + sq(b)); }
      function clamp(x, lo, hi) { if (x < lo) return lo; if (x > hi) return hi; return x; }
      function bump(x) { x = x + 1; return x * 2; }
      export function f(x, y) { return norm2(x, y) + sq(clamp(x, -0.5, 0.5)) + bump(y); }
      export function g(x) { return f(x, x) * sq(x); }
      const twice = (x) => 2 * x;
      export function h(x) { let s = 0; for (let i = 0; i < 3; i++) s += twice(clamp(x * i, -1, 1)); return s; }
      function both(a, b) { a = a + 1; return a * b; }
      function same(p) { return both(p, p); }
      function keep(p) { let y = p; y += 1; return y * p; }
      export function aliases(x) { return same(x * 2) + keep(x * 3); }
    `,
    calls: { f: x2, g: x1, h: x1, aliases: x1 },
  },
  {
    name: 'helpers with out-params and array returns',
    src: `
      function rotate(c, s, v, out) { out[0] = c * v[0] - s * v[1]; out[1] = s * v[0] + c * v[1]; }
      function sum(v) { let s = 0; for (let i = 0; i < v.length; i++) s += v[i]; return s; }
      function scaled(v, k) { const out = new Float64Array(v.length); for (let i = 0; i < v.length; i++) out[i] = v[i] * k; return out; }
      export function f(theta, x, y) {
        const v = new Float64Array(2); v[0] = x; v[1] = y;
        const w = new Float64Array(2);
        rotate(Math.cos(theta), Math.sin(theta), v, w);
        return sum(w) + sum(scaled(w, 3));
      }
      function firstPositive(a) { for (let i = 0; i < a.length; i++) { if (a[i] > 0) return a[i]; } return -1; }
      export function g(a) { return firstPositive(a) * 2 + firstPositive(a); }
    `,
    calls: { f: x3, g: (r) => [arr(r, 5)] },
  },
  {
    name: 'shadowing',
    src: `
      export function f(x) {
        let y = x + 1;
        { const y = x * 2; x = y + 1; }
        for (let i = 0; i < 2; i++) { const y = i * x; x += y; }
        if (x > 0) { let y = 3; y += x; x = y; }
        var z = y;
        return x + y + z;
      }
      export function g(t) { const x = t; { const x = t * t; t = x; } return t + x; }
    `,
    calls: { f: x1, g: x1 },
  },
  {
    name: 'counted loops',
    src: `
      export function up(x) { let s = 0; for (let i = 0; i < 5; i++) s += x * i; return s; }
      export function upLe(x, n) { let s = 0; for (let i = 1; i <= n; i++) s += x / i; return s; }
      export function down(x) { let s = 0; for (let i = 10; i > 0; i -= 3) s = s * x + i; return s; }
      export function downGe(x, n) { let s = 0; for (let i = 7; i >= n; i--) s += Math.sin(x + i); return s; }
      export function step2(x) { let s = 0; for (let i = 0; i < 9; i = i + 2) s += x ** i; return s; }
      export function fracStart(x) { let s = 0; for (let t = 0.5; t <= 3; t++) s += t * x; return s; }
      export function activeStart(x) { let s = 0; for (let t = x; t < 4; t++) s += t; return s; }
      export function nested(x) { let s = 0; for (let i = 0; i < 4; i++) for (let j = i; j < 4; j++) s += x * i - j; return s; }
      export function cont(x) { let s = 0; for (let i = 0; i < 8; i++) { if (i % 3 === 0) continue; s += x * i; if (i > 5) { s -= 1; continue; } s *= 1.1; } return s; }
      export function ofLoop(a) { let s = 0; for (const v of a) { if (v < 0) continue; s += v * v; } return s; }
      export function ofBreak(a) { let s = 0; for (const v of a) { if (v > 1.5) break; s += v; } return s; }
    `,
    calls: {
      up: x1,
      upLe: (r) => [num(r), num(r, 0, 6)],
      down: x1,
      downGe: (r) => [num(r), num(r, -2, 6)],
      step2: (r) => [num(r, -1.2, 1.2)],
      fracStart: x1,
      activeStart: x1,
      nested: x1,
      cont: x1,
      ofLoop: (r) => [arr(r, 6)],
      ofBreak: (r) => [arr(r, 6)],
    },
  },
  {
    name: 'general loops, break, continue, return',
    src: `
      export function newton(a) { let x = 1; let k = 0; while (Math.abs(x * x - a) > 1e-12 && k < 100) { x = 0.5 * (x + a / x); k++; } return x; }
      export function brk(x) { let s = 0; for (let i = 0; i < 10; i++) { s += x * i; if (s > 3) break; s += 0.5; } return s; }
      export function dowhile(x) { let s = 0; let i = 0; do { s += x; i++; if (i === 2) continue; s *= 1.5; } while (i < 4 && s < 50); return s; }
      export function dowhileBreak(x) { let s = x; do { s = s * 2; if (s > 10) break; } while (true); return s; }
      export function retLoop(x) { let s = 0; for (let i = 0; i < 10; i++) { s += x; if (s > 2) return s * 100; } return s; }
      export function retWhile(x) { let i = 0; while (true) { i++; if (i * x > 3 || i > 20) return i + x; } }
      export function forGeneral(x) { let s = 0; for (let i = 0, j = 5; i < j; i++, j--) { s += x * i * j; } return s; }
      export function forUpdateExpr(x) { let s = 0; let i = 0; for (; i < 5; ) { s += x; i += 1; } return s + i; }
      export function counter(x) { let n = 0; let s = 0; for (let i = 0; i < 6; i++) { if (Math.sin(x * i) > 0) { n++; s += n; } } return s * x + n; }
      export function labeled(x) { let s = 0; outer: for (let i = 0; i < 5; i++) { if (i === 3) continue outer; s += x; } return s; }
      export function nestedBreak(x) { let s = 0; for (let i = 0; i < 5; i++) { for (let j = 0; j < 5; j++) { if (j > i) break; s += x * j; } if (s > 4) break; } return s; }
    `,
    calls: {
      newton: (r) => [num(r, 0.5, 4)],
      brk: x1,
      dowhile: x1,
      dowhileBreak: (r) => [num(r, 0.5, 3)],
      retLoop: x1,
      retWhile: (r) => [num(r, 0.2, 2)],
      forGeneral: x1,
      forUpdateExpr: x1,
      counter: x1,
      labeled: x1,
      nestedBreak: (r) => [num(r, 0, 1)],
    },
  },
  {
    name: 'switch',
    src: `
      export function sw(x, k) {
        let y = 0;
        switch (Math.floor(k)) {
          case 0: y = x; break;
          case 1:
          case 2: y = x * x; break;
          case 3: if (x > 0) { y = 1; break; } y = -1; break;
          default: y = Math.exp(x);
        }
        return y;
      }
      export function swReturn(x, k) { switch (Math.round(k)) { case 1: return x; case 2: return 2 * x; default: return 0; } }
      export function swTrue(x) { switch (true) { case x > 1: return 1; case x < -1: return -1; default: return x; } }
      export function swInLoop(x) { let s = 0; for (let i = 0; i < 6; i++) { switch (i % 3) { case 0: continue; case 1: s += x; break; default: s *= 2; } s += 1; } return s; }
    `,
    calls: { sw: (r) => [num(r), num(r, 0, 5)], swReturn: (r) => [num(r), num(r, 0, 3)], swTrue: (r) => [num(r, -3, 3)], swInLoop: x1 },
  },
  {
    name: 'arrays',
    src: `
      export function dot(a, b) { let s = 0; for (let i = 0; i < a.length; i++) s += a[i] * b[i]; return s; }
      export function local(x, y) {
        const v = new Float64Array(3); v[0] = x; v[1] = y; v[2] = x * y;
        v[1] += v[0]; v[2] *= 2; v[0]++; --v[2];
        const w = [x, y, 1]; const u = Float64Array.of(y, x);
        const z = new Array(3).fill(0.5); const q = new Array(2).fill(0);
        const c = Float64Array.from(v); c[0] = 100;
        const k = new Float64Array([1, 2]);
        const alias = v; alias[1] = alias[1] * 3;
        return v[0] + v[1] + v[2] + w[0] * w[2] + u[1] + z[2] + q[1] + c[1] + k[1] + v.length;
      }
      export function rosen(x) { let s = 0; for (let i = 0; i < x.length - 1; i++) { const a = x[i + 1] - x[i] * x[i]; const b = 1 - x[i]; s += 100 * a * a + b * b; } return s; }
      export function gather(v, idx) { let s = 0; for (let i = 0; i < idx.length; i++) s += v[idx[i]] * (i + 1); return s; }
      export function postfix(a) { let i = 0; let s = 0; while (i < a.length) s += a[i++]; return s; }
      export function mutate(a) { for (let i = 0; i < a.length; i++) a[i] = a[i] * 2; a.fill(a[0]); return a[1]; }
      export function forOfInt(idx) { let s = 0; for (const k of idx) s += k; return s; }
      export function intArrays(x) {
        const order = new Int32Array(3); order[0] = 2; order[1] = 0; order[2] = 1;
        const w = Int32Array.of(5, 7); const f = new Float32Array(2); f[1] = 0.5; // (Float32Array computes in double: store exact values)
        const v = [x, 2 * x, 3 * x]; const cp = new Float64Array(v); v[0] = 0;
        let s = 0; for (let i = 0; i < order.length; i++) s += cp[order[i]] * w[i % 2] + f[1] * x;
        return s;
      }
    `,
    calls: {
      dot: (r) => [arr(r, 4), arr(r, 4)],
      local: x2,
      rosen: (r) => [arr(r, 5)],
      gather: (r) => [arr(r, 6), ints(r, 4, 6)],
      postfix: (r) => [arr(r, 5)],
      mutate: (r) => [arr(r, 3)],
      forOfInt: (r) => [ints(r, 5, 10)],
      intArrays: (r) => [num(r)],
    },
  },
  {
    name: 'integer index arithmetic and vector outputs',
    src: `
      export function tri(x, n) {
        const m = Math.floor(n);
        const L = new Float64Array((m * (m + 1)) / 2);
        let idx = 0;
        for (let r = 0; r < m; r++) for (let c = 0; c <= r; c++) { L[idx] = x * (r + 1) + c; idx++; }
        let s = 0;
        for (let r = 1; r < m; r++) s += L[(r * (r - 1)) / 2] * L[r * m % L.length];
        return s;
      }
      export function lorenz(x, y, z) { return [10 * (y - x), x * (28 - z) - y, x * y - 8 / 3 * z]; }
      export function scale(v, k) { const out = new Float64Array(v.length); for (let i = 0; i < v.length; i++) out[i] = v[i] * k; return out; }
      export function pick(x) { if (x > 0) return [x, 1]; return [0, x * x]; }
      export function same(v, k) { const out = new Float64Array(2); if (k > 0) { out[0] = k; return out; } out[1] = v[0]; return out; }
    `,
    calls: {
      tri: (r) => [num(r), num(r, 1, 6)],
      lorenz: x3,
      scale: (r) => [arr(r, 4), num(r)],
      pick: x1,
      same: (r) => [arr(r, 2), num(r)],
    },
  },
  {
    name: 'constants and Math',
    src: `
      const N = 3;
      const H = 1 / (N + 1);
      const TAU = 2 * Math.PI;
      export function f(x) { let s = 0; for (let i = 0; i < N; i++) s += Math.sin(TAU * x * i * H); return s + Math.E + Math.LN2 + Number.EPSILON * 0; }
      export function g(x, y) { return Math.max(x, y, 0.5) - Math.min(x, y) + Math.hypot(x, y, 1) + Math.atan2(y, x) + Math.pow(Math.abs(x), y); }
      export function h(x) { return Math.max() + Math.min() + Math.hypot() + Infinity * 0 + (NaN === NaN ? 1 : 0) + x; }
    `,
    calls: { f: x1, g: x2, h: x1 },
  },
  {
    name: 'logical short-circuit with loads and updates',
    src: `
      export function find(a, t) { let i = 0; while (i < a.length && a[i] < t) i++; return i; }
      export function anyNeg(a) { let found = false; for (let i = 0; i < a.length; i++) { found = found || a[i] < 0; } return found ? 1 : 0; }
      export function sideEffect(x) { let n = 0; if (x > 0 || n++ > 0) n += 10; if (x > 0 && n++ > 0) n += 100; return n; }
      export function inc(x) { let i = 0; const a = i++ + i++; const b = ++i * 2; return a + b + i + x; }
      export function ifBoolVar(x) { let neg = x < 0; if (x > 1) neg = true; return neg ? -x : x; }
    `,
    calls: { find: (r) => [arr(r, 6), num(r)], anyNeg: (r) => [arr(r, 3)], sideEffect: x1, inc: x1, ifBoolVar: (r) => [num(r, -2, 3)] },
  },
];

/** Every Math function of the op table, with a domain where it is defined. */
export const mathDomains: Record<string, [number, number]> = {
  sin: [-3, 3], cos: [-3, 3], tan: [-1.5, 1.5], asin: [-0.9, 0.9], acos: [-0.9, 0.9], atan: [-3, 3],
  sinh: [-3, 3], cosh: [-3, 3], tanh: [-3, 3], asinh: [-3, 3], acosh: [1.1, 4], atanh: [-0.9, 0.9],
  exp: [-3, 3], expm1: [-3, 3], log: [0.1, 4], log1p: [-0.9, 3], log2: [0.1, 4], log10: [0.1, 4],
  sqrt: [0, 4], cbrt: [-4, 4], abs: [-3, 3], sign: [-3, 3], floor: [-3, 3], ceil: [-3, 3],
  round: [-3, 3], trunc: [-3, 3], fround: [-3, 3],
};
