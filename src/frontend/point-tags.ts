/**
 * The source ranges of functions whose JSDoc carries `@smooth` or `@nowarn`: the exact-point
 * pass (src/ad/exact-point.ts) runs on inlined IR, where a statement knows only its source
 * range, so a tag on a helper applies to every statement whose range lies inside the helper.
 *
 * - `@smooth`: at a comparison with a constant that picks a shortcut (`if (x === 0) return c0;`),
 *   differentiate the general formula at that point too (the shortcut still gives the value).
 * - `@nowarn`: no exact-point warning inside this function.
 */
import type * as acorn from 'acorn';
import type { Loc } from '../ir/types.js';

export interface PointTags {
  smooth: Loc[];
  nowarn: Loc[];
}

type Node = { type?: string; start?: number; end?: number; adgenDoc?: string; [field: string]: unknown };

export function pointTags(program: acorn.Program): PointTags {
  const tags: PointTags = { smooth: [], nowarn: [] };
  const visit = (node: Node): void => {
    if (typeof node.adgenDoc === 'string' && typeof node.start === 'number' && node.type !== 'ImportDeclaration') {
      const range = { start: node.start, end: node.end as number };
      if (/@smooth\b/.test(node.adgenDoc)) tags.smooth.push(range);
      if (/@nowarn\b/.test(node.adgenDoc)) tags.nowarn.push(range);
    }
    for (const value of Object.values(node)) {
      if (Array.isArray(value)) for (const v of value) v && typeof v === 'object' && visit(v as Node);
      else if (value && typeof value === 'object' && typeof (value as Node).type === 'string') visit(value as Node);
    }
  };
  visit(program as unknown as Node);
  return tags;
}

/** True when `loc` lies inside one of `ranges`. */
export const within = (ranges: readonly Loc[], loc: Loc): boolean => ranges.some((r) => loc.start >= r.start && loc.end <= r.end && loc.end > 0);
