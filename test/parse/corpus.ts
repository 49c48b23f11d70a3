/**
 * Snippets of plain JavaScript (hence also valid TypeScript) covering every construct the
 * converter handles. Parsed as `.js` by acorn and as `.ts` by the converter they must give the
 * same ESTree, positions included.
 */
export const JS_CORPUS: Record<string, string> = {
  functions: `
/** Sum of squares. */
export function f(x, y) {
  const a = x * x;
  let b = y ** 2;
  return a + b;
}
function g(a = 1, ...rest) { return rest.length + a; }
export const h = (x) => x * 2;
export const k = async (x) => { await x; };
const m = function named(x) { return x; }, n = () => ({ a: 1 });
export default function (x) { return -x; }
function* gen() { yield 1; yield* other(); yield; }
async function* agen() { for await (const x of xs) yield x; }
`,
  literals: `
x = 1; x = 1.5; x = .5; x = 1e3; x = 1E-7; x = 0x10; x = 0o17; x = 0b101; x = 1_000_000; x = 0.1_2;
x = 12345678901234567890; x = 1e400; x = 0xFFFFFFFFFFFFF;
x = 10n; x = 0x1Fn; x = 1_0n;
s = 'single'; s = "double \\" quote"; s = 'esc \\n \\u0041 \\x41 \\u{1F600}';
b = true; b = false; z = null; u = undefined;
r = /a+b/g; r = /[/]\\//iu; r = /(?<name>x)\\k<name>/d;
t = \`plain\`; t = \`a\${b}c\${d}\`; t = \`\${a}\`; t = \`line1
line2\`; t = tag\`x\${y}z\`; t = String.raw\`\\u\`;
`,
  operators: `
a = b + c - d * e / f % g ** h;
a += 1; a -= 1; a *= 2; a /= 2; a %= 2; a **= 2; a <<= 1; a >>= 1; a >>>= 1; a &= 1; a |= 1; a ^= 1;
a &&= b; a ||= c; a ??= d;
a = b << c >> d >>> e & f | g ^ h;
a = b < c && c <= d || d > e && e >= f;
a = b == c; a = b != c; a = b === c; a = b !== c;
a = b ?? c; a = (b || c) ?? d; a = b in c; a = b instanceof C;
a = -b; a = +b; a = !b; a = ~b; a = typeof b; a = void 0; delete a.b;
++a; a++; --a; a--; ++a.b; a[0]--;
a = b ? c : d ? e : f;
a = (b, c, d); a = ((b, c), d);
a = (b);
`,
  members: `
a.b.c; a[b][0]; a.b(c, ...d); new A; new A(b); new A.B(c);
a?.b; a?.[0]; a?.(); a?.b.c.d; a?.b?.c; (a?.b).c; a.b?.(c)?.d;
import.meta.url; const p = import('./m.js');
super_;
`,
  objectsAndArrays: `
o = { a: 1, 'b': 2, 3: 4, [k]: 5, c, ...d, m() {}, get g() { return 1; }, set s(v) {}, async am() {}, *gm() {}, async *agm() {} };
l = [1, , 2, ...x, [3]];
e = {}; f = [];
`,
  control: `
if (a) b(); else if (c) d(); else { e(); }
for (let i = 0; i < n; i++) { if (i) continue; else break; }
for (;;) {}
for (i = 0, j = 1; i < j; i++, j--) ;
for (const k in o) {}
for (k in o) {}
for (const [a, b] of pairs) {}
for ([a, b] of pairs) {}
for (o.x of xs);
while (x) x--;
do { x++; } while (x < 10);
outer: for (const a of b) { inner: for (;;) { continue outer; break inner; } }
blk: { break blk; }
switch (x) { case 1: y(); break; case 2: case 3: { z(); } default: w(); }
try { a(); } catch (e) { b(e); } finally { c(); }
try { a(); } catch { b(); }
try { a(); } catch ({ message }) { b(message); }
throw new Error('x');
debugger;
;
`,
  declarations: `
var v1; let l1, l2 = 2; const c1 = 1;
const { a, b: bb, c = 3, [k]: kk, ...restObj } = obj;
const [x, , y = 2, ...restArr] = arr;
let [[deep], { deeper: [d2] }] = nested;
({ a, b: { c }, d = 1, ...r } = obj);
[a, [b], c = 2, ...d] = arr;
[o.a, o['b']] = [1, 2];
class A extends B {
  #p = 1;
  static s = 2;
  q;
  'quoted' = 3;
  [computed] = 4;
  static { init(); }
  constructor(x) { super(x); this.x = x; }
  method() { return this.#p; }
  static async *gen() {}
  get v() { return 1; }
  set v(value) {}
  #priv() { return #p in this; }
}
const C = class Named {};
const D = class extends A {};
`,
  modules: `
import def from 'a';
import * as ns from 'b';
import { x, y as z, 'str' as s } from 'c';
import def2, { w } from 'd';
import 'side-effect';
import json from './j.json' with { type: 'json' };
export { x, z as zz, s as 'str2' };
export * from 'e';
export * as ns2 from 'f';
export { default as g, h } from 'g';
export let exportedLet = 1;
export class Exported {}
`,
  defaultExpression: `export default 1 + 2;`,
  defaultClass: `export default class { m() {} }`,
  defaultArrow: `/** doc */\nexport default (x) => x;`,
  directives: `'use strict';\n"another";\nfunction f() { 'use strict'; return 1; }\n('not a directive');`,
  asyncAwait: `
const v = await fetchIt();
async function f() { await a; for await (const x of y) {} }
const g = async x => await x;
async () => {};
`,
  comments: `
// line comment
/* block */ function f(/* inline */ x) { // trailing
  return x; /* after */
}
/** Doc for g. */
// an intervening line comment
function g() {}
`,
  newTarget: `function F() { if (!new.target) throw 1; const a = () => new.target; }`,
  using: `{ using r = res(); }`,
  unicode: `const \\u0061bc = 'é'; const ü = 1; const x = "\\u2028";`,
  crlf: 'function f(x) {\r\n  return `a\r\nb` + x;\r\n}\r\n',
  moreClasses: `
export default class extends B {
  static async *[Symbol.iterator]() {}
  get #x() { return 1; }
  set #x(v) {}
  f = () => this.#x;
  static #s = 1;
  static m() { return A.#s; }
  n() { return super.n() + (() => super.n())(); }
}
const o = { m() { return super.x; }, get [k]() { return 1; }, async *[g]() {} };
`,
  moreFunctions: `
const a = x => x, b = async x => x, c = async (x, y) => { return x; }, d = () => () => 1;
export { a as default, b };
export { default as e } from 'm';
function f() { return () => { arguments; new.target; }; }
label: while (true) { if (a) break label; else continue label; }
x = \`outer \${\`inner \${y}\`} end\`;
`,
  moreTopLevelAwait: `
o = await {};
a;
b = await (c);
d = await [1];
`,
};
