/**
 * compile(): the whole pipeline, top to bottom.
 *
 *   source ─parse→ ESTree ─fence/lower→ IR ─AD (forward, reverse, second order)→ IR
 *          ─optimize→ IR ─codegen→ JS module + .d.ts
 *
 * It never throws for bad input: every problem comes back as a Diagnostic (`file:line:col` is
 * produced by formatDiagnostic). An unexpected internal failure becomes an 'internal' diagnostic
 * too, so the CLI can report it without a stack trace.
 */
import { adjoint, hessianDense, hvp, isStraightLineScalar, tangent } from './ad/index.js';
import { exactPoints, type ExactPointOptions } from './ad/exact-point.js';
import { eraseMarkers } from './ad/markers.js';
import { generateModule, type CompiledFunction, type ModuleExport } from './codegen/module.js';
import { mapSources, type SourceMap } from './codegen/sourcemap.js';
import { CompileError, type Diagnostic } from './diagnostics.js';
import { frontend } from './frontend/index.js';
import { withStrictFolding } from './ir/builder.js';
import { c, type ExportedFunction, type IRFunction } from './ir/types.js';
import { forEachStmt } from './ir/walk.js';
import { optimize } from './opt/index.js';
import { mapAtomsDeep } from './opt/walk.js';
import { DUMP_STAGES, MODES, VERSION, type DumpStage, type Mode } from './version.js';

export { DUMP_STAGES, MODES, VERSION, type DumpStage, type Mode, type SourceMap };

export interface CompileOptions {
  /** Shown in diagnostics and used to pick the parser (.ts / .js). */
  fileName: string;
  /** Restrict the active parameters to these names, in every function that has them. */
  wrt?: string[];
  /** Which derivative entry points to emit (default: all that apply). */
  modes?: readonly Mode[];
  /** How the generated header names the source (default: fileName). */
  sourceName?: string;
  /** Called with the IR of each function at each stage (`adgen --dump`); see DumpStage. */
  dump?: DumpSink;
  /**
   * Reads the files the source imports, by absolute path (default: from disk); undefined
   * means there is no such file. Imports resolve from the directory of `fileName`.
   */
  readFile?: (path: string) => string | undefined;
  /**
   * Return a source map from the generated module to the source (default true). It names the
   * source `sourceName` (an imported file by its path from there) and embeds the texts; `file`
   * and the `//# sourceMappingURL=` comment are the writer's to add (the CLI does). The js is
   * the same either way.
   */
  sourceMap?: boolean;
  /**
   * Report warnings (default true): comparisons of an active value with a constant that pick
   * another formula at one point (src/ad/exact-point.ts). `false` is the CLI's `--no-warn`.
   */
  warnings?: boolean;
  /**
   * Tangent directions propagated per forward sweep (vector forward mode) in the colour groups of
   * the sparse Jacobian and Hessian entry points (default DEFAULT_LANES = 1: one sweep per colour).
   * The dense forward Jacobian and the HVP-column Hessian still take one sweep per column.
   */
  lanes?: number;
}

/**
 * Lanes per forward sweep. bench/problems/lanes.js measures 1, 2, 4 and 8 in V8: 4 lanes make a
 * sparse Jacobian 1.5× faster, but the k-lane cores double the module, so it is opt-in.
 */
export const DEFAULT_LANES = 1;

export type DumpSink = (stage: DumpStage, fn: IRFunction) => void;

/** The exact-point pass's settings, and the warnings it gives across the module's functions. */
type EdgeOptions = ExactPointOptions & { warnings: Diagnostic[] };

/** One warning per source range (a helper inlined into several functions warns once). */
function uniqueWarnings(ws: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return ws.filter((w) => !seen.has(`${w.start}:${w.end}`) && seen.add(`${w.start}:${w.end}`)).sort((a, b) => a.start - b.start);
}

/** What one exported function became: its parameters and the entry points emitted for it. */
export type ExportSummary = ModuleExport;

export interface CompileResult {
  js: string | null;
  dts: string | null;
  diagnostics: Diagnostic[];
  /** One entry per exported function of the input (present when js is). */
  exports?: ExportSummary[];
  /** Absolute paths of every file the result depends on: the entry and each file it imported. */
  inputs: string[];
  /** The source map of js (present when js is, unless `sourceMap: false`). */
  map?: SourceMap;
  /** The declaration map of dts: its declarations → the functions they declare (as `map`). */
  dtsMap?: SourceMap;
}

export function compile(source: string, options: CompileOptions): CompileResult {
  let inputs: string[] = [];
  let relocate = (ds: Diagnostic[]) => ds;
  try {
    // User code is lowered with IEEE-exact folding only (see differentiate).
    const front = withStrictFolding(() => frontend(source, options.fileName, { wrt: options.wrt, readFile: options.readFile }));
    const { module, diagnostics } = front;
    inputs = front.inputs;
    relocate = front.relocate;
    if (!module || diagnostics.length > 0) return { js: null, dts: null, diagnostics, inputs };
    const modes = new Set<Mode>(options.modes ?? MODES);
    const edges: EdgeOptions = { tags: front.tags, warn: options.warnings !== false, warnings: [] };
    const functions = module.functions.map((exp) => differentiate(exp, modes, options.dump, edges, options.lanes ?? DEFAULT_LANES));
    const sourceName = options.sourceName ?? options.fileName;
    const sources = options.sourceMap === false ? undefined : mapSources(front.files, sourceName);
    const { js, dts, exports, map, dtsMap } = generateModule({ sourceName, version: VERSION, functions, defaultExport: module.defaultExport, imports: module.imports, sources });
    return { js, dts, diagnostics: relocate(uniqueWarnings(edges.warnings)), exports, inputs, ...(map && { map }), ...(dtsMap && { dtsMap }) };
  } catch (error) {
    if (error instanceof CompileError) return { js: null, dts: null, diagnostics: relocate(error.diagnostics), inputs };
    const message = `internal compiler error: ${(error as Error).message ?? String(error)}`;
    return { js: null, dts: null, diagnostics: [{ code: 'internal', message, start: 0, end: 0 }], inputs };
  }
}

/**
 * Run the AD passes a function needs for the requested modes, optimizing each result.
 *
 * Two optimizations of the lowered function: the emitted primal gets the strict one (only
 * IEEE-exact rewrites: `f(...)` returns what the source returns, NaN from x*0 at x = ±∞ and the
 * signs of zeros included), the AD passes get the lax one (zero convention: x*0 → 0, x+0 → x,
 * 0-x → -x), which keeps derivative code small and untaken branches from leaking NaN. So the
 * `value` returned by a derivative entry point may differ from `f(...)` in exactly those edge
 * cases (NaN vs a number where the source multiplies ±∞ or NaN by a literal 0; -0 vs +0);
 * that is accepted and documented.
 */
export function differentiate(exp: ExportedFunction, modes: Set<Mode>, dump?: DumpSink, edges?: EdgeOptions, lanes = 1): CompiledFunction {
  dump?.('ir', exp.fn);
  const wrt = exp.wrt;
  // Only the derivatives see the exact-point rewrite; the primal keeps every shortcut.
  const points = exactPoints(optimize(exp.fn), wrt, edges);
  edges?.warnings.push(...points.warnings);
  const fn = points.fn;
  const scalar = exp.output === 'scalar';
  // Every function handed to codegen passes through here, so `--dump optimized` sees them all.
  // Derivative markers (stopGradient, custom rules) become plain copies in each finished function.
  const opt = (f: IRFunction, strict = false) => {
    const o = optimize(eraseMarkers(f), { strict });
    dump?.('optimized', o);
    return o;
  };
  const stage = <T extends { fn: IRFunction } | IRFunction>(name: DumpStage, r: T): T => {
    dump?.(name, 'fn' in r ? (r as { fn: IRFunction }).fn : (r as IRFunction));
    return r;
  };
  const out: CompiledFunction = { exp: { ...exp, fn: opt(exp.fn, true) } };
  if (wrt.length === 0) return out; // nothing to differentiate: the primal alone
  const optimized = <R extends { fn: IRFunction; dotOf: Map<string, string> }>(r: R): R => ({ ...r, fn: opt(r.fn) });
  if (modes.has('jvp') || (!scalar && modes.has('jacobian'))) out.jvp = optimized(stage('tangent', tangent(fn, wrt)));
  const wantsGrad = scalar ? ['grad', 'hessian', 'hvp'].some((m) => modes.has(m as Mode)) : modes.has('vjp') || modes.has('jacobian');
  if (wantsGrad) refuseTapedReverse(fn);
  if (wantsGrad) out.grad = opt(scalar ? withUnitSeed(stage('adjoint', adjoint(fn, wrt))) : stage('adjoint', adjoint(fn, wrt)));
  if (scalar && (modes.has('hvp') || modes.has('hessian'))) out.hvp = optimized(stage('tangent', hvp(fn, wrt)));
  if (scalar && modes.has('hessian') && isStraightLineScalar(fn, wrt)) out.hessian = opt(stage('adjoint', hessianDense(fn, wrt)));
  // k lanes per sweep for the derivatives that take many JVPs (Jacobians) or HVPs (Hessians of loop code).
  if (lanes > 1 && !scalar && modes.has('jacobian')) out.jvpLanes = { ...optimized(stage('tangent', tangent(fn, wrt, lanes))), lanes };
  if (lanes > 1 && scalar && modes.has('hessian') && !out.hessian) out.hvpLanes = { ...optimized(stage('tangent', hvp(fn, wrt, lanes))), lanes };
  return out;
}

/**
 * Reverse mode over code that already uses the tape (a nested gradient whose helper overwrites
 * values in loops) would need a tape of tapes: a located error naming the inner derivative.
 */
function refuseTapedReverse(fn: IRFunction): void {
  let loc: { start: number; end: number } | undefined;
  forEachStmt(fn.body, (s) => (loc ??= s.kind === 'push' ? s.loc : undefined));
  if (!loc) return;
  const message = `${fn.name} calls a derivative that needs a tape (values overwritten in loops, while loops), which cannot be differentiated in reverse mode again: compile it with --modes jvp, or mark its parameters @nondiff`;
  throw new CompileError([{ code: 'unsupported', message, start: loc.start, end: loc.end }]);
}

/**
 * A scalar function's gradient is always called with seed 1 (its `_grad` entry points pass 1), so
 * the seed is substituted by the literal before optimizing: `t * seed` folds away. The parameter
 * stays, unused, so the core keeps the reverse-mode calling convention.
 */
function withUnitSeed(grad: IRFunction): IRFunction {
  const seed = grad.params[grad.params.length - 2];
  const body = mapAtomsDeep(grad.body, (a) => (a.kind === 'var' && a.name === seed ? c(1) : a));
  return { ...grad, body };
}
