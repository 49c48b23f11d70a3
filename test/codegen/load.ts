/**
 * Test helper: write generated JavaScript to a fresh file under the OS temp dir and import it.
 * Every call gets its own file, so module state (tape, registers) starts fresh.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { generateModule, type CompiledFunction } from '../../src/codegen/module.js';

let dir: string | undefined;
let count = 0;

export function tempDir(): string {
  dir ??= mkdtempSync(join(tmpdir(), 'adgen-codegen-'));
  return dir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Loaded = Record<string, any>;

export async function importJs(js: string, name = 'module'): Promise<Loaded> {
  const file = join(tempDir(), `${name}-${count++}.mjs`);
  writeFileSync(file, js);
  return (await import(pathToFileURL(file).href)) as Loaded;
}

export async function load(functions: CompiledFunction[]): Promise<{ mod: Loaded; js: string; dts: string }> {
  const { js, dts } = generateModule({ sourceName: 'test/input.ts', version: '0.0.0-test', functions });
  return { mod: await importJs(js), js, dts };
}
