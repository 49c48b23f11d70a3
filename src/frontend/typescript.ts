/**
 * The standard library declaration files (`lib.es2022.d.ts` …) that TypeScript's checker needs to
 * know Array, Float64Array and Math. ts-morph ships them as strings in its common package (it has
 * no lib folder on disk); they are read from there, from ts-morph's own location, on first use.
 */
import { createRequire } from 'node:module';

const fromTsMorph = createRequire(createRequire(import.meta.url).resolve('ts-morph'));

let libs: Map<string, string> | undefined;

export function libFiles(): Map<string, string> {
  libs ??= new Map(
    (fromTsMorph('@ts-morph/common') as { getLibFiles(): { fileName: string; text: string }[] })
      .getLibFiles()
      .map((f) => [f.fileName, f.text]),
  );
  return libs;
}
