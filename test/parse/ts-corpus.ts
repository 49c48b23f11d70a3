/**
 * TypeScript snippets paired with their type-erased JavaScript. The two must convert to the
 * same ESTree once positions and adgen* fields are stripped: types, assertions and type-only
 * declarations leave no trace.
 */
export interface TsPair {
  ts: string;
  js: string;
}

export const TS_PAIRS: Record<string, TsPair> = {
  scalar: {
    ts: `/** f(x, y) = x² + sin(y) */
export function f(x: number, y: number): number {
  const a: number = x * x;
  return a + Math.sin(y);
}`,
    js: `/** f(x, y) = x² + sin(y) */
export function f(x, y) {
  const a = x * x;
  return a + Math.sin(y);
}`,
  },
  arrays: {
    ts: `export function dot(a: Float64Array, b: readonly number[], n: number = a.length): number {
  let s = 0;
  for (let i: number = 0; i < n; i++) s += a[i]! * (b[i] as number);
  return s;
}`,
    js: `export function dot(a, b, n = a.length) {
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] * (b[i]);
  return s;
}`,
  },
  arrowConst: {
    ts: `/** Softplus. */
export const softplus = (x: number): number => Math.log1p(Math.exp(x));
export const g = function (x: number): number { return <number>x * 2; };`,
    js: `/** Softplus. */
export const softplus = (x) => Math.log1p(Math.exp(x));
export const g = function (x) { return x * 2; };`,
  },
  typeOnlyDeclarations: {
    ts: `import type { Vec } from './vec';
import { type Mat, scale } from './mat';
type Pair = [number, number];
interface Point { x: number; y: number }
declare const EPS: number;
declare function ext(x: number): number;
declare global { interface Window { adgen: unknown } }
export type { Pair };
export function h(p: Pair, q: Point): [number, number] {
  return [p[0] * scale, q.y satisfies number];
}
export { Point, h as hh };`,
    js: `import { scale } from './mat';
export function h(p, q) {
  return [p[0] * scale, q.y];
}
export { h as hh };`,
  },
  overloads: {
    ts: `export function sq(x: number): number;
export function sq(x: bigint): bigint;
export function sq(x: any): any { return x * x; }
class C {
  m(a: number): number;
  m(a: any): any { return a; }
  declare d: number;
  [key: string]: unknown;
  private p = 1;
  protected readonly q: number = 2;
  public override toString(): string { return ''; }
  n(this: C): number { return 1; }
  constructor(x?: number) {}
}`,
    js: `export function sq(x) { return x * x; }
class C {
  m(a) { return a; }
  p = 1;
  q = 2;
  toString() { return ''; }
  n() { return 1; }
  constructor(x) {}
}`,
  },
  generics: {
    ts: `function id<T>(x: T): T { return x; }
const r = id<number>(3);
const k = new Map<string, number>();
const f = <T,>(x: T) => x;
const inst = id<string>;
let definite!: number;
const tuple = [1, 2] as const;`,
    js: `function id(x) { return x; }
const r = id(3);
const k = new Map();
const f = (x) => x;
const inst = id;
let definite;
const tuple = [1, 2];`,
  },
  nonNullChains: {
    ts: `const a = o!.b!.c; const b = o?.b!.c; const c = (o as any)?.[0]!; f!(1); x! = 1; (y as number) += 2;`,
    js: `const a = o.b.c; const b = o?.b.c; const c = (o)?.[0]; f(1); x = 1; (y) += 2;`,
  },
  control: {
    ts: `export function clamp(x: number, lo: number, hi: number): number {
  if (x < lo) { return lo; } else if (x > hi) return hi;
  let y: number;
  switch (Math.sign(x)) { case -1: y = -x; break; default: y = x; }
  while (y > 10) { y /= 2; if (y < 1) break; }
  do { y++; } while (y < 0);
  outer: for (const v of [1, 2] as number[]) { for (const k in {}) { continue outer; } }
  try { y = JSON.parse('1') as number; } catch (e: unknown) { throw e; } finally { y += 0; }
  return y;
}`,
    js: `export function clamp(x, lo, hi) {
  if (x < lo) { return lo; } else if (x > hi) return hi;
  let y;
  switch (Math.sign(x)) { case -1: y = -x; break; default: y = x; }
  while (y > 10) { y /= 2; if (y < 1) break; }
  do { y++; } while (y < 0);
  outer: for (const v of [1, 2]) { for (const k in {}) { continue outer; } }
  try { y = JSON.parse('1'); } catch (e) { throw e; } finally { y += 0; }
  return y;
}`,
  },
  destructuring: {
    ts: `export function p({ a, b = 2 }: { a: number; b?: number }, [c, ...d]: number[], ...rest: number[]): number {
  const { x, y: [z] }: { x: number; y: number[] } = q;
  [m, n] = [n, m] as [number, number];
  return a + b + c + d.length + rest.length + x + z;
}`,
    js: `export function p({ a, b = 2 }, [c, ...d], ...rest) {
  const { x, y: [z] } = q;
  [m, n] = [n, m];
  return a + b + c + d.length + rest.length + x + z;
}`,
  },
  classes: {
    ts: `export class V<T> extends Base<T> implements I, J {
  static readonly zero: number = 0;
  #n: number = 1;
  constructor(x: number) { super(x); }
  get n(): number { return this.#n; }
  set n(v: number) { this.#n = v; }
  static async *gen(): AsyncGenerator<number> { yield 1; }
}`,
    js: `export class V extends Base {
  static zero = 0;
  #n = 1;
  constructor(x) { super(x); }
  get n() { return this.#n; }
  set n(v) { this.#n = v; }
  static async *gen() { yield 1; }
}`,
  },
  modules: {
    ts: `import def, * as ns from 'm';
import { a as b, type T } from 'n';
export * from 'o';
export * as p from 'q';
export { type T, b } from 'n';
export default function main(x: number): number { return x; }`,
    js: `import def, * as ns from 'm';
import { a as b } from 'n';
export * from 'o';
export * as p from 'q';
export { b } from 'n';
export default function main(x) { return x; }`,
  },
  asyncAwait: {
    ts: `const v: number = await load();
export async function f(x: Promise<number>): Promise<number> { return (await x) + 1; }
const g = async (x: number): Promise<number> => await x;`,
    js: `const v = await load();
export async function f(x) { return (await x) + 1; }
const g = async (x) => await x;`,
  },
};
