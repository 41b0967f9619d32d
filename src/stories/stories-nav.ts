import type { UiLang } from '../newsroom/ui/i18n.js';

const NAV_LABEL: Record<UiLang, string> = { 'zh-Hans': '专题', 'zh-Hant': '專題', en: 'Stories' };

/** The admin top bar's link text for /admin/stories, in the page's language. */
export function storiesNavLabel(lang: UiLang): string {
  return NAV_LABEL[lang];
}
