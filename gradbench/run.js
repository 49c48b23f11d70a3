#!/usr/bin/env node
// adgen as a GradBench tool: reads the eval's messages as JSON Lines on stdin and answers each,
// in order, with one JSON line on stdout (see protocol.js). Start it from the repository root
// with `npm run --silent gradbench:tool`.
import { createInterface } from 'node:readline';
import { respond } from './protocol.js';

for await (const line of createInterface({ input: process.stdin, crlfDelay: Infinity })) {
  if (line.trim() === '') continue;
  let message;
  try {
    message = JSON.parse(line);
  } catch {
    console.error(`adgen gradbench tool: ignoring a line that is not JSON: ${line.slice(0, 80)}`);
    continue;
  }
  process.stdout.write(JSON.stringify(await respond(message)) + '\n');
}
