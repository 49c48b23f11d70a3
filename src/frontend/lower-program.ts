/**
 * lowerProgram: surface AST → fence → lowering → IRModule, collecting every diagnostic.
 *
 * Never throws: all of a file's errors come back from one run (the fence's, then the lowering's —
 * duplicates at the same position collapse), sorted by position. An unexpected exception inside
 * the lowering is a compiler bug and becomes one 'internal' diagnostic. The module is null
 * whenever there is any diagnostic.
 */
import type * as acorn from 'acorn';
import type { Diagnostic } from '../diagnostics.js';
import type { IRModule } from '../ir/types.js';
import { fence } from './fence.js';
import { lowerModule } from './lower-module.js';

export interface FrontendOptions {
  /** Restrict the active parameters to these names, in every function that has them. */
  wrt?: string[];
}

export interface FrontendResult {
  module: IRModule | null;
  diagnostics: Diagnostic[];
}

export function lowerProgram(program: acorn.Program, source: string, fileName: string, options: FrontendOptions = {}): FrontendResult {
  const diagnostics = fence(program, source);
  let module: IRModule | null = null;
  try {
    module = lowerModule(program, source, fileName, options.wrt, diagnostics);
  } catch (error) {
    const message = `internal compiler error (lowering): ${(error as Error).message ?? String(error)}`;
    diagnostics.push({ code: 'internal', message, start: 0, end: 0 });
  }
  const unique = dedupe(diagnostics);
  return { module: unique.length > 0 ? null : module, diagnostics: unique };
}

/** One diagnostic per source range (the fence and the lowering may both see a construct), by position. */
function dedupe(diagnostics: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  const out = diagnostics.filter((d) => {
    const key = `${d.start}:${d.end}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return out.sort((a, b) => a.start - b.start || a.end - b.end);
}
