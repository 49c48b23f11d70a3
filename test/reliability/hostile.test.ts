/**
 * Hostile input: the example corpus mutated into broken files (mutate.ts). compile() must never
 * throw and must end every file in either success (js and dts) or located diagnostics (js and
 * dts null, each diagnostic inside the file, formatted as `file:line:col: error:`), never an
 * internal compiler error. A sample goes through the real CLI (bin/adgen.js over dist/, built by
 * `npm test`): exit code 1, `path:line:col` on stderr, no stack trace, nothing written.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { compile } from '../../src/compile.js';
import { formatDiagnostic, lineCol } from '../../src/diagnostics.js';
import { fuzzSeed } from './programs.js';
import { mutate } from './mutate.js';

const root = path.resolve(__dirname, '../..');
const examples = readdirSync(path.join(root, 'examples')).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
const sources = examples.map((f) => readFileSync(path.join(root, 'examples', f), 'utf8'));
const FILES = 1000;
// Each CLI run starts node and the TypeScript parser (~0.5 s of CPU): a sample, run 3 at a time.
const CLI_SAMPLE = 12;
const seed = fuzzSeed(4242);

/** The k-th mutated file of this run. */
function mutant(k: number) {
  const i = k % examples.length;
  const { text, applied } = mutate(sources[i], seed * 7919 + k);
  return { name: examples[i], text, applied };
}

/** Problems with one compile result (empty when it is a clean success or cleanly located errors). */
function judge(text: string, fileName: string): { problems: string[]; failed: boolean } {
  let result;
  try {
    // Only the gradient: the front end is under test here, and every mode of the valid mutants
    // would dominate the run time. The random programs cover the other modes.
    result = compile(text, { fileName, modes: ['grad'] });
  } catch (e) {
    return { problems: [`compile() threw: ${(e as Error).stack}`], failed: true };
  }
  const { js, dts } = result;
  // Warnings come with output; only errors must leave nothing written.
  const diagnostics = result.diagnostics.filter((d) => (d as { severity?: string }).severity !== 'warning');
  const problems: string[] = [];
  if (diagnostics.length === 0) {
    if (typeof js !== 'string' || typeof dts !== 'string') problems.push('no diagnostics but no output');
    return { problems, failed: false };
  }
  if (js !== null || dts !== null) problems.push('diagnostics but output');
  for (const d of diagnostics) {
    if (d.code === 'internal') problems.push(`internal compiler error: ${d.message}`);
    if (!(Number.isInteger(d.start) && d.start >= 0 && d.end >= d.start && d.end <= text.length)) problems.push(`diagnostic out of the file: ${JSON.stringify(d)}`);
    const { line, col } = lineCol(text, d.start);
    const shown = formatDiagnostic(d, text, fileName);
    if (!shown.startsWith(`${fileName}:${line}:${col}: error: `) || !d.message) problems.push(`badly formatted: ${shown}`);
  }
  return { problems, failed: true };
}

describe('hostile input', () => {
  it(`${FILES} mutated examples end in success or located diagnostics (seed ${seed}, ADGEN_FUZZ_SEED to change)`, () => {
    let failed = 0;
    for (let k = 0; k < FILES; k++) {
      const { name, text, applied } = mutant(k);
      const { problems, failed: f } = judge(text, name);
      if (f) failed++;
      if (problems.length) {
        throw new Error(`mutant ${k} of ${name} (${applied.join(', ')}; seed ${seed}):\n${problems.join('\n')}\n--- file ---\n${text}`);
      }
    }
    // Most mutants are broken; a run where none is would mean the mutator stopped working.
    expect(failed).toBeGreaterThan(FILES / 2);
  });

  const bin = path.join(root, 'bin/adgen.js');
  const built = existsSync(path.join(root, 'dist/cli/main.js'));
  it.skipIf(!built)(`the CLI on ${CLI_SAMPLE} broken files: exit 1, path:line:col, no stack trace, nothing written`, async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'adgen-hostile-'));
    const files: string[] = [];
    for (let k = 0; files.length < CLI_SAMPLE && k < FILES; k++) {
      const { name, text } = mutant(k);
      if (!judge(text, name).failed) continue; // valid mutants are not what this checks
      const file = path.join(dir, `m${k}-${name}`);
      writeFileSync(file, text);
      files.push(file);
    }
    for (let i = 0; i < files.length; i += 3) {
      const runs = await Promise.all(files.slice(i, i + 3).map((file) => run(bin, file).then((r) => ({ file, ...r }))));
      for (const { file, code, stdout, stderr } of runs) {
        expect(code, stderr).toBe(1);
        expect(stderr).toMatch(new RegExp(`${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: error: `));
        expect(stderr).not.toMatch(/\n\s+at /);
        expect(stdout).toBe('');
        expect(existsSync(file.replace(/\.ts$/, '.grad.js'))).toBe(false);
        expect(existsSync(file.replace(/\.ts$/, '.grad.d.ts'))).toBe(false);
      }
    }
    expect(files.length).toBe(CLI_SAMPLE);
  });
});

function run(bin: string, file: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, file], { encoding: 'utf8' }, (error, stdout, stderr) => {
      resolve({ code: error ? (typeof error.code === 'number' ? error.code : null) : 0, stdout, stderr });
    });
  });
}
