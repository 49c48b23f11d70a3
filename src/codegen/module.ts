/**
 * Module assembly: compiled functions → the generated `.js` module and its `.d.ts`.
 *
 * Layout of the .js, in this order (deterministic: input order, fixed section order):
 *   header comment (templates/header.txt)
 *   helpers used by some function: the tape, symmetrize, putColumn, copyOut (templates/)
 *   per exported function f:
 *     export function f(...)                 the primal, with the user's JSDoc
 *     let f_jvp_core_r1 = 0; …               result registers and scratch arrays
 *     function f_grad_core(...) …            internal cores (not exported; names end in _core)
 *     export function f_grad(...) …          the public wrappers (wrappers-*.ts)
 *
 * Cores follow the conventions of CompiledFunction below; a core with several results returns
 * the first and leaves result k ≥ 1 in the module-level register `<core>_r<k>`, which wrappers
 * read right after the call (so cores allocate nothing to return several values).
 * Names: every module-level name is handed out by one Namer before any function body is
 * emitted (namer.ts). The IR is emitted as given: run the optimizer first.
 */
import type * as ES from 'estree';
import { b } from './builders.js';
import { docComment, wrapText } from './doc.js';
import { declarations, type DeclaredFunction } from './dts.js';
import { emitFunction, initialValue } from './function.js';
import { Namer } from './namer.js';
import { convertPrimalReturn } from './primal-return.js';
import { fnInfo, type FnInfo } from './signature.js';
import { tapeHelperText, usesTape, type TapeNames } from './tape.js';
import { fill, template } from './templates.js';
import { outShape, type CoreNames, type Slot, type Wrapper } from './wrapper.js';
import { scalarWrappers } from './wrappers-scalar.js';
import { vectorWrappers } from './wrappers-vector.js';
import { sparseWrappers } from './wrappers-sparse.js';
import { sparseEntry, sparseHelperNames, sparseHelperText, sparseNames } from './sparse-module.js';
import { emitPattern, patternHelpers } from './pattern.js';
import { declarationMap, joinPieces, located, prepend, printPiece, sourceMapOf, SourcePositions, textPiece, type MapSource, type Piece, type SourceMap } from './sourcemap.js';
import { isArrayType, type ExportedFunction, type IRFunction, type ModuleImport } from '../ir/types.js';

export interface CompiledFunction {
  exp: ExportedFunction;
  /**
   * Forward mode. params [...primal params, ...tangents of the active params in order, then
   * tangents of output array params (fed scratch arrays)]; results [...primal results, ...their
   * tangents]. Tangent params are identified through `dotOf` (primal param → tangent param).
   */
  jvp?: { fn: IRFunction; dotOf: Map<string, string> };
  /** Reverse mode. params [...primal params, seed (f64, or f64[] for vector output), gradOut (f64[], overwritten)]; results = primal results. */
  grad?: IRFunction;
  /** Tangent of `grad`. params [...primal params, seed, gradOut, ...directions of the active params, gradOut_dot]; results [value, value_dot]. */
  hvp?: { fn: IRFunction; dotOf: Map<string, string> };
  /** Dense Hessian. params [...primal params, gradOut (n), hessOut (n*n row-major)]; results [value]. */
  hessian?: IRFunction;
  /** jvp with `lanes` directions per sweep (forward.ts): k adjacent tangents per parameter; results [...primal, lane by lane tangents]. */
  jvpLanes?: LaneCore;
  /** hvp with `lanes` directions per sweep: k tangents per active parameter, k gradOut_dot arrays. */
  hvpLanes?: LaneCore;
}

export interface LaneCore {
  fn: IRFunction;
  dotOf: Map<string, string>;
  lanesOf: Map<string, string[]>;
  lanes: number;
}

export interface ModuleInput {
  /** Path of the source file relative to the project, for the header. */
  sourceName: string;
  version: string;
  functions: CompiledFunction[];
  /** Packages whose functions the code calls (derivatives from the source's rules). */
  imports?: ModuleImport[];
  /** An exported function to export as the default too (the source had `export default`). */
  defaultExport?: string;
  /** The files the IR's locations point into: given, the module comes with a source map. */
  sources?: MapSource[];
}

/** One exported function, planned: names handed out, wrappers chosen. */
interface Plan {
  cf: CompiledFunction;
  info: FnInfo;
  names: CoreNames;
  wrappers: Wrapper[];
  /** Module-level `let` declarations: registers and scratch arrays, with their initial values. */
  state: [string, ES.Expression][];
  primalRegisters: string[];
}

/** One exported function of the generated module: its parameters and public names (primal first). */
export interface ModuleExport {
  name: string;
  params: { name: string; kind: 'number' | 'array' | 'int-array'; active: boolean }[];
  output: 'scalar' | 'vector';
  entryPoints: string[];
}

export interface GeneratedModule {
  js: string;
  dts: string;
  exports: ModuleExport[];
  /** With ModuleInput.sources: the map from the js to them. */
  map?: SourceMap;
  /** With ModuleInput.sources: the map from the .d.ts's declarations to the functions they declare. */
  dtsMap?: SourceMap;
}

export function generateModule(input: ModuleInput): GeneratedModule {
  input.functions.forEach(checkConventions);
  const namer = new Namer();
  const infos = input.functions.map((cf) => fnInfo(cf.exp));
  input.functions.forEach((cf, i) => publicNames(cf, infos[i]).forEach((n) => namer.claim(n)));
  // Imported functions are called by their local names (src/ops/table.ts externOp).
  for (const imp of input.imports ?? []) imp.specifiers.forEach((s) => namer.claim(s.local));
  const everyFn = input.functions.flatMap((cf) => [cf.exp.fn, cf.jvp?.fn, cf.grad, cf.hvp?.fn, cf.hessian, cf.jvpLanes?.fn, cf.hvpLanes?.fn].filter((f) => f !== undefined));
  const tape: TapeNames | undefined = everyFn.some(usesTape)
    ? { tape: namer.module('tape'), tp: namer.module('tp'), grow: namer.module('grow') }
    : undefined;
  const sparseHelpers = input.functions.some((cf, i) => sparseEntry(cf, infos[i])) ? sparseHelperNames(namer) : undefined;
  const plans = input.functions.map((cf, i) => plan(cf, infos[i], namer, sparseHelpers));
  const helpers = helperNames(plans, namer);
  for (const p of plans) Object.assign(p.names, helpers);

  const header = fill(template('header.txt'), { version: input.version, source: oneLine(input.sourceName) }).trimEnd();
  const texts: string[] = [header];
  if (input.imports?.length) texts.push(importText(input.imports));
  if (tape) texts.push(tapeHelperText(tape).trimEnd());
  if (helpers.symmetrize) texts.push(fill(template('symmetrize.js'), { symmetrize: helpers.symmetrize }).trimEnd());
  if (helpers.putColumn) texts.push(fill(template('put-column.js'), { putColumn: helpers.putColumn }).trimEnd());
  if (helpers.copyOut) texts.push(fill(template('copy-out.js'), { copyOut: helpers.copyOut }).trimEnd());
  if (sparseHelpers) texts.push(sparseHelperText(sparseHelpers));
  const items = texts.map(textPiece);
  const positions = input.sources && new SourcePositions(input.sources);
  const decls: DeclaredFunction[] = [];
  for (const p of plans) {
    const { code, primalArgs, wrapperArgs } = emitFunctionItems(p, namer, tape, positions);
    items.push(...code);
    decls.push({ info: p.info, primalArgs, wrappers: p.wrappers.map((w, i) => ({ wrapper: w, args: wrapperArgs[i] })) });
  }
  if (input.defaultExport) items.push(textPiece(`export default ${input.defaultExport};`));
  const joined = joinPieces(items, '\n\n');
  const js = joined.text + '\n';
  const map = positions && sourceMapOf(joined.marks, positions.files);
  const dts = declarations(header, decls) + (input.defaultExport ? `export default ${input.defaultExport};\n` : '');
  const exports = plans.map((p): ModuleExport => ({
    name: p.info.name,
    params: p.info.params.map((q) => ({ name: q.hint, kind: q.array ? (q.int ? 'int-array' : 'array') : 'number', active: q.active })),
    output: p.info.output,
    entryPoints: [p.info.name, ...p.wrappers.map((w) => w.name)],
  }));
  const origin = new Map(plans.flatMap((p) => [p.info.name, ...p.wrappers.map((w) => w.name)].map((n) => [n, p.cf.exp.fn.loc] as const)));
  const dtsMap = positions && declarationMap(dts, (name) => origin.get(name), positions);
  return { js, dts, exports, map, dtsMap };
}

/** The exact public names of a function and its wrappers (claimed before anything else). */
function publicNames(cf: CompiledFunction, info: FnInfo): string[] {
  const f = info.name;
  const names = [f];
  if (info.output === 'scalar') {
    if (cf.grad) names.push(`${f}_grad`, `${f}_grad_into`);
    if (cf.jvp) names.push(`${f}_jvp`, `${f}_jvp_tangent`);
    if (cf.hvp) names.push(`${f}_hvp`, `${f}_hvp_into`);
    if (cf.hvp || cf.hessian) names.push(`${f}_hessian`, `${f}_hessian_into`);
  } else {
    if (cf.jvp || cf.grad) names.push(`${f}_jacobian`);
    if (cf.jvp) names.push(`${f}_jvp`);
    if (cf.grad) names.push(`${f}_vjp`, `${f}_vjp_into`);
  }
  const sparse = sparseEntry(cf, info);
  if (sparse) names.push(sparse);
  return names;
}

function plan(cf: CompiledFunction, info: FnInfo, namer: Namer, sparseHelpers: Record<string, string> | undefined): Plan {
  const f = info.name;
  const state: [string, ES.Expression][] = [];
  const registers = (fn: IRFunction, core: string) =>
    fn.results.slice(1).map((r, i) => {
      const name = namer.module(`${core}_r${i + 1}`);
      state.push([name, registerInit(fn, r)]);
      return name;
    });
  const names: CoreNames = { primal: f };
  const primalRegisters = registers(cf.exp.fn, f);
  const scratch = (p: number) => {
    const name = namer.module(`${f}_${info.params[p].hint}_dot`);
    state.push([name, b.new('Float64Array', b.num(0))]);
    return name;
  };
  if (cf.jvp) {
    const core = namer.module(`${f}_jvp_core`);
    names.jvp = { core, registers: registers(cf.jvp.fn, core), slots: slotsOf(cf.jvp, cf.exp, info, 'jvp', scratch) };
  }
  if (cf.grad) names.grad = { core: namer.module(`${f}_grad_core`) };
  if (cf.hvp) {
    const core = namer.module(`${f}_hvp_core`);
    names.hvp = { core, registers: registers(cf.hvp.fn, core), slots: slotsOf(cf.hvp, cf.exp, info, 'hvp', scratch) };
  }
  if (cf.hessian) names.hessian = { core: namer.module(`${f}_hessian_core`) };
  for (const [kind, lc] of [['jvp', cf.jvpLanes], ['hvp', cf.hvpLanes]] as const) {
    if (!lc) continue;
    const core = namer.module(`${f}_${kind}${lc.lanes}_core`);
    const laneScratch = (p: number, lane: number) => {
      const name = namer.module(`${f}_${info.params[p].hint}_dot${lane + 1}`);
      state.push([name, b.new('Float64Array', b.num(0))]);
      return name;
    };
    const fc = { core, registers: registers(lc.fn, core), slots: laneSlots(lc, cf.exp, info, kind, laneScratch), lanes: lc.lanes };
    if (kind === 'jvp') names.jvpLanes = fc;
    else names.hvpLanes = fc;
  }
  names.flat = flatScratch(cf, info, (hint, length) => {
    const name = namer.module(`${f}_${hint}`);
    state.push([name, b.new('Float64Array', b.num(length))]);
    return name;
  });
  if (info.output === 'scalar' && cf.hvp && !cf.hessian) {
    const column = namer.module(`${f}_hessian_column`);
    state.push([column, b.new('Float64Array', b.num(0))]);
    const dirs = new Map<number, string>();
    for (const p of info.active.filter((q) => q.array)) {
      dirs.set(p.index, namer.module(`${f}_${p.hint}_dir`));
      state.push([dirs.get(p.index)!, b.new('Float64Array', b.num(0))]);
    }
    // Each column's HVP runs on copies of the arrays the function writes (see hessianIntoBody).
    const work = new Map<number, string>();
    for (const p of info.params.filter((q) => q.array && q.written)) {
      work.set(p.index, namer.module(`${f}_${p.hint}_work`));
      state.push([work.get(p.index)!, b.new(p.int ? 'Int32Array' : 'Float64Array', b.num(0))]);
    }
    names.scratch = { column, dirs, work };
  }
  if (sparseHelpers && sparseEntry(cf, info)) names.sparse = sparseNames(f, info, namer, sparseHelpers, state, (info.output === 'scalar' ? names.hvpLanes : names.jvpLanes)?.lanes ?? 1);
  const wrappers = [...(info.output === 'scalar' ? scalarWrappers(info, names) : vectorWrappers(info, names)), ...sparseWrappers(info, names)];
  const expected = publicNames(cf, info).slice(1);
  if (wrappers.map((w) => w.name).join() !== expected.join()) throw new Error('internal error: wrapper names out of sync');
  return { cf, info, names, wrappers, state, primalRegisters };
}

/**
 * The scratch buffers of the allocating wrappers (CoreNames.flat). Without active arrays the
 * gradient's length is known here, so its buffer is allocated once, at that length; the Hessian's
 * too (n²); otherwise they start empty and the wrappers resize them.
 */
function flatScratch(cf: CompiledFunction, info: FnInfo, declare: (hint: string, length: number) => string): CoreNames['flat'] {
  const shape = outShape(info);
  const n = shape === 'scalars' ? info.active.length : 0;
  const wantsGrad = info.output === 'scalar' ? cf.grad || cf.hvp : cf.grad;
  const scalar = info.output === 'scalar';
  const grad = wantsGrad && shape !== 'array' ? declare('grad_flat', n) : undefined;
  const hvp = scalar && cf.hvp && shape !== 'array' ? declare('hvp_flat', n) : undefined;
  const hess = scalar && (cf.hvp || cf.hessian) ? declare('hess_flat', n * n) : undefined;
  return { grad, hvp, hess };
}

/** What each parameter of a forward-mode core receives (see Slot in wrapper.ts). */
function slotsOf(core: { fn: IRFunction; dotOf: Map<string, string> }, exp: ExportedFunction, info: FnInfo, kind: 'jvp' | 'hvp', scratch: (param: number) => string): Slot[] {
  const primal = exp.fn.params;
  const k = primal.length;
  const of = new Map([...core.dotOf].map(([p, d]) => [d, p]));
  const gradOut = kind === 'hvp' ? core.fn.params[k + 1] : undefined;
  return core.fn.params.map((q, i): Slot => {
    if (i < k) return { kind: 'arg', index: i };
    if (kind === 'hvp' && i === k) return { kind: 'seed' };
    if (kind === 'hvp' && i === k + 1) return { kind: 'gradOut' };
    const p = of.get(q);
    if (p === undefined) {
      // Not in dotOf: fall back on the documented positions.
      const first = kind === 'hvp' ? k + 2 : k;
      if (i - first < exp.wrt.length) return { kind: 'dir', active: i - first };
      if (kind === 'hvp' && i === core.fn.params.length - 1) return { kind: 'gradOutDot' };
    }
    if (p !== undefined && p === gradOut) return { kind: 'gradOutDot' };
    const active = p === undefined ? -1 : info.active.findIndex((a) => primal[a.index] === p);
    if (active >= 0) return { kind: 'dir', active };
    const index = p === undefined ? -1 : primal.indexOf(p);
    if (index < 0 || !isArrayType(exp.fn.vars.get(p!)!.type)) {
      throw new Error(`internal error: ${kind} core of ${exp.fn.name}: parameter ${q} is no tangent of an active or array parameter`);
    }
    return { kind: 'scratch', param: index, name: scratch(index) };
  });
}

/** What each parameter of a k-lane core receives: as slotsOf, each tangent with its lane. */
function laneSlots(core: LaneCore, exp: ExportedFunction, info: FnInfo, kind: 'jvp' | 'hvp', scratch: (param: number, lane: number) => string): Slot[] {
  const primal = exp.fn.params;
  const k = primal.length;
  const of = new Map([...core.lanesOf].flatMap(([p, names]) => names.map((d, lane) => [d, { p, lane }] as const)));
  const gradOut = kind === 'hvp' ? core.fn.params[k + 1] : undefined;
  return core.fn.params.map((q, i): Slot => {
    if (i < k) return { kind: 'arg', index: i };
    if (kind === 'hvp' && i === k) return { kind: 'seed' };
    if (kind === 'hvp' && i === k + 1) return { kind: 'gradOut' };
    const at = of.get(q);
    if (!at) throw new Error(`internal error: ${kind} lanes core of ${exp.fn.name}: parameter ${q} is no tangent`);
    if (at.p === gradOut) return { kind: 'gradOutDot', lane: at.lane };
    const active = info.active.findIndex((a) => primal[a.index] === at.p);
    if (active >= 0) return { kind: 'dir', active, lane: at.lane };
    const index = primal.indexOf(at.p);
    return { kind: 'scratch', param: index, name: scratch(index, at.lane) };
  });
}

function helperNames(plans: Plan[], namer: Namer): Pick<CoreNames, 'symmetrize' | 'putColumn' | 'copyOut'> {
  const out: Pick<CoreNames, 'symmetrize' | 'putColumn' | 'copyOut'> = {};
  if (plans.some((p) => p.wrappers.some((w) => w.name.endsWith('_hessian_into')))) out.symmetrize = namer.module('symmetrize');
  if (plans.some((p) => p.info.output === 'vector' && p.names.jvp)) out.putColumn = namer.module('putColumn');
  const copies = (p: Plan) => p.wrappers.some((w) => w.name.endsWith('_hessian')) || (outShape(p.info) === 'mixed' && p.names.flat?.grad !== undefined);
  if (plans.some(copies)) out.copyOut = namer.module('copyOut');
  return out;
}

/** A register starts with a value of the type it will hold (keeps the module monomorphic). */
function registerInit(fn: IRFunction, r: IRFunction['results'][number]): ES.Expression {
  if (r.kind === 'const') return typeof r.value === 'boolean' ? b.bool(false) : b.num(0);
  return initialValue(fn.vars.get(r.name)?.type ?? 'f64');
}

interface EmittedItems {
  code: Piece[];
  primalArgs: string[];
  wrapperArgs: string[][];
}

function emitFunctionItems(p: Plan, namer: Namer, tape: TapeNames | undefined, positions: SourcePositions | undefined): EmittedItems {
  const { cf, names } = p;
  const code: Piece[] = [];
  const locate = positions && ((loc: IRFunction['loc']) => positions.locate(loc));
  const mapped = positions !== undefined;
  const print = (node: ES.Node) => printPiece(node, mapped);
  const primal = emitFunction(cf.exp.fn, names.primal, { scope: namer.scope(), registers: p.primalRegisters, tape, locate });
  convertPrimalReturn(primal, p.info, cf.exp.fn);
  code.push(withDoc(cf.exp.doc, print(b.export(primal))));
  if (p.state.length) code.push(textPiece(p.state.map(([n, init]) => printPiece(b.let(n, init), false).text).join('\n')));
  const f = names.primal;
  const core = (fn: IRFunction | undefined, name: string | undefined, registers: string[], what: (params: string[]) => string) => {
    if (!fn || !name) return;
    const decl = emitFunction(fn, name, { scope: namer.scope(), registers, tape, locate });
    const params = decl.params.map((q) => (q as ES.Identifier).name);
    code.push(prepend(`// ${what(params)}\n`, print(decl)));
  };
  const last = (params: string[], k = 1) => params[params.length - k];
  const regs = (r: string[] | undefined) => (r?.length ? `; its tangent is left in ${r.join(', ')}` : '');
  core(cf.jvp?.fn, names.jvp?.core, names.jvp?.registers ?? [], () => `Forward mode (internal): returns ${f}${regs(names.jvp?.registers)}.`);
  core(cf.grad, names.grad?.core, [], (q) => `Reverse mode (internal): returns ${f} and overwrites ${last(q)} with ${last(q, 2)} times the derivative.`);
  core(cf.hvp?.fn, names.hvp?.core, names.hvp?.registers ?? [], (q) =>
    `Forward over reverse (internal): as ${names.grad?.core ?? 'the reverse core'}, and writes the Hessian times the directions to ${last(q)}.`);
  core(cf.hessian, names.hessian?.core, [], (q) => `Dense Hessian (internal): returns ${f}, writes the gradient to ${last(q, 2)} and the Hessian to ${last(q)} (row-major).`);
  core(cf.jvpLanes?.fn, names.jvpLanes?.core, names.jvpLanes?.registers ?? [], () =>
    `Vector forward mode (internal): ${cf.jvpLanes?.lanes} directions in one sweep; returns ${f}${regs(names.jvpLanes?.registers)}, lane by lane.`);
  core(cf.hvpLanes?.fn, names.hvpLanes?.core, names.hvpLanes?.registers ?? [], () =>
    `Forward over reverse with ${cf.hvpLanes?.lanes} directions in one sweep (internal): as ${names.hvp?.core ?? 'the HVP core'}, one Hessian-times-direction array per lane.`);
  if (names.sparse) {
    const kind = p.info.output === 'scalar' ? 'hessian' : 'jacobian';
    const decl = emitPattern(cf.exp.fn, p.info, kind, names.sparse.pattern, patternHelpers(names.sparse.helpers), namer.scope());
    code.push(prepend(`// Sparsity pattern (internal): ${f} run on index sets of the active scalars (see ${kind === 'hessian' ? 'the Hessian pairs in ctx' : 'the returned rows'}).\n`, print(decl)));
  }
  // A wrapper's statements all stand for the user's function as a whole: its declaration.
  const whole = locate?.(cf.exp.fn.loc);
  const wrapperArgs = p.wrappers.map((w) => {
    const scope = namer.scope();
    const args = w.params.map((q) => scope.name(q.hint));
    const body = w.body(args, scope).map((st) => located(st, whole));
    code.push(withDoc(wrapText(w.doc), print(b.export(located(b.fn(w.name, args, body), whole)))));
    return args;
  });
  return { code, primalArgs: primal.params.map((q) => (q as ES.Identifier).name), wrapperArgs };
}

function withDoc(doc: string | undefined, code: Piece): Piece {
  const c = docComment(doc);
  return c ? prepend(`${c}\n`, code) : code;
}

const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

/** The calling conventions of the cores, checked so a mismatch fails here and not at run time. */
function checkConventions(cf: CompiledFunction): void {
  const k = cf.exp.fn.params.length;
  const a = cf.exp.wrt.length;
  const f = cf.exp.fn.name;
  const expect = (fn: IRFunction | undefined, params: number, minResults: number, what: string, more = false) => {
    if (!fn) return;
    if ((more ? fn.params.length < params : fn.params.length !== params) || fn.results.length < minResults) {
      throw new Error(`internal error: ${what} core of ${f} has ${fn.params.length} params / ${fn.results.length} results, expected ${params} / ≥${minResults}`);
    }
  };
  expect(cf.exp.fn, k, 1, 'primal');
  expect(cf.jvp?.fn, k + a, 2, 'jvp', true);
  expect(cf.grad, k + 2, 1, 'grad');
  expect(cf.hvp?.fn, k + 2 + a + 1, 1, 'hvp', true);
  expect(cf.hessian, k + 2, 1, 'hessian');
  for (const w of cf.exp.wrt) if (!cf.exp.fn.params.includes(w)) throw new Error(`internal error: ${f}: wrt ${w} is not a parameter`);
}

/** `import { f, g as h } from 'pkg';` lines, after a note that the module is not standalone. */
function importText(imports: ModuleImport[]): string {
  const lines = [`// Not standalone: it calls functions of ${imports.map((i) => `'${i.source}'`).join(', ')}, whose derivatives the source supplies.`];
  for (const imp of imports) {
    const named = imp.specifiers.filter((s) => s.imported !== 'default').map((s) => (s.imported === s.local ? s.local : `${s.imported} as ${s.local}`));
    const def = imp.specifiers.find((s) => s.imported === 'default')?.local;
    const clauses = [...(def ? [def] : []), ...(named.length ? [`{ ${named.join(', ')} }`] : [])];
    lines.push(`import ${clauses.join(', ')} from ${JSON.stringify(imp.source)};`);
  }
  return lines.join('\n');
}
