#!/usr/bin/env node
// Replays recorded GradBench sessions (GradBench's log format: one {message} or {response} a
// line) against a fresh tool process each: sends the eval's messages in order, waits for each
// response, and checks it: ids match, `start` names the tool, `define` succeeds for an eval in
// evals.txt (and fails otherwise), and every `evaluate` output agrees with the recorded
// reference by GradBench's rule (validate.js). As a script:
//   node gradbench/replay.js [dir] [eval …]   (dir defaults to ../shared/data/gradbench)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mismatches } from './validate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SESSIONS = path.resolve(here, '../../shared/data/gradbench');

/** A running tool process: send(message) resolves with its response line, parsed. */
export function startTool(command = [process.execPath, path.join(here, 'run.js')]) {
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'] });
  const lines = createInterface({ input: child.stdout });
  const waiting = [];
  const queued = [];
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  lines.on('line', (line) => (waiting.length ? waiting.shift().resolve(line) : queued.push(line)));
  child.on('close', (code) => {
    for (const w of waiting.splice(0)) w.reject(new Error(`tool exited (${code}) before answering: ${stderr}`));
  });
  const next = () => (queued.length ? Promise.resolve(queued.shift()) : new Promise((resolve, reject) => waiting.push({ resolve, reject })));
  return {
    async send(message) {
      child.stdin.write(JSON.stringify(message) + '\n');
      return JSON.parse(await next());
    },
    async sendRaw(text) {
      child.stdin.write(text);
    },
    next: async () => JSON.parse(await next()),
    async close() {
      child.stdin.end();
      return new Promise((resolve) => (child.exitCode !== null ? resolve(child.exitCode) : child.on('close', resolve)));
    },
    stderr: () => stderr,
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
