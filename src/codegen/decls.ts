/**
 * Where each local of a function is declared in the emitted JavaScript. Declaring a variable
 * where it is first computed (`const t = x * x;`) reads far better than a wall of `let t = 0;`
 * at the top, but is only correct when no read can see the variable before that statement.
 *
 * Blocks here are the blocks of the emitted JS: a `while` with a non-empty test becomes
 * `while (true) { test; if (!cond) break; body }`, one block, with the condition read between test
 * and body. Conditions of `if`, bounds of `for` and the condition of a test-less `while` are
 * read in the enclosing block. The function results are read at the end of the function body.
 *
 * Rule: a set of references R can be declared at statement S when S is the first reference
 * of R in program order, S is a top-level statement of the innermost block B containing all of
 * R, and S defines the variable without reading it (for a `for` index: every other reference
 * is inside that loop's body and no nested loop redefines it). Every execution of B then runs S
 * before any other reference of R, also when B is a loop body (re-entered each iteration).
 * If R fails, it is split by the top-level statements of B that contain its references, and
 * each part must succeed on its own: the parts then never see each other's values (e.g. a
 * temporary reloaded in two separate loops gets a `const` in each), provided at most one part
 * is declared directly in B (two `let x` in one block are a syntax error). Declarations are `const`
 * when their part has no other definition. Anything else is declared at the top of the
 * function with a neutral value (0, false, an empty typed array), as the interpreter's
 * zero-initialised environment does.
 */
import { assertNever, type Atom, type IRFunction, type Stmt } from '../ir/types.js';

export interface Site {
  stmt: Stmt;
  constant: boolean;
}

export type Placement = { kind: 'top' } | { kind: 'sites'; sites: Site[] };

interface Ref {
  block: number;
  pos: number;
  stmt: Stmt | null; // null for reads outside statements (results, the while condition marker)
  def: boolean;
}

interface Tree {
  parent: (number | null)[];
  /** The statement a block belongs to (null for the function body). */
  owner: (Stmt | null)[];
  bodyOf: Map<Stmt, number>;
}

export function placeDeclarations(fn: IRFunction): Map<string, Placement> {
  const { refs, tree } = collect(fn);
  const out = new Map<string, Placement>();
  const params = new Set(fn.params);
  for (const [name, rs] of refs) {
    if (params.has(name)) continue;
    const sites = place(name, rs, tree);
    out.set(name, sites ? { kind: 'sites', sites } : { kind: 'top' });
  }
  return out;
}

function collect(fn: IRFunction): { refs: Map<string, Ref[]>; tree: Tree } {
  const tree: Tree = { parent: [], owner: [], bodyOf: new Map() };
  const refs = new Map<string, Ref[]>();
  let pos = 0;
  // Hot (one call per variable reference): plain object literal, no spread, one map lookup.
  const ref = (name: string, block: number, stmt: Stmt | null, def: boolean) => {
    const r: Ref = { block, pos: pos++, stmt, def };
    const list = refs.get(name);
    if (list) list.push(r);
    else refs.set(name, [r]);
  };
  const read = (a: Atom, block: number, stmt: Stmt | null) => {
    if (a.kind === 'var') ref(a.name, block, stmt, false);
  };
  const newBlock = (p: number | null, owner: Stmt | null) => {
    tree.owner.push(owner);
    return tree.parent.push(p) - 1;
  };
  const walk = (stmts: Stmt[], block: number): void => stmts.forEach((s) => visit(s, block));
  const visit = (s: Stmt, block: number): void => {
    const def = (name: string) => ref(name, block, s, true);
    const reads = (atoms: Atom[]) => atoms.forEach((a) => read(a, block, s));
    switch (s.kind) {
      case 'assign':
        reads(s.args);
        return def(s.target);
      case 'load':
        reads([{ kind: 'var', name: s.array }, s.index]);
        return def(s.target);
      case 'alloc':
        reads([s.length]);
        return def(s.target);
      case 'pop':
        return def(s.target);
      case 'store':
        return reads([{ kind: 'var', name: s.array }, s.index, s.value]);
      case 'push':
        return reads([s.value]);
      case 'throw':
        return;
      case 'if':
        reads([s.cond]);
        walk(s.then, newBlock(block, s));
        return walk(s.else, newBlock(block, s));
      case 'for':
        reads([s.start, s.end]);
        def(s.index);
        tree.bodyOf.set(s, newBlock(block, s));
        return walk(s.body, tree.bodyOf.get(s)!);
      case 'while': {
        if (s.test.length === 0) {
          reads([s.cond]);
          return walk(s.body, newBlock(block, s));
        }
        const inner = newBlock(block, s);
        walk(s.test, inner);
        read(s.cond, inner, null);
        return walk(s.body, inner);
      }
      default:
        return assertNever(s, 'statement');
    }
  };
  const root = newBlock(null, null);
  walk(fn.body, root);
  fn.results.forEach((a) => read(a, root, null));
  return { refs, tree };
}

/** Declaration sites covering the references `rs`, or null if they need a top declaration. */
function place(name: string, rs: Ref[], tree: Tree): Site[] | null {
  const home = rs.map((r) => r.block).reduce((a, b) => lca(a, b, tree));
  const first = rs.reduce((a, b) => (b.pos < a.pos ? b : a));
  if (first.block === home && first.def && first.stmt && declares(name, first.stmt, rs, tree)) {
    return [{ stmt: first.stmt, constant: rs.filter((r) => r.def).length === 1 }];
  }
  const parts = new Map<Stmt, Ref[]>();
  for (const r of rs) {
    const key = topStatement(r, home, tree);
    if (!key) return null;
    if (!parts.has(key)) parts.set(key, []);
    parts.get(key)!.push(r);
  }
  if (parts.size < 2) return null;
  const sites: Site[] = [];
  let direct = 0; // parts declared directly in `home`
  for (const [key, part] of parts) {
    const s = place(name, part, tree);
    if (!s) return null;
    if (s.some((site) => site.stmt === key && key.kind !== 'for')) direct++;
    sites.push(...s);
  }
  // Two `let`s of one name directly in the same block would be a syntax error.
  return direct > 1 ? null : sites;
}

/** Can `stmt` (the first reference, a definition) declare the variable for all of `rs`? */
function declares(name: string, stmt: Stmt, rs: Ref[], tree: Tree): boolean {
  if (rs.some((r) => r.stmt === stmt && !r.def)) return false; // it also reads the variable
  if (stmt.kind !== 'for') return true;
  // `for (let i = …)`: i must not be used after the loop nor redefined by a nested loop.
  const body = tree.bodyOf.get(stmt)!;
  return rs.every((r) => (r.stmt === stmt && r.def) || (isInside(r.block, body, tree) && !(r.def && r.stmt?.kind === 'for')));
}

/** The top-level statement of block `home` that contains reference `r` (null: none does). */
function topStatement(r: Ref, home: number, tree: Tree): Stmt | null {
  if (r.block === home) return r.stmt;
  let b = r.block;
  while (tree.parent[b] !== home) b = tree.parent[b]!;
  return tree.owner[b];
}

function isInside(block: number, ancestor: number, tree: Tree): boolean {
  for (let b: number | null = block; b !== null; b = tree.parent[b]) if (b === ancestor) return true;
  return false;
}

function lca(a: number, b: number, tree: Tree): number {
  if (a === b) return a; // the common case: both references in one block
  const seen = new Set<number>();
  for (let x: number | null = a; x !== null; x = tree.parent[x]) seen.add(x);
  for (let y: number | null = b; y !== null; y = tree.parent[y]) if (seen.has(y)) return y;
  throw new Error('internal error: blocks without a common ancestor');
}
