import type { UiLang } from '../newsroom/ui/i18n.js';

const NAV_LABEL: Record<UiLang, string> = { 'zh-Hans': '音频', 'zh-Hant': '音頻', en: 'Audio' };

/** The admin top bar's link text for /admin/audio, in the page's language. */
export function audioNavLabel(lang: UiLang): string {
  return NAV_LABEL[lang];
}
