/**
 * The surface AST: the hand-off between the parsers and the lowering.
 *
 * Both front ends produce ESTree as acorn defines it (acorn's own `.d.ts` types), with byte
 * offsets `start`/`end` into the ORIGINAL source text:
 * - `.js`/`.mjs`: acorn parses directly.
 * - `.ts`: ts-morph parses; parse-ts.ts converts the TypeScript AST into the same ESTree subset,
 *   keeping type annotations as text in the extra fields below.
 * A TypeScript construct that has no ESTree counterpart the lowering could accept (class,
 * enum, namespace, decorators, …) becomes an `AdgenUnsupported` node so the fence can report it
 * with its location instead of the converter guessing.
 *
 * Everything after this point (fence, lowering) is language-agnostic.
 */
import type * as acorn from 'acorn';

/** Extra fields the TS converter attaches (absent for plain JS input). */
export interface TypeInfo {
  /** Source text of a parameter's or variable's type annotation, e.g. 'number', 'Float64Array', 'readonly number[]'. */
  adgenType?: string;
}

export interface FunctionInfo {
  /** Source text of the declared return type, e.g. 'number', '[number, number]'. */
  adgenReturnType?: string;
  /** The raw JSDoc comment text immediately before the function (or its `export const`), if any. */
  adgenDoc?: string;
}

/** A construct the converter could not express in ESTree; the fence reports it. */
export interface AdgenUnsupported extends acorn.Node {
  type: 'AdgenUnsupported';
  /** What it is, in words for the error message: 'class declaration', 'enum', 'type assertion', … */
  construct: string;
  /** The name it declares, if any (`enum E`, `namespace N`, `import x = require()`). */
  id?: acorn.Identifier;
}

/** Result of parsing one file: an ESTree program, or syntax diagnostics. */
export interface SurfaceFile {
  fileName: string;
  source: string;
  program: acorn.Program | null;
}
