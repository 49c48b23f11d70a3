/**
 * The source's type annotations, read as text (the TS converter keeps them as `adgenType` /
 * `adgenReturnType`; plain JavaScript has none). adgen accepts `number`, arrays of numbers
 * (`number[]`, `readonly number[]`, `Array<number>`, `ReadonlyArray<number>`, `ArrayLike<number>`,
 * number tuples, `Float64Array`, `Float32Array` — all computed in double) and integer typed arrays
 * (data, never differentiated).
 */
import { INT_ARRAYS } from './lower-array.js';
import type { ParamKind } from './lower-context.js';

const normalize = (text: string): string => text.replace(/\s+/g, ' ').trim();

const F64_ARRAY_TYPES = [
  /^(readonly )?number ?\[\]$/,
  /^(Readonly)?Array ?< ?number ?>$/,
  /^ArrayLike ?< ?number ?>$/,
  /^Float(64|32)Array$/,
  /^(readonly )?\[ ?number( ?, ?number)* ?\]$/,
];

/** The kind of a declared type, or undefined when adgen does not take it. */
export function kindOfType(text: string): ParamKind | undefined {
  const t = normalize(text);
  if (t === 'number') return 'num';
  if (F64_ARRAY_TYPES.some((re) => re.test(t))) return 'f64[]';
  if (INT_ARRAYS.has(t)) return 'int[]';
  return undefined;
}

/** 'scalar', 'vector', 'void' or 'boolean' for a declared return type; undefined if unsupported. */
export function returnKind(text: string): 'scalar' | 'vector' | 'void' | 'boolean' | undefined {
  const t = normalize(text);
  if (t === 'void') return 'void';
  if (t === 'boolean') return 'boolean';
  const kind = kindOfType(t);
  if (kind === 'num') return 'scalar';
  if (kind === 'f64[]') return 'vector';
  return undefined;
}

/** Declared types of JSDoc `@param {Type} name` tags (for JavaScript input). */
export function jsdocParamTypes(doc: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  if (!doc) return out;
  for (const m of doc.matchAll(/@param\s+\{([^}]+)\}\s+\[?([A-Za-z_$][\w$]*)/g)) out.set(m[2], m[1].trim());
  return out;
}

/** Names listed by a JSDoc `@wrt a b` (or `@wrt a, b`) tag; undefined when there is none. */
export function jsdocWrt(doc: string | undefined): string[] | undefined {
  return jsdocNames(doc, 'wrt');
}

/** Names listed by a JSDoc tag such as `@nondiff k n`; undefined when the tag is absent. */
export function jsdocNames(doc: string | undefined, tag: string): string[] | undefined {
  const m = doc?.match(new RegExp(`@${tag}\\b([^@\\n]*)`));
  if (!m) return undefined;
  return m[1]
    .replace(/\*\/\s*$/, '')
    .split(/[\s,*]+/)
    .filter((s) => /^[A-Za-z_$][\w$]*$/.test(s));
}
