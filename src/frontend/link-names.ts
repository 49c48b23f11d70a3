/**
 * Scope-aware renaming of a file's top-level names, the linker's one tool (link.ts).
 *
 * Linking lays several files into one program, so a file's top-level names are rebound: an
 * imported name to the declaration it imports (under that declaration's name in the linked
 * program), a helper of another file to a name no other file uses, `sqrt` of
 * `const { sqrt } = Math` to `Math.sqrt`, `g.norm` of `import * as g` to `norm`. This pass
 * rewrites every reference to such a name that no inner declaration shadows (parameters,
 * `var` hoisted to its function, `let`/`const`/functions to their block, catch parameters),
 * leaving property keys, member names and labels alone. Replacements keep the reference's
 * offsets, so a diagnostic still points at the text the user wrote.
 */
import type { Es } from './lower-context.js';

export type Replacement =
  /** Another identifier (the name the binding has in the linked program). */
  | { kind: 'name'; name: string }
  /** An expression built at the reference (`Math.sqrt`), e.g. for a destructured global. */
  | { kind: 'expr'; make: (at: Es) => Es }
  /** A namespace (`import * as g`, `require('./g')`, an object of constants): only `g.member` may read it. */
  | { kind: 'namespace'; members: (name: string) => Replacement | undefined; describe: string };

/** Called for a reference the replacement cannot take (a bare namespace, an unknown member). */
export type Misuse = (node: Es, message: string) => void;

const SKIP = new Set(['type', 'start', 'end', 'loc', 'range']);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

class Renamer {
  constructor(
    readonly lookup: (name: string) => Replacement | undefined,
    readonly misuse: Misuse,
  ) {}

  /** The replacement for a reference to `name`, unless a declaration in `scope` shadows it. */
  target(name: string, scope: Scope): Replacement | undefined {
    for (let s: Scope | null = scope; s; s = s.parent) if (s.names.has(name)) return undefined;
    return this.lookup(name);
  }

  /** Visits `node`, returning what replaces it (itself, usually). */
  node(n: Es, scope: Scope): Es {
    switch (n.type) {
      case 'Identifier':
        return this.reference(n, scope);
      case 'MemberExpression':
        return this.member(n, scope);
      case 'Property':
        if (n.computed) n.key = this.node(n.key, scope);
        if (n.value) {
          const value = this.node(n.value, scope);
          if (n.shorthand && value !== n.value) n.shorthand = false;
          n.value = value;
        }
        return n;
      case 'MethodDefinition':
      case 'PropertyDefinition':
        if (n.computed) n.key = this.node(n.key, scope);
        if (n.value) n.value = this.node(n.value, scope);
        return n;
      case 'MetaProperty':
        return n;
      case 'CallExpression':
        // `(0, geom_1.norm)(x)`: how tsc and Babel call an imported function without `this`.
        if (n.callee.type === 'SequenceExpression' && n.callee.expressions.length === 2 && n.callee.expressions[0].type === 'Literal') {
          n.callee = n.callee.expressions[1];
        }
        return this.children(n, scope);
      case 'LabeledStatement':
        n.body = this.node(n.body, scope);
        return n;
      case 'BreakStatement':
      case 'ContinueStatement':
        return n;
      case 'VariableDeclaration':
        for (const d of n.declarations) {
          this.pattern(d.id, scope);
          if (d.init) d.init = this.node(d.init, scope);
        }
        return n;
      case 'BlockStatement':
        return this.children(n, new Scope(scope, lexicalNames(n.body)));
      case 'ForStatement':
      case 'ForInStatement':
      case 'ForOfStatement': {
        const head = n.type === 'ForStatement' ? n.init : n.left;
        const names = head?.type === 'VariableDeclaration' && head.kind !== 'var' ? patternNames(head.declarations.map((d: Es) => d.id)) : [];
        return this.children(n, new Scope(scope, names));
      }
      case 'CatchClause': {
        const inner = new Scope(scope, n.param ? patternNames([n.param]) : []);
        if (n.param) this.pattern(n.param, inner);
        n.body = this.node(n.body, inner);
        return n;
      }
      default:
        if (FUNCTIONS.has(n.type)) return this.fn(n, scope);
        return this.children(n, scope);
    }
  }

  children(n: Es, scope: Scope): Es {
    for (const key of Object.keys(n)) {
      if (SKIP.has(key) || key.startsWith('adgen')) continue;
      const value = n[key];
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          if (item && typeof item.type === 'string') value[i] = this.node(item, scope);
        });
      } else if (value && typeof value === 'object' && typeof value.type === 'string') {
        n[key] = this.node(value, scope);
      }
    }
    return n;
  }

  fn(n: Es, scope: Scope): Es {
    const own = n.type === 'FunctionExpression' && n.id ? [n.id.name] : [];
    const body: Es[] = n.body.type === 'BlockStatement' ? n.body.body : [];
    const inner = new Scope(scope, [...own, 'arguments', ...patternNames(n.params), ...varNames(n.body), ...lexicalNames(body)]);
    for (const p of n.params) this.pattern(p, inner);
    if (n.body.type === 'BlockStatement') {
      n.body.body = body.map((s) => this.node(s, inner));
    } else {
      n.body = this.node(n.body, inner);
    }
    return n;
  }

  /** A binding pattern: its names are declarations; only defaults and computed keys are read. */
  pattern(p: Es | null, scope: Scope): void {
    if (!p) return;
    if (p.type === 'AssignmentPattern') {
      this.pattern(p.left, scope);
      p.right = this.node(p.right, scope);
    } else if (p.type === 'ArrayPattern') {
      p.elements.forEach((e: Es | null) => this.pattern(e, scope));
    } else if (p.type === 'ObjectPattern') {
      for (const prop of p.properties) {
        if (prop.type === 'RestElement') this.pattern(prop.argument, scope);
        else {
          if (prop.computed) prop.key = this.node(prop.key, scope);
          this.pattern(prop.value, scope);
        }
      }
    } else if (p.type === 'RestElement') {
      this.pattern(p.argument, scope);
    } else if (p.type !== 'Identifier') {
      this.node(p, scope); // a member expression as an assignment target
    }
  }

  reference(n: Es, scope: Scope): Es {
    const r = this.target(n.name, scope);
    if (!r) return n;
    if (r.kind === 'namespace') {
      this.misuse(n, `${n.name} is ${r.describe}: read its members (${n.name}.name) rather than ${n.name} itself`);
      return n;
    }
    return apply(r, n);
  }

  member(n: Es, scope: Scope): Es {
    const ns = n.computed ? undefined : this.namespaceOf(n.object, scope);
    if (ns?.kind === 'namespace') {
      const m = ns.members(n.property.name);
      const what = `${text(n.object)}.${n.property.name}`;
      if (!m) this.misuse(n.property, `${what}: ${ns.describe} has no member ${n.property.name}`);
      else if (m.kind === 'namespace') this.misuse(n, `${what} is ${m.describe}: read its members (${what}.name) rather than ${what} itself`);
      else return apply(m, { ...n, type: 'Identifier', name: n.property.name });
      return n;
    }
    n.object = this.node(n.object, scope);
    if (n.computed) n.property = this.node(n.property, scope);
    return n;
  }

  /** The namespace a member chain (`g`, `g.sub`, `P.a`) stands for, if it is one. */
  namespaceOf(e: Es, scope: Scope): Replacement | undefined {
    if (e.type === 'Identifier') {
      const r = this.target(e.name, scope);
      return r?.kind === 'namespace' ? r : undefined;
    }
    if (e.type !== 'MemberExpression' || e.computed) return undefined;
    const outer = this.namespaceOf(e.object, scope);
    const m = outer?.kind === 'namespace' ? outer.members(e.property.name) : undefined;
    return m?.kind === 'namespace' ? m : undefined;
  }
}

/** `a.b.c` as written (for messages). */
function text(e: Es): string {
  return e.type === 'MemberExpression' ? `${text(e.object)}.${e.property.name ?? '…'}` : (e.name ?? '…');
}

function apply(r: Exclude<Replacement, { kind: 'namespace' }>, at: Es): Es {
  if (r.kind === 'expr') return r.make(at);
  return { type: 'Identifier', start: at.start, end: at.end, name: r.name } as Es;
}

class Scope {
  readonly names: Set<string>;
  constructor(
    readonly parent: Scope | null,
    names: Iterable<string>,
  ) {
    this.names = new Set(names);
  }
}

/** Names bound by binding patterns (parameters, declarators). */
export function patternNames(patterns: readonly (Es | null)[]): string[] {
  const out: string[] = [];
  const add = (p: Es | null): void => {
    if (!p) return;
    if (p.type === 'Identifier') out.push(p.name);
    else if (p.type === 'AssignmentPattern') add(p.left);
    else if (p.type === 'RestElement') add(p.argument);
    else if (p.type === 'ArrayPattern') p.elements.forEach(add);
    else if (p.type === 'ObjectPattern') for (const q of p.properties) add(q.type === 'RestElement' ? q.argument : q.value);
  };
  patterns.forEach(add);
  return out;
}

/** `let`/`const`/function/class names declared directly in a statement list. */
function lexicalNames(body: readonly Es[]): string[] {
  return body.flatMap((s) => {
    if (s.type === 'VariableDeclaration' && s.kind !== 'var') return patternNames(s.declarations.map((d: Es) => d.id));
    if ((s.type === 'FunctionDeclaration' || s.type === 'ClassDeclaration') && s.id) return [s.id.name];
    return [];
  });
}

/** `var` names declared anywhere in a function body (not inside nested functions). */
function varNames(body: Es): string[] {
  const out: string[] = [];
  const visit = (n: Es): void => {
    if (!n || typeof n !== 'object') return;
    if (FUNCTIONS.has(n.type)) return;
    if (n.type === 'VariableDeclaration' && n.kind === 'var') out.push(...patternNames(n.declarations.map((d: Es) => d.id)));
    for (const key of Object.keys(n)) {
      if (SKIP.has(key) || key.startsWith('adgen')) continue;
      const v = n[key];
      if (Array.isArray(v)) v.forEach((x) => x && typeof x.type === 'string' && visit(x));
      else if (v && typeof v.type === 'string') visit(v);
    }
  };
  if (body.type === 'BlockStatement') body.body.forEach(visit);
  return out;
}

/**
 * Rewrites the references in `node` (a top-level statement, or part of one) to what `lookup`
 * gives for their names. Top-level declarations themselves are not renamed here: the linker
 * names them.
 */
export function renameReferences(node: Es, lookup: (name: string) => Replacement | undefined, misuse: Misuse): Es {
  return new Renamer(lookup, misuse).node(node, new Scope(null, []));
}

/** Every name read in `node` that no inner declaration shadows (its free names). */
export function freeNames(node: Es): Set<string> {
  const out = new Set<string>();
  new Renamer((name) => void out.add(name), () => {}).node(node, new Scope(null, []));
  return out;
}
