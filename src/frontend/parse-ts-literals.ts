/**
 * Literals, identifiers, property keys and template literals, converted to acorn's ESTree.
 *
 * Values are computed from the source text the way acorn computes them, because TypeScript's
 * `text` is normalised for its own purposes: a number's value is `Number()` of its digits
 * (exact for `1e3`, `0x10`, `1_000`, `0b11`), a BigInt's `bigint` is its decimal string, a
 * template element's `raw` has line endings normalised to `\n` and `cooked` is null after an
 * invalid escape (allowed in tagged templates only).
 */
import { ts } from './typescript.js';
import { type Ctx, type Es, mk, mkAt, startOf, syntaxError, syntaxErrorAt } from './parse-ts-context.js';
import { expr } from './parse-ts-expressions.js';

/** An empty name is TypeScript's placeholder for a missing identifier (`throw` + newline). */
export function identifier(ctx: Ctx, n: ts.Identifier): Es {
  if (n.text === '') syntaxError(ctx, 'Identifier expected', n.pos, n.pos);
  return mkAt(ctx, 'Identifier', n, { name: n.text });
}

export function privateIdentifier(ctx: Ctx, n: ts.PrivateIdentifier): Es {
  return mkAt(ctx, 'PrivateIdentifier', n, { name: n.text.slice(1) });
}

function rawOf(ctx: Ctx, n: ts.Node): string {
  return ctx.text.slice(startOf(ctx, n), n.end);
}

export function numberLiteral(ctx: Ctx, n: ts.NumericLiteral): Es {
  const raw = rawOf(ctx, n);
  checkAfterNumber(ctx, n);
  return mkAt(ctx, 'Literal', n, { value: Number(raw.replace(/_/g, '')), raw });
}

export function bigintLiteral(ctx: Ctx, n: ts.BigIntLiteral): Es {
  const raw = rawOf(ctx, n);
  checkAfterNumber(ctx, n);
  const value = BigInt(raw.slice(0, -1).replace(/_/g, ''));
  return mkAt(ctx, 'Literal', n, { value, raw, bigint: value.toString() });
}

/** `3in x` is an error in JavaScript: a numeric literal must not run into an identifier. */
function checkAfterNumber(ctx: Ctx, n: ts.Node): void {
  if (/^[\p{ID_Start}$_\\0-9]/u.test(ctx.text.slice(n.end, n.end + 2))) {
    syntaxError(ctx, 'Identifier directly after number', n.end, n.end + 1);
  }
}

export function stringLiteral(ctx: Ctx, n: ts.StringLiteral): Es {
  return mkAt(ctx, 'Literal', n, { value: n.text, raw: rawOf(ctx, n) });
}

export function keywordLiteral(ctx: Ctx, n: ts.Node, value: boolean | null): Es {
  return mkAt(ctx, 'Literal', n, { value, raw: rawOf(ctx, n) });
}

/** `/pattern/flags`; a pattern this engine rejects is a syntax error, as in acorn. */
export function regexLiteral(ctx: Ctx, n: ts.RegularExpressionLiteral): Es {
  const raw = rawOf(ctx, n);
  const slash = raw.lastIndexOf('/');
  const pattern = raw.slice(1, slash);
  const flags = raw.slice(slash + 1);
  let value: RegExp | null = null;
  try {
    value = new RegExp(pattern, flags);
  } catch (e) {
    syntaxErrorAt(ctx, `Invalid regular expression: ${(e as Error).message}`, n);
  }
  return mkAt(ctx, 'Literal', n, { value, raw, regex: { pattern, flags } });
}

/** An import/export name: an identifier or (ES2022) a string literal. */
export function moduleExportName(ctx: Ctx, n: ts.ModuleExportName): Es {
  return ts.isIdentifier(n) ? identifier(ctx, n) : stringLiteral(ctx, n);
}

/** The key of a property, method or class member, and whether it is `[computed]`. */
export function propertyKey(ctx: Ctx, n: ts.PropertyName): { key: Es; computed: boolean } {
  switch (n.kind) {
    case ts.SyntaxKind.ComputedPropertyName:
      return { key: expr(ctx, n.expression), computed: true };
    case ts.SyntaxKind.Identifier:
      return { key: identifier(ctx, n), computed: false };
    case ts.SyntaxKind.PrivateIdentifier:
      return { key: privateIdentifier(ctx, n), computed: false };
    case ts.SyntaxKind.StringLiteral:
    case ts.SyntaxKind.NoSubstitutionTemplateLiteral:
      return { key: stringLiteral(ctx, n as ts.StringLiteral), computed: false };
    case ts.SyntaxKind.NumericLiteral:
      return { key: numberLiteral(ctx, n), computed: false };
    case ts.SyntaxKind.BigIntLiteral:
      return { key: bigintLiteral(ctx, n), computed: false };
    default:
      return { key: expr(ctx, n as ts.Expression), computed: false };
  }
}

/** `` `a${b}c` `` → TemplateLiteral; elements span their raw text only, as in acorn. */
export function templateLiteral(ctx: Ctx, n: ts.TemplateLiteral): Es {
  if (ts.isNoSubstitutionTemplateLiteral(n)) {
    return mkAt(ctx, 'TemplateLiteral', n, { expressions: [], quasis: [templateElement(ctx, n, true)] });
  }
  const quasis = [templateElement(ctx, n.head, n.templateSpans.length === 0)];
  const expressions: Es[] = [];
  n.templateSpans.forEach((span, i) => {
    expressions.push(expr(ctx, span.expression));
    quasis.push(templateElement(ctx, span.literal, i === n.templateSpans.length - 1));
  });
  return mkAt(ctx, 'TemplateLiteral', n, { expressions, quasis });
}

/** TypeScript's internal `TokenFlags.ContainsInvalidEscape` (not in the published typings). */
const CONTAINS_INVALID_ESCAPE = 1 << 11;

type TemplatePart = ts.NoSubstitutionTemplateLiteral | ts.TemplateHead | ts.TemplateMiddle | ts.TemplateTail;

function templateElement(ctx: Ctx, part: TemplatePart, tail: boolean): Es {
  const start = startOf(ctx, part) + 1; // after ` or }
  const end = part.end - (tail ? 1 : 2); // before ` or ${
  const raw = ctx.text.slice(start, end).replace(/\r\n?/g, '\n');
  const invalid = ((part as { templateFlags?: number }).templateFlags ?? 0) & CONTAINS_INVALID_ESCAPE;
  const cooked = invalid ? null : part.text;
  return mk('TemplateElement', start, end, { value: { raw, cooked }, tail });
}
