/**
 * Activity analysis (Tapenade's): a variable is ACTIVE when it is both
 * - varied: it depends on an active input through differentiable data flow, and
 * - useful: some output depends on it through differentiable data flow.
 * Only active variables get tangents or adjoints.
 *
 * The analysis is flow-insensitive per variable (a fixpoint over all statements, which also
 * covers loop-carried flow): if any assignment to `y` is varied, `y` is varied everywhere, so
 * every assignment to an active `y` must set its derivative (to 0 when the right-hand side is
 * inactive). Only f64 and f64[] variables can be active; int and bool never are. An op with no
 * `partials` (floor, comparisons, len, …) cuts the flow. Arrays are references and the front end
 * substitutes aliases, so an array is one variable: storing a varied value makes it varied,
 * loading from a varied array gives a varied value, and usefulness flows the other way.
 * push/pop move a variable's own earlier value, so they add no flow.
 */
import { OPS } from '../ops/table.js';
import { type IRFunction, type Stmt } from '../ir/types.js';
import { walk } from './ir-utils.js';

export interface Activity {
  varied: Set<string>;
  useful: Set<string>;
  active(name: string): boolean;
}

/**
 * `inputs`: the active parameters. `outputs`: the variables whose derivatives are wanted (the
 * results for reverse mode; results and written array parameters for forward mode).
 */
export function analyzeActivity(fn: IRFunction, inputs: Iterable<string>, outputs: Iterable<string>): Activity {
  const diff = (name: string) => {
    const t = fn.vars.get(name)?.type;
    return t === 'f64' || t === 'f64[]';
  };
  const stmts: Stmt[] = [];
  walk(fn.body, (s) => stmts.push(s));
  const varied = new Set([...inputs].filter(diff));
  const useful = new Set([...outputs].filter(diff));
  fixpoint(() => stmts.reduce((changed, s) => forwardFlow(s, varied, diff) || changed, false));
  fixpoint(() => stmts.reduce((changed, s) => backwardFlow(s, useful, diff) || changed, false));
  return { varied, useful, active: (name) => varied.has(name) && useful.has(name) };
}

function fixpoint(step: () => boolean): void {
  while (step()) {
    // iterate until nothing changes
  }
}

function add(set: Set<string>, name: string): boolean {
  if (set.has(name)) return false;
  set.add(name);
  return true;
}

function forwardFlow(s: Stmt, varied: Set<string>, diff: (n: string) => boolean): boolean {
  switch (s.kind) {
    case 'assign':
      return (
        diff(s.target) && OPS[s.op].partials !== undefined &&
        s.args.some((a) => a.kind === 'var' && varied.has(a.name)) && add(varied, s.target)
      );
    case 'load':
      return diff(s.target) && varied.has(s.array) && add(varied, s.target);
    case 'store':
      return s.value.kind === 'var' && varied.has(s.value.name) && diff(s.array) && add(varied, s.array);
    default:
      return false;
  }
}

function backwardFlow(s: Stmt, useful: Set<string>, diff: (n: string) => boolean): boolean {
  switch (s.kind) {
    case 'assign': {
      if (!useful.has(s.target) || OPS[s.op].partials === undefined) return false;
      let changed = false;
      for (const a of s.args) if (a.kind === 'var' && diff(a.name)) changed = add(useful, a.name) || changed;
      return changed;
    }
    case 'load':
      return useful.has(s.target) && diff(s.array) && add(useful, s.array);
    case 'store':
      return useful.has(s.array) && s.value.kind === 'var' && diff(s.value.name) && add(useful, s.value.name);
    default:
      return false;
  }
}
