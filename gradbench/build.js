#!/usr/bin/env node
// Compiles every gradbench/src/<eval>.ts with adgen into gradbench/compiled/<eval>.grad.js (and
// .d.ts), emitting only the entry points the tool calls. A test fails when the compiled modules
// are stale. Uses the built compiler (dist/), so `npm run build` first (npm test and npm ci do).
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { compile, formatDiagnostic } from '../dist/index.js';
import { compileOptions, sources } from './sources.js';

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.dirname(here);
mkdirSync(path.join(here, 'compiled'), { recursive: true });
let failed = 0;
for (const name of sources(readdirSync(path.join(here, 'src')))) {
  const file = `gradbench/src/${name}.ts`;
  const source = readFileSync(path.join(root, file), 'utf8');
  const result = compile(source, compileOptions(name));
  if (result.js === null || result.dts === null) {
    for (const d of result.diagnostics) console.error(formatDiagnostic(d, source, file));
    failed++;
    continue;
  }
  const out = path.join(here, 'compiled', `${name}.grad`);
  writeFileSync(out + '.js', result.js);
  writeFileSync(out + '.d.ts', result.dts);
  console.log(`${file} → gradbench/compiled/${name}.grad.js`);
}
process.exitCode = failed ? 1 : 0;
