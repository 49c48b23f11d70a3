/**
 * adgen's programmatic API. `compile()` is the whole compiler; the CLI (src/cli) is a thin
 * wrapper over it. The IR, passes and runtime are exported for tools and tests.
 */
export { compile, differentiate, MODES, VERSION } from './compile.js';
export type { CompileOptions, CompileResult, Mode, SourceMap } from './compile.js';
export { formatDiagnostic, lineCol } from './diagnostics.js';
export type { Diagnostic } from './diagnostics.js';
export { checkModule, checkFile, formatReport } from './check/index.js';
export type { CheckOptions, CheckReport, CheckRow, Points } from './check/index.js';
