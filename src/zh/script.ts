import { openccConvert } from './opencc.js';

/** Chinese script of a text: Simplified or Traditional (BCP 47 script subtags). */
export type Script = 'zh-Hans' | 'zh-Hant';

// Built once, at first use: OpenCC converters load their dictionaries at construction, and a
// process that never converts (a worker, a CLI command) need not hold them.
let simplify: ((text: string) => string) | undefined;
let traditionalise: ((text: string) => string) | undefined;
const toSimplifiedChars = (text: string) => (simplify ??= openccConvert('t', 'cn'))(text);
const toTraditionalChars = (text: string) => (traditionalise ??= openccConvert('cn', 't'))(text);

/** Converts Traditional Chinese text to Simplified (OpenCC t → cn). */
export function toSimplified(text: string): string {
  return toSimplifiedChars(text);
}

/** Converts Simplified Chinese text to Traditional (OpenCC cn → t). */
export function toTraditional(text: string): string {
  return toTraditionalChars(text);
}

/**
 * Tells whether a text is written in Traditional or Simplified characters, by counting
 * the characters that only one script uses. Ties (no distinguishing characters) give `fallback`.
 * @example detectScript('國際新聞') === 'zh-Hant'
 */
export function detectScript(text: string, fallback: Script = 'zh-Hans'): Script {
  let traditional = 0;
  let simplified = 0;
  for (const ch of new Set(text.match(/\p{Script=Han}/gu) ?? [])) {
    if (toSimplifiedChars(ch) !== ch) traditional++;
    else if (toTraditionalChars(ch) !== ch) simplified++;
  }
  if (traditional === simplified) return fallback;
  return traditional > simplified ? 'zh-Hant' : 'zh-Hans';
}
