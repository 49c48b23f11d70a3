/**
 * Every example, compiled to JavaScript (the checked-in generated/ modules), against independent
 * oracles at random points:
 * - the primal against the source itself run as JavaScript (TypeScript types stripped);
 * - gradients/VJPs against dual numbers over the primal IR and central finite differences;
 * - JVPs against VJPs by the dot-product test ⟨J·t, u⟩ = ⟨t, Jᵀ·u⟩;
 * - HVPs against finite differences of the compiled gradient, Hessians against HVPs, symmetry.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { frontend } from '../../src/frontend/index.js';
import type { ExportedFunction } from '../../src/ir/types.js';
import { numericGradientFlat, numericJacobianFlat } from '../../src/runtime/index.js';
import { bindExterns, dualJacobianIR, type Arg } from '../util/dual-oracle.js';
import { importJs } from '../util/load.js';
import { argsFor, flatSize, rng } from '../util/inputs.js';

/** Integer data arrays are passed through untouched by the runtime's finite differences. */
type FlatArgs = Parameters<typeof numericGradientFlat>[1];

const root = path.resolve(__dirname, '../..');
const files = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();

const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(1, Math.abs(a), Math.abs(b));
const flat = (grad: (number | Float64Array)[]) => grad.flatMap((g) => (typeof g === 'number' ? [g] : Array.from(g)));
const dot = (a: ArrayLike<number>, b: ArrayLike<number>) => Array.from(a).reduce((s, x, i) => s + x * b[i], 0);
const copyArgs = (args: Arg[]) => args.map((a) => (typeof a === 'number' ? a : a.slice())) as Arg[];

/** Split a flat vector into one argument per active parameter, shaped like it. */
function perParam(exp: ExportedFunction, args: Arg[], t: ArrayLike<number>): Arg[] {
  let k = 0;
  return exp.fn.params.flatMap((p, i): Arg[] => {
    if (!exp.wrt.includes(p)) return [];
    const a = args[i];
    if (typeof a === 'number') return [t[k++]];
    const part = Float64Array.from({ length: a.length }, (_, j) => t[k + j]);
    k += a.length;
    return [part];
  });
}

describe.each(files)('%s compiled', async (file) => {
  const source = readFileSync(path.join(root, 'examples', file), 'utf8');
  const front = frontend(source, file, {}).module!;
  const exps = front.functions;
  await bindExterns(front); // functions of packages the example calls without compiling them
  const mod = await import(pathToFileURL(path.join(root, 'generated', file.replace(/\.ts$/, '.grad.js'))).href);
  const js = ts.transpileModule(source, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;
  // Sources that call adgen/runtime's derivatives run uncompiled against the built runtime.
  // Uncompiled, derivatives called in the source are finite differences: close, not exact.
  const primalTolerance = source.includes("from 'adgen/runtime'") ? 1e-6 : 1e-12;
  const original = await importJs(js.replaceAll("'adgen/runtime'", `'${pathToFileURL(path.join(root, 'dist/runtime/index.js')).href}'`));

  for (const exp of exps) {
    const name = exp.fn.name;
    const wrtIdx = exp.fn.params.flatMap((p, i) => (exp.wrt.includes(p) ? [i] : []));
    it(`${name}: primal, first and second derivatives agree with the oracles`, () => {
      const random = rng(`${name}-compiled`);
      for (let trial = 0; trial < 3; trial++) {
        const args = argsFor(exp, random);
        const n = flatSize(exp, args);
        const expectedValue = original[name](...copyArgs(args));
        const value = mod[name](...copyArgs(args));
        const J = dualJacobianIR(exp.fn, args, exp.wrt);
        const t = Float64Array.from({ length: n }, () => random() * 2 - 1);
        if (exp.wrt.length === 0) {
          // Nothing to differentiate (every parameter @nondiff): the primal alone is emitted.
          const values = (x: unknown) => (typeof x === 'number' ? [x] : Array.from(x as ArrayLike<number>));
          values(value).forEach((x, i) => expect(rel(x, values(expectedValue)[i])).toBeLessThanOrEqual(primalTolerance));
          expect(mod[`${name}_grad`] ?? mod[`${name}_jacobian`]).toBeUndefined();
          continue;
        }
        if (exp.output === 'scalar') {
          expect(rel(value, expectedValue)).toBeLessThanOrEqual(primalTolerance);
          const g = mod[`${name}_grad`](...copyArgs(args));
          expect(g.value).toBe(value);
          const grad = flat(g.grad);
          const fd = numericGradientFlat(mod[name], copyArgs(args) as FlatArgs, { wrt: wrtIdx });
          for (let j = 0; j < n; j++) {
            expect(rel(grad[j], J[0][j]), `grad[${j}] vs dual`).toBeLessThan(1e-10);
            expect(rel(grad[j], fd[j]), `grad[${j}] ${grad[j]} vs FD ${fd[j]}`).toBeLessThan(1e-5);
          }
          const into = new Float64Array(n);
          expect(mod[`${name}_grad_into`](...copyArgs(args), into)).toBe(value);
          expect(Array.from(into)).toEqual(grad);
          const jv = mod[`${name}_jvp`](...copyArgs(args), ...perParam(exp, args, t));
          expect(rel(jv.tangent, dot(grad, t))).toBeLessThan(1e-10);
          // Second order: HVP vs finite differences of the compiled gradient, Hessian vs HVP.
          const h = mod[`${name}_hvp`](...copyArgs(args), ...perParam(exp, args, t));
          const eps = 1e-6;
          const shifted = (s: number) => flat(mod[`${name}_grad`](...perParamShift(exp, args, t, s)).grad);
          const gp = shifted(eps), gm = shifted(-eps);
          const hvp = flat(h.hvp);
          for (let j = 0; j < n; j++) expect(rel(hvp[j], (gp[j] - gm[j]) / (2 * eps)), `hvp[${j}]`).toBeLessThan(1e-4);
          const H = mod[`${name}_hessian`](...copyArgs(args));
          for (let i = 0; i < n; i++) {
            for (let j = 0; j < n; j++) expect(H.hessian[i][j]).toBe(H.hessian[j][i]);
            expect(rel(dot(H.hessian[i], t), hvp[i]), `H·t row ${i}`).toBeLessThan(1e-9);
          }
        } else {
          const v = Array.from(value as ArrayLike<number>);
          expect(v.length).toBe(J.length);
          Array.from(expectedValue as ArrayLike<number>).forEach((e, i) => expect(rel(v[i], e)).toBeLessThanOrEqual(1e-12));
          const jac = mod[`${name}_jacobian`](...copyArgs(args)).jacobian as Float64Array[];
          const fd = numericJacobianFlat(mod[name], copyArgs(args) as FlatArgs, { wrt: wrtIdx });
          for (let i = 0; i < J.length; i++) {
            for (let j = 0; j < n; j++) {
              expect(rel(jac[i][j], J[i][j]), `J[${i}][${j}] vs dual`).toBeLessThan(1e-10);
              expect(rel(jac[i][j], fd[i][j]), `J[${i}][${j}] vs FD`).toBeLessThan(1e-5);
            }
          }
          const u = Float64Array.from({ length: J.length }, () => random() * 2 - 1);
          const vjp = flat(mod[`${name}_vjp`](...copyArgs(args), u).grad);
          const jvp = mod[`${name}_jvp`](...copyArgs(args), ...perParam(exp, args, t)).tangent;
          expect(rel(dot(jvp, u), dot(vjp, t)), 'dot-product test').toBeLessThan(1e-10);
        }
      }
    });
  }
});

/** The arguments moved by s·t along the flat direction t (active parameters only). */
function perParamShift(exp: ExportedFunction, args: Arg[], t: ArrayLike<number>, s: number): Arg[] {
  let k = 0;
  return exp.fn.params.map((p, i) => {
    const a = args[i];
    if (!exp.wrt.includes(p)) return typeof a === 'number' ? a : a.slice();
    if (typeof a === 'number') return a + s * t[k++];
    const moved = Float64Array.from(a as ArrayLike<number>, (x, j) => x + s * t[k + j]);
    k += a.length;
    return moved;
  });
}
