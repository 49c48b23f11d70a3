/**
 * Property: a random program (test/util/progen.ts) split into files — its exported functions in
 * the entry, its helpers in another file imported by name or as a namespace — compiles to
 * exactly the module the one-file program compiles to (but for the header naming the source).
 * Linking must neither change what a helper means nor what the generated code is.
 */
import { describe, expect, it } from 'vitest';
import type * as acorn from 'acorn';
import { compile } from '../../src/compile.js';
import { parseFile } from '../../src/frontend/parse.js';
import { generateBatch } from '../util/progen.js';

interface Split {
  entry: string;
  helpers: string;
}

/** Exported statements stay; the others (with the comments before them) move to helpers.ts. */
function split(ts: string, asNamespace: boolean): Split {
  const { program } = parseFile(ts, 'one.ts');
  const body = program!.body as (acorn.Node & { type: string; id?: { name: string } })[];
  const kept: string[] = [];
  const moved: string[] = [];
  const names: string[] = [];
  let from = 0;
  for (const s of body) {
    const text = ts.slice(from, s.end);
    from = s.end;
    if (s.type === 'ExportNamedDeclaration') kept.push(text);
    else {
      moved.push(text.replace(/\bfunction\b/, 'export function'));
      if (s.id) names.push(s.id.name);
    }
  }
  let entry = kept.join('');
  if (asNamespace) {
    // h.name for every call of a helper (names are distinct identifiers of progen's).
    for (const n of names) entry = entry.replace(new RegExp(`\\b${n}\\(`, 'g'), `h.${n}(`);
  }
  const header = names.length === 0 ? '' : asNamespace ? `import * as h from './helpers.js';\n` : `import { ${names.join(', ')} } from './helpers';\n`;
  return { entry: header + entry, helpers: moved.join('') + '\n' };
}

const withoutHeader = (js: string | null) => js?.split('\n').slice(1).join('\n');

describe('split into files, compiled the same', () => {
  it('40 random programs, helpers imported by name or as a namespace', () => {
    let withHelpers = 0;
    let compiled = 0;
    for (let seed = 1; seed <= 40; seed++) {
      const batch = generateBatch(seed * 7919, 2, 3);
      const one = compile(batch.ts, { fileName: '/p/one.ts' });
      const parts = split(batch.ts, seed % 2 === 0);
      if (parts.helpers.trim()) withHelpers++;
      if (one.js) compiled++;
      const files: Record<string, string> = { '/p/helpers.ts': parts.helpers };
      const two = compile(parts.entry, { fileName: '/p/main.ts', readFile: (p) => files[p] });
      expect(two.diagnostics.map((d) => d.message), `seed ${seed}:\n${parts.entry}`).toEqual(one.diagnostics.map((d) => d.message));
      expect(withoutHeader(two.js), `seed ${seed}`).toBe(withoutHeader(one.js));
    }
    expect(withHelpers).toBeGreaterThan(15);
    expect(compiled).toBeGreaterThan(30);
  });
});
