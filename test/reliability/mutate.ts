/**
 * Broken inputs from the example corpus: a rough tokenizer (identifiers, numbers, strings,
 * comments, punctuation, whitespace) and seeded mutations over its tokens — delete, duplicate,
 * swap neighbours, move a token elsewhere, replace one by another token of the file, truncate the
 * file. The result is usually invalid TypeScript, sometimes valid TypeScript adgen rejects, and
 * sometimes a different valid program; the compiler must cope with all three.
 */
import { rng } from '../util/inputs.js';

const TOKEN = /\/\*[\s\S]*?\*\/|\/\/[^\n]*|\s+|[A-Za-z_$][\w$]*|\d+(?:\.\d+)?(?:e[+-]?\d+)?|'[^'\n]*'|"[^"\n]*"|`[^`]*`|\*\*=?|[=!]==?|[<>]=?|&&|\|\||\+\+|--|=>|[-+*/%]=|[^\s]/g;

export function tokenize(source: string): string[] {
  return source.match(TOKEN) ?? [];
}

export type Mutation = 'delete' | 'duplicate' | 'swap' | 'move' | 'replace' | 'truncate';
const MUTATIONS: Mutation[] = ['delete', 'duplicate', 'swap', 'move', 'replace', 'truncate'];

/** 1–3 mutations of `source`, reproducible from `seed`. */
export function mutate(source: string, seed: number): { text: string; applied: Mutation[] } {
  const r = rng(seed);
  const tokens = tokenize(source);
  // Mutate meaningful tokens (not whitespace or comments), so nearly every mutation changes the program.
  const significant = () => tokens.map((t, i) => [t, i] as const).filter(([t]) => !/^\s|^\/[/*]/.test(t)).map(([, i]) => i);
  const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
  const applied: Mutation[] = [];
  const count = 1 + Math.floor(r() * 3);
  for (let k = 0; k < count && tokens.length > 1; k++) {
    const m = pick(MUTATIONS);
    applied.push(m);
    const idx = significant();
    const i = pick(idx);
    switch (m) {
      case 'delete': tokens.splice(i, 1); break;
      case 'duplicate': tokens.splice(i, 0, tokens[i]); break;
      case 'swap': {
        const j = idx[idx.indexOf(i) + 1] ?? idx[0];
        [tokens[i], tokens[j]] = [tokens[j], tokens[i]];
        break;
      }
      case 'move': {
        const [t] = tokens.splice(i, 1);
        tokens.splice(Math.floor(r() * tokens.length), 0, t);
        break;
      }
      case 'replace': {
        // Usually a token of the same class (name, number, operator), which keeps the syntax
        // plausible and reaches the type checks and the lowering; sometimes any token.
        const cls = classOf(tokens[i]);
        const peers = idx.filter((j) => classOf(tokens[j]) === cls);
        tokens[i] = tokens[pick(r() < 0.7 && peers.length > 1 ? peers : idx)];
        break;
      }
      case 'truncate': tokens.length = Math.max(1, Math.floor(r() * tokens.length)); break;
    }
  }
  return { text: tokens.join(''), applied };
}

const classOf = (t: string) => (/^[A-Za-z_$]/.test(t) ? 'name' : /^\d/.test(t) ? 'number' : 'punct');
