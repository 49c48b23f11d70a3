// GradBench's protocol, the tool side: one response per message, with the message's id.
// `start` → {id, tool, config}; `define` → {id, success} (false, with an error, for an eval
// not listed in evals.txt); `evaluate` → {id, success: true, output, timings} or {id, success:
// false, error}; every other kind → {id}. Each eval lives in evals/<eval>.js as a table of
// functions; a function decodes its input (untimed) and returns a job whose run() is the timed
// call of the compiled entry point and whose output() encodes the result afterwards.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
// The version from package.json (importing the compiler itself would cost a second of start-up).
const VERSION = JSON.parse(readFileSync(path.join(here, '..', 'package.json'), 'utf8')).version;

/** The evals this tool implements: gradbench/evals.txt, one name a line. */
export const SUPPORTED = readFileSync(path.join(here, 'evals.txt'), 'utf8').split('\n').map((s) => s.trim()).filter(Boolean);

const loaded = new Map();

async function load(name) {
  if (typeof name !== 'string' || !SUPPORTED.includes(name)) {
    throw new Error(`adgen does not implement the eval ${JSON.stringify(name)} (see gradbench/evals.txt)`);
  }
  if (!loaded.has(name)) loaded.set(name, (await import(`./evals/${name}.js`)).functions);
  return loaded.get(name);
}

// V8 runs a function's first calls in its interpreter and optimizes it only after many: like
// GradBench's Julia tools (which time a first, compiling call as "warmup"), the job runs until it
// is optimized (at most WARMUP_RUNS calls or WARMUP_NS) before the timed runs, and that time is
// reported as its own "warmup" timing, never as an "evaluate" one.
const WARMUP_RUNS = 200;
const WARMUP_NS = 50e6;

/** Time a job: at least min_runs calls and until min_seconds have passed, one timing per call. */
export function measure(job, input) {
  const runs = input !== null && typeof input === 'object' ? input : {};
  const minRuns = Number.isInteger(runs.min_runs) ? runs.min_runs : 1;
  const minNanoseconds = typeof runs.min_seconds === 'number' ? runs.min_seconds * 1e9 : 0;
  const warmStart = process.hrtime.bigint();
  let warm = 0;
  for (let n = 0; n < WARMUP_RUNS && warm < WARMUP_NS; n++) {
    job.run();
    warm = Number(process.hrtime.bigint() - warmStart);
  }
  // Plain numbers while timing: an object per run would make the collector run inside the
  // timed region of a fast function (millions of runs in min_seconds).
  const times = [];
  let total = 0;
  do {
    const start = process.hrtime.bigint();
    job.run();
    const nanoseconds = Number(process.hrtime.bigint() - start);
    times.push(nanoseconds);
    total += nanoseconds;
  } while (times.length < minRuns || total < minNanoseconds);
  return [{ name: 'warmup', nanoseconds: warm }, ...times.map((nanoseconds) => ({ name: 'evaluate', nanoseconds }))];
}

async function evaluate(message) {
  const functions = await load(message.module);
  const fn = Object.hasOwn(functions, message.function) ? functions[message.function] : undefined;
  if (typeof fn !== 'function') {
    throw new Error(`the eval ${message.module} has no function ${JSON.stringify(message.function)}`);
  }
  const start = process.hrtime.bigint();
  const job = fn(message.input);
  const prepare = { name: 'prepare', nanoseconds: Number(process.hrtime.bigint() - start) };
  const timings = measure(job, message.input);
  return { success: true, output: job.output(), timings: [prepare, ...timings] };
}

function failure(error) {
  return { success: false, error: error instanceof Error ? error.message : String(error) };
}

/** The response to one message (never throws: a failure is answered with success: false). */
export async function respond(message) {
  const id = message !== null && typeof message === 'object' ? message.id : undefined;
  switch (message?.kind) {
    case 'start':
      return { id, tool: 'adgen', config: { version: VERSION, node: process.version } };
    case 'define':
      try {
        await load(message.module);
        return { id, success: true };
      } catch (error) {
        return { id, ...failure(error) };
      }
    case 'evaluate':
      try {
        return { id, ...(await evaluate(message)) };
      } catch (error) {
        return { id, ...failure(error) };
      }
    default:
      return { id };
  }
}
