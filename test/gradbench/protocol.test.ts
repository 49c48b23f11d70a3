/**
 * The GradBench tool's protocol edge cases, over a real tool process: the start response, an
 * unknown eval at define, an unknown function, a function that throws on bad input, other kinds
 * of message, min_runs / min_seconds, blank and non-JSON lines, and the npm script entry point.
 */
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without declarations
import { startTool } from '../../gradbench/replay.js';
// @ts-expect-error plain JavaScript module without declarations
import { mismatches } from '../../gradbench/validate.js';

const root = path.resolve(__dirname, '../..');

describe('GradBench tool protocol', () => {
  let tool: ReturnType<typeof startTool>;
  beforeAll(() => {
    tool = startTool();
  });
  afterAll(async () => {
    expect(await tool.close()).toBe(0);
  });

  it('start names the tool and echoes the id', async () => {
    const r = await tool.send({ id: 0, kind: 'start', eval: 'hello' });
    expect(r.id).toBe(0);
    expect(r.tool).toBe('adgen');
    expect(typeof r.config.version).toBe('string');
  });

  it('define of an unknown eval fails with an error', async () => {
    const r = await tool.send({ id: 1, kind: 'define', module: 'nosuch' });
    expect(r).toMatchObject({ id: 1, success: false });
    expect(r.error).toMatch(/does not implement the eval "nosuch"/);
  });

  it('define of the evals with derivatives inside their objectives succeeds', async () => {
    expect(await tool.send({ id: 2, kind: 'define', module: 'particle' })).toEqual({ id: 2, success: true });
    expect(await tool.send({ id: 2, kind: 'define', module: 'saddle' })).toEqual({ id: 2, success: true });
  });

  it('define of a listed eval succeeds', async () => {
    expect(await tool.send({ id: 3, kind: 'define', module: 'llsq' })).toEqual({ id: 3, success: true });
  });

  it('an unknown function fails with an error', async () => {
    const r = await tool.send({ id: 4, kind: 'evaluate', module: 'llsq', function: 'hessian', input: { x: [1], n: 2 } });
    expect(r).toMatchObject({ id: 4, success: false });
    expect(r.error).toMatch(/no function "hessian"/);
  });

  it('inherited object members are not functions of an eval', async () => {
    const r = await tool.send({ id: 5, kind: 'evaluate', module: 'llsq', function: 'constructor', input: {} });
    expect(r).toMatchObject({ id: 5, success: false });
  });

  it('a function that throws on bad input answers success: false with the message', async () => {
    const r = await tool.send({ id: 6, kind: 'evaluate', module: 'llsq', function: 'primal', input: { x: 'oops', n: 4 } });
    expect(r).toMatchObject({ id: 6, success: false });
    expect(r.error).toMatch(/input\.x must be an array/);
  });

  it('evaluate of an undefined eval fails', async () => {
    const r = await tool.send({ id: 7, kind: 'evaluate', module: 'nosuch', function: 'f', input: 1 });
    expect(r).toMatchObject({ id: 7, success: false });
  });

  it('any other kind of message gets just its id', async () => {
    expect(await tool.send({ id: 8, kind: 'analysis', of: 6, valid: true })).toEqual({ id: 8 });
    expect(await tool.send({ id: 9, kind: 'end' })).toEqual({ id: 9 });
  });

  it('runs at least min_runs times, one evaluate timing per run, plus one prepare', async () => {
    const r = await tool.send({ id: 10, kind: 'evaluate', module: 'llsq', function: 'gradient', input: { x: [0.5, 0.25], n: 8, min_runs: 7, min_seconds: 0 } });
    expect(r.success).toBe(true);
    const evaluates = r.timings.filter((t: { name: string }) => t.name === 'evaluate');
    expect(evaluates).toHaveLength(7);
    expect(r.timings.filter((t: { name: string }) => t.name === 'prepare')).toHaveLength(1);
    for (const t of r.timings) expect(Number.isInteger(t.nanoseconds) && t.nanoseconds >= 0).toBe(true);
  });

  it('keeps running until min_seconds have passed', async () => {
    const r = await tool.send({ id: 11, kind: 'evaluate', module: 'llsq', function: 'primal', input: { x: [0.5, 0.25], n: 8, min_runs: 1, min_seconds: 0.05 } });
    const evaluates = r.timings.filter((t: { name: string }) => t.name === 'evaluate');
    const total = evaluates.reduce((s: number, t: { nanoseconds: number }) => s + t.nanoseconds, 0);
    expect(total).toBeGreaterThanOrEqual(0.05e9);
    expect(evaluates.length).toBeGreaterThan(1);
  });

  it('hello has no min_runs: it runs once', async () => {
    await tool.send({ id: 12, kind: 'define', module: 'hello' });
    const r = await tool.send({ id: 13, kind: 'evaluate', module: 'hello', function: 'double', input: 3 });
    expect(r.output).toBe(6);
    expect(r.timings.filter((t: { name: string }) => t.name === 'evaluate')).toHaveLength(1);
  });

  it('reports the untimed warm-up runs as one warmup timing, before the evaluate timings', async () => {
    const r = await tool.send({ id: 14, kind: 'evaluate', module: 'hello', function: 'square', input: 3 });
    const names = r.timings.map((t: { name: string }) => t.name);
    expect(names).toEqual(['prepare', 'warmup', 'evaluate']);
    expect(r.output).toBe(9);
  });

  it('skips blank lines and lines that are not JSON, answering the next message', async () => {
    await tool.sendRaw('\n   \nnot json\n');
    expect(await tool.send({ id: 14, kind: 'analysis', of: 13, valid: true })).toEqual({ id: 14 });
    expect(tool.stderr()).toMatch(/not JSON/);
  });
});

describe('GradBench comparison rule', () => {
  it('accepts within the tolerance and treats integers as floats', () => {
    expect(mismatches(1.0, 1)).toEqual([]);
    expect(mismatches({ a: [100, 2] }, { a: [100.01, 2.00005] })).toEqual([]);
  });
  it('reports type, length, key and value differences', () => {
    expect(mismatches(1, [1])).toHaveLength(1);
    expect(mismatches([1, 2], [1])).toHaveLength(1);
    expect(mismatches({ a: 1 }, { b: 1 })).toHaveLength(2);
    expect(mismatches([10], [10.1])).toEqual(['[0]: expected 10, got 10.1']);
  });
});

describe('npm run --silent gradbench:tool', () => {
  it('answers on stdout with nothing else', () => {
    const input = [{ id: 0, kind: 'start' }, { id: 1, kind: 'define', module: 'hello' }, { id: 2, kind: 'evaluate', module: 'hello', function: 'square', input: 3 }]
      .map((m) => JSON.stringify(m) + '\n')
      .join('');
    const r = spawnSync('npm', ['run', '--silent', 'gradbench:tool'], { cwd: root, input, encoding: 'utf8' });
    expect(r.status).toBe(0);
    const lines = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.id)).toEqual([0, 1, 2]);
    expect(lines[2].output).toBe(9);
  });
});
