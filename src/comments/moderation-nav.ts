import type { UiLang } from '../newsroom/ui/i18n.js';

const NAV_LABEL: Record<UiLang, string> = { 'zh-Hans': '评论审核', 'zh-Hant': '評論審核', en: 'Comments' };

/** The admin top bar's link text for /admin/comments, in the page's language. */
export function commentsNavLabel(lang: UiLang): string {
  return NAV_LABEL[lang];
}
