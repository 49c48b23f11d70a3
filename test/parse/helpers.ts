/**
 * Helpers for the parser tests: turn an ESTree (acorn's class instances, or the TS converter's
 * plain objects) into plain comparable data, optionally without positions and adgen* fields,
 * and parse with a given extension asserting success.
 */
import { expect } from 'vitest';
import type * as acorn from 'acorn';
import { parseFile } from '../../src/frontend/parse.js';

const ADGEN_FIELDS = new Set(['adgenType', 'adgenReturnType', 'adgenDoc', 'adgenOptional']);

export interface PlainOptions {
  positions?: boolean;
  adgen?: boolean;
}

/** A deep plain copy: RegExp → its source text, BigInt → 'Nn', undefined fields dropped. */
export function plain(value: unknown, opts: PlainOptions = {}): unknown {
  if (value instanceof RegExp) return { regexp: String(value) };
  if (typeof value === 'bigint') return `${value}n`;
  if (Array.isArray(value)) return value.map((v) => plain(v, opts));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (v === undefined) continue;
    if (!opts.positions && (k === 'start' || k === 'end')) continue;
    if (!opts.adgen && ADGEN_FIELDS.has(k)) continue;
    out[k] = plain(v, opts);
  }
  return out;
}

/** Parses and asserts there were no diagnostics. */
export function parseOk(source: string, fileName: string): acorn.Program {
  const { program, diagnostics } = parseFile(source, fileName);
  expect(diagnostics, `${fileName}: ${source}`).toEqual([]);
  expect(program).not.toBeNull();
  return program!;
}

/** Every node of a tree, depth first (for searching by type). */
export function nodes(root: unknown): (acorn.Node & Record<string, unknown>)[] {
  const out: (acorn.Node & Record<string, unknown>)[] = [];
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (typeof v !== 'object' || v === null || v instanceof RegExp) return;
    if (typeof (v as { type?: unknown }).type === 'string') out.push(v as acorn.Node & Record<string, unknown>);
    Object.values(v).forEach(walk);
  };
  walk(root);
  return out;
}

export function firstOfType(root: unknown, type: string): acorn.Node & Record<string, unknown> {
  const found = nodes(root).find((n) => n.type === type);
  if (!found) throw new Error(`no ${type} node`);
  return found;
}
