/**
 * Hand-written IR for codegen tests: primal functions and cores that obey the CompiledFunction
 * conventions (src/codegen/module.ts), written the way the AD passes would produce them.
 *
 *   f(x, y)   = x·x·y + y + 2           scalar; grad, jvp, hvp and a dense Hessian core
 *   g(a, s)   = s · Σ aᵢ²               scalar with an array parameter; grad, jvp, hvp (Hessian from HVPs)
 *   p(x, n)   = xⁿ by repeated products  scalar, n inactive; grad core uses the tape
 *   h(x, y)   = [x·y, sin x, y + 1]     vector, m = 3 > n = 2; jvp and vjp cores
 *   k(a)      = [Σ aᵢ, Σ aᵢ²]           vector, m = 2, n = a.length; jvp and vjp cores
 *   o(x, out) = 3x, writes out[0] = x²   an output array parameter (extra tangent parameters)
 *   linear(…) = Σ (i+1)·pᵢ              any parameter names (namer tests)
 */
import type { CompiledFunction } from '../../src/codegen/module.js';
import { c, v, NO_LOC, type ExportedFunction, type IRFunction, type Stmt } from '../../src/ir/types.js';
import { parseIR } from './ir_text.js';

const F_PRIMAL = `
  t1 = mul x x
  t2 = mul t1 y
  t3 = add t2 y
  t4 = add t3 2`;

const F_TANGENT = `
  t1 = mul x x
  a = mul x x_dot
  t1_dot = add a a
  t2 = mul t1 y
  b1 = mul t1_dot y
  b2 = mul t1 y_dot
  t2_dot = add b1 b2
  t3 = add t2 y
  t3_dot = add t2_dot y_dot
  t4 = add t3 2
  t4_dot = copy t3_dot`;

export function fFunctions(): CompiledFunction {
  const fn = parseIR(`fn f(x: f64, y: f64) -> (t4)${F_PRIMAL}`);
  const grad = parseIR(`fn f_grad(x: f64, y: f64, seed: f64, gradOut: f64[]) -> (t4)${F_PRIMAL}
    t1_bar = mul seed y
    u = mul seed t1
    y_bar = add u seed
    a = mul t1_bar x
    x_bar = add a a
    gradOut[0] = x_bar
    gradOut[1] = y_bar`);
  const jvp = parseIR(`fn f_jvp(x: f64, y: f64, x_dot: f64, y_dot: f64) -> (t4, t4_dot)${F_TANGENT}`);
  const hvp = parseIR(`fn f_hvp(x: f64, y: f64, seed: f64, gradOut: f64[], x_dot: f64, y_dot: f64, gradOut_dot: f64[]) -> (t4, t4_dot)${F_TANGENT}
    t1_bar = mul seed y
    t1_bar_dot = mul seed y_dot
    u = mul seed t1
    u_dot = mul seed t1_dot
    y_bar = add u seed
    a2 = mul t1_bar x
    a2_d1 = mul t1_bar_dot x
    a2_d2 = mul t1_bar x_dot
    a2_dot = add a2_d1 a2_d2
    x_bar = add a2 a2
    x_bar_dot = add a2_dot a2_dot
    gradOut[0] = x_bar
    gradOut[1] = y_bar
    gradOut_dot[0] = x_bar_dot
    gradOut_dot[1] = u_dot`);
  const hessian = parseIR(`fn f_hess(x: f64, y: f64, gradOut: f64[], hessOut: f64[]) -> (t4)${F_PRIMAL}
    xy = mul x y
    gx = add xy xy
    gy = add t1 1
    gradOut[0] = gx
    gradOut[1] = gy
    hxx = add y y
    hxy = add x x
    hessOut[0] = hxx
    hessOut[1] = hxy
    hessOut[2] = hxy
    hessOut[3] = 0`);
  const dot = new Map([['x', 'x_dot'], ['y', 'y_dot']]);
  return {
    exp: exported(fn, ['x', 'y'], 'scalar', ['number', 'number'], 'number', '/**\n * f(x, y) = x²y + y + 2.\n * @param x first\n */'),
    grad,
    jvp: { fn: jvp, dotOf: dot },
    hvp: { fn: hvp, dotOf: dot },
    hessian,
  };
}

const G_PRIMAL = `
  n = len a
  acc = copy 0
  for i = 0 .. n step 1 {
    ai = a[i]
    sq = mul ai ai
    acc1 = add acc sq
    acc = copy acc1
  }
  r = mul s acc`;

const G_TANGENT = `
  n = len a
  acc = copy 0
  acc_dot = copy 0
  for i = 0 .. n step 1 {
    ai = a[i]
    ai_dot = a_dot[i]
    sq = mul ai ai
    p = mul ai ai_dot
    sq_dot = add p p
    acc1 = add acc sq
    acc1_dot = add acc_dot sq_dot
    acc = copy acc1
    acc_dot = copy acc1_dot
  }
  r = mul s acc
  q1 = mul s_dot acc
  q2 = mul s acc_dot
  r_dot = add q1 q2`;

export function gFunctions(): CompiledFunction {
  const fn = parseIR(`fn g(a: f64[], s: f64) -> (r)${G_PRIMAL}`);
  const grad = parseIR(`fn g_grad(a: f64[], s: f64, seed: f64, gradOut: f64[]) -> (r)${G_PRIMAL}
    s_bar = mul seed acc
    acc_bar = mul seed s
    for i = 0 .. n step 1 {
      ai = a[i]
      t = mul acc_bar ai
      ai_bar = add t t
      gradOut[i] = ai_bar
    }
    gradOut[n] = s_bar`);
  const jvp = parseIR(`fn g_jvp(a: f64[], s: f64, a_dot: f64[], s_dot: f64) -> (r, r_dot)${G_TANGENT}`);
  const hvp = parseIR(`fn g_hvp(a: f64[], s: f64, seed: f64, gradOut: f64[], a_dot: f64[], s_dot: f64, gradOut_dot: f64[]) -> (r, r_dot)${G_TANGENT}
    s_bar = mul seed acc
    s_bar_dot = mul seed acc_dot
    acc_bar = mul seed s
    acc_bar_dot = mul seed s_dot
    for i = 0 .. n step 1 {
      ai = a[i]
      ai_dot = a_dot[i]
      t = mul acc_bar ai
      t_d1 = mul acc_bar_dot ai
      t_d2 = mul acc_bar ai_dot
      t_dot = add t_d1 t_d2
      ai_bar = add t t
      ai_bar_dot = add t_dot t_dot
      gradOut[i] = ai_bar
      gradOut_dot[i] = ai_bar_dot
    }
    gradOut[n] = s_bar
    gradOut_dot[n] = s_bar_dot`);
  const dot = new Map([['a', 'a_dot'], ['s', 's_dot']]);
  return {
    exp: exported(fn, ['a', 's'], 'scalar', ['readonly number[]', 'number'], 'number', 'g(a, s) = s·Σ aᵢ².'),
    grad,
    jvp: { fn: jvp, dotOf: dot },
    hvp: { fn: hvp, dotOf: dot },
  };
}

export function pFunctions(): CompiledFunction {
  const fn = parseIR(`fn p(x: f64, n: int) -> (q)
    q = copy 1
    for i = 0 .. n step 1 {
      t = mul q x
      q = copy t
    }`);
  const grad = parseIR(`fn p_grad(x: f64, n: int, seed: f64, gradOut: f64[]) -> (r)
    q = copy 1
    for i = 0 .. n step 1 {
      push q
      t = mul q x
      q = copy t
    }
    r = copy q
    q_bar = copy seed
    x_bar = copy 0
    last = sub n 1
    for i = last .. -1 step -1 {
      q = pop
      u = mul q_bar q
      x_bar1 = add x_bar u
      x_bar = copy x_bar1
      w = mul q_bar x
      q_bar = copy w
    }
    gradOut[0] = x_bar`);
  return { exp: exported(fn, ['x'], 'scalar', ['number', 'number'], 'number'), grad };
}

const H_PRIMAL = `
  out = alloc 3
  p = mul x y
  out[0] = p
  s = sin x
  out[1] = s
  q = add y 1
  out[2] = q`;

export function hFunctions(): CompiledFunction {
  const fn = parseIR(`fn h(x: f64, y: f64) -> (out)${H_PRIMAL}`);
  const jvp = parseIR(`fn h_jvp(x: f64, y: f64, x_dot: f64, y_dot: f64) -> (out, out_dot)
    out = alloc 3
    out_dot = alloc 3
    p = mul x y
    p1 = mul x_dot y
    p2 = mul x y_dot
    p_dot = add p1 p2
    out[0] = p
    out_dot[0] = p_dot
    s = sin x
    c = cos x
    s_dot = mul c x_dot
    out[1] = s
    out_dot[1] = s_dot
    q = add y 1
    out[2] = q
    out_dot[2] = y_dot`);
  const grad = parseIR(`fn h_grad(x: f64, y: f64, seed: f64[], gradOut: f64[]) -> (out)${H_PRIMAL}
    u0 = seed[0]
    u1 = seed[1]
    u2 = seed[2]
    a = mul u0 y
    c = cos x
    b = mul u1 c
    xb = add a b
    d = mul u0 x
    yb = add d u2
    gradOut[0] = xb
    gradOut[1] = yb`);
  const dot = new Map([['x', 'x_dot'], ['y', 'y_dot']]);
  return { exp: exported(fn, ['x', 'y'], 'vector', ['number', 'number'], 'Float64Array'), jvp: { fn: jvp, dotOf: dot }, grad };
}

const K_PRIMAL = `
  n = len a
  out = alloc 2
  s1 = copy 0
  s2 = copy 0
  for i = 0 .. n step 1 {
    ai = a[i]
    u = add s1 ai
    s1 = copy u
    sq = mul ai ai
    w = add s2 sq
    s2 = copy w
  }
  out[0] = s1
  out[1] = s2`;

export function kFunctions(which: { jvp?: boolean; grad?: boolean } = { jvp: true, grad: true }): CompiledFunction {
  const fn = parseIR(`fn k(a: f64[]) -> (out)${K_PRIMAL}`);
  const jvp = parseIR(`fn k_jvp(a: f64[], a_dot: f64[]) -> (out, out_dot)
    n = len a
    out = alloc 2
    out_dot = alloc 2
    s1 = copy 0
    s2 = copy 0
    d1 = copy 0
    d2 = copy 0
    for i = 0 .. n step 1 {
      ai = a[i]
      ai_dot = a_dot[i]
      u = add s1 ai
      s1 = copy u
      ud = add d1 ai_dot
      d1 = copy ud
      sq = mul ai ai
      w = add s2 sq
      s2 = copy w
      e = mul ai ai_dot
      e2 = add e e
      wd = add d2 e2
      d2 = copy wd
    }
    out[0] = s1
    out[1] = s2
    out_dot[0] = d1
    out_dot[1] = d2`);
  const grad = parseIR(`fn k_grad(a: f64[], seed: f64[], gradOut: f64[]) -> (out)${K_PRIMAL}
    u0 = seed[0]
    u1 = seed[1]
    for j = 0 .. n step 1 {
      aj = a[j]
      v = mul aj u1
      v2 = add v v
      gj = add u0 v2
      gradOut[j] = gj
    }`);
  return {
    exp: exported(fn, ['a'], 'vector', ['Float64Array'], 'Float64Array'),
    ...(which.jvp ? { jvp: { fn: jvp, dotOf: new Map([['a', 'a_dot']]) } } : {}),
    ...(which.grad ? { grad } : {}),
  };
}

export function exported(
  fn: IRFunction,
  wrt: string[],
  output: 'scalar' | 'vector',
  paramTypeText: string[],
  returnTypeText: string,
  doc?: string,
): ExportedFunction {
  return { fn, wrt, output, paramTypeText, returnTypeText, ...(doc ? { doc } : {}) };
}

/**
 * o(x, out) = 3x, and writes out[0] = x·x: the AD passes give output arrays a tangent
 * parameter (after the active tangents) that the wrappers feed with scratch arrays.
 */
export function oFunctions(): CompiledFunction {
  const fn = parseIR(`fn o(x: f64, out: f64[]) -> (r)
    sq = mul x x
    out[0] = sq
    r = mul x 3`);
  const jvp = parseIR(`fn o_jvp(x: f64, out: f64[], x_dot: f64, out_dot: f64[]) -> (r, r_dot)
    sq = mul x x
    a = mul x x_dot
    sq_dot = add a a
    out[0] = sq
    out_dot[0] = sq_dot
    r = mul x 3
    r_dot = mul x_dot 3`);
  const grad = parseIR(`fn o_grad(x: f64, out: f64[], seed: f64, gradOut: f64[]) -> (r)
    sq = mul x x
    out[0] = sq
    r = mul x 3
    g = mul seed 3
    gradOut[0] = g`);
  const hvp = parseIR(`fn o_hvp(x: f64, out: f64[], seed: f64, gradOut: f64[], x_dot: f64, out_dot: f64[], gradOut_dot: f64[]) -> (r, r_dot)
    sq = mul x x
    a = mul x x_dot
    sq_dot = add a a
    out[0] = sq
    out_dot[0] = sq_dot
    r = mul x 3
    r_dot = mul x_dot 3
    g = mul seed 3
    gradOut[0] = g
    gradOut_dot[0] = 0`);
  return {
    exp: exported(fn, ['x'], 'scalar', ['number', 'Float64Array'], 'number'),
    jvp: { fn: jvp, dotOf: new Map([['x', 'x_dot'], ['out', 'out_dot']]) },
    grad,
    hvp: { fn: hvp, dotOf: new Map([['x', 'x_dot'], ['out', 'out_dot'], ['gradOut', 'gradOut_dot']]) },
  };
}

/**
 * f(p₀…pₖ) = Σ (i+1)·pᵢ with parameters hinted by `hints`, with a grad core (that also uses the
 * tape) and a jvp core; every IR variable carries a hint that may clash with something.
 */
export function linear(name: string, hints: string[]): CompiledFunction {
  const make = (fnName: string, params: string[], extra: [string, IRFunction['vars'] extends Map<string, infer D> ? D : never][] = []) => {
    const fn: IRFunction = { name: fnName, params: [], vars: new Map(), body: [], results: [], loc: NO_LOC };
    hints.forEach((h, i) => fn.vars.set(`p${i}`, { name: `p${i}`, type: 'f64', hint: h }));
    fn.params = params;
    for (const [n, d] of extra) fn.vars.set(n, d);
    return fn;
  };
  const p = hints.map((_, i) => `p${i}`);
  const sum = (fn: IRFunction, terms: string[], out: string, hint: string): Stmt[] => {
    const body: Stmt[] = [];
    let acc = 'z';
    fn.vars.set(out, { name: out, type: 'f64', hint });
    terms.forEach((t, i) => {
      const m = `${out}_m${i}`;
      const s = `${out}_s${i}`;
      fn.vars.set(m, { name: m, type: 'f64', hint: 't' });
      fn.vars.set(s, { name: s, type: 'f64', hint: i === terms.length - 1 ? hint : 'value' });
      body.push({ kind: 'assign', target: m, op: 'mul', args: [v(t), c(i + 1)], loc: NO_LOC });
      body.push({ kind: 'assign', target: s, op: 'add', args: [acc === 'z' ? c(0) : v(acc), v(m)], loc: NO_LOC });
      acc = s;
    });
    body.push({ kind: 'assign', target: out, op: 'copy', args: [v(acc)], loc: NO_LOC });
    return body;
  };
  const primal = make(name, p);
  primal.body = sum(primal, p, 'r', 'grad');
  primal.results = [v('r')];

  const grad = make(`${name}_g`, [...p, 'seed', 'gradOut'], [
    ['seed', { name: 'seed', type: 'f64', hint: 'out' }],
    ['gradOut', { name: 'gradOut', type: 'f64[]', hint: 'tape' }],
    ['saved', { name: 'saved', type: 'f64', hint: 'tp' }],
    ['g', { name: 'g', type: 'f64', hint: 'grow' }],
  ]);
  grad.body = [...sum(grad, p, 'r', 'Math'), { kind: 'push', value: v('r'), loc: NO_LOC }];
  p.forEach((_, i) => {
    grad.body.push({ kind: 'assign', target: 'g', op: 'mul', args: [v('seed'), c(i + 1)], loc: NO_LOC });
    grad.body.push({ kind: 'store', array: 'gradOut', index: c(i), value: v('g'), loc: NO_LOC });
  });
  grad.body.push({ kind: 'pop', target: 'saved', loc: NO_LOC });
  grad.results = [v('saved')];

  const dots = hints.map((h, i) => [`d${i}`, { name: `d${i}`, type: 'f64' as const, hint: `${h}_dot` }] as [string, never]);
  const jvp = make(`${name}_j`, [...p, ...dots.map(([n]) => n)], dots);
  jvp.body = [...sum(jvp, p, 'r', 'value'), ...sum(jvp, dots.map(([n]) => n), 'rd', 'tangent')];
  jvp.results = [v('r'), v('rd')];

  return {
    exp: exported(primal, p, 'scalar', hints.map(() => 'number'), 'number'),
    grad,
    jvp: { fn: jvp, dotOf: new Map(p.map((x, i) => [x, `d${i}`])) },
  };
}

export const CLASHING = ['sin', 'Math', 'grad', 'value', 'x_bar', 'f_grad', '$', '_t1', 'ñandú', 'π', 'tape', 'n', 'out', 'class', 'arguments', 'undefined', 'f_grad_core', 'x-y', '1st', 'NaN', 'x_dot', 'tangent'];
