/**
 * Front-end entry: source → surface AST (parse.ts) → fence → lowering → IRModule.
 *
 * Never throws: every problem is a Diagnostic, and all of a file's errors come back from one run
 * (the fence's, then the lowering's — duplicates at the same position collapse). An unexpected
 * exception inside the lowering is a compiler bug and becomes one 'internal' diagnostic. The
 * module is null whenever there is any diagnostic.
 */
import { lowerProgram, type FrontendOptions, type FrontendResult } from './lower-program.js';
import { parseFile } from './parse.js';

export { lowerProgram, type FrontendOptions, type FrontendResult };

export function frontend(source: string, fileName: string, options: FrontendOptions = {}): FrontendResult {
  const parsed = parseFile(source, fileName);
  if (!parsed.program || parsed.diagnostics.length > 0) return { module: null, diagnostics: parsed.diagnostics };
  return lowerProgram(parsed.program, source, fileName, options);
}
