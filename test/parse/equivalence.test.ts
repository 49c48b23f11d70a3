/**
 * The key property of the TypeScript front end: on plain JavaScript it produces exactly acorn's
 * ESTree, node for node and offset for offset.
 */
import { describe, expect, it } from 'vitest';
import { JS_CORPUS } from './corpus.js';
import { parseOk, plain } from './helpers.js';

describe('TS converter matches acorn on JavaScript', () => {
  for (const [name, source] of Object.entries(JS_CORPUS)) {
    it(name, () => {
      const js = parseOk(source, `${name}.js`);
      const ts = parseOk(source, `${name}.ts`);
      expect(plain(ts, { positions: true, adgen: true })).toEqual(plain(js, { positions: true, adgen: true }));
    });
  }
});
