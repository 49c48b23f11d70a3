/**
 * What the produced code looks like, not just what it computes: only active values get
 * derivative code, the tape is used only where values are really overwritten, allocation-free
 * adjoints, conventions of the op table, errors, inputs left untouched, determinism.
 */
import { describe, expect, test } from 'vitest';
import { adjoint, analyzeActivity, hessianDense, hvp, tangent } from '../../src/ad/index.js';
import { printFunction } from '../../src/ir/print.js';
import { type IRFunction, type Stmt } from '../../src/ir/types.js';
import { walk } from '../../src/ad/ir-utils.js';
import { adjointCore } from '../../src/ad/reverse.js';
import { corpus } from './corpus.js';
import { controlCases } from './corpus-control.js';
import { expectClose, expectValid, fdAlong, ir, rng, run, vec } from './helpers.js';

const stmts = (fn: IRFunction): Stmt[] => {
  const out: Stmt[] = [];
  walk(fn.body, (s) => out.push(s));
  return out;
};
// The tape mechanics of the two-sweep form, on loops that would otherwise be fused (fuse.ts).
const twoSweep = (fn: IRFunction, active: string[]) => adjointCore(fn, active, { seed: 'param', gradients: 'gradOut', fuse: false });
const count = (fn: IRFunction, kind: Stmt['kind']) => stmts(fn).filter((s) => s.kind === kind).length;
const src = (name: string) => {
  const cs = [...corpus, ...controlCases].find((c) => c.name.startsWith(name));
  if (!cs) throw new Error(`no corpus case ${name}`);
  return cs;
};

describe('the tape holds only what the reverse sweep needs', () => {
  test('straight-line code, branches and accumulations need no tape', () => {
    for (const name of ['notebook', 'if/else', 'select', 'index arithmetic', 'inactive data array', 'triangular', 'local array']) {
      const cs = src(name);
      expect(count(adjoint(ir(cs.src), cs.active), 'push'), name).toBe(0);
    }
  });

  test('a loop over read-only arrays recomputes its loads instead of taping them', () => {
    const a = adjoint(ir(src('index arithmetic').src), ['a']);
    expect(printFunction(a)).toContain('t = a[j]');
    expect(count(a, 'push')).toBe(0);
  });

  test('values read by rules and overwritten in a loop are taped, or recomputed from taped ones', () => {
    // y = sin w and w = w + 0.01 are both overwritten each iteration and read by partials: w is
    // taped, y = sin w is recomputed from the restored w.
    const a = adjoint(ir(src('sin (overwritten').src), ['x']);
    expect(count(a, 'push')).toBe(1);
    expect(printFunction(a)).toMatch(/w = pop\n(.*\n)*\s*y = sin w/);
  });

  test('a running index (li = li + 1) is restored by undoing the increment, not taped per iteration', () => {
    const fn = ir(`
fn tri(a: f64[], x: f64[]) -> (s)
  s = copy 0
  for r = 0 .. 2 step 1 {
    li = mul r 3
    for j = 0 .. 3 step 1 {
      w = a[li]
      v = x[j]
      p = mul w v
      q = mul p w
      s1 = add s q
      s = copy s1
      t = add li 1
      li = copy t
    }
  }
`);
    const g = twoSweep(fn, ['a', 'x']);
    // Only the outer definition li = r * 3 pushes; the inner increment is undone by li - 1.
    expect(count(g, 'push')).toBe(1);
    expect(printFunction(g)).toMatch(/= sub li 1/);
  });

  test('a local array rewritten per outer iteration pushes the overwritten elements, not every load', () => {
    const g = twoSweep(ir(src('local array rewritten').src), ['x', 'q']);
    const pushed = stmts(g).filter((s) => s.kind === 'push').map((s) => (s as { value: { name: string } }).value.name);
    // One push per store into xc (its old element); li and the wrap-around test c are taped, but
    // no loaded value (w, v, e) is: they are reloaded in the reverse sweep.
    expect(pushed.filter((n) => n.startsWith('old'))).toHaveLength(1);
    expect(pushed.sort()).toEqual(['c', 'li', 'li', 'old']);
  });

  test('an in-place update a[i] = a[i] + … leaves ā[i] alone in the reverse sweep', () => {
    const fn = ir(`
fn upd(x: f64[], w: f64) -> (s)
  q = alloc 3
  for r = 0 .. 2 step 1 {
    for j = 0 .. 3 step 1 {
      y = q[j]
      k = add r j
      v = x[k]
      p = mul v w
      z = add y p
      q[j] = z
    }
  }
  s = q[2]
`);
    const g = adjoint(fn, ['x', 'w']);
    const inner = stmts(g).filter((s): s is Extract<Stmt, { kind: 'for' }> => s.kind === 'for').at(-1);
    // Reverse of the update: read q_bar[j] once; no zeroing, no read-modify-write of q_bar.
    const touches = (inner?.body ?? []).filter((s) => (s.kind === 'store' && s.array === 'q_bar') || (s.kind === 'load' && s.array === 'q_bar'));
    expect(touches.map((s) => s.kind)).toEqual(['load']);
  });

  test('an accumulator read only after its inner loop is pushed once before the loop, not per term', () => {
    const fn = ir(`
fn lse(w: f64[], h: f64[]) -> (mx)
  mx = copy -1
  for k = 0 .. 3 step 1 {
    o = copy 0
    for i = 0 .. 4 step 1 {
      o4 = mul k 4
      q = add o4 i
      a = w[q]
      b = h[i]
      p = mul a b
      o1 = add o p
      o = copy o1
    }
    m1 = max mx o
    mx = copy m1
  }
`);
    const g = adjoint(fn, ['w', 'h']);
    // No push inside the forward inner loop (the first loop over i): o is snapshotted before it.
    const forwardInner = stmts(g).find((s) => s.kind === 'for' && s.index === 'i') as Extract<Stmt, { kind: 'for' }>;
    expect(forwardInner.body.some((s) => s.kind === 'push')).toBe(false);
    expect(count(g, 'push')).toBe(count(g, 'pop'));
  });

  test("Newton's iteration tapes only the iterate; the step is recomputed from it", () => {
    const fn = ir(`
fn cubicRoot(a: f64, b: f64) -> (x)
  x = copy 1
  for k = 0 .. 30 step 1 {
    t = mul x x
    t1 = mul t x
    t2 = mul a x
    t3 = add t1 t2
    fx = sub t3 b
    t4 = mul 3 x
    t5 = mul t4 x
    dfx = add t5 a
    t6 = div fx dfx
    t7 = sub x t6
    x = copy t7
  }
`);
    const g = adjoint(fn, ['a', 'b']);
    expect(count(g, 'push')).toBe(1);
    expect(count(g, 'pop')).toBe(1);
    expect(stmts(g).filter((s) => s.kind === 'push')[0]).toMatchObject({ value: { name: 'x' } });
  });

  test('an accumulator that rules read (p = p * a[i]) is pushed once per iteration', () => {
    const a = adjoint(ir(src('product loop').src), ['a']);
    expect(count(a, 'push')).toBe(1);
    expect(count(a, 'pop')).toBe(1);
  });

  test('a counter read only after its loop is not taped', () => {
    const fn = ir(`
fn mean(a: f64[]) -> (m)
  s = copy 0
  n = copy 0
  for i = 0 .. 4 step 1 {
    t = a[i]
    s1 = add s t
    s = copy s1
    n1 = add n 1
    n = copy n1
  }
  m = div s n
`);
    expect(count(adjoint(fn, ['a']), 'push')).toBe(0);
  });

  test('definitions in exclusive branches do not tape each other', () => {
    const fn = ir(`
fn softplus(x: f64) -> (r)
  c = gt x 20
  if c {
    r = copy x
  } else {
    d = lt x -20
    if d {
      r = exp x
    } else {
      t = exp x
      r = log1p t
    }
  }
`);
    expect(count(adjoint(fn, ['x']), 'push')).toBe(0);
  });

  test('while loops push their trip count only when their reverse is not empty', () => {
    const active = adjoint(ir(src('while with data').src), ['x']);
    expect(count(active, 'push')).toBeGreaterThanOrEqual(1);
    const passive = adjoint(ir(`
fn f(x: f64, n: f64) -> (y)
  k = copy 0
  while {
    c = lt k n
  } c do {
    k1 = add k 1
    k = copy k1
  }
  y = mul x k
`), ['x']);
    expect(count(passive, 'push')).toBe(0);
    expect(count(passive, 'while')).toBe(1);
  });
});

describe('only active values get derivative code', () => {
  test('inactive arguments: no tangent, no partial', () => {
    const t = tangent(ir('fn f(x: f64, w: f64) -> (y)\n  y = mul x w\n'), ['x']);
    expect(printFunction(t.fn)).toBe('fn f_jvp(x: f64, w: f64, x_dot: f64) -> (y, y_dot)\n  y = mul x w\n  y_dot = mul w x_dot\n');
  });

  test('piecewise-constant ops, ints and bools cut the flow; useless values are pruned', () => {
    const fn = ir(`
fn f(x: f64, a: f64[]) -> (z)
  k = floor x
  y = mul k x
  u = sin x
  unused = mul u u
  c = gt u 0
  z = select c y x
`);
    const act = analyzeActivity(fn, ['x'], ['z']);
    expect([...act.varied].sort()).toEqual(['u', 'unused', 'x', 'y', 'z']);
    expect(['k', 'c', 'unused', 'u'].map(act.active)).toEqual([false, false, false, false]);
    const t = printFunction(tangent(fn, ['x']).fn);
    expect(t).not.toContain('unused_dot');
    expect(t).not.toContain('u_dot');
    expect(count(adjoint(fn, ['x']), 'push')).toBe(0);
  });

  test('updates after the last differentiable use get no adjoint code (0 · ∞ would be NaN)', () => {
    const cs = src('dead overflowing updates');
    const a = adjoint(ir(cs.src), cs.active);
    expectValid(a);
    const reverse = printFunction(a).split('r_bar = copy seed')[1];
    // Neither the overflowing pow nor y2 = y·q is differentiated; only t = x·y and r = sin t are.
    expect(reverse).not.toMatch(/pow|\bq\b|x_bar = add/);
    const g = new Float64Array(2);
    run(a, [1.8, 0.7, 1, g], true);
    const ct = 2 * Math.cos(1.8 * 0.7);
    expect([g[0], g[1]]).toEqual([expect.closeTo(ct * 0.7, 12), expect.closeTo(ct * 1.8, 12)]);
  });

  test('fround has derivative 0 by convention', () => {
    const fn = ir('fn f(x: f64) -> (y)\n  y = fround x\n');
    expect(run(tangent(fn, ['x']).fn, [0.3, 1])[1]).toBe(0);
    const g = new Float64Array(1);
    run(adjoint(fn, ['x']), [0.3, 1, g], true);
    expect(g[0]).toBe(0);
  });
});

describe('contracts', () => {
  test('adjoints of array-parameter functions allocate nothing', () => {
    for (const name of ['index arithmetic', 'product loop', 'triangular', 'counted loop step 2', 'active array parameter']) {
      const cs = src(name);
      expect(count(adjoint(ir(cs.src), cs.active), 'alloc'), name).toBe(0);
    }
  });

  test('a write-only output array gets a tangent parameter, zeroed and then written', () => {
    const fn = ir(`
fn f(x: f64[], out: f64[]) -> (s)
  s = copy 0
  for i = 0 .. 3 step 1 {
    t = x[i]
    u = sin t
    out[i] = u
    s1 = add s u
    s = copy s1
  }
`);
    const t = tangent(fn, ['x']);
    expectValid(t.fn);
    expect(t.fn.params).toEqual(['x', 'out', 'x_dot', 'out_dot']);
    const x = vec(rng(1), 3);
    const d = vec(rng(2), 3);
    const outDot = new Float64Array(4).fill(9);
    run(t.fn, [x, new Float64Array(4), d, outDot], true);
    const fd = fdAlong((args) => {
      const out = new Float64Array(4);
      run(fn, [args[0], out], true);
      return out;
    }, fn, ['x'], [x, new Float64Array(4)], [d]);
    expectClose(outDot, fd, 1e-9);
    expect(outDot[3]).toBe(0);
    // Not read back: the adjoint needs no adjoint array for it.
    expect(count(adjoint(fn, ['x']), 'alloc')).toBe(0);
  });

  test('names and parameter order', () => {
    const fn = ir('fn f(a: f64[], x: f64, n: int) -> (y)\n  t = a[0]\n  y = mul t x\n');
    const t = tangent(fn, ['a', 'x']);
    expect(t.fn.name).toBe('f_jvp');
    expect(t.fn.params).toEqual(['a', 'x', 'n', 'a_dot', 'x_dot']);
    const a = adjoint(fn, ['x', 'a']);
    expect(a.name).toBe('f_grad');
    expect(a.params).toEqual(['a', 'x', 'n', 'seed', 'gradOut']);
    const g = new Float64Array(3);
    run(a, [Float64Array.of(2, 5), 3, 0, 1, g], true);
    expect(Array.from(g)).toEqual([3, 0, 2]); // parameter order: a (∂/∂a0 = x, ∂/∂a1 = 0), then x
    expect(hvp(fn, ['x']).fn.params).toEqual(['a', 'x', 'n', 'seed', 'gradOut', 'x_dot', 'gradOut_dot']);
    const swapped = ir('fn f(x: f64, y: f64) -> (z)\n  t = mul x y\n  z = mul t y\n');
    const hess = new Float64Array(4), grad = new Float64Array(2);
    run(hessianDense(swapped, ['y', 'x']), [2, 3, grad, hess], true);
    expect(Array.from(grad)).toEqual([9, 12]); // ∂/∂x = y², ∂/∂y = 2xy
    expect(Array.from(hess)).toEqual([0, 6, 6, 4]);
  });

  test('bad active lists are rejected', () => {
    const fn = ir('fn f(x: f64, n: int) -> (y)\n  y = mul x x\n');
    expect(() => tangent(fn, ['n'])).toThrow(/must be an f64/);
    expect(() => adjoint(fn, ['q'])).toThrow(/must be an f64/);
    expect(() => adjoint(fn, ['x', 'x'])).toThrow(/twice/);
    expect(() => adjoint(adjoint(fn, ['x']), ['x'])).not.toThrow();
    const taped = adjoint(ir(src('product loop').src), ['a']);
    expect(() => adjoint(taped, ['a'])).toThrow(/tape operations/);
  });

  test('inputs are not mutated and outputs are deterministic', () => {
    for (const cs of [...controlCases, ...corpus.slice(0, 6)]) {
      const fn = ir(cs.src);
      const before = printFunction(fn);
      const outs = () => [
        printFunction(tangent(fn, cs.active).fn), printFunction(adjoint(fn, cs.active)), printFunction(hvp(fn, cs.active).fn),
      ].join('\n');
      expect(outs()).toBe(outs());
      expect(printFunction(fn)).toBe(before);
      expect([...fn.vars.keys()]).toEqual([...ir(cs.src).vars.keys()]);
    }
    const nb = ir(src('notebook').src);
    hessianDense(nb, ['x', 'y']);
    expect(printFunction(nb)).toBe(printFunction(ir(src('notebook').src)));
  });

  test('every produced function has distinct statement objects', () => {
    const cs = src('Kepler');
    const h = hvp(ir(cs.src), cs.active).fn;
    const all = stmts(h);
    expect(new Set(all).size).toBe(all.length);
  });
});

test('active array copies are rejected with a clear message', () => {
  const fn = ir('fn f(a: f64[]) -> (y)\n  b: f64[] = copy a\n  y = b[0]\n');
  expect(() => adjoint(fn, ['a'])).toThrow(/array copy into b/);
  expect(() => tangent(fn, ['a'])).toThrow(/array copy into b/);
});

test('long chains of cheap values stay fast to analyse (memoized recomputation, bounded cost)', () => {
  const lines = ['fn chain(a: f64[], x: f64) -> (s)', '  s = copy 0', '  for i = 0 .. 3 step 1 {', '    t0 = a[i]'];
  for (let k = 1; k <= 40; k++) lines.push(`    t${k} = add t${k - 1} t${k - 1}`);
  lines.push('    u = mul t40 x', '    s1 = add s u', '    s = copy s1', '  }');
  const a = twoSweep(ir(lines.join('\n')), ['a', 'x']);
  // 40 dependent adds cost more than one push and pop: t40 is taped (once per iteration).
  expect(count(a, 'push')).toBe(1);
});

test('a value defined in both branches (c ? a : b) needs no adjoint reset', () => {
  const fn = ir(`
fn clampAll(v: f64[], lo: f64) -> (s)
  s = copy 0
  for i = 0 .. 3 step 1 {
    t = v[i]
    c = gt t lo
    if c {
      m = copy t
    } else {
      m = copy lo
    }
    q = mul m m
    s1 = add s q
    s = copy s1
  }
`);
  const a = twoSweep(fn, ['v', 'lo']);
  expect(printFunction(a)).not.toMatch(/m_bar = copy 0/);
  expect(count(a, 'push')).toBe(2); // m, read by the product's partials, in each branch
  const g = new Float64Array(4);
  run(a, [Float64Array.of(1, -2, 3), 0.5, 1, g], true);
  expect(Array.from(g)).toEqual([2, 0, 6, 1]);
});

test('untaken branches do not leak NaN', () => {
  // x < 0: sqrt(x) is NaN, but y = x. As an if/else only the taken branch runs, in both modes.
  const branch = ir(`
fn f(x: f64) -> (y)
  c = ge x 0
  if c {
    y = sqrt x
  } else {
    y = copy x
  }
`);
  expect(run(tangent(branch, ['x']).fn, [-4, 1])).toEqual([-4, 1]);
  const g = new Float64Array(1);
  run(adjoint(branch, ['x']), [-4, 1, g], true);
  expect(g[0]).toBe(1);
  // An eager select: the tangent is select(c, ṙ, ẋ), not 1·ẋ + 0·NaN. (Reverse mode still
  // multiplies sqrt's own NaN partial by a zero adjoint, as JAX's `where` does.)
  const eager = ir(`
fn f(x: f64) -> (y)
  r = sqrt x
  c = ge x 0
  y = select c r x
`);
  expect(run(tangent(eager, ['x']).fn, [-4, 1])).toEqual([-4, 1]);
});
