/**
 * Parser for the IR text form that print.ts writes, so tests (and debugging sessions) can write
 * IR functions by hand and round-trip printed IR:
 *
 *   fn f(x: f64, a: f64[]) -> (s)
 *     s: f64 = copy 0            # optional `: type` on a target; `#` or `//` start a comment
 *     for i = 0 .. 3 step 1 {
 *       t = a[i]
 *       u = mul t x
 *       s1 = add s u
 *       s = copy s1
 *     }
 *
 * The printed form declares only the parameters' types, so the parser infers the type of every
 * other variable from its definitions: an op's result type (a `num` op is `int` when all its
 * operands are ints and at least one is a variable, `f64` otherwise, so `s = copy 0` is f64), the
 * element type of a loaded array, `int` for loop indices, `f64[]` for `alloc` (annotate
 * `a: int[] = alloc n` for an int array). An annotation always wins. Variables that are only ever
 * popped default to f64. Errors name the 1-based line.
 */
import { OPS } from '../ops/table.js';
import {
  c, v, type Atom, type IRFunction, type Loc, type Stmt, type Type, type VarDecl,
} from './types.js';

const TYPES = new Set<Type>(['f64', 'int', 'bool', 'f64[]', 'int[]']);
const NAME = '[A-Za-z_$][\\w$]*';
const ATOM = '\\S+';

interface Line {
  text: string;
  no: number;
  loc: Loc;
}

/** Parse one function in the text form of print.ts (plus optional target type annotations). */
export function parseFunction(source: string): IRFunction {
  const lines = splitLines(source);
  if (lines.length === 0) throw new Error('parse: empty input');
  const p = new Parser(lines);
  const fn = p.header();
  fn.body = p.block();
  if (p.pos < lines.length) p.fail(lines[p.pos], 'unexpected closing brace');
  inferTypes(fn, p.annotations);
  return fn;
}

function splitLines(source: string): Line[] {
  const out: Line[] = [];
  let offset = 0;
  source.split('\n').forEach((raw, i) => {
    const text = raw.replace(/(#|\/\/).*$/, '').trim();
    if (text) out.push({ text, no: i + 1, loc: { start: offset, end: offset + raw.length } });
    offset += raw.length + 1;
  });
  return out;
}

class Parser {
  pos = 0;
  readonly annotations = new Map<string, Type>();

  constructor(readonly lines: Line[]) {}

  fail(line: Line, msg: string): never {
    throw new Error(`parse: line ${line.no}: ${msg}: ${line.text}`);
  }

  header(): IRFunction {
    const line = this.lines[this.pos++];
    const m = new RegExp(`^fn (${NAME})\\((.*)\\) -> \\((.*)\\)$`).exec(line.text);
    if (!m) this.fail(line, 'expected `fn name(params) -> (results)`');
    const vars = new Map<string, VarDecl>();
    const params: string[] = [];
    for (const part of m[2].split(',').map((s) => s.trim()).filter(Boolean)) {
      const pm = new RegExp(`^(${NAME}): (\\S+)$`).exec(part);
      if (!pm || !TYPES.has(pm[2] as Type)) this.fail(line, `bad parameter '${part}'`);
      params.push(pm[1]);
      vars.set(pm[1], { name: pm[1], type: pm[2] as Type, hint: pm[1] });
    }
    const results = m[3].split(',').map((s) => s.trim()).filter(Boolean).map((s) => this.atom(s, line));
    return { name: m[1], params, vars, body: [], results, loc: line.loc };
  }

  atom(text: string, line: Line): Atom {
    if (text === 'true' || text === 'false') return c(text === 'true');
    if (new RegExp(`^${NAME}$`).test(text) && text !== 'Infinity' && text !== 'NaN') return v(text);
    const value = Number(text);
    if (text === '' || (Number.isNaN(value) && text !== 'NaN')) this.fail(line, `bad operand '${text}'`);
    return c(value);
  }

  /** Statements until a line starting with `}` (left for the caller) or the end. */
  block(): Stmt[] {
    const out: Stmt[] = [];
    while (this.pos < this.lines.length && !this.lines[this.pos].text.startsWith('}')) out.push(this.stmt());
    return out;
  }

  close(line: Line): Line {
    const end = this.lines[this.pos++];
    if (!end) this.fail(line, 'unclosed block');
    return end;
  }

  stmt(): Stmt {
    const line = this.lines[this.pos++];
    const t = line.text;
    const loc = line.loc;
    let m: RegExpExecArray | null;
    if ((m = /^if (\S+) \{$/.exec(t))) return this.ifStmt(line, this.atom(m[1], line));
    if ((m = new RegExp(`^for (${NAME}) = (${ATOM}) \\.\\. (${ATOM}) step (-?\\d+) \\{$`).exec(t))) {
      const body = this.block();
      this.expectClose(this.close(line), '}');
      const [, index, start, end, step] = m;
      this.annotations.set(index, 'int');
      return { kind: 'for', index, start: this.atom(start, line), end: this.atom(end, line), step: Number(step), body, loc };
    }
    if (t === 'while {') return this.whileStmt(line);
    if ((m = /^push (\S+)$/.exec(t))) return { kind: 'push', value: this.atom(m[1], line), loc };
    if ((m = new RegExp(`^(${NAME})\\[(${ATOM})\\] = (${ATOM})$`).exec(t))) {
      return { kind: 'store', array: m[1], index: this.atom(m[2], line), value: this.atom(m[3], line), loc };
    }
    if ((m = new RegExp(`^(${NAME})(?:: (\\S+))? = (.+)$`).exec(t))) return this.definition(line, m[1], m[2], m[3]);
    return this.fail(line, 'unrecognised statement');
  }

  expectClose(line: Line, text: string): void {
    if (line.text !== text) this.fail(line, `expected '${text}'`);
  }

  ifStmt(line: Line, cond: Atom): Stmt {
    const then = this.block();
    const mid = this.close(line);
    let els: Stmt[] = [];
    if (mid.text === '} else {') {
      els = this.block();
      this.expectClose(this.close(line), '}');
    } else {
      this.expectClose(mid, '}');
    }
    return { kind: 'if', cond, then, else: els, loc: line.loc };
  }

  whileStmt(line: Line): Stmt {
    const test = this.block();
    const mid = this.close(line);
    const m = /^\} (\S+) do \{$/.exec(mid.text);
    if (!m) this.fail(mid, 'expected `} cond do {`');
    const body = this.block();
    this.expectClose(this.close(line), '}');
    return { kind: 'while', test, cond: this.atom(m[1], mid), body, loc: line.loc };
  }

  definition(line: Line, target: string, type: string | undefined, rhs: string): Stmt {
    const loc = line.loc;
    if (type !== undefined) {
      if (!TYPES.has(type as Type)) this.fail(line, `unknown type '${type}'`);
      this.annotations.set(target, type as Type);
    }
    if (rhs === 'pop') return { kind: 'pop', target, loc };
    let m: RegExpExecArray | null;
    if ((m = /^alloc (\S+)$/.exec(rhs))) return { kind: 'alloc', target, length: this.atom(m[1], line), loc };
    if ((m = new RegExp(`^(${NAME})\\[(${ATOM})\\]$`).exec(rhs))) {
      return { kind: 'load', target, array: m[1], index: this.atom(m[2], line), loc };
    }
    const [op, ...args] = rhs.split(/\s+/);
    if (!OPS[op]) this.fail(line, `unknown op '${op}'`);
    return { kind: 'assign', target, op, args: args.map((a) => this.atom(a, line)), loc };
  }
}

/** Give every variable a declaration: annotations first, then types inferred from definitions. */
function inferTypes(fn: IRFunction, annotations: Map<string, Type>): void {
  for (const [name, type] of annotations) {
    if (!fn.vars.has(name)) fn.vars.set(name, { name, type, hint: name });
  }
  const defs: Stmt[] = [];
  const used = new Set<string>();
  const visit = (block: Stmt[]): void => {
    for (const s of block) {
      defs.push(s);
      for (const a of atomsOf(s)) if (a.kind === 'var') used.add(a.name);
      if (s.kind === 'if') (visit(s.then), visit(s.else));
      if (s.kind === 'for') visit(s.body);
      if (s.kind === 'while') (visit(s.test), visit(s.body));
    }
  };
  visit(fn.body);
  fn.results.forEach((a) => a.kind === 'var' && used.add(a.name));
  // Definitions may come after uses in text order (loops), so iterate to a fixpoint; a cycle
  // of not-yet-typed operands (an accumulator defined only inside its loop) then defaults to f64.
  for (const guess of [false, true]) {
    for (let changed = true; changed; ) {
      changed = false;
      for (const s of defs) {
        const target = 'target' in s ? s.target : undefined;
        if (target === undefined || fn.vars.has(target)) continue;
        const type = definedType(s, fn, guess);
        if (type) (fn.vars.set(target, { name: target, type, hint: target }), (changed = true));
      }
    }
  }
  for (const s of defs) {
    if (s.kind === 'pop' && !fn.vars.has(s.target)) fn.vars.set(s.target, { name: s.target, type: 'f64', hint: s.target });
  }
  for (const name of used) if (!fn.vars.has(name)) throw new Error(`parse: variable '${name}' is never defined`);
}

function atomsOf(s: Stmt): Atom[] {
  switch (s.kind) {
    case 'assign': return s.args;
    case 'load': return [v(s.array), s.index];
    case 'store': return [v(s.array), s.index, s.value];
    case 'alloc': return [s.length];
    case 'if': return [s.cond];
    case 'for': return [s.start, s.end];
    case 'while': return [s.cond];
    case 'push': return [s.value];
    case 'pop': return [];
    case 'throw': return [];
  }
}

function definedType(s: Stmt, fn: IRFunction, guess: boolean): Type | undefined {
  if (s.kind === 'alloc') return 'f64[]';
  if (s.kind === 'load') {
    const t = fn.vars.get(s.array)?.type;
    return t === undefined ? undefined : t === 'int[]' ? 'int' : 'f64';
  }
  if (s.kind !== 'assign') return undefined;
  const result = OPS[s.op].result;
  if (result !== 'num') return result;
  const types = s.args.map((a) =>
    a.kind === 'const' ? (Number.isInteger(a.value) ? 'int' : 'f64') : (fn.vars.get(a.name)?.type ?? (guess ? 'f64' : undefined)));
  if (types.includes(undefined)) return undefined;
  const intOnly = types.every((t) => t === 'int') && s.args.some((a) => a.kind === 'var');
  return intOnly ? 'int' : 'f64';
}
