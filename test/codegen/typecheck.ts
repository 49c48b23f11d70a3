/**
 * Test helper: type-check generated `.d.ts` files (`modules`: name → text, imported as
 * `./name.js`) together with a consumer file, using the TypeScript compiler API (strict,
 * ES2022, no emit; one program, as creating one costs about a second). Returns the diagnostics.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { tempDir } from './load.js';

export function typecheck(modules: Record<string, string>, consumer: string): string[] {
  const dir = mkdtempSync(join(tempDir(), 'dts-'));
  const files = Object.entries(modules).map(([name, dts]) => {
    const file = join(dir, `${name}.d.ts`);
    writeFileSync(file, dts);
    return file;
  });
  const use = join(dir, 'use.ts');
  writeFileSync(use, consumer);
  const program = ts.createProgram([...files, use], {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.NodeNext,
    moduleResolution: ts.ModuleResolutionKind.NodeNext,
    lib: ['lib.es2022.d.ts'],
    types: [],
    skipLibCheck: true,
  });
  return ts.getPreEmitDiagnostics(program).map((d) => {
    const where = d.file ? `${d.file.fileName.endsWith('.d.ts') ? 'dts' : 'use'}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : '';
    return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
  });
}
