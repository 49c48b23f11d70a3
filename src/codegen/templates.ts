/**
 * Loads the text templates of templates/ (see its README) and fills their `$name`
 * placeholders. The folder sits at the package root, two levels above this file both in src/
 * (tests) and in dist/ (the published build), and is listed in package.json `files`.
 */
import { readFileSync } from 'node:fs';

const cache = new Map<string, string>();

export function template(file: string): string {
  let text = cache.get(file);
  if (text === undefined) {
    text = readFileSync(new URL(`../../templates/${file}`, import.meta.url), 'utf8');
    cache.set(file, text);
  }
  return text;
}

/** Replace every `$key` with `values[key]`; a placeholder without a value is an error. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\$([A-Za-z_]\w*)/g, (_m, key: string) => {
    const value = values[key];
    if (value === undefined) throw new Error(`internal error: template placeholder $${key} has no value`);
    return value;
  });
}
