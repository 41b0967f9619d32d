import { originalRange } from '../mapped-text.js';
import type { Highlight, SpamReason } from '../model.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';
import type { NormalisedText } from './normalise.js';

export type ContactKind = 'url' | 'email' | 'qq' | 'wechat' | 'phone' | 'telegram';

/** A way off the site found in the text. */
export interface Contact {
  kind: ContactKind;
  /** As normalised (e.g. xx.com for xx点com), for moderators. */
  value: string;
  start: number;
  end: number;
  /** Written so that a plain pattern would miss it (xx点com, Chinese digits, 扣扣). */
  obfuscated: boolean;
}

const KIND_NAMES: Record<ContactKind, string> = {
  url: '网址',
  email: '邮箱',
  qq: 'QQ 号',
  wechat: '微信号',
  phone: '电话号码',
  telegram: 'Telegram 账号',
};

/** What one contact of each kind adds; a second value of a kind adds a little more. */
const KIND_SCORES: Record<ContactKind, number> = { url: 2, email: 1.5, qq: 3, wechat: 3, phone: 2.5, telegram: 3 };

const TLDS =
  'com|net|org|cn|hk|tw|mo|cc|vip|top|xyz|me|io|co|app|bet|win|club|info|biz|site|online|live|fun|pw|tk|ml|ga|tv|asia|shop|link|ltd|wang|red|one|pro|bid|icu|uk|us';
// The Han class stops a URL that runs straight into Chinese text (compact removes the spaces).
const URL = new RegExp(
  `(?:https?://|www\\.)[^\\s\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef"'<>]+|(?<![a-z0-9.@_-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+(?:${TLDS})(?![a-z0-9])(?:[:/][^\\s\\p{Script=Han}\\u3000-\\u303f\\uff00-\\uffef"'<>]*)?`,
  'gu',
);
const EMAIL = /[a-z0-9._%+-]+@[a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,}/g;
const QQ = /(?<![a-z])(?:q\s?q|q号|q群|企鹅号)\s*(?:号码|号|群号|群)?[\s:=]*([1-9]\d{4,10})(?!\d)|群号\s*[:=]?\s*([1-9]\d{5,10})(?!\d)/g;
const WECHAT = /微信(?:号码|号|id_?)?[\s:=]*([a-z][a-z0-9_-]{5,19}|1[3-9]\d{9}(?!\d))/g;
const MOBILE = /(?<!\d)(?:\+?86)?1[3-9]\d{9}(?!\d)/g;
const TW_MOBILE = /(?<!\d)(?:\+?886|0)9\d{8}(?!\d)/g;
const HK = /(?<!\d)\+?852[5-9]\d{7}(?!\d)|(?:电话|手机|致电|热线|whatsapp|tel)[\s:]*([5-9]\d{7})(?!\d)/g;
const LANDLINE = /(?<!\d)0[1-9]\d{1,2}\d{7,8}(?!\d)/g;
const TELEGRAM = /(?:t\.me|telegram\.me)\/([a-z0-9_]{4,32})|telegram(?:号)?[\s:]*@?([a-z][a-z0-9_]{4,31})|(?<![a-z0-9_.])@([a-z][a-z0-9_]{4,31})(?![a-z0-9_.@])/g;

interface Rule {
  kind: ContactKind;
  pattern: RegExp;
}

// Order matters: a range taken by an earlier rule (an email's domain, a WeChat ID that is a
// phone number) is not found again by a later one.
const RULES: Rule[] = [
  { kind: 'email', pattern: EMAIL },
  { kind: 'telegram', pattern: TELEGRAM },
  { kind: 'url', pattern: URL },
  { kind: 'qq', pattern: QQ },
  { kind: 'wechat', pattern: WECHAT },
  { kind: 'phone', pattern: MOBILE },
  { kind: 'phone', pattern: TW_MOBILE },
  { kind: 'phone', pattern: HK },
  { kind: 'phone', pattern: LANDLINE },
];

/** Every contact in the text (URLs, also 点/dot-obfuscated; QQ, WeChat, phones, Telegram). */
export function findContacts(text: NormalisedText): Contact[] {
  const compact = text.compact;
  const taken: [number, number][] = [];
  const found: Contact[] = [];
  for (const { kind, pattern } of RULES) {
    pattern.lastIndex = 0;
    for (let m = pattern.exec(compact.text); m; m = pattern.exec(compact.text)) {
      const from = m.index;
      const to = from + m[0].length;
      if (taken.some(([a, b]) => from < b && to > a)) continue;
      taken.push([from, to]);
      const value = m.slice(1).find((g) => g !== undefined) ?? m[0];
      const { start, end } = originalRange(compact, from, to);
      const written = text.original.slice(start, end).normalize('NFKC').toLowerCase();
      // A contact is obfuscated when its plain form is not in what was written.
      const obfuscated = !written.replace(/[\s\-_]/g, '').includes(value.replace(/[\s\-_]/g, ''));
      found.push({ kind, value: kind === 'url' ? m[0].replace(/[.,:;!?)]+$/, '') : value, start, end, obfuscated });
    }
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Scores the contacts: the first of a kind fully, each further value of it by half, at most one more. */
export function contactsPhase(ctx: SpamContext): PhaseResult {
  const reasons: SpamReason[] = [];
  const highlights: Highlight[] = [];
  const byKind = new Map<ContactKind, Contact[]>();
  for (const contact of ctx.contacts) byKind.set(contact.kind, [...(byKind.get(contact.kind) ?? []), contact]);
  for (const [kind, contacts] of byKind) {
    const values = [...new Set(contacts.map((c) => c.value))];
    const score = KIND_SCORES[kind] + Math.min(1, (values.length - 1) * 0.5);
    const detail = `含${KIND_NAMES[kind]}：${values.slice(0, 3).join('、')}${values.length > 3 ? ' 等' : ''}`;
    reasons.push({ phase: 'contacts', detail, score });
    for (const c of contacts) highlights.push({ start: c.start, end: c.end, phase: 'contacts', detail });
  }
  const hidden = ctx.contacts.filter((c) => c.obfuscated);
  if (hidden.length > 0) {
    reasons.push({ phase: 'contacts', detail: `联系方式经过变形（${hidden.map((c) => c.value).join('、')}）`, score: 2 });
  }
  return { reasons, highlights, evidence: ctx.contacts.length > 0 };
}
