/**
 * Inline spans (bold, italic, links) of body blocks: their normal form, safe link targets, and
 * text edits that keep the marks. Pure functions without dependencies, shared by the schema,
 * the page, revisions, the Markdown importer and the newsroom's browser editor.
 */

import type { BodyBlock, InlineSpan } from './model.js';

/** Longest link target accepted. */
export const MAX_HREF_LENGTH = 2_000;

/** What a caller may hand in: marks as booleans (false means off), href possibly null. */
export interface SpanInput {
  text: string;
  bold?: boolean | undefined;
  italic?: boolean | undefined;
  href?: string | null | undefined;
}

// Spaces, control and invisible characters (zero-width, bidi overrides) and backslashes,
// which browsers read as "/" in http URLs (so "/\evil.example" would leave the site).
const UNSAFE_HREF_CHARS = /[\u0000-\u0020\u007f-\u00a0\u1680\u2000-\u200f\u2028-\u202f\u205f-\u206f\u3000\ufeff\\]/u;

/**
 * True for link targets an article may carry: `https://`, `http://` and `mailto:` URLs, and
 * site paths starting with a single `/`. Everything else (javascript:, data:, //host,
 * relative paths, spaces or control characters) is refused.
 * @example isSafeHref('https://example.org/a') // true
 * @example isSafeHref('javascript:alert(1)') // false
 */
export function isSafeHref(href: string): boolean {
  if (href.length === 0 || href.length > MAX_HREF_LENGTH || UNSAFE_HREF_CHARS.test(href)) return false;
  if (/^\/(?!\/)/.test(href)) return true;
  if (/^mailto:[^@]+@[^@]+$/i.test(href)) return true;
  if (!/^https?:\/\/[^/?#]/i.test(href)) return false;
  try {
    new URL(href);
    return true;
  } catch {
    return false;
  }
}

/** True for an absolute http(s) link: one leading off the site. */
export function isExternalHref(href: string): boolean {
  return /^https?:/i.test(href);
}

/** The span's plain text joined. */
export function spansText(spans: readonly SpanInput[]): string {
  return spans.map((s) => s.text).join('');
}

function marksOf(span: SpanInput): Omit<InlineSpan, 'text'> {
  return {
    ...(span.bold === true && { bold: true as const }),
    ...(span.italic === true && { italic: true as const }),
    ...(typeof span.href === 'string' && span.href !== '' && { href: span.href }),
  };
}

function sameMarks(a: Omit<InlineSpan, 'text'>, b: Omit<InlineSpan, 'text'>): boolean {
  return a.bold === b.bold && a.italic === b.italic && a.href === b.href;
}

/** True when the span carries any mark. */
export function isMarked(span: SpanInput): boolean {
  return Object.keys(marksOf(span)).length > 0;
}

/**
 * The normal form: marks that are off removed, empty spans dropped, neighbours with the same
 * marks merged. The text is unchanged.
 */
export function normaliseSpans(spans: readonly SpanInput[]): InlineSpan[] {
  const out: InlineSpan[] = [];
  for (const span of spans) {
    if (span.text === '') continue;
    const marks = marksOf(span);
    const last = out.at(-1);
    if (last && sameMarks(last, marks)) last.text += span.text;
    else out.push({ text: span.text, ...marks });
  }
  return out;
}

/** The spans to store on a block: the normal form, or undefined when nothing is marked. */
export function storedSpans(spans: readonly SpanInput[]): InlineSpan[] | undefined {
  const normal = normaliseSpans(spans);
  return normal.some(isMarked) ? normal : undefined;
}

/** Plain text as spans. */
export function plainSpans(text: string): InlineSpan[] {
  return text === '' ? [] : [{ text }];
}

/** The spans from `start` to `end` (UTF-16 offsets into the joined text, like String#slice). */
export function sliceSpans(spans: readonly InlineSpan[], start: number, end = Number.POSITIVE_INFINITY): InlineSpan[] {
  const out: InlineSpan[] = [];
  let at = 0;
  for (const span of spans) {
    const from = Math.max(start - at, 0);
    const to = Math.min(end - at, span.text.length);
    if (from < to) out.push({ ...span, text: span.text.slice(from, to) });
    at += span.text.length;
    if (at >= end) break;
  }
  return normaliseSpans(out);
}

/** The marks at offset `at` (those of the character there, else of the one before). */
function marksAt(spans: readonly InlineSpan[], at: number): Omit<InlineSpan, 'text'> {
  let pos = 0;
  let previous: InlineSpan | undefined;
  for (const span of spans) {
    if (at < pos + span.text.length) return marksOf(span);
    previous = span;
    pos += span.text.length;
  }
  return previous ? marksOf(previous) : {};
}

/**
 * `String#replace` over the joined text, keeping marks: kept text keeps its marks, and a
 * replacement takes the marks of the first character it replaces.
 * @param pattern a global RegExp
 * @example replaceInSpans([{text:'a\n'}, {text:'b', bold:true}], /\n/g, () => '') // [{text:'a'}, {text:'b', bold:true}]
 */
export function replaceInSpans(
  spans: readonly InlineSpan[],
  pattern: RegExp,
  replacement: (match: string, offset: number, text: string) => string,
): InlineSpan[] {
  const text = spansText(spans);
  const out: InlineSpan[] = [];
  let kept = 0;
  for (const m of text.matchAll(pattern)) {
    const start = m.index;
    out.push(...sliceSpans(spans, kept, start));
    const value = replacement(m[0], start, text);
    if (value !== '') out.push({ text: value, ...marksAt(spans, start) });
    kept = start + m[0].length;
  }
  out.push(...sliceSpans(spans, kept));
  return normaliseSpans(out);
}

/** Leading and trailing whitespace removed, as `String#trim`. */
export function trimSpans(spans: readonly InlineSpan[]): InlineSpan[] {
  return replaceInSpans(spans, /^\s+|\s+$/g, () => '');
}

/** Splits at every `separator`, as `String#split`. */
export function splitSpans(spans: readonly InlineSpan[], separator: string): InlineSpan[][] {
  const text = spansText(spans);
  const parts: InlineSpan[][] = [];
  let start = 0;
  for (let at = text.indexOf(separator); at !== -1; at = text.indexOf(separator, start)) {
    parts.push(sliceSpans(spans, start, at));
    start = at + separator.length;
  }
  parts.push(sliceSpans(spans, start));
  return parts;
}

/** Joins parts with an unmarked `separator`, as `Array#join`. */
export function joinSpans(parts: readonly (readonly InlineSpan[])[], separator: string): InlineSpan[] {
  return normaliseSpans(parts.flatMap((part, i) => (i === 0 ? [...part] : [{ text: separator }, ...part])));
}

/** A paragraph's or quote's spans; plain text as one unmarked span. */
export function textSpans(block: { text: string; spans?: InlineSpan[] | undefined }): InlineSpan[] {
  return block.spans ?? plainSpans(block.text);
}

/** A list's items as spans, one array per item. */
export function itemSpans(block: Extract<BodyBlock, { type: 'list' }>): InlineSpan[][] {
  return block.items.map((item, i) => block.itemSpans?.[i] ?? plainSpans(item));
}

/**
 * The text with its marks written out readably, for revision diffs, so a word made bold or a
 * changed link shows as a change: `**bold**`, `*italic*`, `[text](href)`.
 * @example spansToMarkup([{text:'见'}, {text:'官网', href:'https://example.org'}]) // '见[官网](https://example.org)'
 */
export function spansToMarkup(spans: readonly InlineSpan[]): string {
  return spans
    .map((span) => {
      let out = span.text;
      if (span.italic) out = `*${out}*`;
      if (span.bold) out = `**${out}**`;
      if (span.href !== undefined) out = `[${out}](${span.href})`;
      return out;
    })
    .join('');
}
