/**
 * gradbench/compiled/ holds the adgen modules of gradbench/src (rebuilt by `npm run
 * gradbench:build`). This test recompiles each source in-process and fails when a checked-in
 * module is stale, or when a source or module has no counterpart.
 */
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
// @ts-expect-error plain JavaScript module without declarations
import { compileOptions, sources } from '../../gradbench/sources.js';

const root = path.resolve(__dirname, '../..');
const names: string[] = sources(readdirSync(path.join(root, 'gradbench/src')));

describe('gradbench/compiled is up to date (npm run gradbench:build)', () => {
  it('has exactly one module per source', () => {
    const compiled = readdirSync(path.join(root, 'gradbench/compiled')).filter((f) => f.endsWith('.grad.js')).map((f) => f.slice(0, -8)).sort();
    expect(compiled).toEqual(names);
  });

  it.each(names)('%s', (name) => {
    const source = readFileSync(path.join(root, `gradbench/src/${name}.ts`), 'utf8');
    const result = compile(source, compileOptions(name));
    expect(result.diagnostics).toEqual([]);
    const base = path.join(root, 'gradbench/compiled', `${name}.grad`);
    expect(readFileSync(base + '.js', 'utf8'), `${name}: run npm run gradbench:build`).toBe(result.js);
    expect(readFileSync(base + '.d.ts', 'utf8'), `${name}: run npm run gradbench:build`).toBe(result.dts);
  });
});
