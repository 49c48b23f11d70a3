/**
 * Token-level mutations of source text for the robustness and differential fuzz tests:
 * delete, duplicate or swap tokens, insert a token from a small vocabulary, truncate.
 * Deterministic given the choices, so fast-check can shrink and replay them.
 */
import fc from 'fast-check';

const TOKEN = /\s+|\/\/[^\n]*|\/\*[\s\S]*?\*\/|[A-Za-z_$#][\w$]*|\d[\w.]*|'[^'\n]*'|"[^"\n]*"|`[^`]*`|\?\.|=>|\.\.\.|[=!]==|[<>=!+\-*/%&|^?]=?|[\s\S]/g;

export function tokenize(source: string): string[] {
  return source.match(TOKEN) ?? [];
}

const VOCABULARY = [
  '(', ')', '{', '}', '[', ']', ';', ',', '.', '?.', '=>', '...', '=', '+', '-', '*', '**', '/', '<', '>', '!',
  '?', ':', 'x', '1', '0.5', '"s"', '`t${x}`', 'return', 'break', 'continue', 'const', 'let', 'var', 'function',
  'if', 'else', 'for', 'of', 'in', 'while', 'do', 'class', 'new', 'this', 'await', 'yield', 'async', 'export',
  'import', 'default', 'type', 'interface', 'enum', 'as', 'number', 'private', 'static', ' ', '\n', '@', '#x',
  'label:', '/re/g', 'delete', 'typeof', 'switch', 'case', 'try', 'catch', 'throw', '<T>', '!', 'declare',
];

export type Mutation =
  | { kind: 'delete'; at: number }
  | { kind: 'duplicate'; at: number }
  | { kind: 'swap'; at: number }
  | { kind: 'insert'; at: number; token: number }
  | { kind: 'truncate'; at: number };

export const mutationArb: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), token: fc.nat(VOCABULARY.length - 1) }),
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
);

export function mutate(tokens: readonly string[], m: Mutation): string[] {
  const out = [...tokens];
  const i = tokens.length === 0 ? 0 : m.at % tokens.length;
  switch (m.kind) {
    case 'delete': out.splice(i, 1); break;
    case 'duplicate': out.splice(i, 0, tokens[i] ?? ''); break;
    case 'swap': if (i + 1 < out.length) [out[i], out[i + 1]] = [out[i + 1]!, out[i]!]; break;
    case 'insert': out.splice(i, 0, VOCABULARY[m.token]!); break;
    case 'truncate': out.length = i; break;
  }
  return out;
}

export function applyAll(source: string, ms: readonly Mutation[]): string {
  return ms.reduce((tokens, m) => mutate(tokens, m), tokenize(source)).join('');
}
