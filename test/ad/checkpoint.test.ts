/**
 * Checkpointed reverse mode of counted loops (`// @checkpoint [budget]`): the gradient equals
 * the fully taped one and central differences, for several budgets and trip counts (0, 1, and
 * counts that are not multiples of the segment length), with nested loops, branches and arrays
 * in the carried state; HVPs (forward over the checkpointed reverse) equal the taped ones too.
 */
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { compileAndImport } from '../util/load.js';

const TAGS = ['', '// @checkpoint', '// @checkpoint 1', '// @checkpoint 2', '/* @checkpoint 3 */', '// @checkpoint 7', '// @checkpoint 1000'];
const TRIPS = [0, 1, 2, 3, 5, 17, 64, 101];

/** Three masses on springs, semi-implicit Euler: the carried state is six scalars. */
const SCALARS = (tag: string) => `
export function f(p: Float64Array, k: number, n: number): number {
  let x1 = p[0], x2 = p[1], x3 = p[2], v1 = p[3], v2 = p[4], v3 = p[5];
  const dt = 0.01;
  let peak = 0;
  ${tag}
  for (let i = 0; i < n; i++) {
    const a1 = -k * x1 + k * (x2 - x1) - 0.1 * v1 + Math.sin(x3);
    const a2 = -k * (x2 - x1) + k * (x3 - x2) - 0.1 * v2;
    const a3 = -k * (x3 - x2) - 0.1 * v3 - 0.1 * x3 * x3 * x3;
    v1 = v1 + dt * a1; v2 = v2 + dt * a2; v3 = v3 + dt * a3;
    x1 = x1 + dt * v1; x2 = x2 + dt * v2; x3 = x3 + dt * v3;
    if (x1 > peak) peak = x1;
  }
  return x1 * x1 + x2 * x2 + x3 * x3 + v1 * v1 + v2 * v2 + v3 * v3 + peak * p[0];
}`;

/** The state in an array updated in place by a nested loop, a while loop inside, a trajectory written. */
const ARRAYS = (tag: string) => `
export function f(x0: Float64Array, w: number, n: number): number {
  const d = x0.length;
  const x = new Float64Array(d);
  const traj = new Float64Array(n + 1);
  for (let j = 0; j < d; j++) x[j] = x0[j];
  let t = 0;
  ${tag}
  for (let i = 0; i < n; i++) {
    const first = x[0];
    for (let j = 0; j < d - 1; j++) x[j] = x[j] + 0.05 * Math.tanh(w * x[j + 1] - x[j]);
    x[d - 1] = x[d - 1] + 0.05 * Math.cos(first) * w;
    let m = 0;
    let s = x[0];
    while (m < 2) { s = s * 0.5 + x[m] * 0.25; m++; }
    t = t + s * 0.01;
    traj[i] = s;
  }
  let e = t;
  for (let j = 0; j < d; j++) e += x[j] * x[j];
  return e + traj[0] * traj[n];
}`;

type Grad = (...a: unknown[]) => { value: number; grad: (number | Float64Array)[] };
const flat = (g: (number | Float64Array)[]) => g.flatMap((x) => (typeof x === 'number' ? [x] : [...x]));

async function load(source: string) {
  return compileAndImport(source);
}

function centralDiff(f: (...a: unknown[]) => number, args: unknown[], active: number[]): number[] {
  const out: number[] = [];
  for (const at of active) {
    const arg = args[at];
    const bump = (k: number | undefined, h: number) => {
      const a = args.map((x) => (x instanceof Float64Array ? Float64Array.from(x) : x));
      if (k === undefined) a[at] = (arg as number) + h;
      else (a[at] as Float64Array)[k] += h;
      return f(...a);
    };
    const n = arg instanceof Float64Array ? arg.length : 1;
    for (let k = 0; k < n; k++) {
      const key = arg instanceof Float64Array ? k : undefined;
      const h = 1e-6;
      out.push((bump(key, h) - bump(key, -h)) / (2 * h));
    }
  }
  return out;
}

function close(a: number[], b: number[], tol: number): void {
  expect(a.length).toBe(b.length);
  a.forEach((x, i) => expect(Math.abs(x - b[i])).toBeLessThanOrEqual(tol * (1 + Math.abs(b[i]))));
}

describe.each([
  ['six scalars', SCALARS, (n: number) => [Float64Array.from([0.3, -0.2, 0.5, 0.1, 0, -0.3]), 1.3, n]],
  ['an array with nested loops', ARRAYS, (n: number) => [Float64Array.from([0.4, -0.1, 0.7, 0.2]), 0.9, n]],
])('checkpointed loop carrying %s', (_name, source, args) => {
  it('gives the taped gradient for every budget and trip count, and matches central differences', async () => {
    const [taped, ...tagged] = await Promise.all(TAGS.map((t) => load(source(t))));
    let bitwise = 0;
    let compared = 0;
    for (const n of TRIPS) {
      const a = args(n);
      const want = (taped.f_grad as Grad)(...a);
      for (const m of tagged) {
        const got = (m.f_grad as Grad)(...a);
        expect(got.value).toBe(want.value);
        close(flat(got.grad), flat(want.grad), 1e-12);
        bitwise += flat(got.grad).every((x, i) => Object.is(x, flat(want.grad)[i])) ? 1 : 0;
        compared++;
        // A second call starts from an empty tape: nothing was left on it.
        close(flat((m.f_grad as Grad)(...a).grad), flat(want.grad), 0);
      }
      const cd = centralDiff(taped.f as (...x: unknown[]) => number, a, [0, 1]);
      close(flat(want.grad).slice(0, cd.length), cd, 1e-5);
    }
    expect(bitwise).toBe(compared);
  });

  it('gives the taped Hessian-vector product (forward over the checkpointed reverse)', async () => {
    const taped = await load(source(''));
    const tagged = await load(source('// @checkpoint 3'));
    for (const n of [0, 1, 10, 23]) {
      const a = args(n);
      const dir = [(a[0] as Float64Array).map((_, k) => 0.1 * (k + 1)), 0.7];
      const want = taped.f_hvp(...a, ...dir);
      const got = tagged.f_hvp(...a, ...dir);
      close(flat(got.hvp), flat(want.hvp), 1e-12);
      close(flat(got.grad), flat(want.grad), 1e-12);
    }
  });
});

describe('@checkpoint', () => {
  it('on the function applies to its outermost loops', async () => {
    const src = SCALARS('').replace('export function', '/** @checkpoint 4 */\nexport function');
    const m = await load(src);
    const taped = await load(SCALARS(''));
    const js = compile(src, { fileName: 'f.ts' }).js ?? '';
    expect(js).toMatch(/segments/);
    const a = [Float64Array.from([0.3, -0.2, 0.5, 0.1, 0, -0.3]), 1.3, 33];
    close(flat(m.f_grad(...a).grad), flat(taped.f_grad(...a).grad), 1e-12);
  });

  it('keeps the tape down to the snapshots and one segment', () => {
    const js = compile(SCALARS('// @checkpoint 10'), { fileName: 'f.ts', modes: ['grad'] }).js ?? '';
    // One untaped forward loop, one re-run with the tape inside the reversed segment loop.
    expect(js.match(/for \(let seg/g)?.length).toBe(2);
  });

  it('rejects a budget that is not a positive integer', () => {
    const r = compile(SCALARS('// @checkpoint lots'), { fileName: 'f.ts' });
    expect(r.js).toBeNull();
    expect(r.diagnostics[0].message).toMatch(/@checkpoint takes a snapshot budget, a positive integer \(got 'lots'\)/);
  });
});
