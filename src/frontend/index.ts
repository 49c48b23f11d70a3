/**
 * Front-end entry: load (the entry file and what it imports, linked into one program: load.ts)
 * → fence → lowering → IRModule.
 *
 * Never throws: every problem is a Diagnostic, and all of a file's errors come back from one run
 * (the fence's, then the lowering's — duplicates at the same position collapse). An unexpected
 * exception inside the lowering is a compiler bug and becomes one 'internal' diagnostic. The
 * module is null whenever there is any diagnostic. A diagnostic in an imported file names that
 * file (Diagnostic.file) and has that file's offsets.
 */
import type { Diagnostic } from '../diagnostics.js';
import { loadProgram, locate, packageNotes, type LoadedFile, type LoadOptions } from './load.js';
import { lowerProgram, type FrontendOptions, type FrontendResult } from './lower-program.js';
import { pointTags, type PointTags } from './point-tags.js';

export { lowerProgram, type FrontendOptions, type FrontendResult };

export interface LoadedFrontendResult extends FrontendResult {
  /** Absolute paths of the files read (the entry first). */
  inputs: string[];
  /** Gives diagnostics of later stages (offsets of the linked program) their files. */
  relocate: (diagnostics: Diagnostic[]) => Diagnostic[];
  /** The files read, laid end to end from offset 0 as the linked program's offsets count (for source maps). */
  files: LoadedFile[];
  /** Functions tagged @smooth / @nowarn (linked offsets), for the exact-point pass. */
  tags?: PointTags;
}

export function frontend(source: string, fileName: string, options: FrontendOptions & LoadOptions = {}): LoadedFrontendResult {
  const loaded = loadProgram(source, fileName, options);
  const inputs = loaded.files.map((f) => f.path);
  const relocate = (ds: Diagnostic[]) => locate(ds, loaded.files);
  const files = loaded.files;
  const withNotes = (ds: Diagnostic[]) => relocate([...packageNotes(ds, loaded.files), ...ds]);
  if (!loaded.program) return { module: null, diagnostics: withNotes(loaded.diagnostics), inputs, relocate, files };
  const lowered = lowerProgram(loaded.program, loaded.source, fileName, { ...options, types: loaded.types });
  return { ...lowered, diagnostics: withNotes(lowered.diagnostics), inputs, relocate, files, tags: pointTags(loaded.program) };
}
