/**
 * Test helper: type-check a generated `.d.ts` together with a small consumer file, using the
 * TypeScript compiler API (strict, ES2022, no emit). Returns the diagnostics as text.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { tempDir } from './load.js';

export function typecheck(dts: string, consumer: string, moduleName = 'names'): string[] {
  const dir = mkdtempSync(join(tempDir(), 'dts-'));
  const decl = join(dir, `${moduleName}.d.ts`);
  const use = join(dir, 'use.ts');
  writeFileSync(decl, dts);
  writeFileSync(use, consumer);
  const program = ts.createProgram([decl, use], {
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
