/**
 * Published numeric packages, compiled exactly as npm installed them (devDependencies), from a
 * user file that imports them: the statistics package simple-statistics (its ES module build)
 * and special functions of stdlib (CommonJS, one package per function). Each compiled function
 * is checked against the package itself run as JavaScript (primal), dual numbers and central
 * differences (gradient), the dot-product test (JVP) and differences of the gradient (HVP).
 *
 * Where a package function is not within what adgen compiles, the refusal is pinned: the exact
 * construct, located in the package's file, and a note at the user's import that names the
 * package and points at custom derivatives.
 */
import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkEntry, errorsOf } from '../modules/harness.js';

const written: string[] = [];
afterAll(() => written.forEach((f) => rmSync(f, { force: true })));

/**
 * A user file calling package functions from exported functions. It is written inside the
 * repository (and removed afterwards) so the packages resolve from its node_modules.
 */
function entry(imports: string, body: string): string {
  const file = path.resolve('test/corpus', `.entry-${process.pid}-${written.length}.ts`);
  writeFileSync(file, `${imports}\n${body}\n`);
  written.push(file);
  return file;
}

describe('simple-statistics', () => {
  it('compiles sum (Kahan–Babuška), sumSimple, zScore, combineMeans, addToMean, errorFunction, inverseErrorFunction and probit through', async () => {
    const file = entry(
      `import { sum, sumSimple, zScore, combineMeans, addToMean, errorFunction, inverseErrorFunction, probit } from 'simple-statistics';`,
      [
        'export function kahan(x: number[]) { return sum(x); }',
        'export function plain(x: number[]) { return sumSimple(x); }',
        'export function z(x: number, mu: number, s: number) { return zScore(x, mu, s); }',
        'export function pooled(m1: number, n1: number, m2: number, n2: number) { return combineMeans(m1, n1, m2, n2); }',
        'export function running(m: number, n: number, x: number) { return addToMean(m, n, x); }',
        'export function erf(x: number) { return errorFunction(x); }',
        'export function erfinv(x: number) { return inverseErrorFunction(x / 2); }',
        'export function quantile(p: number) { return probit(p / 2); }',
      ].join('\n'),
    );
    expect(await checkEntry(file)).toEqual([]);
  });

  // `throw` in argument checks: compiled (and then checked) once guards may throw; until then
  // refused at the throw, in the package's file.
  for (const fn of ['mean', 'variance', 'sampleCorrelation', 'standardDeviation', 'sampleVariance']) {
    it(`${fn}: compiled and correct, or refused exactly at its argument check`, async () => {
      const two = fn === 'sampleCorrelation';
      const file = entry(`import { ${fn} } from 'simple-statistics';`, `export function f(x: number[]${two ? ', y: number[]' : ''}) { return ${fn}(x${two ? ', y' : ''}); }`);
      const errors = errorsOf(file);
      if (errors.length === 0) {
        expect(await checkEntry(file, (_, r) => (two ? [xs(r), xs(r)] : [xs(r)]))).toEqual([]);
        return;
      }
      expect(errors[0]).toMatch(/1:\d+: error: 'simple-statistics' cannot be compiled through: .* custom derivative \(@vjp or @jvp rule/);
      const rest = errors.slice(1).map((e) => e.split('\n')[0]);
      expect(rest.length).toBeGreaterThan(0);
      for (const e of rest) expect(e).toMatch(/node_modules\/simple-statistics\/dist\/simple-statistics\.mjs:\d+:9: error: throw is not supported/);
    });
  }
});

const xs = (r: () => number) => Float64Array.from({ length: 5 }, () => 0.5 + r());

describe('stdlib special functions', () => {
  it('compiles kernel-sin, kernel-cos and the Lanczos sum of the gamma function through', async () => {
    const file = entry(
      [
        `import kernelSin from '@stdlib/math-base-special-kernel-sin';`,
        `import kernelCos from '@stdlib/math-base-special-kernel-cos';`,
        `import lanczosSum from '@stdlib/math-base-special-gamma-lanczos-sum';`,
      ].join('\n'),
      [
        'export function ks(x: number, y: number) { return kernelSin(x / 2, y / 100); }',
        'export function kc(x: number, y: number) { return kernelCos(x / 2, y / 100); }',
        'export function lanczos(x: number) { return lanczosSum(x * 4); }',
      ].join('\n'),
    );
    expect(await checkEntry(file)).toEqual([]);
  });

  it('refuses erf where its source reads the words of a double, with a note at the import', () => {
    const file = entry(`import erf from '@stdlib/math-base-special-erf';`, 'export function f(x: number) { return erf(x); }');
    const errors = errorsOf(file).map((e) => e.split('\n')[0]);
    expect(errors[0]).toMatch(/1:17: error: '@stdlib\/math-base-special-erf' cannot be compiled through/);
    expect(errors).toContainEqual(expect.stringMatching(/number-float64-base-set-low-word\/lib\/main\.js:30:20: error: top-level constants must be/));
  });

  it('refuses a package without JavaScript source at the import', () => {
    const file = entry(`import { nothing } from '@stdlib/no-such-package';`, 'export function f(x: number) { return nothing(x); }');
    expect(errorsOf(file)[0]).toMatch(/1:25: error: cannot find the JavaScript source of the package '@stdlib\/no-such-package'/);
  });
});
