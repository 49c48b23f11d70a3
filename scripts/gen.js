#!/usr/bin/env node
// Regenerates generated/ from examples/: every examples/<name>.ts becomes
// generated/<name>.grad.js and .d.ts. A test (test/e2e/generated.test.ts) fails when they are stale.
// Runs the built compiler (dist/), so `npm run build` first (npm test and npm ci do).
import { readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { main } from '../dist/cli/main.js';

const root = path.dirname(path.dirname(fileURLToPath(import.meta.url)));
process.chdir(root);
let failed = 0;
for (const file of readdirSync('examples').filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort()) {
  const out = path.join('generated', file.replace(/\.ts$/, '.grad.js'));
  // Without source maps: generated/ is for reading, and test/e2e/generated.test.ts pins the modules as compile() returns them.
  const code = await main([path.join('examples', file), '--out', out, '--no-sourcemap']);
  if (code !== 0) failed++;
  else console.log(`${file} → ${out}`);
}
process.exitCode = failed ? 1 : 0;
