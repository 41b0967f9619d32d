import { bylineParts, formatDateline, joinNames } from '../articles/dateline.js';
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

/** A block's plain text the way InlineText renders it: its spans' texts, or the text. */
function inlineText(text: string, spans: readonly InlineSpan[] | null | undefined): string {
  return spans ? spans.map((s) => s.text).join('') : text;
}

/**
 * The dateline and byline as the page shows them before the first paragraph, and as they are
 * said: 【本网2025年03月18日讯】（本网记者张三综合报导） → 本网2025年03月18日讯。本网记者张三综合报导。
 * The spoken form only drops brackets and adds 。 (never ，、：), so the clause marks the
 * utterance splitter cuts at are the same, in the same order, in both forms.
 */
export function ledeTexts(article: Article, outletShortName: string): { text: string; spoken: string } {
  const { dateline, byline } = article;
  const names = byline.reporters.map((p) => p.displayName);
  const parts = bylineParts({
    source: dateline?.source ?? outletShortName,
    kind: dateline?.kind ?? '讯',
    reporters: names,
    reportType: byline.reportType,
    bylinePlace: byline.place,
  });
  const shownDateline = dateline ? formatDateline(dateline) : '';
  const shownByline = parts ? `${parts.prefix}${joinNames(parts.names)}${parts.suffix}` : '';
  const spokenDateline = shownDateline === '' ? '' : `${shownDateline.replace(/^【/u, '').replace(/】$/u, '')}。`;
  const spokenByline = shownByline === '' ? '' : `${shownByline.replace(/^（/u, '').replace(/）$/u, '')}。`;
  return { text: `${shownDateline}${shownByline}`, spoken: `${spokenDateline}${spokenByline}` };
}

/**
 * What the listen player reads, in page order: the title; the first paragraph with the
 * dateline and byline in front as the page shows them (when the body does not start with a
 * paragraph, the dateline and byline are a block of their own, the page's `p.lede-line`); then
 * every paragraph, subheading, quote paragraph (not its cite) and list item. Not read: the
 * subtitle, summary, meta line, table of contents, image captions and credits, 责任编辑, tags,
 * comments and related news. A block with no text (a lede line with neither dateline nor
 * byline) is left out.
 */
export function readableBlocks(article: Article, outletShortName: string): ReadableBlock[] {
  const blocks: ReadableBlock[] = [{ text: article.title }];
  const lede = ledeTexts(article, outletShortName);
  const withLede = (text: string): ReadableBlock => (lede.text === '' ? { text } : { text: `${lede.text}${text}`, spoken: `${lede.spoken}${text}` });
  const firstParagraph = article.body.findIndex((b) => b.type === 'paragraph');
  if (firstParagraph !== 0 && lede.text !== '') blocks.push({ text: lede.text, spoken: lede.spoken });
  article.body.forEach((block, index) => {
    switch (block.type) {
      case 'paragraph': {
        const text = inlineText(block.text, block.spans);
        blocks.push(index === 0 ? withLede(text) : { text });
        break;
      }
      case 'subheading':
        blocks.push({ text: block.text });
        break;
      case 'quote':
        blocks.push({ text: inlineText(block.text, block.spans) });
        break;
      case 'list':
        block.items.forEach((item, i) => blocks.push({ text: inlineText(item, block.itemSpans?.[i]) }));
        break;
      case 'image':
        break;
    }
  });
  return blocks.filter((b) => b.text !== '');
}
