/**
 * Fused adjoint loops (src/ad/fuse.ts): loops whose iterations interact only through
 * accumulations get each iteration's adjoint inside the forward loop. Every case is checked
 * against dual numbers (an independent implementation), central differences, the two-sweep
 * form and the HVP's gradient part; the structure is checked on the IR: a fused loop leaves no
 * reversed loop and no tape behind, a loop that must not be fused keeps its reverse loop.
 */
import { describe, expect, test } from 'vitest';
import { adjoint } from '../../src/ad/index.js';
import { adjointCore } from '../../src/ad/reverse.js';
import { type IRFunction, type Stmt } from '../../src/ir/types.js';
import { walk } from '../../src/ad/ir-utils.js';
import { dualGradientIR } from '../util/dual-oracle.js';
import { hvpOf, vjp } from './harness.js';
import { copyArgs, expectClose, expectValid, fdAlong, flatDir, ir, primalOut, randomDir, rng, run, vec, type Arg } from './helpers.js';

interface Case {
  name: string;
  active: string[];
  args: (r: () => number) => Arg[];
  src: string;
  fused: boolean;
  /** Pushes left within one iteration (none across iterations), when fused. */
  pushes?: number;
}

const reversedLoops = (fn: IRFunction) => fn.body.filter((s) => s.kind === 'for' && s.step < 0).length;
const count = (fn: IRFunction, kind: Stmt['kind']) => {
  let k = 0;
  walk(fn.body, (s) => (k += s.kind === kind ? 1 : 0));
  return k;
};

const FUSED: Case[] = [
  { name: 'rosenbrock (s += g(x[i], x[i+1]))', active: ['x'], fused: true, args: (r) => [vec(r, 6, -1.5, 1.5)], src: `
fn rosen(x: f64[]) -> (s)
  s = copy 0
  n = len x
  m = sub n 1
  for i = 0 .. m step 1 {
    i1 = add i 1
    u = x[i1]
    w = x[i]
    w2 = mul w w
    a = sub u w2
    b = sub 1 w
    a2 = mul a a
    t = mul 100 a2
    b2 = mul b b
    e = add t b2
    s1 = add s e
    s = copy s1
  }
` },
  { name: 'per-point likelihood with an inner dot product, mean over points', active: ['w', 'b'], fused: true,
    args: (r) => [vec(r, 3), 0.3, vec(r, 12, -2, 2), Float64Array.of(1, -1, 1, -1)], src: `
fn logreg(w: f64[], b: f64, X: f64[], y: f64[]) -> (r)
  n = len y
  d = len w
  loss = copy 0
  for i = 0 .. n step 1 {
    z = copy b
    for j = 0 .. d step 1 {
      t = w[j]
      k0 = mul i d
      k = add k0 j
      xv = X[k]
      p = mul t xv
      z1 = add z p
      z = copy z1
    }
    yi = y[i]
    ny = neg yi
    q = mul ny z
    mx = max q 0
    aq = abs q
    na = neg aq
    ex = exp na
    lp = log1p ex
    sp = add mx lp
    l1 = add loss sp
    loss = copy l1
  }
  r = div loss n
` },
  { name: 'local arrays overwritten in each iteration before they are read (dense layers)', active: ['W', 'v'], fused: true, pushes: 1,
    args: (r) => [vec(r, 6), vec(r, 3), vec(r, 8)], src: `
fn layer(W: f64[], v: f64[], X: f64[]) -> (r)
  h = len v
  hid = alloc h
  total = copy 0
  for s = 0 .. 4 step 1 {
    for i = 0 .. h step 1 {
      a = copy 0
      for j = 0 .. 2 step 1 {
        i2 = mul i 2
        kw = add i2 j
        wv = W[kw]
        s2 = mul s 2
        kx = add s2 j
        xv = X[kx]
        p = mul wv xv
        a1 = add a p
        a = copy a1
      }
      th = tanh a
      hid[i] = th
    }
    o = copy 0
    for k = 0 .. h step 1 {
      hk = hid[k]
      vk = v[k]
      p2 = mul hk vk
      o1 = add o p2
      o = copy o1
    }
    o2 = mul o o
    t1 = add total o2
    total = copy t1
  }
  t2 = mul total 0.5
  r = sub 3 t2
` },
  { name: 'conditional accumulation, two reductions, a passive carried counter', active: ['x', 'c'], fused: true, pushes: 1,
    args: (r) => [vec(r, 5), 0.7], src: `
fn two(x: f64[], c: f64) -> (r)
  s = copy 0
  q = copy c
  k = copy 0
  n = len x
  for i = 0 .. n step 1 {
    xi = x[i]
    g = gt xi 0
    if g {
      e = mul xi c
      s1 = add s e
      s = copy s1
    }
    xk = x[k]
    f = mul xk xk
    q1 = sub q f
    q = copy q1
    k1 = add k 2
    m = lt k1 n
    k = select m k1 0
  }
  t = mul s c
  u = add t q
  r = neg u
` },
];

const NOT_FUSED: Case[] = [
  { name: 'an active value carried from one iteration to the next (a product)', active: ['x'], fused: false,
    args: (r) => [vec(r, 4, 0.5, 1.5)], src: `
fn prod(x: f64[]) -> (p)
  p = copy 1
  for i = 0 .. 4 step 1 {
    t = x[i]
    p1 = mul p t
    p = copy p1
  }
` },
  { name: 'a result that is not affine in the reduction (log of a sum)', active: ['x'], fused: false,
    args: (r) => [vec(r, 4, 0.5, 1.5)], src: `
fn lse(x: f64[]) -> (r)
  s = copy 0
  for i = 0 .. 4 step 1 {
    t = x[i]
    e = exp t
    s1 = add s e
    s = copy s1
  }
  r = log s
` },
  { name: 'a reduction also read inside the loop', active: ['x'], fused: false,
    args: (r) => [vec(r, 4)], src: `
fn run(x: f64[]) -> (s)
  s = copy 0
  for i = 0 .. 4 step 1 {
    t = x[i]
    u = mul s t
    v = add t u
    s1 = add s v
    s = copy s1
  }
` },
  { name: 'an array written in the loop and read after it', active: ['x'], fused: false,
    args: (r) => [vec(r, 4)], src: `
fn two(x: f64[]) -> (s)
  y = alloc 4
  for i = 0 .. 4 step 1 {
    t = x[i]
    u = sin t
    y[i] = u
  }
  s = copy 0
  for j = 0 .. 4 step 1 {
    w = y[j]
    w2 = mul w w
    s1 = add s w2
    s = copy s1
  }
` },
  { name: 'a local array read before this iteration overwrites it (a value later overwritten)', active: ['x'], fused: false,
    args: (r) => [vec(r, 3)], src: `
fn carry(x: f64[]) -> (s)
  a = alloc 3
  s = copy 0
  for i = 0 .. 3 step 1 {
    for k = 0 .. 3 step 1 {
      old = a[k]
      t = x[k]
      u = mul old t
      v = add u t
      a[k] = v
    }
    e = a[1]
    s1 = add s e
    s = copy s1
  }
` },
  { name: 'an input whose adjoint the loop accumulates, redefined after the loop', active: ['x', 'c'], fused: false,
    args: (r) => [vec(r, 3), 0.4], src: `
fn redef(x: f64[], c: f64) -> (r)
  d = mul c 2
  s = copy 0
  for i = 0 .. 3 step 1 {
    t = x[i]
    u = mul t d
    s1 = add s u
    s = copy s1
  }
  d = mul s c
  r = add d s
` },
];

function check(cs: Case, seed: number): void {
  const fn = ir(cs.src);
  const r = rng(seed);
  const args = cs.args(r);
  const g = adjoint(fn, cs.active);
  expectValid(g);
  expect(reversedLoops(g) === 0, `${cs.name}: fused`).toBe(cs.fused);
  if (cs.fused) expect(count(g, 'push'), `${cs.name}: pushes`).toBe(cs.pushes ?? 0);
  const grad = vjp(fn, cs.active, args, 1.5);
  const dual = dualGradientIR(fn, args as never, cs.active).map((x) => 1.5 * x);
  expectClose(grad, dual, 1e-12, `${cs.name}: vs dual numbers`);
  const d = randomDir(r, fn, cs.active, args);
  const fd = fdAlong(primalOut(fn), fn, cs.active, args, d)[0];
  const dir = flatDir(d);
  expectClose([grad.reduce((acc, x, i) => acc + x * dir[i], 0) / 1.5], [fd], 1e-6, `${cs.name}: vs central differences`);
  const two = adjointCore(fn, cs.active, { seed: 'param', gradients: 'gradOut', fuse: false });
  const out = new Float64Array(grad.length);
  run(two, [...copyArgs(args), 1.5, out], true);
  expectClose(grad, out, 1e-12, `${cs.name}: vs the two-sweep form`);
  // forward over the fused reverse: the HVP's gradient part agrees too
  expect(hvpOf(fn, cs.active, args, d).length).toBe(grad.length);
}

describe('loops that fuse', () => {
  for (const cs of FUSED) test(cs.name, () => [1, 2, 3].forEach((s) => check(cs, s)));
});

describe('loops that keep two sweeps', () => {
  for (const cs of NOT_FUSED) test(cs.name, () => [1, 2, 3].forEach((s) => check(cs, s)));
});
