/**
 * Where `adgen check` evaluates each exported function: the points its JSDoc gives
 * (`@check 3, [1, 2]` — the arguments as JSON — or `@example f(3, [1, 2])`), the points of a
 * points file (`{ "f": [[3, [1, 2]], …] }`), or else points generated from the declared
 * parameter types: numbers in [0.5, 1.5] (inside the domain of log, sqrt, acos·0.5 …, away from
 * the kinks of abs and max at 0), floating-point arrays of length 3, integer arrays of small
 * indices, passive numbers 3 (they are usually sizes or counts). A seeded generator makes every
 * run evaluate the same points.
 */
import type { ExportSummary } from '../compile.js';

export type Arg = number | Float64Array | Int32Array;
export type Points = Record<string, unknown[][]>;

export const ARRAY_LENGTH = 3;

/** mulberry32: a small, fast, well-distributed 32-bit generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function generatedPoint(exp: ExportSummary, random: () => number): Arg[] {
  return exp.params.map((p) => {
    if (p.kind === 'int-array') return Int32Array.from({ length: ARRAY_LENGTH }, () => Math.floor(random() * ARRAY_LENGTH));
    if (p.kind === 'array') return Float64Array.from({ length: ARRAY_LENGTH }, () => 0.5 + random());
    return p.active ? 0.5 + random() : ARRAY_LENGTH;
  });
}

/** A JSON point as arguments: arrays become the typed arrays the parameters declare. */
export function toArgs(exp: ExportSummary, values: unknown[], where: string): Arg[] {
  if (values.length !== exp.params.length) throw new Error(`${where}: ${exp.name} takes ${exp.params.length} arguments, the point has ${values.length}`);
  return exp.params.map((p, i) => {
    const v = values[i];
    if (p.kind === 'number') {
      if (typeof v !== 'number') throw new Error(`${where}: argument ${p.name} of ${exp.name} must be a number`);
      return v;
    }
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'number')) throw new Error(`${where}: argument ${p.name} of ${exp.name} must be an array of numbers`);
    return p.kind === 'int-array' ? Int32Array.from(v) : Float64Array.from(v);
  });
}

/** The `@check` and `@example` points written in the JSDoc of each exported function. */
export function docPoints(source: string): Points {
  const out: Points = {};
  for (const m of source.matchAll(/\/\*\*((?:[^*]|\*(?!\/))*)\*\/\s*export\s+function\s+([\w$]+)/g)) {
    const [, doc, name] = m;
    for (const line of doc.split('\n').map((l) => l.replace(/^\s*\*?\s?/, ''))) {
      const text = pointText(line, name);
      if (text === undefined) continue;
      try {
        (out[name] ??= []).push(JSON.parse(`[${text}]`));
      } catch {
        throw new Error(`${name}: cannot read the point "${text}" (write the arguments as JSON numbers and arrays)`);
      }
    }
  }
  return out;
}

function pointText(line: string, name: string): string | undefined {
  const check = /@check\s+(.*)$/.exec(line);
  if (check) return check[1].trim();
  const example = new RegExp(`@example\\s+${name.replace(/\$/g, '\\$')}\\((.*)\\)`).exec(line);
  return example ? balancedPrefix(example[1]) : undefined;
}

/** `3, [1, 2]) // 42` → `3, [1, 2]`: the text up to the parenthesis closing the call. */
function balancedPrefix(text: string): string {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && depth-- === 0) return text.slice(0, i);
  }
  return text;
}
