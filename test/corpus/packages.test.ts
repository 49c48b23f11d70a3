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
import { pathToFileURL } from 'node:url';
import { checkEntry, compileEntry, errorsOf } from '../modules/harness.js';

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
  it('compiles sum (Kahan–Babuška), sumSimple, zScore, combineMeans, addToMean, errorFunction, inverseErrorFunction, probit and gammaln through', async () => {
    const file = entry(
      `import { sum, sumSimple, zScore, combineMeans, addToMean, errorFunction, inverseErrorFunction, probit, gammaln } from 'simple-statistics';`,
      [
        'export function kahan(x: number[]) { return sum(x); }',
        'export function plain(x: number[]) { return sumSimple(x); }',
        'export function z(x: number, mu: number, s: number) { return zScore(x, mu, s); }',
        'export function pooled(m1: number, n1: number, m2: number, n2: number) { return combineMeans(m1, n1, m2, n2); }',
        'export function running(m: number, n: number, x: number) { return addToMean(m, n, x); }',
        'export function erf(x: number) { return errorFunction(x); }',
        'export function erfinv(x: number) { return inverseErrorFunction(x / 2); }',
        'export function quantile(p: number) { return probit(p / 2); }',
        // A Lanczos series over a module-level table of coefficients.
        'export function lgamma(x: number) { return gammaln(x * 3); }',
      ].join('\n'),
    );
    expect(await checkEntry(file)).toEqual([]);
  });

  it('refuses cumulativeStdNormalProbability, whose table is filled by top-level code, at that code', () => {
    const file = entry(`import { cumulativeStdNormalProbability as phi } from 'simple-statistics';`, 'export function f(z: number) { return phi(z); }');
    const errors = errorsOf(file).map((e) => e.split('\n')[0]);
    expect(errors[0]).toMatch(/1:55: error: 'simple-statistics' cannot be compiled through/);
    expect(errors[1]).toMatch(/simple-statistics\.mjs:3818:1: error: standardNormalTable is changed by this top-level code of .*, which adgen does not run/);
    expect(errors).toHaveLength(2);
  });

  // Functions whose argument checks throw: the guards stay throws in the generated code.
  for (const fn of ['mean', 'variance', 'sampleCorrelation', 'standardDeviation', 'sampleVariance']) {
    it(`${fn}: compiled through its argument checks and correct`, async () => {
      const two = fn === 'sampleCorrelation';
      const file = entry(`import { ${fn} } from 'simple-statistics';`, `export function f(x: number[]${two ? ', y: number[]' : ''}) { return ${fn}(x${two ? ', y' : ''}); }`);
      expect(errorsOf(file)).toEqual([]);
      expect(await checkEntry(file, (_, r) => (two ? [xs(r), xs(r)] : [xs(r)]))).toEqual([]);
    });
  }
});

const xs = (r: () => number) => Float64Array.from({ length: 5 }, () => 0.5 + r());

describe('package files compiled as the entry, as installed', () => {
  it('simple-statistics/src/sum.js (an ES module with a default export)', async () => {
    const file = path.resolve('node_modules/simple-statistics/src/sum.js');
    expect(await checkEntry(file, (_, r) => [xs(r)])).toEqual([]);
  });

  it('@stdlib/math-base-special-kernel-cos/lib/index.js (CommonJS: module.exports = require(./main.js))', async () => {
    const file = path.resolve('node_modules/@stdlib/math-base-special-kernel-cos/lib/index.js');
    expect(await checkEntry(file, (_, r) => [r() - 0.5, r() * 1e-3])).toEqual([]);
  });
});

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

  it('refuses erf where its source sets the low word of a double (endianness found by top-level code), with a note at the import', () => {
    const file = entry(`import erf from '@stdlib/math-base-special-erf';`, 'export function f(x: number) { return erf(x); }');
    const errors = errorsOf(file).map((e) => e.split('\n')[0]);
    expect(errors[0]).toMatch(/1:17: error: '@stdlib\/math-base-special-erf' cannot be compiled through: .* custom derivative instead/);
    expect(errors).toContainEqual(expect.stringMatching(/number-float64-base-set-low-word\/lib\/low\.js:29:1: error: LOW is changed by this top-level code of .*, which adgen does not run/));
    expect(errors).toContainEqual(expect.stringMatching(/array-float64\/lib\/index\.js:43:1: error: ctor is changed by this top-level code/));
  });

  it('takes the advice of that note: erf with a rule on its import is called from the generated module', async () => {
    const file = entry(
      `/** @vjp erf erfVjp */\nimport erf from '@stdlib/math-base-special-erf';`,
      'function erfVjp(x: number, g: number): number { return (g * 2 * Math.exp(-x * x)) / Math.sqrt(Math.PI); }\nexport function f(x: number) { return erf(x) * x; }',
    );
    const { js } = compileEntry(file);
    expect(js).toMatch(/^import erf from "@stdlib\/math-base-special-erf";$/m);
    // Inside the repository, so the generated module's import of the package resolves.
    const out = file.replace(/\.ts$/, '.mjs');
    writeFileSync(out, js);
    written.push(out);
    const mod = await import(pathToFileURL(out).href);
    const erf = (await import('@stdlib/math-base-special-erf')).default as (x: number) => number;
    for (const x of [-1.3, 0.2, 0.9, 2.5]) {
      expect(mod.f(x)).toBe(erf(x) * x);
      const h = 1e-6;
      const fd = ((erf(x + h) * (x + h)) - (erf(x - h) * (x - h))) / (2 * h);
      expect(mod.f_grad(x).grad[0]).toBeCloseTo(fd, 7);
    }
  });

  it('refuses a package without JavaScript source at the import', () => {
    const file = entry(`import { nothing } from '@stdlib/no-such-package';`, 'export function f(x: number) { return nothing(x); }');
    expect(errorsOf(file)[0]).toMatch(/1:25: error: cannot find the JavaScript source of the package '@stdlib\/no-such-package'/);
  });
});
