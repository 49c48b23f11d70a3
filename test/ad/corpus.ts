/**
 * Hand-written IR functions exercising every op (at in-domain points) and every structure the AD
 * passes handle: branches, counted loops (forwards, backwards, step 2, non-integer bounds, empty),
 * while loops with data-dependent trip counts, scalars overwritten in loops, array parameters
 * read and written, local and re-allocated arrays, output arrays, vector outputs.
 */
import { OPS } from '../../src/ops/table.js';
import { uniform, vec, type Arg } from './helpers.js';

export interface Case {
  name: string;
  src: string;
  active: string[];
  args: (r: () => number) => Arg[];
  /** The op's convention differs from finite differences (fround: derivative 0). */
  noFd?: boolean;
}

const u = uniform;

/** In-domain ranges for the unary ops (leaving room for the loop shape's +0.03 drift). */
const UNARY_DOMAIN: Record<string, [number, number]> = {
  sin: [-2, 2], cos: [-2, 2], tan: [-1, 1], asin: [-0.8, 0.8], acos: [-0.8, 0.8], atan: [-2, 2],
  sinh: [-2, 2], cosh: [-2, 2], tanh: [-2, 2], asinh: [-2, 2], acosh: [1.2, 3], atanh: [-0.8, 0.8],
  exp: [-1, 1], expm1: [-1, 1], log: [0.2, 3], log1p: [-0.5, 2], log2: [0.2, 3], log10: [0.2, 3],
  sqrt: [0.2, 3], cbrt: [0.2, 3], abs: [0.2, 2], sign: [0.1, 0.35], floor: [0.1, 0.35],
  ceil: [0.1, 0.35], round: [0.1, 0.35], trunc: [0.1, 0.35], fround: [0.1, 0.35], neg: [-2, 2],
};

const unaryCases: Case[] = Object.entries(UNARY_DOMAIN).flatMap(([op, [lo, hi]]) => {
  if (!OPS[op]) throw new Error(`corpus: unknown op ${op}`);
  const args = (r: () => number) => [u(r, lo, hi)];
  const noFd = op === 'fround';
  return [
    { name: `${op} (straight)`, active: ['x'], args, noFd, src: `
fn u_${op}(x: f64) -> (z)
  y = ${op} x
  z = mul y x
` },
    { name: `${op} (overwritten in a loop)`, active: ['x'], args, noFd, src: `
fn ul_${op}(x: f64) -> (s)
  s = copy 0
  w = copy x
  for i = 0 .. 3 step 1 {
    y = ${op} w
    t = mul y x
    s1 = add s t
    s = copy s1
    w1 = add w 0.01
    w = copy w1
  }
` },
  ];
});

const xy = (r: () => number) => [u(r, 0.5, 2), u(r, 0.5, 2)];

const binaryCases: Case[] = [
  ...['add', 'sub', 'mul', 'dmul', 'div', 'pow', 'atan2', 'hypot', 'max', 'min'].map((op) => ({
    name: `${op} (both active)`, active: ['x', 'y'], args: xy, src: `
fn b_${op}(x: f64, y: f64) -> (z)
  t = ${op} x y
  z = mul t x
` })),
  { name: 'mod', active: ['x', 'y'], args: (r) => [u(r, 2.2, 2.8), u(r, 1, 1.05)], src: `
fn b_mod(x: f64, y: f64) -> (z)
  t = mod x y
  z = mul t x
` },
  { name: 'integer bitwise ops (zero derivative) selecting a branch', active: ['x', 'y'], args: (r) => [u(r, 2.2, 5.8), u(r, 1, 2)], src: `
fn bits(x: f64, y: f64) -> (z)
  i = bor x 0
  j = shr i 1
  k = band i 1
  l = bxor j k
  m = shl l 2
  n = ushr m 1
  o = bnot n
  p = add o i
  c = eq k 0
  a = mul x y
  b = mul a y
  s = select c a b
  z = add s p
` },
  { name: 'pow with constant exponents and base', active: ['x'], args: (r) => [u(r, 0.5, 2)], src: `
fn powc(x: f64) -> (z)
  a = pow x 2
  b = pow x 3
  c = pow x 0.5
  d = pow 2 x
  e = add a b
  f = add c d
  z = mul e f
` },
  { name: 'variadic hypot/max/min', active: ['x', 'y', 'z'], args: (r) => [u(r, 0.1, 1), u(r, 1.1, 2), u(r, -1, -0.1)], src: `
fn variadic(x: f64, y: f64, z: f64) -> (r)
  h = hypot x y z
  m = max x z y
  n = min y x z
  p = mul h m
  r = add p n
` },
  { name: 'select and comparisons', active: ['x', 'y'], args: (r) => [u(r, -1, 1), u(r, -1, 1)], src: `
fn sel(x: f64, y: f64) -> (r)
  c = lt x y
  x2 = mul x x
  y3 = mul y x
  s = select c x2 y3
  d = ge s 0
  e = not d
  f = or c e
  r1 = select f s y
  r = sin r1
` },
  { name: 'derivative markers stop and lin', active: ['x', 'y'], noFd: true, args: (r) => [u(r, -1, 1), u(r, 0.5, 2)], src: `
fn markers(x: f64, y: f64) -> (r)
  s = stop x
  p = mul y y
  q = mul s y
  l = lin q x p
  r = add l s
` },
  { name: 'notebook x*x*y + y + 2', active: ['x', 'y'], args: (r) => [u(r, -2, 2), u(r, -2, 2)], src: `
fn f(x: f64, y: f64) -> (t4)
  t1 = mul x x
  t2 = mul t1 y
  t3 = add t2 y
  t4 = add t3 2
` },
];

export const corpus: Case[] = [...unaryCases, ...binaryCases];
