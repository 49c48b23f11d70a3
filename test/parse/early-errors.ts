/**
 * JavaScript early errors: code that acorn rejects although TypeScript's parser accepts it
 * (TypeScript reports these from its binder or checker). The TS front end must reject each
 * one too. Every entry is valid TypeScript syntax but not a valid JavaScript module.
 */
export const EARLY_ERRORS: string[] = [
  // control flow
  'break;', 'function f() { continue; }', 'return 1;', 'l: { continue l; }', 'while (1) { break m; }',
  'l: l: x;', 'switch (x) { default: default: }',
  // await / yield / new.target / super
  'function f() { await x; }', 'const g = (x) => await x;', 'function f() { for await (const x of y); }',
  'function f() { yield 1; }', 'new.target', 'function f() { super.x; }', 'class A { constructor() { super(); } }',
  'class A extends B { m() { super(); } }', 'function f() { await using r = s; }', 'class A { x = arguments; }',
  'class A { static { await; } }', 'new.foo', 'import.meta2',
  // reserved words and strict mode
  'var let = 1;', 'let static = 1;', 'function f(yield) {}', 'const await = 1;', 'function f() { await; }',
  'implements = 1;', 'eval = 1;', 'arguments++;', 'function f(eval) {}', '[arguments] = x;', 'delete x;', 'delete (x);',
  'with (a) {}', 'function f(a = 1) { "use strict"; }', 'label: let x = 1;', 'if (x) function f() {}',
  // declarations
  'let x; let x;', 'let x; var x;', 'function f() {} function f() {}', 'class A {} class A {}',
  'import x from "m"; let x;', 'try {} catch (e) { let e; }', 'function f(a, a) {}', 'function f(x) { let x; }',
  '{ function f() {} function f() {} }', 'const {a, a} = o;', 'const x;', 'let [a];', 'for (let a, b of c);',
  'for (let a = 1 in c);', 'var;', 'let a = 1,;', 'export { x };', 'export { a as b, c as b }; var a, c;',
  'export default 1; export default 2;', 'export { "s" };',
  // assignment targets and patterns
  '1 = 2;', '++1;', 'a?.b = 1;', 'a?.b++;', 'for (1 of x);', '({a}) = 1;', '({a = 1});', 'x = {a = 1};',
  '[...a, b] = x;', 'const [...a,] = x;', 'const [...a = 1] = x;', 'function f(...a, b) {}', '[...a = 1] = x;',
  // expressions
  'a ?? b || c;', 'a || b ?? c;', 'x = {__proto__: 1, __proto__: 2};', 'a?.b`t`;', '#x in y;', 'class A { #x; m() { #x; } }', 'class A { #x; m() { return #x + 1; } }',
  'class A { m() { this.#y; } }', 'class A { #x; m() { delete this.#x; } }', 'class A { #x; #x; }',
  '3in x;', 'x = /(/;', 'throw\nnew Error();',
  // classes and functions
  'class A { constructor() {} constructor() {} }', 'class A { get constructor() {} }', 'class A { *constructor() {} }',
  'class A { constructor = 1; }', 'class A { static prototype = 1; }', 'class A { #constructor() {} }',
  'x = { get g(a) {} };', 'x = { set s() {} };', 'x = { set s(...v) {} };', 'class A extends {}',
  // TypeScript modifiers and declarations where JavaScript has nothing
  'private function f() {}', 'public x = 1;', 'static function g() {}', '@dec function f() {}',
  'function f(x: number);', 'class A { m(): void; }', 'const f = (this) => 1;', 'x = { private a: 1 };',
  'label: export const x = 1;', 'function f() { import x from "m"; }',
];
