import { LinkifyIt } from 'linkify-it';
import type { TextSegment } from './model.js';

// One matcher for the whole process: links are http(s) URLs and bare domains (example.com);
// e-mail addresses and other schemes (mailto:, ftp:, javascript:) are never links.
const linkify = new LinkifyIt({ fuzzyLink: true, fuzzyEmail: false, fuzzyIP: false }).add('mailto:', null).add('ftp:', null).add('//', null);

/** The URL a match links to, only when it is http or https; null for anything else. */
function safeHref(url: string): string | null {
  try {
    const parsed = new URL(url);
    return parsed.protocol === 'http:' || parsed.protocol === 'https:' ? parsed.href : null;
  } catch {
    return null;
  }
}

/**
 * linkify-it wants a boundary before a scheme, but Chinese runs straight into a URL
 * (见https://…). The matcher sees a space there; offsets are mapped back to the real text.
 */
function matchLinks(text: string): { index: number; lastIndex: number; raw: string; url: string }[] {
  const inserted: number[] = [];
  const spaced = text.replace(/(?<=[^\s\x00-\x7f])(?=https?:\/\/)/gi, (_m, offset: number) => {
    inserted.push(offset);
    return ' ';
  });
  const back = (i: number) => i - inserted.filter((at, n) => at + n < i).length;
  return (linkify.match(spaced) ?? []).map((m) => ({ index: back(m.index), lastIndex: back(m.lastIndex), raw: m.raw, url: m.url }));
}

/**
 * Splits comment text into plain text and links. Nothing here is HTML: views turn text into
 * text nodes and links into `<a href rel="nofollow ugc noopener">`, so reader markup stays text.
 * @example textSegments('见 https://example.org 的说明') // [text, link, text]
 */
export function textSegments(text: string): TextSegment[] {
  const matches = matchLinks(text);
  const segments: TextSegment[] = [];
  let at = 0;
  for (const m of matches) {
    const href = safeHref(m.url);
    if (!href) continue;
    if (m.index > at) segments.push({ type: 'text', text: text.slice(at, m.index) });
    segments.push({ type: 'link', text: m.raw, href });
    at = m.lastIndex;
  }
  if (at < text.length) segments.push({ type: 'text', text: text.slice(at) });
  return segments;
}

/** How many links the text would show. */
export function countLinks(text: string): number {
  return textSegments(text).filter((s) => s.type === 'link').length;
}
