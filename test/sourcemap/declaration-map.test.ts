/**
 * Declaration maps: the `.d.ts` the CLI writes comes with `f.grad.d.ts.map`, so "go to
 * definition" on an entry point imported from the generated module lands on the user's function
 * in the source, as TypeScript's language service (the editor's) resolves it.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ts } from 'ts-morph';
import { describe, expect, it } from 'vitest';

const root = path.resolve(__dirname, '../..');
const bin = path.join(root, 'bin/adgen.js');

const SOURCE = `// physics
export function energy(m: number, v: number): number {
  return 0.5 * m * v * v;
}

export function spring(k: number, x: number): number {
  return 0.5 * k * x * x;
}
`;
const CONSUMER = `import { energy_grad, spring_hessian, spring } from './model.grad.js';\nexport const e = [energy_grad(1, 2), spring_hessian(3, 4), spring(1, 1)];\n`;

function languageService(dir: string): ts.LanguageService {
  const files = ['consumer.ts'].map((f) => path.join(dir, f));
  const host: ts.LanguageServiceHost = {
    getScriptFileNames: () => files,
    getScriptVersion: () => '1',
    getScriptSnapshot: (f) => (existsSync(f) ? ts.ScriptSnapshot.fromString(readFileSync(f, 'utf8')) : undefined),
    getCurrentDirectory: () => dir,
    getCompilationSettings: () => ({ module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, strict: true, noLib: true, types: [] }),
    getDefaultLibFileName: () => 'lib.d.ts',
    fileExists: (f) => existsSync(f),
    readFile: (f) => (existsSync(f) ? readFileSync(f, 'utf8') : undefined),
  };
  return ts.createLanguageService(host);
}

type SourceMapper = { tryGetSourcePosition(l: { fileName: string; pos: number }): { fileName: string; pos: number } | undefined };

/**
 * Where "go to definition" on `name` (at its first use after the import) takes the editor: file
 * and 1-based line. tsserver (what editors talk to) maps each definition found in a declaration
 * file through the language service's source mapper, which reads the file's declaration map.
 */
function definitionOf(service: ts.LanguageService, dir: string, name: string): { file: string; line: number }[] {
  const file = path.join(dir, 'consumer.ts');
  const at = CONSUMER.indexOf(name, CONSUMER.indexOf('\n'));
  const mapper = (service as unknown as { getSourceMapper(): SourceMapper }).getSourceMapper();
  return (service.getDefinitionAtPosition(file, at) ?? []).map((d) => {
    const found = { fileName: d.fileName, pos: d.textSpan.start };
    const { fileName, pos } = mapper.tryGetSourcePosition(found) ?? found;
    return { file: path.basename(fileName), line: readFileSync(fileName, 'utf8').slice(0, pos).split('\n').length };
  });
}

describe('declaration maps', () => {
  it("take the editor from an entry point to the user's function", () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-dmap-'));
    writeFileSync(path.join(dir, 'model.ts'), SOURCE);
    writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
    const build = spawnSync(process.execPath, [bin, 'model.ts', '--quiet'], { cwd: dir, encoding: 'utf8' });
    expect(build.stderr).toBe('');
    expect(readFileSync(path.join(dir, 'model.grad.d.ts'), 'utf8')).toMatch(/\n\/\/# sourceMappingURL=model\.grad\.d\.ts\.map\n$/);
    expect(JSON.parse(readFileSync(path.join(dir, 'model.grad.d.ts.map'), 'utf8'))).toMatchObject({ version: 3, file: 'model.grad.d.ts', sources: ['model.ts'] });
    const service = languageService(dir);
    expect(definitionOf(service, dir, 'energy_grad')).toEqual([{ file: 'model.ts', line: 2 }]);
    expect(definitionOf(service, dir, 'spring_hessian')).toEqual([{ file: 'model.ts', line: 6 }]);
    expect(definitionOf(service, dir, 'spring(')).toEqual([{ file: 'model.ts', line: 6 }]);
  });

  it('are left out with --no-sourcemap: the editor stops at the declaration', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-dmap-'));
    writeFileSync(path.join(dir, 'model.ts'), SOURCE);
    writeFileSync(path.join(dir, 'consumer.ts'), CONSUMER);
    expect(spawnSync(process.execPath, [bin, 'model.ts', '--quiet', '--no-sourcemap'], { cwd: dir }).status).toBe(0);
    expect(existsSync(path.join(dir, 'model.grad.d.ts.map'))).toBe(false);
    expect(definitionOf(languageService(dir), dir, 'energy_grad')).toEqual([{ file: 'model.grad.d.ts', line: expect.any(Number) }]);
  });
});
