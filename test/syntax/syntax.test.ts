/**
 * The everyday-syntax cases, compiled through compile() (as the CLI does) and checked against
 * the source run as JavaScript and the derivative oracles at random points (check-module.ts).
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { frontend } from '../../src/frontend/index.js';
import { checkModule } from '../util/check-module.js';
import { rng } from '../util/inputs.js';
import { compileOrThrow, importJs } from '../util/load.js';
import { syntaxCases } from './cases.js';

const transpile = (src: string) =>
  ts.transpileModule(src, { compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } }).outputText;

describe.each(syntaxCases)('$name', (cs) => {
  it('primal and derivatives agree with the source and the oracles', async () => {
    const { module, diagnostics } = frontend(cs.src, 'case.ts');
    expect(diagnostics.map((d) => d.message)).toEqual([]);
    const mod = await importJs(compileOrThrow(cs.src, { fileName: 'case.ts' }).js);
    const original = await importJs(transpile(cs.src));
    const random = rng(cs.name);
    for (const exp of module!.functions) {
      for (let trial = 0; trial < 3; trial++) {
        expect(checkModule(exp, mod, original, cs.args(random), random)).toEqual([]);
      }
    }
  });
});
