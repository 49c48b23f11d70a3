/**
 * Random VALID adgen programs for the reliability property tests (test/reliability).
 *
 * `generateBatch(seed, count, size)` deterministically builds `count` exported functions (each
 * with its own non-exported helpers) in one source file, rendered twice: as TypeScript (types
 * only in parameter and return annotations) and as the same text without annotations, which is
 * plain JavaScript and serves as the reference semantics. Each function comes with its shapes
 * and an argument generator.
 *
 * Coverage: + - * / % ** and unary -, every Math function of the op table and Math constants,
 * ?:, if/else, early returns, argument checks that throw, helper calls (scalar helpers and helpers with array out-params),
 * counted loops (up, down, step 2, constant bounds), while, do-while, for-of, break, continue,
 * reductions, locals overwritten in loops (`E = E - c·g(E)`), in-place writes to array
 * parameters, local arrays, vector outputs and `@wrt`.
 *
 * Domains: every operation's input is kept inside its domain by construction (log/sqrt of
 * a positive expression, asin/acos/atanh of tanh(e)·0.9, acosh of 1.5 + e², pow with a positive
 * base...), and exp-like functions only see bounded arguments, so values stay finite and
 * moderate. Kinks (abs, max/min, comparisons, %, floor...) remain possible: finite-difference
 * checks detect them by comparing two step sizes. `Math.fround` (derivative 0 by convention, but
 * numerically the identity) is only applied to passive values, so differences stay meaningful.
 */
import { rng } from './inputs.js';

export type ParamKind = 'num' | 'arr';

export interface GenParam {
  name: string;
  kind: ParamKind;
}

export interface GenFunction {
  name: string;
  params: GenParam[];
  /** Active parameters (all, or the `@wrt` subset). */
  wrt: string[];
  output: 'scalar' | 'vector';
  /** Writes into an array parameter in place. */
  writesParams: boolean;
  /** Length of every array argument. */
  arrayLength: number;
  /** The function and its helpers, TypeScript and JavaScript. */
  ts: string;
  js: string;
  /** Fresh arguments in the function's domain. */
  args: (r: () => number) => (number | Float64Array)[];
}

export interface GenBatch {
  seed: number;
  ts: string;
  js: string;
  functions: GenFunction[];
}

/** The text of a function in both languages: `t(ts, js)` pairs. */
interface Text {
  ts: string;
  js: string;
}
const same = (s: string): Text => ({ ts: s, js: s });

const CONSTS = ['0.5', '1', '1.5', '2', '3', '0.25', '0.1', '0.75'];
const MATH_CONSTS = ['Math.PI', 'Math.E', 'Math.LN2', 'Math.LN10', 'Math.LOG2E', 'Math.LOG10E', 'Math.SQRT2', 'Math.SQRT1_2'];
const CMP = ['<', '<=', '>', '>='];
const PARAM_NAMES = ['x', 'y', 'z', 'p', 'q'];
const ARRAY_NAMES = ['a', 'b'];

interface Scope {
  scalars: string[];
  /** Loop indices in scope whose values are valid indices of every array. */
  indices: string[];
  arrays: string[];
  /** Local arrays that may be written. */
  writable: string[];
  inLoop: boolean;
}

/** Generates one function; `pick`/`chance` draw from the seeded stream. */
class FunctionGen {
  private counter = 0;
  private helpers: Text[] = [];
  private helperNames: { name: string; arity: number }[] = [];
  private outHelper: string | null = null;
  /** True while generating a helper's body: helpers do not call helpers (no recursion). */
  private inHelper = false;
  /** Length of a vector result (outLen, or L for a returned Float64Array). */
  vectorLength = 0;
  /** Array parameters the function writes into (in place). */
  readonly written = new Set<string>();
  readonly L: number;

  constructor(
    private readonly r: () => number,
    readonly name: string,
    private readonly size: number,
    readonly output: 'scalar' | 'vector',
    readonly outLen: number,
  ) {
    this.L = 2 + Math.floor(r() * 3);
  }

  pick<T>(xs: readonly T[]): T {
    return xs[Math.floor(this.r() * xs.length)];
  }
  chance(p: number): boolean {
    return this.r() < p;
  }
  fresh(prefix: string): string {
    return `${prefix}${this.counter++}`;
  }

  // ---- expressions ------------------------------------------------------------------------

  leaf(s: Scope): string {
    const k = this.r();
    if (k < 0.55 && s.scalars.length) return this.pick(s.scalars);
    if (k < 0.6 && s.arrays.length) {
      const arr = this.pick(s.arrays);
      if (s.indices.length && this.chance(0.6)) return `${arr}[${this.pick(s.indices)}]`;
      return `${arr}[${Math.floor(this.r() * this.L)}]`;
    }
    if (k < 0.68 && s.indices.length) return this.pick(s.indices);
    if (k < 0.75) return this.pick(MATH_CONSTS);
    if (k < 0.85 && s.scalars.length) return this.pick(s.scalars);
    return this.pick(CONSTS);
  }

  /** An expression whose value is > 0.4 (for log, sqrt, division, pow bases). */
  positive(s: Scope, d: number): string {
    const e = this.expr(s, d);
    switch (Math.floor(this.r() * 4)) {
      case 0: return `(${e} * ${e} + 0.5)`;
      case 1: return `(1.5 + Math.cos(${e}))`;
      case 2: return `Math.exp(Math.tanh(${e}))`;
      default: return `(2 + Math.tanh(${e}))`;
    }
  }

  /** An expression in [-1, 1]. */
  bounded(s: Scope, d: number): string {
    return `Math.${this.pick(['tanh', 'sin', 'cos'])}(${this.expr(s, d)})`;
  }

  unaryMath(s: Scope, d: number): string {
    const fn = this.pick([
      'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh', 'exp', 'expm1',
      'log', 'log1p', 'log2', 'log10', 'sqrt', 'cbrt', 'abs', 'sign', 'floor', 'ceil', 'round', 'trunc', 'fround',
    ]);
    const e = () => this.expr(s, d);
    switch (fn) {
      case 'sin': case 'cos': case 'atan': case 'tanh': case 'asinh': case 'abs': case 'sign':
      case 'floor': case 'ceil': case 'round': case 'trunc':
        return `Math.${fn}(${e()})`;
      case 'tan': return `Math.tan(Math.tanh(${e()}) * 1.4)`;
      case 'asin': case 'acos': case 'atanh': return `Math.${fn}(Math.tanh(${e()}) * 0.9)`;
      case 'sinh': case 'cosh': case 'exp': case 'expm1': return `Math.${fn}(${this.bounded(s, d)} * 2)`;
      case 'acosh': { const x = e(); return `Math.acosh(1.5 + ${x} * ${x})`; }
      case 'log': case 'log2': case 'log10': case 'sqrt': return `Math.${fn}(${this.positive(s, d)})`;
      case 'log1p': { const x = e(); return `Math.log1p(${x} * ${x})`; }
      case 'cbrt': return `Math.cbrt(${this.chance(0.5) ? '-' : ''}${this.positive(s, d)})`;
      case 'fround': return `Math.fround(${s.indices.length ? this.pick(s.indices) + ' + ' : ''}${this.pick(CONSTS)})`;
      default: throw new Error(fn);
    }
  }

  expr(s: Scope, d: number): string {
    if (d <= 0 || this.chance(0.25)) return this.leaf(s);
    const a = () => this.expr(s, d - 1);
    const k = this.r();
    if (k < 0.3) return `(${a()} ${this.pick(['+', '-', '*', '+', '-', '*'])} ${a()})`;
    if (k < 0.36) return `(${a()} / ${this.positive(s, d - 1)})`;
    if (k < 0.39) return `(${a()} % ${this.positive(s, d - 1)})`;
    if (k < 0.45) return this.power(s, d - 1);
    if (k < 0.5) return `(-${a()})`;
    if (k < 0.7) return this.unaryMath(s, d - 1);
    if (k < 0.78) {
      switch (Math.floor(this.r() * 4)) {
        case 0: return `Math.atan2(${a()}, ${this.positive(s, d - 1)})`;
        case 1: return `Math.hypot(${a()}, ${a()}, 0.5)`;
        case 2: return `Math.max(${a()}, ${a()})`;
        default: return `Math.min(${a()}, ${a()}, ${a()})`;
      }
    }
    if (k < 0.87 || this.inHelper) return `(${this.cond(s, d - 1)} ? ${a()} : ${a()})`;
    return this.helperCall(s, d - 1);
  }

  power(s: Scope, d: number): string {
    return `(${this.powerBare(s, d)})`;
  }

  private powerBare(s: Scope, d: number): string {
    switch (Math.floor(this.r() * 5)) {
      case 0: return `${this.positive(s, d)} ** ${this.pick(['0.5', '1.5', '2.5', '-1', '3'])}`;
      case 1: return `${this.expr(s, d)} ** ${this.pick(['2', '3'])}`;
      case 2: return `Math.pow(${this.positive(s, d)}, ${this.bounded(s, d)})`;
      case 3: return `Math.pow(${this.expr(s, d)}, 2)`;
      // An exponent in (0, 2): a positive exponent expression would overflow too easily (values
      // should stay moderate; the overflow case is pinned in regressions.test.ts).
      default: return `${this.positive(s, d)} ** (1 + ${this.bounded(s, d)})`;
    }
  }

  cond(s: Scope, d: number): string {
    if (s.indices.length && this.chance(0.3)) {
      const i = this.pick(s.indices);
      return this.pick([`${i} % 2 === 0`, `${i} === 1`, `${i} < 2`, `${i} !== 0`]);
    }
    const c = `${this.expr(s, d)} ${this.pick(CMP)} ${this.expr(s, d)}`;
    return this.chance(0.15) ? `!(${c})` : c;
  }

  // ---- helpers ----------------------------------------------------------------------------

  helperCall(s: Scope, d: number): string {
    if (s.arrays.length && this.chance(0.25)) return `${this.arrayHelperName()}(${this.pick(s.arrays)}, ${this.expr(s, d)})`;
    if (!this.helperNames.length || (this.helperNames.length < 2 && this.chance(0.3))) this.makeHelper();
    const h = this.pick(this.helperNames);
    return `${h.name}(${Array.from({ length: h.arity }, () => this.expr(s, d)).join(', ')})`;
  }

  /** A scalar helper: a couple of statements, maybe an early return, over 1–2 parameters. */
  makeHelper(): void {
    const name = `${this.name}_h${this.helperNames.length}`;
    const arity = 1 + Math.floor(this.r() * 2);
    const ps = ['u', 'w'].slice(0, arity);
    const s: Scope = { scalars: [...ps], indices: [], arrays: [], writable: [], inLoop: false };
    const lines: string[] = [];
    this.inHelper = true;
    if (this.chance(0.4)) lines.push(`  if (${this.cond(s, 1)}) return ${this.expr(s, 1)};`);
    if (this.chance(0.5)) lines.push(`  u = ${this.expr(s, 2)};`);
    if (this.chance(0.3)) lines.push(`  let t = 0;\n  for (let k = 0; k < 3; k++) t += ${this.bounded(s, 1)} * k;\n  u = u + t;`);
    lines.push(`  return ${this.expr(s, 2)};`);
    this.inHelper = false;
    const body = lines.join('\n');
    this.helpers.push({
      ts: `function ${name}(${ps.map((p) => `${p}: number`).join(', ')}): number {\n${body}\n}`,
      js: `function ${name}(${ps.join(', ')}) {\n${body}\n}`,
    });
    this.helperNames.push({ name, arity });
  }

  /** A helper reducing an array parameter to a number, with an early exit. */
  arrayHelperName(): string {
    const name = `${this.name}_sum`;
    if (this.helpers.some((h) => h.js.startsWith(`function ${name}(`))) return name;
    const s: Scope = { scalars: ['k', 'e', 'acc'], indices: ['i'], arrays: ['v'], writable: [], inLoop: true };
    this.inHelper = true;
    const body = [
      '  let acc = 0;',
      '  for (let i = 0; i < v.length; i++) {',
      '    const e = v[i];',
      `    if (${this.cond(s, 1)}) ${this.pick(['break', 'continue', 'return acc * k'])};`,
      `    acc += ${this.expr(s, 2)};`,
      '  }',
      '  return acc;',
    ].join('\n');
    this.inHelper = false;
    this.helpers.push({
      ts: `function ${name}(v: Float64Array, k: number): number {\n${body}\n}`,
      js: `function ${name}(v, k) {\n${body}\n}`,
    });
    return name;
  }

  /** A helper writing `out[i] = g(v[i], k)` for every i (an array out-parameter). */
  outHelperName(): string {
    if (this.outHelper) return this.outHelper;
    const name = `${this.name}_fill`;
    const s: Scope = { scalars: ['k', 'e'], indices: ['i'], arrays: [], writable: [], inLoop: true };
    this.inHelper = true;
    const body = `  for (let i = 0; i < v.length; i++) {\n    const e = v[i];\n    out[i] = ${this.expr(s, 2)};\n  }`;
    this.inHelper = false;
    this.helpers.push({
      ts: `function ${name}(v: Float64Array, k: number, out: Float64Array): void {\n${body}\n}`,
      js: `function ${name}(v, k, out) {\n${body}\n}`,
    });
    this.outHelper = name;
    return name;
  }

  // ---- statements -------------------------------------------------------------------------

  stmts(s: Scope, n: number, depth: number, ind: string): string[] {
    const out: string[] = [];
    const inner: Scope = { ...s, scalars: [...s.scalars], writable: [...s.writable], arrays: [...s.arrays] };
    for (let k = 0; k < n; k++) out.push(...this.stmt(inner, depth, ind));
    return out;
  }

  stmt(s: Scope, depth: number, ind: string): string[] {
    const k = this.r();
    const e = (d = 2) => this.expr(s, d);
    const mutable = s.scalars.filter((x) => !/^e\d/.test(x)); // for-of elements are const
    if (k < 0.2 || !mutable.length) {
      const v = this.fresh('v');
      const line = `${ind}let ${v} = ${e()};`;
      s.scalars.push(v);
      return [line];
    }
    if (k < 0.38) {
      const v = this.pick(mutable);
      if (s.inLoop) return [`${ind}${v} = ${this.pick([`0.5 * ${v} + `, `${v} + 0.3 * `, `${v} - 0.2 * `])}${this.bounded(s, 2)};`];
      if (this.chance(0.15)) return [`${ind}${v}${this.pick(['++', '--'])};`];
      if (this.chance(0.1)) return [`${ind}${v} /= ${this.positive(s, 1)};`];
      return [`${ind}${v} ${this.pick(['=', '+=', '-=', '*='])} ${e()};`];
    }
    if (depth <= 0) return [`${ind}${this.pick(mutable)} += ${e()};`];
    if (k < 0.48) return this.ifStmt(s, depth, ind);
    if (k < 0.5) return [this.guard(s, ind)];
    if (k < 0.56 && this.output === 'scalar') return [`${ind}if (${this.cond(s, 1)}) return ${e()};`];
    if (k < 0.6 && s.inLoop) return [`${ind}if (${this.cond(s, 1)}) ${this.pick(['break', 'continue'])};`];
    if (k < 0.83) return this.loop(s, depth, ind);
    if (k < 0.87) return this.newton(s, ind);
    if (k < 0.9 && s.arrays.length) return this.reduction(s, ind);
    if (k < 0.95 && s.arrays.length) return this.localArray(s, ind);
    return [`${ind}${this.pick(mutable)} += ${this.helperCall(s, 1)};`];
  }

  /** An argument check that never fires on the generated inputs (values stay finite and moderate). */
  guard(s: Scope, ind: string): string {
    const v = this.pick(s.scalars);
    const ctor = this.pick(['Error', 'RangeError', 'TypeError']);
    return this.chance(0.5)
      ? `${ind}if (!Number.isFinite(${v})) throw new ${ctor}("${v} must be finite");`
      : `${ind}if (Math.abs(${v}) > 1e300) throw new ${ctor}(\`${v} out of range\`);`;
  }

  ifStmt(s: Scope, depth: number, ind: string): string[] {
    const lines = [`${ind}if (${this.cond(s, 1)}) {`, ...this.stmts(s, 1 + Math.floor(this.r() * 2), depth - 1, ind + '  ')];
    if (this.chance(0.6)) lines.push(`${ind}} else {`, ...this.stmts(s, 1 + Math.floor(this.r() * 2), depth - 1, ind + '  '));
    lines.push(`${ind}}`);
    return lines;
  }

  /** A loop over the arrays' index range (or a constant count) in one of several forms. */
  loop(s: Scope, depth: number, ind: string): string[] {
    const i = this.fresh('i');
    const arr = s.arrays.length ? this.pick(s.arrays) : null;
    const bound = arr ? `${arr}.length` : String(this.L);
    const body = (extra: string[] = []) => {
      const inner: Scope = { ...s, indices: [...s.indices, i], scalars: [...s.scalars], inLoop: true };
      const lines = this.stmts(inner, 1 + Math.floor(this.r() * 3), depth - 1, ind + '  ');
      if (arr && this.chance(0.4)) {
        const target = s.writable.length && this.chance(0.5) ? this.pick(s.writable) : arr;
        if (target === arr && !arr.startsWith('w')) this.written.add(arr);
        lines.push(`${ind}  ${target}[${i}] = ${this.expr(inner, 2)};`);
      }
      return [...extra, ...lines];
    };
    switch (Math.floor(this.r() * 7)) {
      case 0: return [`${ind}for (let ${i} = 0; ${i} < ${bound}; ${i}++) {`, ...body(), `${ind}}`];
      case 1: return [`${ind}for (let ${i} = ${bound} - 1; ${i} >= 0; ${i}--) {`, ...body(), `${ind}}`];
      case 2: return [`${ind}for (let ${i} = 0; ${i} < ${bound}; ${i} += 2) {`, ...body(), `${ind}}`];
      case 3: return [`${ind}for (let ${i} = 1; ${i} <= ${this.L - 1}; ${i}++) {`, ...body(), `${ind}}`];
      case 4: {
        const j = this.fresh('j');
        // Sometimes with a data-dependent exit, so the trip count is known only at run time.
        const extra = this.chance(0.4) ? ` && ${this.cond(s, 1)}` : '';
        return [`${ind}let ${j} = 0;`, `${ind}while (${j} < ${bound}${extra}) {`, ...body([`${ind}  const ${i} = ${j};`, `${ind}  ${j}++;`]), `${ind}}`];
      }
      case 5: {
        const j = this.fresh('j');
        return [`${ind}let ${j} = 0;`, `${ind}do {`, ...body([`${ind}  const ${i} = ${j};`, `${ind}  ${j} += 1;`]), `${ind}} while (${j} < ${bound});`];
      }
      default: {
        if (!arr) return [`${ind}for (let ${i} = 0; ${i} < ${bound}; ${i}++) {`, ...body(), `${ind}}`];
        const el = this.fresh('e');
        const inner: Scope = { ...s, scalars: [...s.scalars, el], inLoop: true };
        return [`${ind}for (const ${el} of ${arr}) {`, ...this.stmts(inner, 1 + Math.floor(this.r() * 2), depth - 1, ind + '  '), `${ind}}`];
      }
    }
  }

  /** A max / min / sum-of-squares reduction over an array. */
  reduction(s: Scope, ind: string): string[] {
    const r = this.fresh('r');
    const arr = this.pick(s.arrays);
    const i = this.fresh('i');
    const update = this.pick([
      `${r} = Math.max(${r}, ${arr}[${i}]);`,
      `${r} = Math.min(${r}, ${arr}[${i}] * ${this.pick(s.scalars)});`,
      `${r} += ${arr}[${i}] * ${arr}[${i}];`,
    ]);
    s.scalars.push(r);
    return [`${ind}let ${r} = ${arr}[0];`, `${ind}for (let ${i} = 1; ${i} < ${arr}.length; ${i}++) ${update}`];
  }

  /** A local overwritten in a loop, as in Newton or gradient-descent iterations. */
  newton(s: Scope, ind: string): string[] {
    const v = this.fresh('E');
    const k = this.fresh('k');
    const lines = [
      `${ind}let ${v} = ${this.expr(s, 1)};`,
      `${ind}for (let ${k} = 0; ${k} < ${2 + Math.floor(this.r() * 3)}; ${k}++) {`,
      `${ind}  ${v} = ${v} - 0.3 * Math.${this.pick(['sin', 'tanh', 'atan'])}(${v} - ${this.expr(s, 1)});`,
      `${ind}}`,
    ];
    s.scalars.push(v);
    return lines;
  }

  /** A local array filled by the out-param helper or by a loop, then read. */
  localArray(s: Scope, ind: string): string[] {
    const w = this.fresh('w');
    const src = this.pick(s.arrays);
    const lines = [`${ind}const ${w} = new Float64Array(${src}.length);`];
    lines.push(`${ind}${this.outHelperName()}(${src}, ${this.expr(s, 1)}, ${w});`);
    s.arrays.push(w);
    s.writable.push(w);
    return lines;
  }

  // ---- the function -----------------------------------------------------------------------

  build(): GenFunction {
    const nScalars = 1 + Math.floor(this.r() * 3);
    const nArrays = this.chance(0.6) ? 1 + Math.floor(this.r() * 2) : 0;
    const params: GenParam[] = [
      ...PARAM_NAMES.slice(0, nScalars).map((name) => ({ name, kind: 'num' as const })),
      ...ARRAY_NAMES.slice(0, nArrays).map((name) => ({ name, kind: 'arr' as const })),
    ];
    const s: Scope = {
      scalars: params.filter((p) => p.kind === 'num').map((p) => p.name),
      indices: [],
      arrays: params.filter((p) => p.kind === 'arr').map((p) => p.name),
      writable: [],
      inLoop: false,
    };
    const body = this.stmts(s, 1 + Math.floor(this.r() * (this.size + 1)), 2, '  ');
    // stmts() copies the scope: give the final expression the whole top-level scope again.
    const top: Scope = { ...s, scalars: [...s.scalars, ...declaredTopLevel(body)] };
    if (this.output === 'scalar') body.push(`  return ${this.expr(top, 3)};`);
    else if (top.arrays.length && this.chance(0.4)) {
      // A vector result of the arrays' length, filled by a loop.
      const out = this.fresh('out');
      const i = this.fresh('i');
      const inner: Scope = { ...top, indices: [i], inLoop: true };
      body.push(`  const ${out} = new Float64Array(${top.arrays[0]}.length);`, `  for (let ${i} = 0; ${i} < ${out}.length; ${i}++) ${out}[${i}] = ${this.expr(inner, 2)};`, `  return ${out};`);
      this.vectorLength = this.L;
    } else body.push(`  return [${Array.from({ length: this.outLen }, () => this.expr(top, 2)).join(', ')}];`);
    let wrt = params.map((p) => p.name);
    let wrtTag = '';
    if (params.length > 1 && this.chance(0.2)) {
      wrt = params.filter(() => this.chance(0.6)).map((p) => p.name);
      if (!wrt.length) wrt = [params[0].name];
      wrtTag = ` * @wrt ${wrt.join(', ')}\n`;
    }
    const ret = this.output === 'scalar' ? 'number' : this.vectorLength ? 'Float64Array' : 'number[]';
    // Array parameters are declared as Float64Array or number[] (either accepts a Float64Array).
    const arrayTypes = new Map(params.map((p) => [p.name, this.chance(0.3) ? 'number[]' : 'Float64Array']));
    const typeOf = (p: GenParam) => (p.kind === 'num' ? 'number' : arrayTypes.get(p.name)!);
    // JavaScript gets its parameter types from JSDoc (an unused array parameter would otherwise be a number).
    const jsDoc = `/**\n${params.map((p) => ` * @param {${typeOf(p)}} ${p.name}\n`).join('')}${wrtTag} */\n`;
    const sig: Text = {
      ts: `${wrtTag ? `/**\n${wrtTag} */\n` : ''}export function ${this.name}(${params.map((p) => `${p.name}: ${typeOf(p)}`).join(', ')}): ${ret} {`,
      js: `${jsDoc}export function ${this.name}(${params.map((p) => p.name).join(', ')}) {`,
    };
    const text = [...this.helpers, sig, same(body.join('\n')), same('}')];
    const L = this.L;
    return {
      name: this.name,
      params,
      wrt,
      output: this.output,
      arrayLength: L,
      writesParams: this.written.size > 0,
      ts: text.map((t) => t.ts).join('\n'),
      js: text.map((t) => t.js).join('\n'),
      args: (r) => params.map((p) => (p.kind === 'num' ? 3 * r() - 1.5 : Float64Array.from({ length: L }, () => 3 * r() - 1.5))),
    };
  }
}

/** Names declared by `let` at the top level of a body (two-space indentation). */
function declaredTopLevel(lines: string[]): string[] {
  return lines.flatMap((l) => {
    const m = /^ {2}let (v\d+|E\d+) = /.exec(l);
    return m ? [m[1]] : [];
  });
}

/** One generated function, reproducible from (seed, size). */
export function generateFunction(seed: number, size: number, name = 'f'): GenFunction {
  const r = rng(seed);
  const vector = r() < 0.15;
  return new FunctionGen(r, name, size, vector ? 'vector' : 'scalar', 2 + Math.floor(r() * 2)).build();
}

/** `count` functions named f0…f{count-1} in one file; function k uses seed `seed + k`. */
export function generateBatch(seed: number, count: number, size = 3): GenBatch {
  const functions = Array.from({ length: count }, (_, k) => generateFunction((seed + k) | 0, size, `f${k}`));
  return {
    seed,
    ts: functions.map((f) => f.ts).join('\n\n') + '\n',
    js: functions.map((f) => f.js).join('\n\n') + '\n',
    functions,
  };
}
