/** A TypeScript source run as plain JavaScript, its adgen/runtime imports pointed at the built runtime. */
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import ts from 'typescript';
import { importJs } from './load.js';

const runtimeUrl = pathToFileURL(path.resolve('dist/runtime/index.js')).href;

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function uncompiled(source: string): Promise<any> {
  const js = ts.transpileModule(source, { compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } }).outputText;
  return importJs(js.replaceAll("'adgen/runtime'", `'${runtimeUrl}'`));
}
