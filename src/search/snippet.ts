import { toSimplified } from '../zh/script.js';

/** About how many characters a snippet shows. */
export const SNIPPET_LENGTH = 100;
/** How many characters of context come before the first match. */
const LEAD = 24;

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (ch) => ESCAPES[ch] ?? ch);
}

/**
 * The text as the analysis sees it, kept the same length so offsets point into the original:
 * full-width ASCII folded, Traditional → Simplified, lower case. Null when the conversion
 * changed the length (OpenCC is almost always one character for one; when it is not, the
 * snippet shows without highlights rather than with misplaced ones).
 */
function matchForm(text: string): string | null {
  const form = toSimplified(foldedForm(text));
  return form.length === text.length ? form : null;
}

/** The text with full-width ASCII folded and in lower case: the match form of a Simplified text, without OpenCC. */
function foldedForm(text: string): string {
  return text.replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ').toLowerCase();
}

const LATIN_OR_DIGIT = /^[\p{Script=Latin}\p{N}]/u;
const WORD_CHAR_AT = /[\p{Script=Latin}\p{N}]/u;

/**
 * Where the tokens occur in `form`, as [start, end) ranges, merged and sorted. Longer tokens
 * are placed first; a Latin or numeric token must not sit inside a longer Latin word or number
 * (the token `19` is not marked inside `2019`).
 */
function matchRanges(form: string, tokens: readonly string[]): [number, number][] {
  const taken = new Uint8Array(form.length);
  const ranges: [number, number][] = [];
  const sorted = [...new Set(tokens)].filter((t) => t !== '').sort((a, b) => b.length - a.length);
  for (const token of sorted) {
    const needsBoundary = LATIN_OR_DIGIT.test(token);
    for (let at = form.indexOf(token); at !== -1; at = form.indexOf(token, at + 1)) {
      const end = at + token.length;
      if (needsBoundary && (WORD_CHAR_AT.test(form[at - 1] ?? '') || WORD_CHAR_AT.test(form[end] ?? ''))) continue;
      if (taken.subarray(at, end).some((v) => v === 1)) continue;
      taken.fill(1, at, end);
      ranges.push([at, end]);
    }
  }
  ranges.sort((a, b) => a[0] - b[0]);
  const merged: [number, number][] = [];
  for (const range of ranges) {
    const prev = merged[merged.length - 1];
    if (prev && prev[1] >= range[0]) prev[1] = Math.max(prev[1], range[1]);
    else merged.push([range[0], range[1]]);
  }
  return merged;
}

/** Moves an offset off the second half of a surrogate pair. */
function atCodePoint(text: string, offset: number): number {
  const code = text.charCodeAt(offset);
  return code >= 0xdc00 && code <= 0xdfff ? offset - 1 : offset;
}

/**
 * A short excerpt (about {@link SNIPPET_LENGTH} characters) of the first text in which a
 * query token occurs, starting a little before the first match, with every match wrapped in
 * `<mark>`. Matching runs on the Simplified, lower-case form of the text, so a Traditional
 * query marks a Simplified article and the other way round. The result is HTML: everything
 * but the `<mark>` tags is escaped. With no match anywhere, the start of the first non-empty
 * text, unmarked.
 * @param texts candidate texts in order of preference (body, then summary)
 * @param tokens the query's analysed tokens (Simplified, lower case)
 */
export function buildSnippet(texts: readonly string[], tokens: readonly string[], length = SNIPPET_LENGTH): string {
  const candidates = texts.map((t) => t.replace(/\s+/g, ' ').trim()).filter((t) => t !== '');
  for (const text of candidates) {
    // Most articles are Simplified: when every token is in the text as written, match that and
    // skip converting it (the costly part, for a whole body).
    const folded = foldedForm(text);
    const form = tokens.every((t) => folded.includes(t)) ? folded : matchForm(text);
    if (form === null) continue;
    const ranges = matchRanges(form, tokens);
    const first = ranges[0];
    if (!first) continue;
    let start = Math.max(0, first[0] - LEAD);
    const end = Math.min(text.length, start + length);
    start = atCodePoint(text, Math.max(0, Math.min(start, end - length)));
    return render(text, start, atCodePoint(text, end), ranges);
  }
  const text = candidates[0] ?? '';
  return render(text, 0, atCodePoint(text, Math.min(text.length, length)), []);
}

function render(text: string, start: number, end: number, ranges: readonly [number, number][]): string {
  let html = start > 0 ? '…' : '';
  let at = start;
  for (const [from, to] of ranges) {
    if (to <= at || from >= end) continue;
    const markFrom = Math.max(from, at);
    const markTo = Math.min(to, end);
    html += `${escapeHtml(text.slice(at, markFrom))}<mark>${escapeHtml(text.slice(markFrom, markTo))}</mark>`;
    at = markTo;
  }
  html += escapeHtml(text.slice(at, end));
  if (end < text.length) html += '…';
  return html;
}
