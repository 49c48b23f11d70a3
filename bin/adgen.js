#!/usr/bin/env node
// Thin launcher: the CLI lives in src/cli (compiled to dist/cli by `npm run build`).
import { enableCodeCache } from '../dist/build/code-cache.js';
import { main } from '../dist/cli/main.js';

// A command starts cold every time: reuse V8's compiled code of the TypeScript compiler.
// (Only here: a process that embeds compile() keeps its own module loading as it is.)
enableCodeCache();

process.exitCode = await main(process.argv.slice(2));
