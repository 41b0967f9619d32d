/**
 * Cleans HTML pasted from Word or a web page before ProseMirror parses it. The editor's schema
 * already drops what it does not know; this removes what would otherwise leak through as text
 * or as wrong structure: Office conditional comments and XML, <style>, mso- styles, spans and
 * fonts, classes and inline styles, Word's fake list paragraphs (turned into real lists), and
 * headings of every level (all become our one subheading level). Bold, italic and links are
 * kept: <b>/<strong>/<i>/<em>, spans styled bold or italic (Google Docs), and <a href> with a
 * safe target only. Pure string work, so it runs the same in the browser and in tests.
 */
import { isSafeHref } from '../../../articles/inline-spans.js';

const LIST_MARKER = /^\s*(?:[·•▪◦o§\-–—*]|\(?\d{1,3}[.)、]|[a-zA-Z][.)]|[一二三四五六七八九十]+、)\s*/;

function decodeBasicEntities(text: string): string {
  return text.replace(/&nbsp;/g, ' ').replace(/&#160;/g, ' ');
}

/** Word writes each list item as <p class=MsoListParagraph…> with the bullet in an mso-list:Ignore span. */
function wordListsToLists(html: string): string {
  const item = /<p\b[^>]*class=["']?MsoListParagraph\w*["']?[^>]*>([\s\S]*?)<\/p>/gi;
  const runs: { start: number; end: number; items: string[]; ordered: boolean }[] = [];
  let match: RegExpExecArray | null;
  while ((match = item.exec(html)) !== null) {
    const inner = match[1] ?? '';
    const marker = /<span[^>]*mso-list:\s*Ignore[^>]*>([\s\S]*?)<\/span>/i.exec(inner);
    const markerText = marker ? decodeBasicEntities(marker[1]?.replace(/<[^>]+>/g, '') ?? '').trim() : '';
    const ordered = /^\(?\d|^[a-zA-Z][.)]|^[一二三四五六七八九十]/.test(markerText);
    const text = marker ? inner.replace(marker[0], '') : inner;
    // Also the <!--[if !supportLists]--> wrapper Word puts around the marker.
    const itemHtml = text.replace(/<!--\[if !supportLists\]-->[\s\S]*?<!--\[endif\]-->/gi, '');
    const previous = runs[runs.length - 1];
    const between = previous ? html.slice(previous.end, match.index) : '';
    if (previous && /^\s*$/.test(between) && previous.ordered === ordered) {
      previous.items.push(itemHtml);
      previous.end = match.index + match[0].length;
    } else {
      runs.push({ start: match.index, end: match.index + match[0].length, items: [itemHtml], ordered });
    }
  }
  let out = html;
  for (const run of runs.reverse()) {
    const tag = run.ordered ? 'ol' : 'ul';
    const list = `<${tag}>${run.items.map((i) => `<li><p>${i}</p></li>`).join('')}</${tag}>`;
    out = out.slice(0, run.start) + list + out.slice(run.end);
  }
  return out;
}

const ENTITY = /&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos);/gi;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** An attribute value as the browser would read it (so "&#47;" cannot hide a second slash). */
function decodeAttribute(value: string): string {
  return value.replace(ENTITY, (whole, ref: string) => {
    if (ref[0] !== '#') return NAMED[ref.toLowerCase()] ?? whole;
    const cp = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
    return cp > 0 && cp <= 0x10ffff ? String.fromCodePoint(cp) : whole;
  });
}

const escapeAttribute = (value: string) => value.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');

function attribute(attrs: string, name: string): string | null {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(attrs);
  return m ? decodeAttribute(m[1] ?? m[2] ?? m[3] ?? '') : null;
}

// `font-weight: normal`, not Word's `mso-bidi-font-weight: normal` (which still means bold).
const NOT_BOLD = /(?:^|[;\s])font-weight\s*:\s*(?:normal|lighter|[1-4]00)\b/i;
const BOLD = /(?:^|[;\s])font-weight\s*:\s*(?:bold|bolder|[6-9]00)\b/i;
const NOT_ITALIC = /(?:^|[;\s])font-style\s*:\s*normal\b/i;
const ITALIC = /(?:^|[;\s])font-style\s*:\s*(?:italic|oblique)\b/i;

/** The tags an opening inline tag becomes: what the editor keeps of it, nothing else. */
function keptTags(name: string, attrs: string): string[] {
  const style = attribute(attrs, 'style') ?? '';
  switch (name) {
    case 'span':
      return [...(BOLD.test(style) ? ['strong'] : []), ...(ITALIC.test(style) ? ['em'] : [])];
    case 'b':
    case 'strong':
      // Google Docs wraps a whole paste in <b style="font-weight:normal">.
      return NOT_BOLD.test(style) ? [] : [name];
    case 'i':
    case 'em':
      return NOT_ITALIC.test(style) ? [] : [name];
    default: {
      const href = attribute(attrs, 'href')?.trim();
      return href && isSafeHref(href) ? [`a href="${escapeAttribute(href)}"`] : [];
    }
  }
}

/**
 * Bold, italic and links reduced to bare <b>/<strong>/<i>/<em>/<a href>, and every span gone
 * (or turned into <strong>/<em> when its style says so); each closing tag closes what its
 * opening tag became.
 */
function keepInlineMarks(html: string): string {
  const open: { name: string; close: string }[] = [];
  return html.replace(/<(\/?)(span|b|strong|i|em|a)\b([^>]*)>/gi, (_m, slash: string, rawName: string, attrs: string) => {
    const name = rawName.toLowerCase();
    if (slash) {
      const at = open.map((o) => o.name).lastIndexOf(name);
      return at === -1 ? '' : (open.splice(at, 1)[0]?.close ?? '');
    }
    if (/\/\s*$/.test(attrs)) return '';
    const tags = keptTags(name, attrs);
    open.push({ name, close: tags.map((t) => `</${t.split(' ')[0] ?? t}>`).reverse().join('') });
    return tags.map((t) => `<${t}>`).join('');
  });
}

/** Removes bullets typed by hand at the start of list items. */
function stripTypedMarkers(html: string): string {
  return html.replace(/(<li>\s*(?:<p>)?\s*)([^<]*)/gi, (_m, open: string, text: string) => open + text.replace(LIST_MARKER, ''));
}

/** The pasted HTML reduced to the structure our editor keeps. */
export function cleanPastedHtml(html: string): string {
  let out = html
    // Office wraps the fragment in a full document with conditional comments and XML islands.
    .replace(/<!--\[if [^\]]*\]>[\s\S]*?<!\[endif\]-->/gi, (m) => (/supportLists/i.test(m) ? m : ''))
    .replace(/<(style|script|xml|head|title|template)\b[\s\S]*?<\/\1>/gi, '')
    .replace(/<(meta|link)\b[^>]*>/gi, '');
  out = keepInlineMarks(wordListsToLists(out));
  out = out
    .replace(/<!--[\s\S]*?-->/g, '')
    // Namespaced Office tags: <o:p>, <w:sdt>, <v:shape>, …
    .replace(/<\/?[a-z]+:[a-z]+\b[^>]*>/gi, '')
    // Inline wrappers that carry only presentation: keep their text.
    .replace(/<\/?(font|u|s|strike|small|big|mark|abbr|cite|sup|sub|ins|del)\b[^>]*>/gi, '')
    // Every heading level is our one subheading level.
    .replace(/<(\/?)h[1-6]\b[^>]*>/gi, '<$1h2>')
    // Attributes that carry presentation or Office state; href on links is all that matters.
    .replace(/\s(?:style|class|lang|align|face|size|color|width|height|valign|dir|id|name|xml:lang|data-[\w-]+)=("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/<p>\s*(?:&nbsp;|\u00a0|\s)*<\/p>/gi, '');
  return stripTypedMarkers(out).trim();
}
