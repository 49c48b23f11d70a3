/**
 * Every custom derivative rule in examples/ checked against central differences of its helper
 * with adgen/runtime's checkRule, all run uncompiled (the helpers and rules exported from the
 * transpiled source). The helpers are found from their JSDoc tags, so a rule added to an example
 * is checked without touching this file; checkRule itself must reject wrong rules.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { checkRule } from '../../src/runtime/index.js';
import { importJs } from '../util/load.js';
import { rng } from '../util/inputs.js';

interface Tagged {
  helper: string;
  rule: string;
  kind: 'vjp' | 'jvp';
  params: string[];
}

const root = path.resolve(__dirname, '../..');
const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts')).sort();

/** Top-level functions whose JSDoc names a rule, with their parameters' type texts. */
function taggedHelpers(source: string): Tagged[] {
  const file = ts.createSourceFile('x.ts', source, ts.ScriptTarget.ES2022, true);
  return file.statements.flatMap((s): Tagged[] => {
    if (!ts.isFunctionDeclaration(s) || !s.name) return [];
    const doc = ts.getJSDocCommentsAndTags(s).map((d) => d.getText()).join('\n');
    const m = doc.match(/@(vjp|jvp)\s+([A-Za-z_$][\w$]*)/);
    return m ? [{ helper: s.name.text, rule: m[2], kind: m[1] as 'vjp' | 'jvp', params: s.parameters.map((p) => p.type?.getText() ?? 'number') }] : [];
  });
}

/** The source as JavaScript with the helpers and rules exported too. */
async function withHelpers(source: string, tagged: Tagged[]) {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  const names = [...new Set(tagged.flatMap((t) => [t.helper, t.rule]))];
  return importJs(`${js}\nexport { ${names.join(', ')} };\n`);
}

function argsFor(params: string[], r: () => number): (number | Float64Array | Int32Array)[] {
  return params.map((type) => {
    if (type === 'number') return 0.2 + 1.3 * r();
    if (type.startsWith('Int32Array')) return Int32Array.from({ length: 4 }, () => Math.floor(4 * r()));
    return Float64Array.from({ length: 4 }, () => 2 * r() - 1);
  });
}

describe('every rule in examples/ agrees with central differences of its helper', () => {
  const found = examples.map((f) => [f, taggedHelpers(readFileSync(path.join(root, 'examples', f), 'utf8'))] as const).filter(([, t]) => t.length > 0);

  it('finds the rules of the examples', () => {
    expect(found.flatMap(([, t]) => t.map((x) => x.helper))).toEqual(expect.arrayContaining(['softplus', 'logSumExp', 'cubicRoot']));
  });

  it.each(found)('%s', async (file, tagged) => {
    const m = await withHelpers(readFileSync(path.join(root, 'examples', file), 'utf8'), tagged);
    const r = rng(31);
    for (const t of tagged) {
      for (let k = 0; k < 5; k++) {
        const args = argsFor(t.params, r);
        const check = checkRule(m[t.helper], m[t.rule], t.kind, args);
        expect(check.ok, `${t.rule} at ${JSON.stringify(args.map((a) => (typeof a === 'number' ? a : Array.from(a))))}: worst relative error ${check.worst}`).toBe(true);
      }
    }
  });
});

describe('checkRule', () => {
  const softplus = (x: number) => Math.log1p(Math.exp(x));
  const lse = (xs: Float64Array, a: number) => a * Math.log(xs.reduce((s, x) => s + Math.exp(x), 0));

  it('accepts right rules of numbers and arrays, in both kinds, with or without the value', () => {
    expect(checkRule(softplus, (x: number, g: number) => g / (1 + Math.exp(-x)), 'vjp', [0.3]).ok).toBe(true);
    expect(checkRule(softplus, (x: number, dx: number, y: number) => dx * (1 - Math.exp(-y)), 'jvp', [-1.2]).ok).toBe(true);
    const vjp = (xs: Float64Array, a: number, g: number, y: number) => [...Array.from(xs, (x) => (g * a * Math.exp(x)) / Math.exp(y / a)), (g * y) / a];
    expect(checkRule(lse, vjp, 'vjp', [Float64Array.of(0.1, -0.4, 2), 1.5]).ok).toBe(true);
    const jvp = (xs: Float64Array, a: number, dx: Float64Array, da: number) => {
      const s = xs.reduce((t, x) => t + Math.exp(x), 0);
      return a * xs.reduce((t, x, i) => t + (Math.exp(x) / s) * dx[i], 0) + Math.log(s) * da;
    };
    expect(checkRule(lse, jvp, 'jvp', [Float64Array.of(0.1, -0.4, 2), 1.5]).ok).toBe(true);
  });

  it('rejects wrong rules: a wrong partial, one that ignores g, one with too few entries', () => {
    const wrong = checkRule(softplus, (x: number, g: number) => g / (1 + Math.exp(x)), 'vjp', [0.3]);
    expect(wrong.ok).toBe(false);
    expect(wrong.worst).toBeGreaterThan(0.1);
    expect(checkRule(softplus, (x: number) => 1 / (1 + Math.exp(-x)), 'vjp', [0.3]).ok).toBe(false);
    expect(checkRule(lse, (xs: Float64Array, a: number, dx: Float64Array) => a * dx[0], 'jvp', [Float64Array.of(0.1, 2), 1.5]).ok).toBe(false);
    expect(() => checkRule(lse, (_xs: Float64Array, _a: number, g: number) => [g], 'vjp', [Float64Array.of(0.1, 2), 1.5])).toThrow(/gave 1 entries, f has 3/);
  });
});
