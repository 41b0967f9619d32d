import { Converter } from 'opencc-js';

/** Chinese script of a text: Simplified or Traditional (BCP 47 script subtags). */
export type Script = 'zh-Hans' | 'zh-Hant';

// Built once: OpenCC converters load their dictionaries at construction.
const toSimplifiedChars = Converter({ from: 't', to: 'cn' });
const toTraditionalChars = Converter({ from: 'cn', to: 't' });

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
