/**
 * The `.d.ts` of a generated module: the header, then for each exported function its primal
 * declaration (parameter types exactly as the source declared them, the user's JSDoc) and one
 * declaration per public wrapper, built from the same Wrapper records as the JavaScript (same
 * parameter names, types and doc). Internal cores, registers and helpers are not declared.
 */
import { docComment, wrapText } from './doc.js';
import type { FnInfo } from './signature.js';
import type { Wrapper } from './wrapper.js';

export interface DeclaredFunction {
  info: FnInfo;
  /** The primal's parameter names in the generated JS. */
  primalArgs: string[];
  wrappers: { wrapper: Wrapper; args: string[] }[];
}

export function declarations(header: string, fns: DeclaredFunction[]): string {
  const items: string[] = [header];
  for (const { info, primalArgs, wrappers } of fns) {
    const params = paramList(info.params.map((p) => ({ type: p.typeText, optional: p.optional })), primalArgs);
    items.push(declare(info.doc, info.name, params, info.returnTypeText));
    for (const { wrapper: w, args } of wrappers) {
      items.push(declare(wrapText(w.doc), w.name, paramList(w.params, args), w.returns));
    }
  }
  return items.join('\n\n') + '\n';
}

/** `k?: number` where every later parameter may be left out too, else `k: number | undefined`. */
function paramList(params: { type: string; optional?: boolean }[], names: string[]): string[] {
  return params.map((p, i) => {
    if (!p.optional) return `${names[i]}: ${p.type}`;
    const trailing = params.slice(i + 1).every((q) => q.optional);
    return trailing ? `${names[i]}?: ${p.type}` : `${names[i]}: ${p.type} | undefined`;
  });
}

function declare(doc: string | undefined, name: string, params: string[], returns: string): string {
  const head = docComment(doc);
  const line = `export declare function ${name}(${params.join(', ')}): ${returns};`;
  return head ? `${head}\n${line}` : line;
}
