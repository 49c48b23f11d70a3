/**
 * Module-level constants, folded at compile time: a top-level `const` (or a `var`/`let` nothing
 * reassigns, see link-record.ts) whose initializer is computed from number literals, other
 * constants, `Math` and `Number` constants, `Math` functions, arithmetic and the integer
 * operators published numeric code writes (`1023|0`, `1 << 28`, `0x800fffff>>>0`). Each
 * reference then reads the number itself, so constants cost nothing at run time.
 */
import { MATH_CONSTANTS, MATH_FUNCTIONS, OPS } from '../ops/table.js';
import type { Es } from './lower-context.js';

const NUMBER_CONSTANTS = new Set(['EPSILON', 'MAX_VALUE', 'MIN_VALUE', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'POSITIVE_INFINITY', 'NEGATIVE_INFINITY', 'NaN']);
const ARITH: Record<string, string> = { '+': 'add', '-': 'sub', '*': 'mul', '/': 'div', '%': 'mod', '**': 'pow' };
// JavaScript's own integer operators: exact, so folding them now equals running them later.
const INTEGER: Record<string, (a: number, b: number) => number> = {
  '|': (a, b) => a | b,
  '&': (a, b) => a & b,
  '^': (a, b) => a ^ b,
  '<<': (a, b) => a << b,
  '>>': (a, b) => a >> b,
  '>>>': (a, b) => a >>> b,
};

/** The value of a constant initializer, or undefined when it is not one adgen folds. */
export function constantValue(e: Es, constants: ReadonlyMap<string, number>): number | undefined {
  const rec = (x: Es) => constantValue(x, constants);
  switch (e.type) {
    case 'Literal':
      return typeof e.value === 'number' ? e.value : undefined;
    case 'Identifier':
      return constants.get(e.name) ?? (e.name === 'Infinity' ? Infinity : e.name === 'NaN' ? NaN : undefined);
    case 'UnaryExpression': {
      const a = rec(e.argument);
      if (a === undefined) return undefined;
      return e.operator === '-' ? -a : e.operator === '+' ? a : e.operator === '~' ? ~a : undefined;
    }
    case 'BinaryExpression': {
      const [a, b] = [rec(e.left), rec(e.right)];
      if (a === undefined || b === undefined) return undefined;
      const op = ARITH[e.operator];
      if (op) return OPS[op].eval(a, b);
      return INTEGER[e.operator]?.(a, b);
    }
    case 'MemberExpression':
      return e.computed ? undefined : memberConstant(e.object.name, e.property.name);
    case 'CallExpression': {
      const fn = e.callee.type === 'MemberExpression' && e.callee.object.name === 'Math' ? MATH_FUNCTIONS[e.callee.property.name] : undefined;
      const args = e.arguments.map(rec);
      return fn && args.every((a: number | undefined) => a !== undefined) ? OPS[fn].eval(...args) : undefined;
    }
    default:
      return undefined;
  }
}

function memberConstant(object: string | undefined, name: string): number | undefined {
  if (object === 'Math' && (MATH_CONSTANTS as readonly string[]).includes(name)) return (Math as unknown as Record<string, number>)[name];
  if (object === 'Number' && NUMBER_CONSTANTS.has(name)) return (Number as unknown as Record<string, number>)[name];
  return undefined;
}
