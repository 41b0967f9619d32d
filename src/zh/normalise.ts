/** Zero-width and other invisible characters that ride along with pasted copy. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;

/** Removes zero-width spaces and joiners, word joiners, BOMs and soft hyphens; safe for display text. */
export function stripInvisible(text: string): string {
  return text.replace(INVISIBLE, '');
}

/**
 * For matching, not display: folds the full-width ASCII forms U+FF01–FF5E (Ａ１ and also
 * ，：；（）！？) to half-width, the ideographic space to a space, and strips zero-width
 * characters. 。、「」【】 are not ASCII forms and stay as they are.
 * @example normalise('ＡＢＣ１２３（）\u200B') === 'ABC123()'
 */
export function normalise(text: string): string {
  return stripInvisible(text)
    .replace(/[\uFF01-\uFF5E]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0))
    .replace(/\u3000/g, ' ');
}

const NOT_HAN = /\P{Script=Han}+/gu;
const HIGH_SURROGATE = /[\uD800-\uDBFF]/g;

/**
 * Counts CJK ideographs, the unit of Chinese reading speed. Done on every article render, so
 * without an array of every character: the Han text alone, less one unit for each ideograph
 * outside the BMP (two UTF-16 units).
 */
export function countHanzi(text: string): number {
  const han = text.replace(NOT_HAN, '');
  return han.length - (han.match(HIGH_SURROGATE)?.length ?? 0);
}

/** Characters a reader gets through per minute; news prose runs about 400. */
const HANZI_PER_MINUTE = 400;

/** Reading time in whole minutes, at least 1. */
export function readingMinutes(text: string): number {
  return Math.max(1, Math.round(countHanzi(text) / HANZI_PER_MINUTE));
}
