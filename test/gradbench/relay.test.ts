/**
 * The relay behind `npm run gradbench:compare` and its outcome codes (0 success, 2 undefined,
 * 3 failure, 4 invalid, 5 timeout), with recorded sessions standing in for the eval programs and
 * small stand-in tools; and the script's behaviour without a GradBench checkout.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without declarations
import { OUTCOME, SESSIONS, relay, replayEval } from '../../gradbench/relay.js';

const root = path.resolve(__dirname, '../..');
const adgen = [process.execPath, path.join(root, 'gradbench/run.js')];
const nodeTool = (source: string) => [process.execPath, '-e', source];

describe.skipIf(!existsSync(SESSIONS))('GradBench relay', () => {
  it('relays a whole session and logs every message and response in order', async () => {
    const { outcome, log } = await relay(replayEval('hello', { runs: { min_runs: 3, min_seconds: 0 } }), adgen);
    expect(outcome).toBe(OUTCOME.success);
    expect(log.length).toBeGreaterThan(4);
    expect(log[0].message.kind).toBe('start');
    expect(log[1].response.tool).toBe('adgen');
    for (const line of log) expect(typeof line.elapsed.nanoseconds).toBe('number');
  });

  it('undefined: the tool declines the eval', async () => {
    // A session of an eval adgen does not implement: hello's messages under another module name.
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-relay-'));
    writeFileSync(path.join(dir, 'nosuch.jsonl'), readFileSync(path.join(SESSIONS, 'hello.jsonl'), 'utf8').replaceAll('"hello"', '"nosuch"'));
    expect((await relay(replayEval('nosuch', { dir }), adgen)).outcome).toBe(OUTCOME.undefined);
  });

  it('invalid: an output that disagrees with the reference', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'gb-relay-'));
    const text = readFileSync(path.join(SESSIONS, 'lse.jsonl'), 'utf8').replace('"output": 8.36784652657709', '"output": 9.5');
    writeFileSync(path.join(dir, 'lse.jsonl'), text);
    expect((await relay(replayEval('lse', { dir }), adgen)).outcome).toBe(OUTCOME.invalid);
  });

  it('failure: the tool exits without answering', async () => {
    expect((await relay(replayEval('hello'), nodeTool('process.exit(0)'))).outcome).toBe(OUTCOME.failure);
  });

  it('timeout: the tool never answers', async () => {
    const silent = nodeTool('process.stdin.resume(); setTimeout(() => {}, 60000)');
    expect((await relay(replayEval('hello'), silent, { timeoutMs: 300 })).outcome).toBe(OUTCOME.timeout);
  });
});

describe('npm run gradbench:compare', () => {
  it('without GRADBENCH_DIR says so and exits 0', () => {
    const env = { ...process.env };
    delete env.GRADBENCH_DIR;
    const r = spawnSync(process.execPath, [path.join(root, 'gradbench/compare.js')], { cwd: root, env, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/no GradBench checkout given/);
  });
});
