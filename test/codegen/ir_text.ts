/**
 * Test helper: builds IRFunction objects from the printer's text form (src/ir/print.ts), so
 * tests can write IR by hand and read it back. Accepted lines (indentation is free):
 *
 *   fn f(x: f64, n: int, a: f64[]) -> (t3, 2)
 *   let t: int                      optional declaration of a local's type
 *   let x_bar: f64 hint x_bar       optional hint (the name codegen should prefer)
 *   t1 = mul x x                    assign (op from the table), atoms separated by spaces
 *   t2 = a[i]   a[i] = t2           load / store
 *   b = alloc n                     alloc
 *   t = pop     push x              tape
 *   if c { … } else { … }           `} else {` and `}` on their own lines
 *   for i = 0 .. n step 1 { … }
 *   while { …test… } c do { …body… }
 *
 * Undeclared locals are typed by inference: targets of bool ops are `bool`, of `len` and loop
 * indices `int`, of `alloc` `f64[]`, of loads from `int[]` arrays `int`; everything else `f64`.
 * Literals: numbers (`-0`, `NaN`, `Infinity`, `-Infinity` included) and `true`/`false`.
 */
import { OPS } from '../../src/ops/table.js';
import { c, v, NO_LOC, type Atom, type IRFunction, type Stmt, type Type } from '../../src/ir/types.js';

export function parseIR(text: string): IRFunction {
  const lines = text.split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('//'));
  const header = /^fn\s+(\S+)\s*\((.*)\)\s*->\s*\((.*)\)$/.exec(lines[0] ?? '');
  if (!header) throw new Error(`parseIR: bad header: ${lines[0]}`);
  const fn: IRFunction = { name: header[1], params: [], vars: new Map(), body: [], results: [], loc: NO_LOC };
  for (const p of splitList(header[2])) {
    const [name, type] = p.split(':').map((s) => s.trim());
    fn.params.push(name);
    fn.vars.set(name, { name, type: type as Type, hint: name });
  }
  const declared = new Set(fn.params);
  let i = 1;
  for (; i < lines.length && lines[i].startsWith('let '); i++) {
    const m = /^let\s+(\S+)\s*:\s*(\S+)(?:\s+hint\s+(\S+))?$/.exec(lines[i]);
    if (!m) throw new Error(`parseIR: bad declaration: ${lines[i]}`);
    fn.vars.set(m[1], { name: m[1], type: m[2] as Type, ...(m[3] ? { hint: m[3] } : {}) });
    declared.add(m[1]);
  }
  const p = new Parser(lines, i, fn);
  fn.body = p.block(false);
  if (p.pos !== lines.length) throw new Error(`parseIR: unexpected line: ${lines[p.pos]}`);
  fn.results = splitList(header[3]).map((a) => p.atom(a));
  return fn;
}

function splitList(s: string): string[] {
  return s.split(',').map((x) => x.trim()).filter(Boolean);
}

const NAME = String.raw`[^\s\[\]{}(),:]+`;

class Parser {
  constructor(readonly lines: string[], public pos: number, readonly fn: IRFunction) {}

  /** Parse statements until a closing line (`}`…) when `nested`, else to the end. */
  block(nested: boolean): Stmt[] {
    const out: Stmt[] = [];
    while (this.pos < this.lines.length) {
      const line = this.lines[this.pos];
      if (line.startsWith('}')) {
        if (!nested) throw new Error(`parseIR: unbalanced: ${line}`);
        return out;
      }
      this.pos++;
      out.push(this.stmt(line));
    }
    if (nested) throw new Error('parseIR: missing }');
    return out;
  }

  private closing(): string {
    return this.lines[this.pos++];
  }

  private stmt(line: string): Stmt {
    let m: RegExpExecArray | null;
    if ((m = /^if\s+(\S+)\s*\{$/.exec(line))) {
      const cond = this.atom(m[1]);
      const then = this.block(true);
      const close = this.closing();
      const els = close === '} else {' ? this.block(true) : [];
      if (close === '} else {') this.closing();
      return { kind: 'if', cond, then, else: els, loc: NO_LOC };
    }
    if ((m = new RegExp(String.raw`^for\s+(${NAME})\s*=\s*(\S+)\s*\.\.\s*(\S+)\s+step\s+(-?\d+)\s*\{$`).exec(line))) {
      this.declare(m[1], 'int');
      const [start, end] = [this.atom(m[2]), this.atom(m[3])];
      const body = this.block(true);
      this.closing();
      return { kind: 'for', index: m[1], start, end, step: Number(m[4]), body, loc: NO_LOC };
    }
    if (line === 'while {') {
      const test = this.block(true);
      const mid = /^\}\s*(\S+)\s+do\s*\{$/.exec(this.closing());
      if (!mid) throw new Error(`parseIR: bad while`);
      const cond = this.atom(mid[1]);
      const body = this.block(true);
      this.closing();
      return { kind: 'while', test, cond, body, loc: NO_LOC };
    }
    if ((m = /^push\s+(\S+)$/.exec(line))) return { kind: 'push', value: this.atom(m[1]), loc: NO_LOC };
    if ((m = new RegExp(String.raw`^(${NAME})\[(\S+)\]\s*=\s*(\S+)$`).exec(line))) {
      return { kind: 'store', array: m[1], index: this.atom(m[2]), value: this.atom(m[3]), loc: NO_LOC };
    }
    return this.assignLike(line);
  }

  private assignLike(line: string): Stmt {
    const m = new RegExp(String.raw`^(${NAME})\s*=\s*(.*)$`).exec(line);
    if (!m) throw new Error(`parseIR: cannot parse: ${line}`);
    const [, target, rhs] = m;
    let r: RegExpExecArray | null;
    if (rhs === 'pop') {
      this.declare(target, 'f64');
      return { kind: 'pop', target, loc: NO_LOC };
    }
    if ((r = /^alloc\s+(\S+)$/.exec(rhs))) {
      this.declare(target, 'f64[]');
      return { kind: 'alloc', target, length: this.atom(r[1]), loc: NO_LOC };
    }
    if ((r = new RegExp(String.raw`^(${NAME})\[(\S+)\]$`).exec(rhs))) {
      this.declare(target, this.fn.vars.get(r[1])?.type === 'int[]' ? 'int' : 'f64');
      return { kind: 'load', target, array: r[1], index: this.atom(r[2]), loc: NO_LOC };
    }
    const [op, ...args] = rhs.split(/\s+/);
    if (!OPS[op]) throw new Error(`parseIR: unknown op ${op}`);
    const result = OPS[op].result;
    this.declare(target, result === 'bool' ? 'bool' : result === 'int' ? 'int' : 'f64');
    return { kind: 'assign', target, op, args: args.map((a) => this.atom(a)), loc: NO_LOC };
  }

  private declare(name: string, type: Type): void {
    if (!this.fn.vars.has(name)) this.fn.vars.set(name, { name, type });
  }

  atom(s: string): Atom {
    if (s === 'true' || s === 'false') return c(s === 'true');
    if (/^-?(\d|\.\d|Infinity$|NaN$)/.test(s) || s === 'NaN') return c(s === '-0' ? -0 : Number(s));
    if (!this.fn.vars.has(s)) this.declare(s, 'f64');
    return v(s);
  }
}
