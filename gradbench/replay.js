#!/usr/bin/env node
// Replays recorded GradBench sessions (GradBench's log format: one {message} or {response} a
// line) against a fresh tool process each: sends the eval's messages in order, waits for each
// response, and checks it: ids match, `start` names the tool, `define` succeeds for an eval in
// evals.txt (and fails otherwise), and every `evaluate` output agrees with the recorded
// reference by GradBench's rule (validate.js). As a script:
//   node gradbench/replay.js [dir] [eval …]   (dir defaults to ../shared/data/gradbench)
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { SESSIONS, spawnLines } from './relay.js';
import { mismatches } from './validate.js';

export { SESSIONS };

const here = path.dirname(fileURLToPath(import.meta.url));

/** A running tool process: send(message) resolves with its response, parsed. */
export function startTool(command = [process.execPath, path.join(here, 'run.js')]) {
  const proc = spawnLines(command);
  const next = async () => {
    const line = await proc.next();
    if (line === null) throw new Error(`tool exited before answering: ${proc.stderr()}`);
    return JSON.parse(line);
  };
  return {
    async send(message) {
      proc.write(JSON.stringify(message) + '\n');
      return next();
    },
    sendRaw: (text) => void proc.write(text),
    next,
    close() {
      proc.end();
      return new Promise((resolve) => (proc.child.exitCode !== null ? resolve(proc.child.exitCode) : proc.child.on('close', resolve)));
    },
    stderr: proc.stderr,
  };
}

/** The recorded session of an eval: its messages, each with the reference response. */
export function readSession(file) {
  const rounds = [];
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    if (!line.trim()) continue;
    const entry = JSON.parse(line);
    if (entry.message) rounds.push({ message: entry.message, reference: undefined });
    else if (entry.response) rounds[rounds.length - 1].reference = entry.response;
  }
  return rounds;
}

/**
 * Replay one session; returns the problems found (empty: the tool validates) and counts. With
 * `supported` false the eval is expected to be declined at `define` (and the session ends).
 */
export async function replaySession(file, { supported = true, command } = {}) {
  const tool = startTool(command);
  const problems = [];
  let evaluated = 0;
  try {
    for (const { message, reference } of readSession(file)) {
      const response = await tool.send(message);
      const at = `message ${message.id} (${message.kind}${message.function ? ` ${message.function}` : ''}${message.description ? ` ${message.description}` : ''})`;
      if (response.id !== message.id) problems.push(`${at}: response id ${response.id}`);
      if (message.kind === 'start' && response.tool !== 'adgen') problems.push(`${at}: tool is ${response.tool}`);
      if (message.kind === 'define') {
        if (response.success !== supported) problems.push(`${at}: define answered success: ${response.success} (${response.error ?? ''})`);
        if (!supported) break;
      }
      if (message.kind === 'evaluate') {
        evaluated++;
        if (response.success !== true) {
          problems.push(`${at}: failed: ${response.error}`);
          continue;
        }
        const runs = response.timings?.filter((t) => t.name === 'evaluate') ?? [];
        const minRuns = message.input?.min_runs ?? 1;
        if (runs.length < minRuns) problems.push(`${at}: ${runs.length} evaluate timings for min_runs ${minRuns}`);
        if (reference?.success) problems.push(...mismatches(reference.output, response.output).slice(0, 5).map((m) => `${at}: ${m}`));
      }
    }
  } finally {
    await tool.close();
  }
  return { problems, evaluated };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const { SUPPORTED } = await import('./protocol.js');
  const args = process.argv.slice(2);
  const dir = args[0] && !/^[a-z]+$/.test(args[0]) ? args.shift() : SESSIONS;
  const names = args.length ? args : SUPPORTED;
  let bad = 0;
  for (const name of names) {
    const started = Date.now();
    const { problems, evaluated } = await replaySession(path.join(dir, `${name}.jsonl`), { supported: SUPPORTED.includes(name) });
    console.log(`${name}: ${problems.length ? 'INVALID' : 'valid'} (${evaluated} evaluations, ${Date.now() - started} ms)`);
    for (const p of problems.slice(0, 10)) console.log(`  ${p}`);
    if (problems.length) bad++;
  }
  process.exitCode = bad ? 1 : 0;
}
