/**
 * The fence: a syntactic pass over the surface AST that rejects every construct adgen does not
 * compile, each with its own message at its own position, before lowering starts (Tangent's
 * fence). It reports all of them in one run and never descends into a rejected node (one error
 * per construct, not one per sub-expression).
 *
 * It knows syntax only: which names are the file's functions (for unknown calls and argument
 * counts) but not types, so "is this an array?" and recursion are left to the lowering.
 * Codes: 'unsupported' for constructs, 'import' for imports, 'unknown-call', 'arity'.
 */
import { externImport } from './lower-custom.js';
import type * as acorn from 'acorn';
import { diag, type Diagnostic } from '../diagnostics.js';
import { MATH_CONSTANTS, MATH_FUNCTIONS } from '../ops/table.js';
import { F64_ARRAYS, INT_ARRAYS } from './lower-array.js';
import { walk } from './lower-analysis.js';
import type { Es } from './lower-context.js';
import { INTRINSICS, RUNTIME_MODULE } from './lower-derivatives.js';
import { ARRAY_METHODS } from './lower-methods.js';

const ASSIGN_OPS = new Set(['=', '+=', '-=', '*=', '/=', '%=', '**=', '|=', '&=', '^=', '<<=', '>>=', '>>>=']);
const EQUALITY = new Set(['===', '!==', '==', '!=']);
const ARRAY_CTORS = new Set([...F64_ARRAYS, ...INT_ARRAYS]);
const NUMBER_CONSTANTS = new Set(['EPSILON', 'MAX_VALUE', 'MIN_VALUE', 'MAX_SAFE_INTEGER', 'MIN_SAFE_INTEGER', 'POSITIVE_INFINITY', 'NEGATIVE_INFINITY', 'NaN']);
const IMPORT_MESSAGE = 'imports cannot be resolved: adgen compiles single files';
const STRINGS = 'strings are not supported (adgen differentiates numbers)';

const isFunction = (e: Es | null | undefined): boolean =>
  !!e && (e.type === 'FunctionExpression' || e.type === 'ArrowFunctionExpression' || e.type === 'FunctionDeclaration');

class Fence {
  readonly diagnostics: Diagnostic[] = [];
  /** Local names of the `adgen/runtime` functions imported → their exported names. */
  readonly intrinsics = new Map<string, string>();
  /** Argument counts the file's top-level functions accept. */
  readonly functions = new Map<string, { min: number; max: number }>();
  /**
   * Names bound anywhere inside the top-level function being checked (parameters, locals,
   * nested functions): a call of one may be a call of a function value, which only the
   * lowering can resolve.
   */
  locals = new Set<string>();

  constructor(readonly source: string) {}

  error(node: Es, message: string, code = 'unsupported'): void {
    this.diagnostics.push(diag(code, message, node));
  }

  topLevel(stmt: Es): void {
    switch (stmt.type) {
      case 'ImportDeclaration':
        if (stmt.source?.value === RUNTIME_MODULE) return this.runtimeImport(stmt);
        // Functions the file calls but adgen does not compile (their rules: lower-custom.ts).
        if (externImport(stmt)) return externImport(stmt)!.forEach((x) => this.functions.set(x.local, { min: 0, max: Infinity }));
        if (!this.typeOnlyImport(stmt)) this.error(stmt, IMPORT_MESSAGE, 'import');
        return;
      case 'ExportAllDeclaration':
        return this.error(stmt, IMPORT_MESSAGE, 'import');
      case 'ExportDefaultDeclaration':
        return this.error(stmt, 'default exports are not supported for this value: export a named function (export default function f(…)) or a function by name (export default f)');
      case 'ExportNamedDeclaration':
        if (stmt.source) return this.error(stmt, IMPORT_MESSAGE, 'import');
        if (stmt.declaration) this.declaration(stmt.declaration, true);
        return;
      case 'FunctionDeclaration':
      case 'VariableDeclaration':
      case 'ClassDeclaration':
        return this.declaration(stmt, false);
      case 'EmptyStatement':
        return;
      case 'ExpressionStatement':
        if (stmt.directive) return;
        return this.error(stmt, 'top-level statements are not supported (only functions and numeric constants)');
      default:
        return this.unsupported(stmt);
    }
  }

  /** `import { grad, stopGradient } from 'adgen/runtime'`: only the functions compiled in place. */
  runtimeImport(stmt: Es): void {
    for (const spec of stmt.specifiers) {
      const imported: string | undefined = spec.imported?.name;
      if (spec.type !== 'ImportSpecifier' || !imported || !INTRINSICS[imported]) {
        const what = imported ?? (spec.type === 'ImportNamespaceSpecifier' ? '* as ' + spec.local.name : 'default');
        this.error(spec, `${what} from ${RUNTIME_MODULE} cannot be compiled (compiled code may use ${Object.keys(INTRINSICS).join(', ')})`, 'import');
      } else {
        this.intrinsics.set(spec.local.name, imported);
      }
    }
  }

  /** `import { type A } from …` converts to an import with no specifiers; a bare `import 'x'` does too. */
  typeOnlyImport(stmt: Es): boolean {
    if (stmt.importKind === 'type') return true;
    return stmt.specifiers.length === 0 && /\btype\b/.test(this.source.slice(stmt.start, stmt.source.start));
  }

  declaration(decl: Es, exported: boolean): void {
    if (decl.type === 'FunctionDeclaration') return this.topFn(decl);
    if (decl.type === 'ClassDeclaration') return this.error(decl, 'classes are not supported');
    if (decl.type !== 'VariableDeclaration') return this.unsupported(decl);
    for (const d of decl.declarations) {
      if (d.id.type !== 'Identifier') this.error(d.id, 'destructuring is not supported');
      else if (isFunction(d.init)) this.topFn(d.init);
      else if (exported) this.error(d, 'only functions can be exported');
      else if (decl.kind !== 'const') this.error(decl, 'top-level variables are not supported (only functions and numeric constants)');
    }
  }

  /** A top-level function: its body, with the names it binds known. */
  topFn(node: Es): void {
    this.locals = boundNames(node);
    this.fn(node);
  }

  fn(node: Es): void {
    if (node.generator) return this.error(node, 'generators are not supported');
    if (node.async) return this.error(node, 'async functions are not supported');
    for (const p of node.params) {
      if (p.type === 'Identifier') continue;
      if (p.type === 'AssignmentPattern' && p.left.type === 'Identifier') this.operand(p.right);
      else if (p.type === 'AssignmentPattern') this.error(p, 'destructuring is not supported');
      else if (p.type === 'RestElement') this.error(p, 'rest parameters are not supported');
      else if (p.type === 'ObjectPattern' || p.type === 'ArrayPattern') this.error(p, 'destructuring is not supported');
      else this.unsupported(p);
    }
    if (node.body.type === 'BlockStatement') node.body.body.forEach((s: Es) => this.stmt(s));
    else this.expr(node.body);
  }

  unsupported(node: Es): void {
    if (node.type === 'AdgenUnsupported') return this.error(node, `${node.construct} is not supported`);
    const words = node.type.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase();
    this.error(node, `${words} is not supported`);
  }

  stmt(s: Es): void {
    switch (s.type) {
      case 'ExpressionStatement':
        if (!s.directive) this.expr(s.expression);
        return;
      case 'BlockStatement':
        return s.body.forEach((x: Es) => this.stmt(x));
      case 'EmptyStatement':
      case 'DebuggerStatement':
      case 'BreakStatement':
      case 'ContinueStatement':
        return;
      case 'VariableDeclaration':
        return this.variables(s);
      case 'ReturnStatement':
        return this.optExpr(s.argument);
      case 'IfStatement':
        this.expr(s.test);
        this.stmt(s.consequent);
        return s.alternate ? this.stmt(s.alternate) : undefined;
      case 'ForStatement':
        if (s.init?.type === 'VariableDeclaration') this.variables(s.init);
        else this.effects(s.init);
        this.optExpr(s.test);
        this.effects(s.update);
        return this.stmt(s.body);
      case 'WhileStatement':
      case 'DoWhileStatement':
        this.expr(s.test);
        return this.stmt(s.body);
      case 'ForOfStatement':
        return this.forOf(s);
      case 'ForInStatement':
        return this.error(s, 'for-in loops are not supported (use an index loop)');
      case 'LabeledStatement':
        if (!['ForStatement', 'WhileStatement', 'DoWhileStatement', 'ForOfStatement', 'SwitchStatement'].includes(s.body.type)) {
          return this.error(s, 'labeled statements are not supported');
        }
        return this.stmt(s.body);
      case 'SwitchStatement':
        this.operand(s.discriminant);
        for (const c of s.cases) {
          if (c.test) this.operand(c.test);
          c.consequent.forEach((x: Es) => this.stmt(x));
        }
        return;
      case 'ThrowStatement':
        return this.error(s, 'throw is not supported');
      case 'TryStatement':
        return this.error(s, 'try/catch is not supported');
      case 'FunctionDeclaration':
        return this.fn(s);
      case 'ClassDeclaration':
        return this.error(s, 'classes are not supported');
      case 'WithStatement':
        return this.error(s, 'with is not supported');
      default:
        return this.unsupported(s);
    }
  }

  variables(decl: Es): void {
    for (const d of decl.declarations) {
      if (d.id.type !== 'Identifier') this.error(d.id, 'destructuring is not supported');
      else if (d.init) this.operand(d.init);
    }
  }

  forOf(s: Es): void {
    if (s.await) return this.error(s, 'for await is not supported');
    const left: Es = s.left;
    if (left.type !== 'VariableDeclaration' || left.declarations[0]?.id.type !== 'Identifier') {
      this.error(left, 'for-of needs a new variable: for (const x of array)');
    }
    this.expr(s.right);
    this.stmt(s.body);
  }

  /** For-init and for-update: expressions evaluated for effect, where `a, b` is allowed. */
  effects(e: Es | null | undefined): void {
    if (e?.type === 'SequenceExpression') e.expressions.forEach((x: Es) => this.expr(x));
    else this.optExpr(e);
  }

  optExpr(e: Es | null | undefined): void {
    if (e) this.expr(e);
  }

  expr(e: Es): void {
    switch (e.type) {
      case 'Identifier':
        if (e.name === 'undefined') this.error(e, 'undefined is not supported as a value');
        if (e.name === 'arguments') this.error(e, 'arguments is not supported');
        return;
      case 'Literal':
        return this.literal(e);
      case 'TemplateLiteral':
      case 'TaggedTemplateExpression':
        return this.error(e, STRINGS);
      case 'ThisExpression':
        return this.error(e, 'this is not supported');
      case 'Super':
        return this.error(e, 'super is not supported');
      case 'ArrayExpression':
        return this.arrayElements(e, e.elements);
      case 'ObjectExpression':
        return this.error(e, 'objects are not supported (adgen takes numbers and arrays)');
      case 'FunctionExpression':
      case 'ArrowFunctionExpression':
        return this.fn(e);
      case 'ClassExpression':
        return this.error(e, 'classes are not supported');
      case 'UnaryExpression':
        if (['void', 'delete'].includes(e.operator)) return this.error(e, `the '${e.operator}' operator is not supported`);
        if (e.operator === 'typeof') return this.operand(e.argument);
        return this.expr(e.argument);
      case 'UpdateExpression':
        return this.target(e.argument, e);
      case 'BinaryExpression':
      case 'LogicalExpression':
        return this.binary(e);
      case 'AssignmentExpression':
        if (!ASSIGN_OPS.has(e.operator)) return this.error(e, `the '${e.operator}' operator is not supported`);
        this.target(e.left, e);
        return this.expr(e.right);
      case 'ConditionalExpression':
        this.expr(e.test);
        this.expr(e.consequent);
        return this.expr(e.alternate);
      case 'MemberExpression':
        return this.member(e);
      case 'CallExpression':
        return this.call(e);
      case 'NewExpression':
        return this.newExpr(e);
      case 'SequenceExpression':
        return this.error(e, 'sequence expressions (a, b) are not supported');
      case 'ChainExpression':
        return this.error(e, 'optional chaining is not supported');
      case 'YieldExpression':
        return this.error(e, 'generators are not supported');
      case 'AwaitExpression':
        return this.error(e, 'async functions are not supported');
      case 'ImportExpression':
        return this.error(e, 'imports cannot be resolved at run time: import() is not supported (use a static import)', 'import');
      case 'ParenthesizedExpression':
        return this.expr(e.expression);
      case 'SpreadElement':
        return this.error(e, 'spread is not supported');
      default:
        return this.unsupported(e);
    }
  }

  literal(e: Es): void {
    if (typeof e.value === 'number' || typeof e.value === 'boolean') return;
    if (typeof e.value === 'string') return this.error(e, STRINGS);
    if (e.regex) return this.error(e, 'regular expressions are not supported');
    if (e.bigint !== undefined) return this.error(e, 'bigint is not supported (adgen computes in double precision)');
    if (e.value === null) return this.error(e, 'null is not supported');
    return this.unsupported(e);
  }

  arrayElements(e: Es, elements: (Es | null)[]): void {
    for (const x of elements) {
      if (!x) this.error(e, 'array holes are not supported');
      else this.expr(x);
    }
  }

  binary(e: Es): void {
    if (e.operator === 'in' || e.operator === 'instanceof') return this.error(e, `the '${e.operator}' operator is not supported`);
    const sides = EQUALITY.has(e.operator) || e.operator === '??' ? (x: Es) => this.operand(x) : (x: Es) => this.expr(x);
    sides(e.left);
    sides(e.right);
  }

  /**
   * Where a value may also be a string or `undefined`, resolved at compile time by the lowering:
   * operands of `===`/`!==`/`??`, `typeof`, arguments, initializers, case labels, defaults.
   */
  operand(e: Es): void {
    if (e.type === 'Literal' && typeof e.value === 'string') return;
    if (e.type === 'Identifier' && e.name === 'undefined') return;
    if (e.type === 'Literal' && e.value === null && !e.regex) return;
    this.expr(e);
  }

  /** An assignment target: a variable or an array element. */
  target(t: Es, parent: Es): void {
    if (t.type === 'Identifier') return;
    if (t.type === 'MemberExpression' && t.computed && !t.optional) {
      this.expr(t.object);
      return this.expr(t.property);
    }
    if (t.type === 'MemberExpression') return this.error(t, `cannot assign to .${t.property.name ?? 'property'}`);
    if (t.type === 'ObjectPattern' || t.type === 'ArrayPattern') return this.error(t, 'destructuring is not supported');
    this.error(parent, 'this assignment target is not supported');
  }

  member(e: Es): void {
    if (e.optional) return this.error(e, 'optional chaining is not supported');
    if (e.computed) {
      this.expr(e.object);
      return this.expr(e.property);
    }
    const prop: string = e.property.name ?? '';
    if (e.property.type === 'PrivateIdentifier') return this.error(e, 'classes are not supported');
    const objName: string | undefined = e.object.type === 'Identifier' ? e.object.name : undefined;
    if (objName === 'Math') {
      if ((MATH_CONSTANTS as readonly string[]).includes(prop)) return;
      if (prop === 'random') return this.error(e, 'Math.random is not supported (not deterministic or differentiable)');
      if (MATH_FUNCTIONS[prop]) return this.error(e, `Math.${prop} must be called, not used as a value`);
      return this.error(e, `Math.${prop} is not supported`);
    }
    if (objName === 'Number' && NUMBER_CONSTANTS.has(prop)) return;
    if (prop === 'length') return this.expr(e.object);
    this.error(e, `property access .${prop} is not supported (adgen takes numbers and arrays)`);
  }

  call(e: Es): void {
    if (e.optional) return this.error(e, 'optional chaining is not supported');
    const callee: Es = e.callee;
    if (this.intrinsicCall(e)) return;
    if (callee.type === 'Identifier') this.namedCall(e, callee.name);
    else if (callee.type === 'MemberExpression' && !callee.computed && !callee.optional) this.methodCall(e, callee);
    else if (callee.type === 'Super') return this.error(e, 'super is not supported');
    else if (callee.type === 'ArrowFunctionExpression' || callee.type === 'FunctionExpression' || callee.type === 'CallExpression' || callee.type === 'ParenthesizedExpression') {
      // `g()(x)`: a call of a function value, which the lowering resolves.
      this.expr(callee);
    } else {
      // `a[k]()`, `new Function(…)()`: report what the callee is made of, too.
      this.expr(callee);
      return this.error(callee, 'only named functions can be called', 'unknown-call');
    }
    if (isLengthObject(e.arguments[0]) && callee.type === 'MemberExpression' && callee.property.name === 'from') {
      this.expr(e.arguments[0].properties[0].value);
      return this.arguments(e, e.arguments.slice(1));
    }
    this.arguments(e, e.arguments);
  }

  arguments(e: Es, args: (Es | null)[]): void {
    for (const x of args) {
      if (!x) this.error(e, 'array holes are not supported');
      else this.operand(x);
    }
  }

  /** `stopGradient(x)`, `jvp(f, [x], [v])`, `grad(f, argnums?)(…)`: the lowering checks the details. */
  intrinsicCall(e: Es): boolean {
    const callee: Es = e.callee;
    const direct = callee.type === 'Identifier' ? this.intrinsics.get(callee.name) : undefined;
    const curried = callee.type === 'CallExpression' && callee.callee.type === 'Identifier' ? this.intrinsics.get(callee.callee.name) : undefined;
    if (direct && INTRINSICS[direct] === 'direct') {
      this.arrayElements(e, direct === 'jvp' ? e.arguments.slice(1) : e.arguments);
      return true;
    }
    if (curried && INTRINSICS[curried] === 'curried') {
      this.arrayElements(e, e.arguments);
      return true;
    }
    if (direct || curried) this.error(callee, `${direct ?? curried} is called as ${INTRINSICS[(direct ?? curried)!] === 'curried' ? `${curried ?? direct}(f)(…)` : `${direct ?? curried}(…)`}`);
    return !!(direct || curried);
  }

  namedCall(e: Es, name: string): void {
    if (this.locals.has(name)) return; // maybe a function value: the lowering checks the call
    if (name === 'isNaN' || name === 'isFinite') return;
    const arity = this.functions.get(name);
    if (arity === undefined) {
      if (name === 'eval' || name === 'Function') return this.error(e, `${name} is not supported`);
      return this.error(e.callee, `unknown function ${name}`, 'unknown-call');
    }
    if (e.arguments.length > arity.max || e.arguments.length < arity.min) {
      const count = arity.min === arity.max ? `${arity.max}` : `${arity.min} to ${arity.max}`;
      this.error(e, `${name} takes ${count} argument${arity.max === 1 ? '' : 's'}, got ${e.arguments.length}`, 'arity');
    }
  }

  methodCall(e: Es, callee: Es): void {
    const prop: string = callee.property.name ?? '';
    const obj: Es = callee.object;
    const objName: string | undefined = obj.type === 'Identifier' ? obj.name : undefined;
    if (objName === 'Math') {
      if (prop === 'random') return this.error(callee, 'Math.random is not supported (not deterministic or differentiable)');
      if (!MATH_FUNCTIONS[prop]) return this.error(callee, `Math.${prop} is not supported`);
      return;
    }
    if (objName && (ARRAY_CTORS.has(objName) || objName === 'Array') && (prop === 'of' || prop === 'from')) return;
    if (objName === 'Number' && (prop === 'isFinite' || prop === 'isNaN')) return;
    if (ARRAY_METHODS.has(prop)) return this.expr(obj);
    if (prop === 'fill') {
      const isNewArray = obj.type === 'NewExpression' && obj.callee.type === 'Identifier' && obj.callee.name === 'Array';
      return isNewArray ? this.arrayElements(obj, obj.arguments) : this.expr(obj);
    }
    const where = objName ? `${objName}.${prop}` : `.${prop}`;
    this.error(callee, `unknown function ${where}`, 'unknown-call');
  }

  newExpr(e: Es): void {
    const name: string | undefined = e.callee.type === 'Identifier' ? e.callee.name : undefined;
    if (name && ARRAY_CTORS.has(name)) return this.arrayElements(e, e.arguments);
    if (name === 'Array') return this.error(e, 'new Array(n) is only supported as new Array(n).fill(value)');
    if (name === 'Function') return this.error(e, 'new Function is not supported');
    this.error(e, `new ${name ?? '…'} is not supported (only typed arrays)`);
  }
}

/** How many arguments a call may pass: parameters up to the last required one, at most all. */
function arity(fn: Es): { min: number; max: number } {
  let min = 0;
  fn.params.forEach((p: Es, i: number) => {
    if (p.type !== 'AssignmentPattern' && p.type !== 'RestElement' && !p.optional && !p.adgenOptional) min = i + 1;
  });
  return { min, max: fn.params.length };
}

/** `{ length: n }`, the array-like of `Array.from({ length: n }, f)`. */
function isLengthObject(e: Es | undefined): boolean {
  if (e?.type !== 'ObjectExpression' || e.properties.length !== 1) return false;
  const p: Es = e.properties[0];
  return p.type === 'Property' && !p.computed && (p.key.name ?? p.key.value) === 'length';
}

/** Every name declared anywhere inside `fn` (parameters, variables, nested functions). */
function boundNames(fn: Es): Set<string> {
  const out = new Set<string>();
  const pattern = (p: Es | null | undefined): void => {
    if (!p) return;
    if (p.type === 'Identifier') out.add(p.name);
    else if (p.type === 'AssignmentPattern') pattern(p.left);
  };
  walk(fn, (n) => {
    if (isFunction(n)) n.params.forEach(pattern);
    if (n.type === 'FunctionDeclaration' && n !== fn) pattern(n.id);
    if (n.type === 'VariableDeclarator') pattern(n.id);
  });
  return out;
}

/** Report every unsupported construct of the program. */
export function fence(program: acorn.Program, source: string): Diagnostic[] {
  const f = new Fence(source);
  for (const stmt of program.body as Es[]) {
    const decl: Es = stmt.type === 'ExportNamedDeclaration' && stmt.declaration ? stmt.declaration : stmt;
    if (decl.type === 'FunctionDeclaration' && decl.id) f.functions.set(decl.id.name, arity(decl));
    if (decl.type === 'VariableDeclaration') {
      for (const d of decl.declarations) if (d.id.type === 'Identifier' && isFunction(d.init)) f.functions.set(d.id.name, arity(d.init));
    }
  }
  for (const stmt of program.body as Es[]) f.topLevel(stmt);
  return f.diagnostics;
}
