/**
 * Corpus, part 2: control flow, loops, arrays, vector outputs (see corpus.ts).
 */
import { uniform, vec } from './helpers.js';
import { type Case } from './corpus.js';

const u = uniform;

export const controlCases: Case[] = [
  { name: 'if/else on active values', active: ['x', 'y'], args: (r) => [u(r, 0.5, 2), u(r, 0.5, 2)], src: `
fn branch(x: f64, y: f64) -> (r)
  c = gt x y
  if c {
    t = mul x y
    r = sin t
  } else {
    t2 = div x y
    r = exp t2
  }
` },
  { name: 'nested ifs overwriting a scalar', active: ['x', 'y'], args: (r) => [u(r, -1, 1), u(r, 0, 1)], src: `
fn nested(x: f64, y: f64) -> (r)
  r = copy x
  c1 = gt x 0
  if c1 {
    t = mul r y
    r = copy t
    c2 = gt y 0.5
    if c2 {
      t3 = sin r
      r = copy t3
    }
  } else {
    t4 = mul r r
    r = copy t4
  }
  t5 = mul r x
  r = copy t5
` },
  { name: 'flag-lowered break (condition assigned in its branch)', active: ['x'], args: (r) => [u(r, 0.5, 2)], src: `
fn flag(x: f64) -> (s)
  s = copy x
  go = copy true
  for i = 0 .. 6 step 1 {
    if go {
      t = mul s 1.5
      u = sin t
      v = add t u
      s = copy v
      c = gt s 3
      if c {
        go = copy false
      }
    }
  }
` },
  { name: 'counted loop step 2 with int bound', active: ['a', 'x'], args: (r) => [vec(r, 7), u(r, -1, 1), r() < 0.5 ? 7 : 6], src: `
fn step2(a: f64[], x: f64, n: int) -> (s)
  s = copy 0
  for i = 1 .. n step 2 {
    t = a[i]
    w = mul t x
    v = sin w
    s1 = add s v
    s = copy s1
  }
` },
  { name: 'backward loop step -2 with f64 bounds', active: ['a', 'x'], args: (r) => [vec(r, 7), u(r, 0.5, 1), 6], src: `
fn back(a: f64[], x: f64, hi: f64) -> (p)
  p = copy 1
  for i = hi .. -1 step -2 {
    t = a[i]
    w = add t x
    q = mul p w
    p = copy q
  }
` },
  { name: 'non-integer loop bound', active: ['x'], args: (r) => [u(r, 0.5, 1.5), 3.5], src: `
fn frac(x: f64, m: f64) -> (s)
  s = copy x
  for i = 0 .. m step 1 {
    t = mul s x
    w = sin t
    s = copy w
  }
` },
  { name: 'empty loops', active: ['x'], args: (r) => [u(r, 0.5, 1.5), 0], src: `
fn empty(x: f64, n: int) -> (s)
  s = copy x
  for i = 0 .. n step 1 {
    t = mul s x
    s = copy t
  }
  for j = 5 .. n step -3 {
    t2 = mul s x
    s = copy t2
  }
  for k = 3 .. 1 step 2 {
    t3 = mul s s
    s = copy t3
  }
  z = mul s x
  s = copy z
` },
  { name: 'triangular nested loops', active: ['a', 'x'], args: (r) => [vec(r, 4), u(r, -1, 1)], src: `
fn tri(a: f64[], x: f64) -> (s)
  s = copy 0
  for i = 0 .. 4 step 1 {
    for j = 0 .. i step 1 {
      t = a[j]
      ai = a[i]
      w = mul t ai
      q = mul w x
      s1 = add s q
      s = copy s1
    }
  }
` },
  { name: 'Kepler: E = E - (E - e sin E - M)/(1 - e cos E)', active: ['M', 'e'], args: (r) => [u(r, 0.5, 2), u(r, 0.1, 0.5)], src: `
fn kepler(M: f64, e: f64) -> (E)
  E = copy M
  for k = 0 .. 8 step 1 {
    s = sin E
    es = mul e s
    f = sub E es
    g = sub f M
    co = cos E
    ec = mul e co
    d = sub 1 ec
    st = div g d
    E1 = sub E st
    E = copy E1
  }
` },
  { name: 'while with data-dependent trip count', active: ['x'], args: (r) => [u(r, 0.5, 1.5)], src: `
fn grow(x: f64) -> (s)
  s = copy x
  while {
    c = lt s 10
  } c do {
    t = mul s 1.7
    w = add t x
    s = copy w
  }
  z = mul s s
  s = copy z
` },
  { name: 'Newton square root until converged', active: ['a'], args: (r) => [u(r, 1, 4)], src: `
fn nsqrt(a: f64) -> (y)
  y = copy a
  while {
    yy = mul y y
    d = sub yy a
    ad = abs d
    c = gt ad 1e-12
  } c do {
    t = div a y
    t2 = add y t
    y1 = mul t2 0.5
    y = copy y1
  }
` },
  { name: 'while whose test computes a value the body uses', active: ['x', 'y'], args: (r) => [u(r, 0.5, 1), u(r, 0.2, 0.6)], src: `
fn wtest(x: f64, y: f64) -> (s)
  s = copy x
  while {
    t = mul s y
    q = sin t
    c = lt q 0.9
  } c do {
    e = exp q
    w = mul e 0.3
    s1 = add s w
    s = copy s1
  }
  z = mul s q
  s = copy z
` },
  { name: 'while inside for', active: ['a', 'x'], args: (r) => [vec(r, 3, 0.5, 1), u(r, 1.2, 1.5)], src: `
fn wf(a: f64[], x: f64) -> (s)
  s = copy 0
  for i = 0 .. 3 step 1 {
    t = a[i]
    w = copy t
    while {
      c = lt w 5
    } c do {
      w1 = mul w x
      w2 = add w1 1
      w = copy w2
    }
    s1 = add s w
    s = copy s1
  }
` },
  { name: 'for inside while', active: ['x', 'y'], args: (r) => [vec(r, 3, 0.5, 1), u(r, 0.5, 1)], src: `
fn fw(x: f64[], y: f64) -> (s)
  s = copy y
  while {
    c = lt s 20
  } c do {
    for i = 0 .. 3 step 1 {
      t = x[i]
      w = mul t s
      v = mul w 0.1
      s1 = add s v
      s2 = add s1 1
      s = copy s2
    }
  }
` },
  { name: 'active array parameter written in place', active: ['a', 'x'], args: (r) => [vec(r, 4), u(r, -1, 1)], src: `
fn inplace(a: f64[], x: f64) -> (s)
  s = copy 0
  for i = 0 .. 4 step 1 {
    t = a[i]
    w = mul t x
    a[i] = w
  }
  for i2 = 0 .. 4 step 1 {
    t2 = a[i2]
    w2 = mul t2 t2
    s1 = add s w2
    s = copy s1
  }
` },
  { name: 'index arithmetic a[i+1] - a[i]', active: ['a'], args: (r) => [vec(r, 5)], src: `
fn diffs(a: f64[]) -> (s)
  s = copy 0
  for i = 0 .. 4 step 1 {
    j = add i 1
    t = a[j]
    w = a[i]
    d = sub t w
    d2 = mul d d
    s1 = add s d2
    s = copy s1
  }
` },
  { name: 'product loop (taped accumulator)', active: ['a'], args: (r) => [vec(r, 5, 0.5, 1.5)], src: `
fn prod(a: f64[]) -> (p)
  p = copy 1
  for i = 0 .. 5 step 1 {
    t = a[i]
    q = mul p t
    p = copy q
  }
` },
  { name: 'local array', active: ['x', 'y'], args: (r) => [vec(r, 4), u(r, -1, 1)], src: `
fn localarr(x: f64[], y: f64) -> (s)
  tmp = alloc 4
  for i = 0 .. 4 step 1 {
    t = x[i]
    w = mul t y
    tmp[i] = w
  }
  s = copy 0
  for i2 = 0 .. 4 step 1 {
    k = sub 3 i2
    a1 = tmp[i2]
    a2 = tmp[k]
    p = mul a1 a2
    q = sin p
    s1 = add s q
    s = copy s1
  }
` },
  { name: 'local array rewritten per iteration and read in an inner loop (restored elements)', active: ['x', 'q'], args: (r) => [vec(r, 6), vec(r, 6)], src: `
fn tri(x: f64[], q: f64[]) -> (s)
  xc = alloc 3
  s = copy 0
  for r = 0 .. 2 step 1 {
    for j = 0 .. 3 step 1 {
      o = mul r 3
      k = add o j
      t = x[k]
      u = sin t
      xc[j] = u
    }
    li = mul r 3
    for col = 0 .. 3 step 1 {
      for row = 0 .. 3 step 1 {
        w = q[li]
        v = xc[col]
        e = xc[row]
        p = mul w v
        p2 = mul p e
        s1 = add s p2
        s = copy s1
        n = add li 1
        li = copy n
        c = ge li 6
        if c {
          li = copy 0
        }
      }
    }
  }
` },
  { name: 'local array re-allocated in a loop', active: ['x', 'y'], args: (r) => [vec(r, 3), u(r, -1, 1)], src: `
fn realloc(x: f64[], y: f64) -> (s)
  s = copy 0
  for r = 0 .. 3 step 1 {
    n = add r 2
    tmp = alloc n
    t = x[r]
    w = mul t y
    tmp[0] = w
    w2 = mul w w
    tmp[1] = w2
    a0 = tmp[0]
    a1 = tmp[1]
    p = mul a0 a1
    s1 = add s p
    s = copy s1
  }
` },
  { name: 'output array read back', active: ['x'], args: (r) => [vec(r, 3), new Float64Array(3)], src: `
fn outp(x: f64[], out: f64[]) -> (s)
  s = copy 0
  for i = 0 .. 3 step 1 {
    t = x[i]
    w = mul t t
    out[i] = w
  }
  for i2 = 0 .. 3 step 1 {
    w3 = out[i2]
    e = exp w3
    s1 = add s e
    s = copy s1
  }
` },
  { name: 'vector output', active: ['x', 'y'], args: (r) => [vec(r, 3), u(r, -1, 1)], src: `
fn vecout(x: f64[], y: f64) -> (r)
  r = alloc 3
  for i = 0 .. 3 step 1 {
    t = x[i]
    w = mul t y
    s = sin w
    r[i] = s
  }
  a0 = r[0]
  b = mul a0 a0
  r[2] = b
` },
  { name: 'inactive data array read in the adjoint', active: ['x'], args: (r) => [u(r, -1, 1), vec(r, 4)], src: `
fn weights(x: f64, data: f64[]) -> (s)
  s = copy 0
  for i = 0 .. 4 step 1 {
    w = data[i]
    p = mul w x
    v = sin p
    s1 = add s v
    s = copy s1
  }
` },
  { name: 'len as loop bound; le/eq/ne/and conditions', active: ['a', 'x'], args: (r) => [vec(r, 5), u(r, -1, 1)], src: `
fn lens(a: f64[], x: f64) -> (s)
  s = copy x
  n = len a
  for i = 0 .. n step 1 {
    t = a[i]
    c1 = le t 0.5
    c2 = ne i 2
    c3 = and c1 c2
    if c3 {
      w = mul t s
      v = sin w
      s = copy v
    }
    c4 = eq i 3
    if c4 {
      q = mul s t
      s = copy q
    }
  }
` },
  { name: 'max/mod/pow in a loop', active: ['x', 'y'], args: (r) => [vec(r, 4, 0.1, 0.6), u(r, 0.35, 0.6)], src: `
fn mixed(x: f64[], y: f64) -> (s)
  s = copy 0
  for i = 0 .. 4 step 1 {
    t = x[i]
    m = max t y 0.3
    q = mod m 0.7
    p = pow m y
    h = atan2 q p
    s1 = add s h
    s = copy s1
  }
` },
  // y is used early; its later updates (x ** 2000 overflows to ∞) only reach a comparison, so
  // their adjoint is 0 and must not be propagated: 0 · ∞ = NaN (regressions.test.ts).
  { name: 'dead overflowing updates after the last use', active: ['x', 'y'], args: (r) => [u(r, 1.5, 2), u(r, 0.5, 1)], src: `
fn deadupd(x: f64, y: f64) -> (r)
  t = mul x y
  r = sin t
  k = copy 0
  while {
    k1 = add k 1
    k = copy k1
    c = lt k 3
  } c do {
    p = pow x 2000
    y1 = add y p
    y = copy y1
  }
  for i = 0 .. 2 step 1 {
    q = mul x x
    y2 = mul y q
    y = copy y2
  }
  d = gt y 0
  if d {
    r2 = mul r 2
    r = copy r2
  }
` },
];
