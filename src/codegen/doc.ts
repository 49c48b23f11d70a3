/**
 * Doc comments of generated code. The front end hands over a function's JSDoc either as the
 * raw block (with its delimiters) or as plain text; both become one normalised `/** … *\/`
 * block, with any `*\/` inside escaped so the comment cannot end early.
 */

/** `/** … *\/` from free text or from a JSDoc block (its delimiters and leading `*` removed). */
export function docComment(doc: string | undefined, indent = ''): string {
  if (!doc || !doc.trim()) return '';
  const block = /^\s*\/\*/.test(doc);
  const body = (block ? doc.replace(/^\s*\/\*\*?/, '').replace(/\*\/\s*$/, '') : doc)
    .split('\n')
    .map((l) => (block ? l.replace(/^\s*\* ?/, '') : l).trimEnd());
  while (body.length && !body[0].trim()) body.shift();
  while (body.length && !body[body.length - 1].trim()) body.pop();
  const lines = body.map((l) => l.replace(/\*\//g, '*\\/'));
  return [`${indent}/**`, ...lines.map((l) => `${indent} *${l ? ' ' + l : ''}`), `${indent} */`].join('\n');
}


/** Greedy word wrap of generated prose (not of user docs, whose layout may matter). */
export function wrapText(text: string, width = 96): string {
  const out: string[] = [];
  for (const paragraph of text.split('\n')) {
    let line = '';
    for (const word of paragraph.split(' ')) {
      if (line && line.length + 1 + word.length > width) {
        out.push(line);
        line = word;
      } else {
        line = line ? `${line} ${word}` : word;
      }
    }
    out.push(line);
  }
  return out.join('\n');
}
