/**
 * The GradBench tool against the recorded sessions in ../shared/data/gradbench (GradBench's evals
 * at small sizes, with the reference tool's outputs): a fresh tool process per session, messages
 * in order, every output compared by GradBench's rule. An eval listed in gradbench/evals.txt must
 * validate; an eval not listed must be declined at `define`. Skipped when the folder is absent.
 */
import { existsSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
// @ts-expect-error plain JavaScript module without declarations
import { SESSIONS, replaySession } from '../../gradbench/replay.js';
// @ts-expect-error plain JavaScript module without declarations
import { SUPPORTED } from '../../gradbench/protocol.js';

const sessions = existsSync(SESSIONS) ? readdirSync(SESSIONS).filter((f) => f.endsWith('.jsonl')).map((f) => f.slice(0, -6)).sort() : [];
const supported = SUPPORTED as string[];

describe.skipIf(sessions.length === 0)('GradBench recorded sessions replay', () => {
  it('every eval in evals.txt has a recorded session', () => {
    expect(supported.filter((name) => !sessions.includes(name))).toEqual([]);
  });

  it.each(sessions)('%s', async (name) => {
    const isSupported = supported.includes(name);
    const { problems, evaluated } = await replaySession(path.join(SESSIONS, `${name}.jsonl`), { supported: isSupported });
    expect(problems).toEqual([]);
    if (isSupported) expect(evaluated).toBeGreaterThan(0);
  });
});
