import { bylineParts, formatDateline } from '../articles/dateline.js';
import { isSafeHref } from '../articles/inline-spans.js';
import type { Article, InlineSpan } from '../articles/model.js';

/**
 * One block of the article page that is read aloud, in page order. `text` is exactly the
 * textContent of the page element the player marks with `data-speak`; `spoken` is present
 * only where the words said differ from the words shown (the lede's dateline and byline,
 * read without brackets).
 */
export interface ReadableBlock {
  text: string;
  spoken?: string;
}

/**
 * Converts one piece of text the way the page's edition conversion does: the page is converted
 * as a document, run by run of non-ASCII text between markup (editions/page-conversion.ts), so
 * every piece the page renders between tags is converted on its own. Default: no conversion.
 */
export type PieceConverter = (piece: string) => string;

const NON_ASCII_RUN = /[^\x00-\x7f]+/gu;

/** A piece converter from a text converter, converting non-ASCII runs only, as the page conversion does. */
export function pieceConverter(convert: (text: string) => string): PieceConverter {
  return (piece) => piece.replace(NON_ASCII_RUN, (run) => convert(run));
}

const asIs: PieceConverter = (piece) => piece;

/**
 * A block's plain text the way InlineText renders it: its spans' texts, or the text; each run the
 * page renders between tags (a marked span; unmarked spans side by side are one run) converted alone.
 */
function inlineText(text: string, spans: readonly InlineSpan[] | null | undefined, convert: PieceConverter): string {
  if (!spans) return convert(text);
  let out = '';
  let bare = '';
  for (const span of spans) {
    const marked = span.bold === true || span.italic === true || (span.href !== undefined && isSafeHref(span.href));
    if (!marked) {
      bare += span.text;
      continue;
    }
    out += convert(bare) + convert(span.text);
    bare = '';
  }
  return out + convert(bare);
}

/**
 * The dateline and byline as the page shows them before the first paragraph, and as they are
 * said: 【本网2025年03月18日讯】（本网记者张三综合报导） → 本网2025年03月18日讯。本网记者张三综合报导。
 * The spoken form only drops brackets and adds 。 (never ，、：), so the clause marks the
 * utterance splitter cuts at are the same, in the same order, in both forms.
 */
export function ledeTexts(article: Article, outletShortName: string, convert: PieceConverter = asIs): { text: string; spoken: string } {
  const { dateline, byline } = article;
  const parts = bylineParts({
    source: dateline?.source ?? outletShortName,
    kind: dateline?.kind ?? '讯',
    reporters: byline.reporters.map((p) => p.displayName),
    reportType: byline.reportType,
    bylinePlace: byline.place,
  });
  // The dateline is one span; the byline's prefix, each name (a link), each 、 and the suffix are pieces of their own.
  const names = parts ? parts.names.map((name) => convert(name)).join(convert('、')) : '';
  const rawDateline = dateline ? formatDateline(dateline) : '';
  const shownDateline = convert(rawDateline);
  const shownByline = parts ? `${convert(parts.prefix)}${names}${convert(parts.suffix)}` : '';
  const spokenDateline = rawDateline === '' ? '' : `${convert(rawDateline.replace(/^【/u, '').replace(/】$/u, ''))}。`;
  const spokenByline = parts ? `${convert(parts.prefix.replace(/^（/u, ''))}${names}${convert(parts.suffix.replace(/）$/u, ''))}。` : '';
  return { text: `${shownDateline}${shownByline}`, spoken: `${spokenDateline}${spokenByline}` };
}

/**
 * What the listen player reads, in page order: the title; the first paragraph with the
 * dateline and byline in front as the page shows them (when the body does not start with a
 * paragraph, the dateline and byline are a block of their own, the page's `p.lede-line`); then
 * every paragraph, subheading, quote paragraph (not its cite) and list item. Not read: the
 * subtitle, summary, meta line, table of contents, image captions and credits, 责任编辑, tags,
 * comments and related news. A block with no text (a lede line with neither dateline nor
 * byline) is left out. `convert` gives the text of an edition (see {@link PieceConverter}); without
 * it, the text as stored.
 */
export function readableBlocks(article: Article, outletShortName: string, convert: PieceConverter = asIs): ReadableBlock[] {
  const blocks: ReadableBlock[] = [{ text: convert(article.title) }];
  const lede = ledeTexts(article, outletShortName, convert);
  const withLede = (text: string): ReadableBlock => (lede.text === '' ? { text } : { text: `${lede.text}${text}`, spoken: `${lede.spoken}${text}` });
  const firstParagraph = article.body.findIndex((b) => b.type === 'paragraph');
  if (firstParagraph !== 0 && lede.text !== '') blocks.push({ text: lede.text, spoken: lede.spoken });
  article.body.forEach((block, index) => {
    switch (block.type) {
      case 'paragraph': {
        const text = inlineText(block.text, block.spans, convert);
        blocks.push(index === 0 ? withLede(text) : { text });
        break;
      }
      case 'subheading':
        blocks.push({ text: convert(block.text) });
        break;
      case 'quote':
        blocks.push({ text: inlineText(block.text, block.spans, convert) });
        break;
      case 'list':
        block.items.forEach((item, i) => blocks.push({ text: inlineText(item, block.itemSpans?.[i], convert) }));
        break;
      case 'image':
        break;
    }
  });
  return blocks.filter((b) => b.text !== '');
}
