/**
 * Module-level constants, folded at compile time: a top-level `const` (or a `var`/`let` nothing
 * reassigns, see link-record.ts) whose initializer is computed from number literals, other
 * constants, `Math` and `Number` constants, `Math` functions, arithmetic and the integer
 * operators published numeric code writes (`1023|0`, `1 << 28`, `0x800fffff>>>0`). Each
 * reference then reads the number itself, so constants cost nothing at run time. Arrays of such
 * numbers (coefficient tables) are built once at the start of each function that reads them.
 */
import { c } from '../ir/types.js';
import { MATH_CONSTANTS, MATH_FUNCTIONS, OPS } from '../ops/table.js';
import { F64_ARRAYS, INT_ARRAYS } from './lower-array.js';
import type { ArrRef, ConstantArray, Es, Lowerer } from './lower-context.js';

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
export function constantValue(e: Es, constants: ReadonlyMap<string, number>, arrays?: ReadonlyMap<string, ConstantArray>): number | undefined {
  const rec = (x: Es) => constantValue(x, constants, arrays);
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
    case 'MemberExpression': {
      const table = e.object.type === 'Identifier' ? arrays?.get(e.object.name) : undefined;
      if (table && !e.computed && e.property.name === 'length') return table.values.length;
      if (table && e.computed) {
        const i = rec(e.property);
        return i !== undefined && Number.isInteger(i) && i >= 0 && i < table.values.length ? table.values[i] : undefined;
      }
      return e.computed ? undefined : memberConstant(e.object.name, e.property.name);
    }
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

/**
 * A module-level constant array: `[…]`, `new Float64Array([…])`, `Float64Array.of(…)` (or another
 * typed array) of constant numbers. Undefined when `e` is not one.
 */
export function constantArrayValue(e: Es, constants: ReadonlyMap<string, number>, arrays?: ReadonlyMap<string, ConstantArray>): ConstantArray | undefined {
  const fold = (elements: Es[], elem: 'f64' | 'int', typeText: string): ConstantArray | undefined => {
    const values = elements.map((x) => (x && x.type !== 'SpreadElement' ? constantValue(x, constants, arrays) : undefined));
    return values.every((x) => x !== undefined) ? { values: values as number[], elem, typeText } : undefined;
  };
  if (e.type === 'ArrayExpression') return fold(e.elements, 'f64', 'number[]');
  const ctor: string | undefined = e.type === 'NewExpression' ? e.callee.name : e.type === 'CallExpression' && e.callee.type === 'MemberExpression' && e.callee.property.name === 'of' ? e.callee.object.name : undefined;
  const elem = ctor && (F64_ARRAYS.has(ctor) ? 'f64' : INT_ARRAYS.has(ctor) ? 'int' : undefined);
  if (!ctor || !elem) return undefined;
  if (e.type === 'CallExpression') return fold(e.arguments, elem, ctor);
  return e.arguments.length === 1 && e.arguments[0].type === 'ArrayExpression' ? fold(e.arguments[0].elements, elem, ctor) : undefined;
}

/**
 * The array variable holding module constant `name` in the function being lowered: built once,
 * at the function's start (Lowerer.prelude), whichever helper reads it first. Writes into it are
 * refused: the constant is shared by every call.
 */
export function constantArray(L: Lowerer, name: string): ArrRef {
  const known = L.constantArrays.get(name);
  if (known) return known;
  const spec = L.mod.constantArrays.get(name)!;
  const target = L.fresh(spec.elem === 'f64' ? 'f64[]' : 'int[]', name);
  const loc = L.fn.loc;
  L.prelude.push({ kind: 'alloc', target, length: c(spec.values.length), loc });
  spec.values.forEach((value, i) => L.prelude.push({ kind: 'store', array: target, index: c(i), value: c(value), loc }));
  const readonly = `${name} is a module-level constant, shared by every call: copy it into a local array to change it`;
  const arr: ArrRef = { name: target, elem: spec.elem, typeText: spec.typeText, param: false, readonly };
  L.constantArrays.set(name, arr);
  return arr;
}
