// The relay between an eval and a tool, as GradBench's runner does it: each message the eval
// writes goes to the tool, the tool's response (awaited with a timeout) goes back to the eval,
// and both are logged in GradBench's format ({elapsed: {nanoseconds}, message | response}).
// The eval is either a program (GradBench's evals/<eval>/run.py) or a recorded session replayed
// and validated against its reference outputs. Outcome codes follow GradBench's: 0 success,
// 2 undefined, 3 failure, 4 invalid, 5 timeout.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { mismatches } from './validate.js';

const here = path.dirname(fileURLToPath(import.meta.url));
export const SESSIONS = path.resolve(here, '../../shared/data/gradbench');
export const OUTCOME = { success: 0, undefined: 2, failure: 3, invalid: 4, timeout: 5 };

/** A child process read line by line: next() resolves with the next line, or null once it has exited. */
export function spawnLines(command, options = {}) {
  const child = spawn(command[0], command.slice(1), { stdio: ['pipe', 'pipe', 'pipe'], ...options });
  const waiting = [];
  const queued = [];
  let closed = false;
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  child.stdin.on('error', () => {}); // a process that exits early is reported by next()
  child.on('error', (error) => (stderr += String(error)));
  createInterface({ input: child.stdout })
    .on('line', (line) => (waiting.length ? waiting.shift()(line) : queued.push(line)))
    .on('close', () => {
      closed = true;
      for (const w of waiting.splice(0)) w(null);
    });
  return {
    child,
    write: (text) => child.stdin.write(text),
    next: () => (queued.length ? Promise.resolve(queued.shift()) : closed ? Promise.resolve(null) : new Promise((resolve) => waiting.push(resolve))),
    stderr: () => stderr,
    end: () => child.stdin.end(),
  };
}

/** An eval program as the relay's source of messages. */
function programEval(command, options) {
  const proc = spawnLines(command, options);
  return {
    next: async () => {
      const line = await proc.next();
      return line === null ? null : JSON.parse(line);
    },
    answer: (_message, response) => void proc.write(JSON.stringify(response) + '\n'),
    close: () => proc.end(),
    stderr: proc.stderr,
    /** The program's exit code, once it has exited (null if killed). */
    exited: () => new Promise((resolve) => (proc.child.exitCode !== null || proc.child.signalCode ? resolve(proc.child.exitCode) : proc.child.on('close', resolve))),
  };
}

/** A recorded session (readSession format) as the eval: its messages, validated against its references. */
export function replayEval(name, { dir = SESSIONS, runs } = {}) {
  return { session: path.join(dir, `${name}.jsonl`), runs };
}

/** `runs` ({min_runs, min_seconds}), when given, replaces the recorded ones in every evaluate input. */
async function sessionEval(file, runs) {
  const { readSession } = await import('./replay.js');
  const rounds = readSession(file).filter((r) => r.message.kind !== 'analysis');
  if (runs) {
    for (const { message } of rounds) {
      if (message.kind === 'evaluate' && message.input !== null && typeof message.input === 'object' && 'min_runs' in message.input) {
        message.input = { ...message.input, ...runs };
      }
    }
  }
  let i = 0;
  return {
    next: async () => (i < rounds.length ? rounds[i++].message : null),
    answer: (message, response) => {
      const reference = rounds[i - 1].reference;
      if (message.kind === 'define' && !response.success) i = rounds.length;
      if (message.kind !== 'evaluate' || !reference?.success || !response.success) return true;
      return mismatches(reference.output, response.output).length === 0;
    },
    close: () => {},
    stderr: () => '',
    exited: undefined,
  };
}

/** Relay one eval and one tool to the end; returns the outcome code and the GradBench log. */
export async function relay(source, toolCommand, { cwd, env, timeoutMs = 600_000 } = {}) {
  const start = process.hrtime.bigint();
  const elapsed = () => ({ nanoseconds: Number(process.hrtime.bigint() - start) });
  const ev = source.session ? await sessionEval(source.session, source.runs) : programEval(source.command, { cwd, env });
  const tool = spawnLines(toolCommand, { cwd, env });
  const log = [];
  let outcome = OUTCOME.success;
  const worse = (code) => (outcome = Math.max(outcome, code));
  try {
    for (let message = await ev.next(); message !== null; message = await ev.next()) {
      log.push({ elapsed: elapsed(), message });
      if (message.kind === 'analysis' && message.valid === false) worse(OUTCOME.invalid);
      tool.write(JSON.stringify(message) + '\n');
      let timer;
      const timeout = new Promise((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
      const line = await Promise.race([tool.next(), timeout]);
      clearTimeout(timer);
      if (line === 'timeout') return { outcome: worse(OUTCOME.timeout), log };
      if (line === null) return { outcome: worse(OUTCOME.failure), log, stderr: tool.stderr() };
      const response = JSON.parse(line);
      log.push({ elapsed: elapsed(), response });
      if (message.kind === 'define' && response.success === false) worse(OUTCOME.undefined);
      if (message.kind === 'evaluate' && response.success === false) worse(OUTCOME.failure);
      if (ev.answer(message, response) === false) worse(OUTCOME.invalid);
    }
    // An eval program that fails (a crash of its validator, say) is a failure even if every round went well.
    if (ev.exited) {
      ev.close();
      if ((await ev.exited()) !== 0) worse(OUTCOME.failure);
    }
    return { outcome, log, stderr: ev.stderr() };
  } finally {
    ev.close();
    tool.end();
    tool.child.kill();
  }
}
