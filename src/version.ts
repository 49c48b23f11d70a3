/**
 * Small facts every part of adgen may need without loading the compiler (the CLI answers
 * `--help` and `--version` without loading ts-morph).
 */
import { readFileSync } from 'node:fs';

export const MODES = ['grad', 'jvp', 'hessian', 'hvp', 'jacobian', 'vjp'] as const;
export type Mode = (typeof MODES)[number];

/**
 * Stages `--dump` can show: the lowered IR of each exported function, the tangent (forward) and
 * adjoint (reverse) functions straight out of AD, and every function as optimized for codegen.
 */
export const DUMP_STAGES = ['ir', 'tangent', 'adjoint', 'optimized'] as const;
export type DumpStage = (typeof DUMP_STAGES)[number];

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
