/**
 * The sentences the player reads: each `[data-speak]` element's text, cut with the same
 * splitUtterances the server renderer uses, so sentence i here is timing i of the audio.
 */
import { splitUtterances } from '../utterances.js';

/** One utterance of the page: `text` is `element.textContent.slice(start, end)`. */
export interface Sentence {
  element: Element;
  text: string;
  start: number;
  end: number;
}

/** The page's sentences in reading order (document order of `[data-speak]`). */
export function collectSentences(root: ParentNode): Sentence[] {
  const sentences: Sentence[] = [];
  for (const element of root.querySelectorAll('[data-speak]')) {
    for (const u of splitUtterances(element.textContent ?? '')) sentences.push({ element, text: u.text, start: u.start, end: u.end });
  }
  return sentences;
}

/** A DOM position for a character offset into `element.textContent`, across inline spans and links. */
function positionAt(element: Element, offset: number, preferNext: boolean): { node: Node; offset: number } {
  const walker = element.ownerDocument.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  let seen = 0;
  let last: Text | null = null;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const text = node as Text;
    const length = text.data.length;
    // At a boundary between two text nodes, a start belongs to the next node and an end to this one.
    if (offset < seen + length || (offset === seen + length && !preferNext)) return { node: text, offset: offset - seen };
    seen += length;
    last = text;
  }
  return last ? { node: last, offset: last.data.length } : { node: element, offset: 0 };
}

/** A Range over the sentence's characters in its element. */
export function sentenceRange(sentence: Sentence): Range {
  const range = sentence.element.ownerDocument.createRange();
  const start = positionAt(sentence.element, sentence.start, true);
  const end = positionAt(sentence.element, sentence.end, false);
  range.setStart(start.node, start.offset);
  range.setEnd(end.node, end.offset);
  return range;
}
