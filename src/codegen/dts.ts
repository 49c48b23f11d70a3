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
    const params = info.params.map((p, i) => `${primalArgs[i]}: ${p.typeText}`);
    items.push(declare(info.doc, info.name, params, info.returnTypeText));
    for (const { wrapper: w, args } of wrappers) {
      items.push(declare(wrapText(w.doc), w.name, w.params.map((p, i) => `${args[i]}: ${p.type}`), w.returns));
    }
  }
  return items.join('\n\n') + '\n';
}

function declare(doc: string | undefined, name: string, params: string[], returns: string): string {
  const head = docComment(doc);
  const line = `export declare function ${name}(${params.join(', ')}): ${returns};`;
  return head ? `${head}\n${line}` : line;
}
