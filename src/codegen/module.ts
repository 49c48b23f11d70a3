/**
 * Module assembly: compiled functions → the generated `.js` module and its `.d.ts`.
 *
 * Layout of the .js, in this order (deterministic: input order, fixed section order):
 *   header comment (templates/header.txt)
 *   helpers used by some function: the tape, symmetrize, putColumn (templates/)
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
import { generate } from 'astring';
import type * as ES from 'estree';
import { b } from './builders.js';
import { docComment } from './doc.js';
import { declarations, type DeclaredFunction } from './dts.js';
import { emitFunction, initialValue } from './function.js';
import { Namer } from './namer.js';
import { fnInfo, type FnInfo } from './signature.js';
import { tapeHelperText, usesTape, type TapeNames } from './tape.js';
import { fill, template } from './templates.js';
import type { CoreNames, Wrapper } from './wrapper.js';
import { scalarWrappers } from './wrappers-scalar.js';
import { vectorWrappers } from './wrappers-vector.js';
import type { ExportedFunction, IRFunction } from '../ir/types.js';

export interface CompiledFunction {
  exp: ExportedFunction;
  /** Forward mode. params [...primal params, ...tangents of the active params in order]; results [...primal results, ...their tangents]. */
  jvp?: { fn: IRFunction; dotOf: Map<string, string> };
  /** Reverse mode. params [...primal params, seed (f64, or f64[] for vector output), gradOut (f64[], overwritten)]; results = primal results. */
  grad?: IRFunction;
  /** Tangent of `grad`. params [...primal params, seed, gradOut, ...directions of the active params, gradOut_dot]; results [value, value_dot]. */
  hvp?: { fn: IRFunction; dotOf: Map<string, string> };
  /** Dense Hessian. params [...primal params, gradOut (n), hessOut (n*n row-major)]; results [value]. */
  hessian?: IRFunction;
}

export interface ModuleInput {
  /** Path of the source file relative to the project, for the header. */
  sourceName: string;
  version: string;
  functions: CompiledFunction[];
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

export function generateModule(input: ModuleInput): { js: string; dts: string } {
  input.functions.forEach(checkConventions);
  const namer = new Namer();
  const infos = input.functions.map((cf) => fnInfo(cf.exp));
  input.functions.forEach((cf, i) => publicNames(cf, infos[i]).forEach((n) => namer.claim(n)));
  const everyFn = input.functions.flatMap((cf) => [cf.exp.fn, cf.jvp?.fn, cf.grad, cf.hvp?.fn, cf.hessian].filter((f) => f !== undefined));
  const tape: TapeNames | undefined = everyFn.some(usesTape)
    ? { tape: namer.module('tape'), tp: namer.module('tp'), grow: namer.module('grow') }
    : undefined;
  const plans = input.functions.map((cf, i) => plan(cf, infos[i], namer));
  const helpers = helperNames(plans, namer);
  for (const p of plans) Object.assign(p.names, helpers);

  const header = fill(template('header.txt'), { version: input.version, source: oneLine(input.sourceName) }).trimEnd();
  const items: string[] = [header];
  if (tape) items.push(tapeHelperText(tape).trimEnd());
  if (helpers.symmetrize) items.push(fill(template('symmetrize.js'), { symmetrize: helpers.symmetrize }).trimEnd());
  if (helpers.putColumn) items.push(fill(template('put-column.js'), { putColumn: helpers.putColumn }).trimEnd());
  const decls: DeclaredFunction[] = [];
  for (const p of plans) {
    const { code, primalArgs, wrapperArgs } = emitFunctionItems(p, namer, tape);
    items.push(...code);
    decls.push({ info: p.info, primalArgs, wrappers: p.wrappers.map((w, i) => ({ wrapper: w, args: wrapperArgs[i] })) });
  }
  const js = items.join('\n\n') + '\n';
  const dts = declarations(header, decls);
  return { js, dts };
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
  return names;
}

function plan(cf: CompiledFunction, info: FnInfo, namer: Namer): Plan {
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
  if (cf.jvp) {
    const core = namer.module(`${f}_jvp_core`);
    names.jvp = { core, registers: registers(cf.jvp.fn, core) };
  }
  if (cf.grad) names.grad = { core: namer.module(`${f}_grad_core`) };
  if (cf.hvp) {
    const core = namer.module(`${f}_hvp_core`);
    names.hvp = { core, registers: registers(cf.hvp.fn, core) };
  }
  if (cf.hessian) names.hessian = { core: namer.module(`${f}_hessian_core`) };
  if (info.output === 'scalar' && cf.hvp && !cf.hessian) {
    const column = namer.module(`${f}_hessian_column`);
    state.push([column, b.new('Float64Array', b.num(0))]);
    const dirs = new Map<number, string>();
    for (const p of info.active.filter((q) => q.array)) {
      dirs.set(p.index, namer.module(`${f}_${p.hint}_dir`));
      state.push([dirs.get(p.index)!, b.new('Float64Array', b.num(0))]);
    }
    names.scratch = { column, dirs };
  }
  const wrappers = info.output === 'scalar' ? scalarWrappers(info, names) : vectorWrappers(info, names);
  const expected = publicNames(cf, info).slice(1);
  if (wrappers.map((w) => w.name).join() !== expected.join()) throw new Error('internal error: wrapper names out of sync');
  return { cf, info, names, wrappers, state, primalRegisters };
}

function helperNames(plans: Plan[], namer: Namer): Pick<CoreNames, 'symmetrize' | 'putColumn'> {
  const out: Pick<CoreNames, 'symmetrize' | 'putColumn'> = {};
  if (plans.some((p) => p.wrappers.some((w) => w.name.endsWith('_hessian_into')))) out.symmetrize = namer.module('symmetrize');
  if (plans.some((p) => p.info.output === 'vector' && p.names.jvp)) out.putColumn = namer.module('putColumn');
  return out;
}

/** A register starts with a value of the type it will hold (keeps the module monomorphic). */
function registerInit(fn: IRFunction, r: IRFunction['results'][number]): ES.Expression {
  if (r.kind === 'const') return typeof r.value === 'boolean' ? b.bool(false) : b.num(0);
  return initialValue(fn.vars.get(r.name)?.type ?? 'f64');
}

interface EmittedItems {
  code: string[];
  primalArgs: string[];
  wrapperArgs: string[][];
}

function emitFunctionItems(p: Plan, namer: Namer, tape: TapeNames | undefined): EmittedItems {
  const { cf, names } = p;
  const code: string[] = [];
  const primal = emitFunction(cf.exp.fn, names.primal, { scope: namer.scope(), registers: p.primalRegisters, tape });
  code.push(withDoc(cf.exp.doc, print(b.export(primal))));
  if (p.state.length) code.push(p.state.map(([n, init]) => print(b.let(n, init))).join('\n'));
  const core = (fn: IRFunction | undefined, name: string | undefined, registers: string[], what: string) => {
    if (!fn || !name) return;
    code.push(`// ${what}\n${print(emitFunction(fn, name, { scope: namer.scope(), registers, tape }))}`);
  };
  core(cf.jvp?.fn, names.jvp?.core, names.jvp?.registers ?? [], `Forward mode (internal): ${cf.jvp ? coreSignature(cf.jvp.fn) : ''}`);
  core(cf.grad, names.grad?.core, [], `Reverse mode (internal): ${cf.grad ? coreSignature(cf.grad) : ''}`);
  core(cf.hvp?.fn, names.hvp?.core, names.hvp?.registers ?? [], `Forward over reverse (internal): ${cf.hvp ? coreSignature(cf.hvp.fn) : ''}`);
  core(cf.hessian, names.hessian?.core, [], `Dense Hessian (internal): ${cf.hessian ? coreSignature(cf.hessian) : ''}`);
  const wrapperArgs = p.wrappers.map((w) => {
    const scope = namer.scope();
    const args = w.params.map((q) => scope.name(q.hint));
    code.push(withDoc(w.doc, print(b.export(b.fn(w.name, args, w.body(args, scope))))));
    return args;
  });
  return { code, primalArgs: primal.params.map((q) => (q as ES.Identifier).name), wrapperArgs };
}

function coreSignature(fn: IRFunction): string {
  return `(${fn.params.join(', ')}) -> (${fn.results.map((r) => (r.kind === 'var' ? r.name : String(r.value))).join(', ')})`;
}

function print(node: ES.Node): string {
  return generate(node, { comments: true, indent: '  ' }).trimEnd();
}

function withDoc(doc: string | undefined, code: string): string {
  const c = docComment(doc);
  return c ? `${c}\n${code}` : code;
}

const oneLine = (s: string) => s.replace(/[\r\n\u2028\u2029]+/g, ' ');

/** The calling conventions of the cores, checked so a mismatch fails here and not at run time. */
function checkConventions(cf: CompiledFunction): void {
  const k = cf.exp.fn.params.length;
  const a = cf.exp.wrt.length;
  const f = cf.exp.fn.name;
  const expect = (fn: IRFunction | undefined, params: number, minResults: number, what: string) => {
    if (!fn) return;
    if (fn.params.length !== params || fn.results.length < minResults) {
      throw new Error(`internal error: ${what} core of ${f} has ${fn.params.length} params / ${fn.results.length} results, expected ${params} / ≥${minResults}`);
    }
  };
  expect(cf.exp.fn, k, 1, 'primal');
  expect(cf.jvp?.fn, k + a, 2, 'jvp');
  expect(cf.grad, k + 2, 1, 'grad');
  expect(cf.hvp?.fn, k + 2 + a + 1, 1, 'hvp');
  expect(cf.hessian, k + 2, 1, 'hessian');
  for (const w of cf.exp.wrt) if (!cf.exp.fn.params.includes(w)) throw new Error(`internal error: ${f}: wrt ${w} is not a parameter`);
}
