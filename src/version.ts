/**
 * Small facts every part of adgen may need without loading the compiler (the CLI answers
 * `--help` and `--version` without loading ts-morph).
 */
import { readFileSync } from 'node:fs';

export const MODES = ['grad', 'jvp', 'hessian', 'hvp', 'jacobian', 'vjp'] as const;
export type Mode = (typeof MODES)[number];

export const VERSION: string = JSON.parse(
  readFileSync(new URL('../package.json', import.meta.url), 'utf8'),
).version;
