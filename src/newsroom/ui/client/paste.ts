/**
 * Cleans HTML pasted from Word or a web page before ProseMirror parses it. The editor's schema
 * already drops what it does not know; this removes what would otherwise leak through as text
 * or as wrong structure: Office conditional comments and XML, <style>, mso- styles, spans and
 * fonts, classes and inline styles, Word's fake list paragraphs (turned into real lists), and
 * headings of every level (all become our one subheading level). Pure string work, so it runs
 * the same in the browser and in tests.
 */

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
  out = wordListsToLists(out);
  out = out
    .replace(/<!--[\s\S]*?-->/g, '')
    // Namespaced Office tags: <o:p>, <w:sdt>, <v:shape>, …
    .replace(/<\/?[a-z]+:[a-z]+\b[^>]*>/gi, '')
    // Inline wrappers that carry only presentation: keep their text.
    .replace(/<\/?(span|font|u|s|strike|small|big|mark|abbr|cite|sup|sub|ins|del)\b[^>]*>/gi, '')
    // Every heading level is our one subheading level.
    .replace(/<(\/?)h[1-6]\b[^>]*>/gi, '<$1h2>')
    // Attributes that carry presentation or Office state; href on links is all that matters.
    .replace(/\s(?:style|class|lang|align|face|size|color|width|height|valign|dir|id|name|xml:lang|data-[\w-]+)=("[^"]*"|'[^']*'|[^\s>]+)/gi, '')
    .replace(/<p>\s*(?:&nbsp;|\u00a0|\s)*<\/p>/gi, '');
  return stripTypedMarkers(out).trim();
}
