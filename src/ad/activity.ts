/**
 * Activity analysis (Tapenade's): a variable is ACTIVE when it is both
 * - varied: it depends on an active input through differentiable data flow, and
 * - useful: some output depends on it through differentiable data flow.
 * Only active variables get tangents or adjoints.
 *
 * The analysis is flow-insensitive per variable (a worklist closure over the statements' flow
 * edges, which also covers loop-carried flow): if any assignment to `y` is varied, `y` is varied everywhere, so
 * every assignment to an active `y` must set its derivative (to 0 when the right-hand side is
 * inactive). Only f64 and f64[] variables can be active; int and bool never are. An op with no
 * `partials` (floor, comparisons, len, …) cuts the flow. Arrays are references and the front end
 * substitutes aliases, so an array is one variable: storing a varied value makes it varied,
 * loading from a varied array gives a varied value, and usefulness flows the other way.
 * push/pop move a variable's own earlier value, so they add no flow.
 */
import { OPS } from '../ops/table.js';
import { type IRFunction, type Stmt } from '../ir/types.js';
import { addTo, walk } from './ir-utils.js';

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
  // Edges of the differentiable flow: variable → statements reading it / writing it.
  const readers = new Map<string, Stmt[]>();
  const writers = new Map<string, Stmt[]>();
  walk(fn.body, (s) => {
    for (const from of sources(s)) addTo(readers, from, s);
    const to = sink(s);
    if (to !== undefined) addTo(writers, to, s);
  });
  const varied = propagate([...inputs].filter(diff), (v) => readers.get(v) ?? [], (s) => {
    const to = sink(s);
    return to !== undefined && diff(to) ? [to] : [];
  });
  const useful = propagate([...outputs].filter(diff), (v) => writers.get(v) ?? [], (s) => sources(s).filter(diff));
  return { varied, useful, active: (name) => varied.has(name) && useful.has(name) };
}

/** Worklist closure: from each reached variable, through its statements, to more variables. */
function propagate(start: string[], edges: (v: string) => Stmt[], next: (s: Stmt) => string[]): Set<string> {
  const reached = new Set(start);
  const work = [...reached];
  while (work.length > 0) {
    for (const s of edges(work.pop() as string)) {
      for (const n of next(s)) {
        if (!reached.has(n)) (reached.add(n), work.push(n));
      }
    }
  }
  return reached;
}

/** Variables whose derivative flows into the statement's target (none through an op without partials). */
export function sources(s: Stmt): string[] {
  switch (s.kind) {
    case 'assign': {
      const { partials, passive } = OPS[s.op];
      if (!partials) return [];
      return s.args.flatMap((a, i) => (a.kind === 'var' && !passive?.includes(i) ? [a.name] : []));
    }
    case 'load':
      return [s.array];
    case 'store':
      return s.value.kind === 'var' ? [s.value.name] : [];
    default:
      return [];
  }
}

/** The variable a differentiable flow of the statement goes to (an array for a store). */
function sink(s: Stmt): string | undefined {
  return s.kind === 'assign' || s.kind === 'load' ? s.target : s.kind === 'store' ? s.array : undefined;
}
