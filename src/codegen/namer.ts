/**
 * The Namer hands out every JavaScript name of a generated module (as sucrase's NameManager
 * does), so user names can never collide with each other, with JavaScript, or with what the
 * generated code itself needs.
 *
 * Two levels:
 * - module names (exported functions, internal cores, registers, scratch arrays, the tape
 *   helpers). Public names are claimed exactly (`claim`) and fail loudly if impossible;
 *   internal ones are derived from a hint (`module`). All module names must be handed out
 *   before any function scope is used, so a local can never shadow a module name that its
 *   function refers to.
 * - one `Scope` per emitted function for its parameters and locals, derived from IR hints.
 * A hint is made a valid identifier (invalid characters become `_`), then suffixed `_1`, `_2`…
 * until it is free. Free means: not a reserved word, not a global the generated code uses (or
 * that a reader would expect: Math, Float64Array, NaN, undefined…), not taken at module level,
 * not taken in the scope. The same requests in the same order give the same names.
 */

const RESERVED = new Set(
  (
    'break case catch class const continue debugger default delete do else enum export extends false finally for ' +
    'function if import in instanceof new null return super switch this throw true try typeof var void while with ' +
    'yield let static implements interface package private protected public await arguments eval'
  ).split(' '),
);

/** Globals the generated code uses, plus common ones a reader would not expect to be shadowed. */
const GLOBALS = new Set(
  (
    'Math Float64Array Float32Array Int32Array Uint8Array Uint32Array Int8Array Int16Array Uint16Array ' +
    'Uint8ClampedArray BigInt64Array BigUint64Array ArrayBuffer SharedArrayBuffer DataView Array Object Number ' +
    'String Boolean Symbol BigInt Function Error TypeError RangeError Date RegExp JSON Reflect Proxy Promise Map ' +
    'Set WeakMap WeakSet NaN Infinity undefined globalThis isNaN isFinite parseFloat parseInt console process ' +
    'require module exports window self'
  ).split(' '),
);

const IDENTIFIER = /^[\p{ID_Start}$_][\p{ID_Continue}$\u200C\u200D]*$/u;
const START = /[\p{ID_Start}$_]/u;
const PART = /[\p{ID_Continue}$\u200C\u200D]/u;

export function isValidIdentifier(name: string): boolean {
  return IDENTIFIER.test(name) && !RESERVED.has(name);
}

/** Make `hint` a syntactically valid identifier (not yet checked for collisions). */
export function sanitize(hint: string): string {
  let out = '';
  for (const ch of hint) out += PART.test(ch) ? ch : '_';
  if (!out || !START.test([...out][0])) out = `_${out}`;
  return out;
}

export class Namer {
  private readonly taken = new Set<string>();
  private sealed = false;

  /** Claim `name` exactly at module level (a public export); throws if it cannot be used. */
  claim(name: string): string {
    if (!IDENTIFIER.test(name) || RESERVED.has(name) || GLOBALS.has(name)) {
      throw new Error(`adgen: cannot export a function named '${name}': it is a reserved word or a global the generated module needs`);
    }
    if (this.taken.has(name)) {
      throw new Error(`adgen: the generated name '${name}' is used twice (rename the function that clashes)`);
    }
    this.take(name);
    return name;
  }

  /** A fresh module-level name derived from `hint`. */
  module(hint: string): string {
    const name = this.pick(sanitize(hint), (n) => this.taken.has(n));
    this.take(name);
    return name;
  }

  /** A scope for one function's parameters and locals. */
  scope(): Scope {
    this.sealed = true;
    const suffixes = new Map<string, number>();
    return new Scope((n) => this.taken.has(n), (base, inUse) => this.pick(base, inUse, suffixes));
  }

  private take(name: string): void {
    if (this.sealed) throw new Error('internal error: module name requested after function scopes were created');
    this.taken.add(name);
  }

  private readonly suffixes = new Map<string, number>();

  /**
   * The first free name among base, base_1, base_2… Names are never released, so the search
   * for a base can resume where it last stopped (`suffixes`, one map per set of taken names):
   * same result, without quadratic time for thousands of `t`s.
   */
  private pick(base: string, inUse: (n: string) => boolean, suffixes = this.suffixes): string {
    const free = (n: string) => !RESERVED.has(n) && !GLOBALS.has(n) && !inUse(n);
    if (free(base)) return base;
    let i = suffixes.get(base) ?? 1;
    while (!free(`${base}_${i}`)) i++;
    suffixes.set(base, i + 1);
    return `${base}_${i}`;
  }
}

export class Scope {
  private readonly names = new Set<string>();

  constructor(
    private readonly moduleTaken: (n: string) => boolean,
    private readonly pick: (base: string, inUse: (n: string) => boolean) => string,
  ) {}

  /** A fresh local name derived from `hint`. */
  name(hint: string): string {
    const name = this.pick(sanitize(hint), (n) => this.names.has(n) || this.moduleTaken(n));
    this.names.add(name);
    return name;
  }
}
