import type { Section } from '../../../articles/model.js';
import type { UiKey, UiLang, UiStrings } from '../i18n.js';
import { format } from '../i18n.js';

/** What the server put in the page's #admin-boot data block. */
export interface Boot {
  page: 'login' | 'dashboard' | 'editor';
  lang: UiLang;
  strings: UiStrings;
  /** The outlet's timezone (IANA), for every time shown. */
  timeZone: string;
  articleId?: number | null;
  /** Login page: the signed-in user must change a one-time password first. */
  mustChange?: boolean;
  sections?: Section[];
  /** Dashboard: the user works on particular desks, so the queue starts with theirs. */
  deskScoped?: boolean;
}

export function readBoot(): Boot {
  const el = document.getElementById('admin-boot');
  return JSON.parse(el?.textContent ?? '{}') as Boot;
}

/** A translator over the page's string table. */
export function translator(strings: UiStrings) {
  return (key: UiKey, values?: Record<string, string | number>): string => (values ? format(strings[key], values) : strings[key]);
}
export type T = ReturnType<typeof translator>;
