/**
 * Stable text form of the IR, for golden tests, `--dump` and debugging. One statement a line,
 * blocks indented by two spaces:
 *
 *   fn f(x: f64, y: f64) -> (t3)
 *     t1 = mul x x
 *     if c1 { … } else { … }
 *     for i = 0 .. n step 1 { … }
 */
import { assertNever, type Atom, type IRFunction, type Stmt } from './types.js';

export function printAtom(a: Atom): string {
  if (a.kind === 'var') return a.name;
  if (typeof a.value === 'boolean') return String(a.value);
  return Object.is(a.value, -0) ? '-0' : String(a.value);
}

export function printFunction(fn: IRFunction): string {
  const params = fn.params.map((p) => `${p}: ${fn.vars.get(p)?.type}`).join(', ');
  const lines = [`fn ${fn.name}(${params}) -> (${fn.results.map(printAtom).join(', ')})`];
  printBlock(fn.body, '  ', lines);
  return lines.join('\n') + '\n';
}

export function printBlock(block: Stmt[], indent: string, out: string[]): void {
  for (const s of block) printStmt(s, indent, out);
}

function printStmt(s: Stmt, ind: string, out: string[]): void {
  const inner = ind + '  ';
  switch (s.kind) {
    case 'assign':
      out.push(`${ind}${s.target} = ${s.op} ${s.args.map(printAtom).join(' ')}`);
      return;
    case 'load':
      out.push(`${ind}${s.target} = ${s.array}[${printAtom(s.index)}]`);
      return;
    case 'store':
      out.push(`${ind}${s.array}[${printAtom(s.index)}] = ${printAtom(s.value)}`);
      return;
    case 'alloc':
      out.push(`${ind}${s.target} = alloc ${printAtom(s.length)}`);
      return;
    case 'if':
      out.push(`${ind}if ${printAtom(s.cond)} {`);
      printBlock(s.then, inner, out);
      if (s.else.length) {
        out.push(`${ind}} else {`);
        printBlock(s.else, inner, out);
      }
      out.push(`${ind}}`);
      return;
    case 'for':
      out.push(`${ind}for ${s.index} = ${printAtom(s.start)} .. ${printAtom(s.end)} step ${s.step} {`);
      printBlock(s.body, inner, out);
      out.push(`${ind}}`);
      return;
    case 'while':
      out.push(`${ind}while {`);
      printBlock(s.test, inner, out);
      out.push(`${ind}} ${printAtom(s.cond)} do {`);
      printBlock(s.body, inner, out);
      out.push(`${ind}}`);
      return;
    case 'push':
      out.push(`${ind}push ${printAtom(s.value)}`);
      return;
    case 'pop':
      out.push(`${ind}${s.target} = pop`);
      return;
    case 'throw':
      out.push(`${ind}throw ${s.error} ${JSON.stringify(s.message)}`);
      return;
    default:
      assertNever(s, 'statement');
  }
}
