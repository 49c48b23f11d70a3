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
import { createTypeOracle, type TypeOracle } from './load-types.js';
import { lowerModule } from './lower-module.js';

export interface FrontendOptions {
  /** Restrict the active parameters to these names, in every function that has them. */
  wrt?: string[];
  /** Declared types of the loaded files (default: an oracle over this one file). */
  types?: TypeOracle;
}

export interface FrontendResult {
  module: IRModule | null;
  diagnostics: Diagnostic[];
}

export function lowerProgram(program: acorn.Program, source: string, fileName: string, options: FrontendOptions = {}): FrontendResult {
  const fenced = fence(program, source);
  const lowered: Diagnostic[] = [];
  let module: IRModule | null = null;
  try {
    const oracle = options.types ?? createTypeOracle([{ path: fileName, source, base: 0 }]);
    module = lowerModule(program, source, fileName, options.wrt, lowered, oracle);
  } catch (error) {
    const message = `internal compiler error (lowering): ${(error as Error).message ?? String(error)}`;
    lowered.push({ code: 'internal', message, start: 0, end: 0 });
  }
  const diagnostics = merge(fenced, lowered);
  return { module: diagnostics.length > 0 ? null : module, diagnostics };
}

/**
 * The fence's diagnostics, plus the lowering's where the fence said nothing about that range
 * (both may see one construct), each once (a helper inlined twice reports its errors twice),
 * sorted by position.
 */
function merge(fenced: Diagnostic[], lowered: Diagnostic[]): Diagnostic[] {
  const range = (d: Diagnostic) => `${d.start}:${d.end}`;
  const fencedRanges = new Set(fenced.map(range));
  const seen = new Set<string>();
  const extra = lowered.filter((d) => {
    const key = `${range(d)}:${d.message}`;
    if (fencedRanges.has(range(d)) || seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  return [...fenced, ...extra].sort((a, b) => a.start - b.start || a.end - b.end);
}
