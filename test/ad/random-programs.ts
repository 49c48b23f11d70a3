/**
 * Random IR programs for the property tests. fast-check generates a flat list of instructions
 * (so it can shrink a failing program by dropping instructions); `buildProgram` turns them into
 * a well-formed structured function in the IR text form:
 *
 *   fn rand(x: f64, y: f64, a: f64[]) -> (r)
 *
 * with scalars v0..v3 and an accumulator s defined up front (so every read sees a definition),
 * assignments `t = op p q; v = squash t` (values stay bounded: squash ∈ sin/tanh/atan/cos),
 * overwrites of locals and of the parameters x and y, values defined in both branches of an
 * if/else or conditionally redefined, if/else on active comparisons, counted
 * loops over the array (forwards, backwards, step 2) that load `a[i]`, store into `a` (an active
 * parameter written in place) or into a local array, and while loops with a counter. The result
 * sums everything, so most values are useful.
 */
import fc from 'fast-check';

export interface Instr {
  kind: 'assign' | 'if' | 'else' | 'for' | 'while' | 'end' | 'store' | 'load' | 'select' | 'redefine';
  a: number;
  b: number;
  c: number;
  d: number;
}

export const instrArb: fc.Arbitrary<Instr[]> = fc.array(
  fc.record({
    kind: fc.constantFrom<Instr['kind']>(
      'assign', 'assign', 'assign', 'if', 'else', 'for', 'while', 'end', 'store', 'load', 'select', 'redefine',
    ),
    a: fc.nat(99),
    b: fc.nat(99),
    c: fc.nat(99),
    d: fc.nat(99),
  }),
  { minLength: 1, maxLength: 24 },
);

interface Frame {
  kind: 'top' | 'if' | 'for' | 'while';
  indent: string;
  /** Readable scalars introduced in this frame (loop elements). */
  locals: string[];
  index?: string;
  hasElse?: boolean;
  counter?: string;
}

const OPS = ['add', 'sub', 'mul'];
const SQUASH = ['sin', 'tanh', 'atan', 'cos'];
const TARGETS = ['v0', 'v1', 'v2', 'v3', 's', 'x', 'y'];
const LOOPS = ['0 .. 4 step 1', '3 .. -1 step -1', '0 .. 4 step 2', '1 .. 4 step 2'];

export function buildProgram(instrs: Instr[]): string {
  const lines = [
    'fn rand(x: f64, y: f64, a: f64[]) -> (r)',
    '  tmp = alloc 4',
    '  v0 = sin x', '  v1 = cos y', '  w0 = mul x y', '  v2 = tanh w0', '  v3 = atan x', '  s = copy 0',
  ];
  let n = 0;
  const fresh = (p: string) => `${p}${++n}`;
  const stack: Frame[] = [{ kind: 'top', indent: '  ', locals: [] }];
  const top = () => stack[stack.length - 1];
  const readable = () => [...TARGETS, ...stack.flatMap((f) => f.locals)];
  const pick = <T>(xs: T[], k: number) => xs[k % xs.length];
  const emit = (text: string) => lines.push(top().indent + text);
  const loopIndex = () => [...stack].reverse().find((f) => f.kind === 'for')?.index;

  for (const ins of instrs) {
    const f = top();
    switch (ins.kind) {
      case 'assign': {
        const t = fresh('t');
        emit(`${t} = ${pick(OPS, ins.d)} ${pick(readable(), ins.b)} ${pick(readable(), ins.c)}`);
        emit(`${pick(TARGETS, ins.a)} = ${pick(SQUASH, Math.floor(ins.d / 3))} ${t}`);
        break;
      }
      case 'if': {
        if (stack.length > 3) break;
        const c = fresh('c');
        emit(`${c} = lt ${pick(readable(), ins.b)} ${pick(readable(), ins.c)}`);
        emit(`if ${c} {`);
        stack.push({ kind: 'if', indent: f.indent + '  ', locals: [] });
        break;
      }
      case 'else':
        if (f.kind !== 'if' || f.hasElse) break;
        lines.push(f.indent.slice(2) + '} else {');
        f.hasElse = true;
        f.locals = [];
        break;
      case 'for': {
        if (stack.length > 3) break;
        const i = fresh('i');
        const e = fresh('e');
        emit(`for ${i} = ${pick(LOOPS, ins.a)} {`);
        stack.push({ kind: 'for', indent: f.indent + '  ', locals: [e], index: i });
        emit(`${e} = a[${i}]`);
        break;
      }
      case 'while': {
        if (stack.length > 3) break;
        const k = fresh('k');
        const c = fresh('c');
        emit(`${k}: int = copy 0`);
        emit('while {');
        lines.push(`${f.indent}  ${c} = lt ${k} ${1 + (ins.a % 3)}`);
        lines.push(`${f.indent}} ${c} do {`);
        stack.push({ kind: 'while', indent: f.indent + '  ', locals: [], counter: k });
        break;
      }
      case 'store': {
        const i = loopIndex();
        if (i) emit(`${ins.a % 2 ? 'a' : 'tmp'}[${i}] = ${pick(readable(), ins.b)}`);
        break;
      }
      case 'load': {
        const i = loopIndex();
        if (!i) break;
        const e = fresh('e');
        emit(`${e} = tmp[${i}]`);
        f.locals.push(e);
        break;
      }
      case 'select': {
        // m = c ? squash(p) : squash(q), lowered to an if/else defining m in both branches.
        const [m, c] = [fresh('m'), fresh('c')];
        const [p, q] = [pick(readable(), ins.b), pick(readable(), ins.c)];
        emit(`${c} = lt ${p} ${q}`);
        emit(`if ${c} {`);
        lines.push(`${f.indent}  ${m} = ${pick(SQUASH, ins.a)} ${p}`, `${f.indent}} else {`, `${f.indent}  ${m} = ${pick(SQUASH, ins.d)} ${q}`);
        emit('}');
        f.locals.push(m);
        break;
      }
      case 'redefine': {
        // m = p; if (p < q) m = sin(m * q): a value conditionally redefined from itself.
        const [m, c, t] = [fresh('m'), fresh('c'), fresh('t')];
        const [p, q] = [pick(readable(), ins.b), pick(readable(), ins.c)];
        emit(`${m} = copy ${p}`);
        emit(`${c} = lt ${p} ${q}`);
        emit(`if ${c} {`);
        lines.push(`${f.indent}  ${t} = mul ${m} ${q}`, `${f.indent}  ${m} = ${pick(SQUASH, ins.a)} ${t}`);
        emit('}');
        f.locals.push(m);
        break;
      }
      case 'end':
        if (stack.length > 1) close(stack.pop() as Frame, lines, fresh);
        break;
    }
  }
  while (stack.length > 1) close(stack.pop() as Frame, lines, fresh);
  lines.push(
    '  r0 = add v0 v1', '  r1 = add r0 v2', '  r2 = add r1 v3', '  r3 = add r2 s', '  r4 = mul x y', '  r5 = add r3 r4',
    '  r = copy r5',
    '  for j = 0 .. 4 step 1 {', '    q = a[j]', '    w = tmp[j]', '    z = mul q w', '    z2 = add z q', '    r6 = add r z2', '    r = copy r6', '  }',
  );
  return lines.join('\n') + '\n';
}

function close(frame: Frame, lines: string[], fresh: (p: string) => string): void {
  if (frame.kind === 'while' && frame.counter) {
    const k1 = fresh('k');
    lines.push(`${frame.indent}${k1} = add ${frame.counter} 1`);
    lines.push(`${frame.indent}${frame.counter} = copy ${k1}`);
  }
  lines.push(frame.indent.slice(2) + '}');
}
