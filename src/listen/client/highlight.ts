/**
 * Marks the sentence being read. With the CSS Custom Highlight API the sentence's own characters
 * are painted (`::highlight(listen-sentence)` in listen.css) and the DOM is left alone;
 * without it the whole block gets the `listen-current` class.
 */
import { sentenceRange, type Sentence } from './sentences.js';

/** The name listen.css styles with `::highlight(listen-sentence)`. */
export const HIGHLIGHT_NAME = 'listen-sentence';
const BLOCK_CLASS = 'listen-current';

export interface Highlighter {
  show(sentence: Sentence | undefined): void;
  clear(): void;
}

function supportsHighlights(win: Window & typeof globalThis): boolean {
  return typeof win.CSS !== 'undefined' && 'highlights' in win.CSS && typeof win.Highlight === 'function';
}

/**
 * Scrolls the sentence to a third of the way down only when it is off screen (or under the
 * floating controls, `obscuredBottom` pixels at the window's foot); no animation for reduced motion.
 */
function revealIfOffScreen(win: Window, target: Range | Element, obscuredBottom: number): void {
  const rect = target.getBoundingClientRect();
  if (rect.height === 0 && rect.width === 0) return; // not laid out (hidden): nothing to show
  if (rect.top >= 0 && rect.bottom <= win.innerHeight - obscuredBottom) return;
  const reduced = win.matchMedia('(prefers-reduced-motion: reduce)').matches;
  win.scrollBy({ top: rect.top - win.innerHeight / 3, behavior: reduced ? 'auto' : 'smooth' });
}

export interface HighlighterOptions {
  /** Pixels at the bottom of the window that something covers (the floating controls); default none. */
  obscuredBottom?: () => number;
}

/** A highlighter for `doc`, choosing the Highlight API when the browser has it. */
export function createHighlighter(doc: Document, { obscuredBottom = () => 0 }: HighlighterOptions = {}): Highlighter {
  const win = doc.defaultView;
  const native = win !== null && supportsHighlights(win);
  let block: Element | null = null;
  const clear = () => {
    if (native) win.CSS.highlights.delete(HIGHLIGHT_NAME);
    block?.classList.remove(BLOCK_CLASS);
    block = null;
  };
  return {
    clear,
    show(sentence) {
      if (!sentence || !win) return clear();
      if (native) {
        const range = sentenceRange(sentence);
        win.CSS.highlights.set(HIGHLIGHT_NAME, new win.Highlight(range));
        revealIfOffScreen(win, range, obscuredBottom());
      } else if (block !== sentence.element) {
        block?.classList.remove(BLOCK_CLASS);
        sentence.element.classList.add(BLOCK_CLASS);
        revealIfOffScreen(win, sentence.element, obscuredBottom());
      }
      block = sentence.element;
    },
  };
}
