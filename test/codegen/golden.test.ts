// Golden text of one small module (scalar with every core, the tape, a vector function), its
// determinism, and its .d.ts checked by the TypeScript compiler against precise expectations.
// Refresh the golden files with UPDATE_SNAPSHOTS=1 npx vitest run test/codegen/golden.test.ts
import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { generateModule } from '../../src/codegen/module.js';
import { CLASHING, fFunctions, gFunctions, hFunctions, kFunctions, linear, pFunctions } from './fixtures.js';
import { typecheck } from './typecheck.js';

const golden = new URL('./golden/', import.meta.url);
const small = () => generateModule({ sourceName: 'examples/small.ts', version: '0.1.0', functions: [fFunctions(), pFunctions(), hFunctions()] });

function compareGolden(file: string, text: string): void {
  const url = new URL(file, golden);
  if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(url)) {
    mkdirSync(golden, { recursive: true });
    writeFileSync(url, text);
  }
  expect(text).toBe(readFileSync(url, 'utf8'));
}

describe('golden module', () => {
  it('matches test/codegen/golden/small.js and small.d.ts', () => {
    const { js, dts } = small();
    compareGolden('small.js', js);
    compareGolden('small.d.ts', dts);
  });

  it('is deterministic: same input, same bytes', () => {
    const a = small();
    const b = small();
    expect(b.js).toBe(a.js);
    expect(b.dts).toBe(a.dts);
  });

  it('never uses eval, new Function or dynamic import', () => {
    const { js } = generateModule({ sourceName: 'x.ts', version: '0', functions: [fFunctions(), gFunctions(), pFunctions(), hFunctions(), kFunctions()] });
    expect(js).not.toMatch(/\beval\b|new Function|import\(/);
    expect(js).not.toMatch(/^import /m);
  });
});

describe('declarations', () => {
  it('type-check, with exact types per parameter shape, whatever the parameter names', () => {
    const { dts } = generateModule({ sourceName: 'x.ts', version: '0', functions: [fFunctions(), gFunctions(), pFunctions(), hFunctions(), kFunctions()] });
    const consumer = `
import * as m from './mod.js';
const v: number = m.f(1, 2);
const g: { value: number; grad: [number, number] } = m.f_grad(1, 2);
const into: number = m.f_grad_into(1, 2, new Float64Array(2));
const j: { value: number; tangent: number } = m.f_jvp(1, 2, 0, 1);
const jt: number = m.f_jvp_tangent(1, 2, 0, 1);
const h: { value: number; grad: [number, number]; hessian: Float64Array[] } = m.f_hessian(1, 2);
const hi: number = m.f_hessian_into(1, 2, new Float64Array(2), new Float64Array(4));
const hv: { value: number; grad: [number, number]; hvp: [number, number] } = m.f_hvp(1, 2, 1, 0);
const hvi: number = m.f_hvp_into(1, 2, 1, 0, new Float64Array(2), new Float64Array(2));
const gg: [Float64Array, number] = m.g_grad([1, 2], 3).grad;
const gj: number = m.g_jvp([1, 2] as readonly number[], 3, new Float64Array(2), 1).tangent;
const gh: Float64Array[] = m.g_hessian([1, 2], 3).hessian;
const pg: [number] = m.p_grad(1.5, 3).grad;
const hj: { value: Float64Array; jacobian: Float64Array[] } = m.h_jacobian(1, 2);
const ht: Float64Array = m.h_jvp(1, 2, 1, 0).tangent;
const hu: [number, number] = m.h_vjp(1, 2, [1, 0, 0]).grad;
m.h_vjp_into(1, 2, new Float64Array(3), new Float64Array(2));
const kj: Float64Array[] = m.k_jacobian(new Float64Array(3)).jacobian;
// @ts-expect-error: the gradient of an array parameter is a Float64Array
const bad: number = m.g_grad([1], 2).grad[0];
// @ts-expect-error: f takes two numbers
m.f(1);
// @ts-expect-error: k takes a Float64Array as declared
m.k_jacobian([1, 2]);
export const all = [v, g, into, j, jt, h, hi, hv, hvi, gg, gj, gh, pg, hj, ht, hu, kj, bad];

// Parameters named like globals, keywords and generated names (namer.test.ts).
import * as names from './names.js';
const args = [${CLASHING.map((_, i) => i).join(', ')}] as const;
const r: { value: number; grad: number[] } = names.f_grad(...args);
export const y: number = names.f(...args) + r.value + names.f_jvp_tangent(...args, ...args);
`;
    const clashing = generateModule({ sourceName: 'names.ts', version: 'test', functions: [linear('f', CLASHING)] }).dts;
    expect(typecheck({ mod: dts, names: clashing }, consumer)).toEqual([]);
  });

  it('carry the JSDoc of the source and document every wrapper', () => {
    const { dts, js } = small();
    expect(dts).toContain('/**\n * f(x, y) = x²y + y + 2.\n * @param x first\n */\nexport declare function f(x: number, y: number): number;');
    expect(js).toContain('/**\n * f(x, y) = x²y + y + 2.\n * @param x first\n */\nexport function f(x, y) {');
    for (const line of dts.split('\n').filter((l) => l.startsWith('export declare function'))) {
      const name = /function (\w+)/.exec(line)![1];
      if (name !== 'p' && name !== 'h') expect(dts.split(line)[0].trimEnd().endsWith('*/')).toBe(true);
    }
  });
});
