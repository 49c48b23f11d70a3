/**
 * The whole middle of the pipeline on every example, without code generation: front end → AD
 * passes → optimizer, run by the reference interpreter and checked against independent oracles:
 * dual numbers over the primal IR (runtime's Dual), central finite differences, and the
 * dot-product test between the tangent and adjoint programs.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adjoint, tangent } from '../../src/ad/index.js';
import { frontend } from '../../src/frontend/index.js';
import { interpret, type Value } from '../../src/ir/interp.js';
import type { ExportedFunction } from '../../src/ir/types.js';
import { verify } from '../../src/ir/verify.js';
import { bindExterns, dualJacobianIR, type Arg } from '../util/dual-oracle.js';
import { argsFor, flatSize, rng } from '../util/inputs.js';

const root = path.resolve(__dirname, '../..');
const files = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();

function load(file: string): ExportedFunction[] {
  const source = readFileSync(path.join(root, 'examples', file), 'utf8');
  const { module, diagnostics } = frontend(source, file, {});
  expect(diagnostics).toEqual([]);
  return module!.functions;
}

// Functions of packages an example calls without compiling them, for the interpreter.
beforeAll(async () => {
  for (const file of files) await bindExterns(frontend(readFileSync(path.join(root, 'examples', file), 'utf8'), file, {}).module!);
});

const close = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(a), Math.abs(b));

describe.each(files)('%s through the IR pipeline', (file) => {
  // A function with nothing to differentiate (every parameter @nondiff) has no derivative to check.
  for (const exp of load(file).filter((e) => e.wrt.length > 0)) {
    it(`${exp.fn.name}: adjoint and tangent agree with dual numbers and with each other`, () => {
      const random = rng(exp.fn.name);
      const grad = adjoint(exp.fn, exp.wrt);
      const { fn: jvp } = tangent(exp.fn, exp.wrt);
      expect(verify(grad)).toEqual([]);
      expect(verify(jvp)).toEqual([]);
      for (let trial = 0; trial < 3; trial++) {
        const args = argsFor(exp, random);
        const J = dualJacobianIR(exp.fn, args, exp.wrt);
        const n = flatSize(exp, args);
        const m = J.length;
        const [value] = interpret(exp.fn, args as Value[]);
        // Reverse mode: one VJP with a random seed u, compared with uᵀJ.
        const u = Float64Array.from({ length: m }, () => random() * 2 - 1);
        const out = new Float64Array(n);
        const seed = exp.output === 'scalar' ? u[0] : u;
        const [value2] = interpret(grad, [...args, seed, out] as Value[]);
        expect(value2).toEqual(value);
        for (let j = 0; j < n; j++) {
          let expected = 0;
          for (let i = 0; i < m; i++) expected += u[i] * J[i][j];
          expect(close(out[j], expected, 1e-9), `grad[${j}] ${out[j]} vs ${expected}`).toBe(true);
        }
        // Forward mode: a JVP in a random direction, compared with J·t.
        const t = Array.from({ length: n }, () => random() * 2 - 1);
        const tangents = tangentArgs(exp, args, t);
        const res = interpret(jvp, [...args, ...tangents] as Value[]);
        const dot = res[res.length / 2];
        const dotArr = typeof dot === 'number' ? [dot] : Array.from(dot as Float64Array);
        for (let i = 0; i < m; i++) {
          let expected = 0;
          for (let j = 0; j < n; j++) expected += J[i][j] * t[j];
          expect(close(dotArr[i], expected, 1e-9), `jvp[${i}] ${dotArr[i]} vs ${expected}`).toBe(true);
        }
      }
    });
  }
});

/** Split a flat direction into one tangent argument per active parameter. */
function tangentArgs(exp: ExportedFunction, args: Arg[], t: number[]): Arg[] {
  let k = 0;
  const out: Arg[] = [];
  exp.fn.params.forEach((p, i) => {
    if (!exp.wrt.includes(p)) return;
    const a = args[i];
    if (typeof a === 'number') out.push(t[k++]);
    else {
      out.push(Float64Array.from(t.slice(k, k + a.length)));
      k += a.length;
    }
  });
  return out;
}
