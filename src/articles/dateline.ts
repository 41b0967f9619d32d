import type { DatelineKind } from './model.js';

/** What the dateline and byline formatter needs; names are display names in order. */
export interface DatelineParts {
  source: string;
  /** YYYY-MM-DD, the local date of the report. */
  date: string;
  place: string | null;
  kind: DatelineKind;
  reporters: readonly string[];
  reportType: string | null;
  bylinePlace: string | null;
}

/** Reporters joined the Chinese way: 张三、李四. */
export function joinNames(names: readonly string[]): string {
  return names.join('、');
}

function dateParts(date: string): [string, string, string] {
  const [y = '', m = '', d = ''] = date.split('-');
  return [y, m, d];
}

/**
 * The dateline in Chinese news convention.
 * 讯: `【本网2025年03月18日讯】`; 电: `新华社北京3月18日电`.
 */
export function formatDateline(p: Pick<DatelineParts, 'source' | 'date' | 'place' | 'kind'>): string {
  const [y, m, d] = dateParts(p.date);
  if (p.kind === '电') return `${p.source}${p.place ?? ''}${Number(m)}月${Number(d)}日电`;
  return `【${p.source}${p.place ?? ''}${y}年${m}月${d}日讯】`;
}

/**
 * The byline that follows the dateline, in full-width parentheses, or null when there is
 * nothing to credit. 讯: `（本网记者张三、李四台北综合报导）`; 电: `（记者张三）`.
 */
export function formatByline(p: Pick<DatelineParts, 'source' | 'kind' | 'reporters' | 'reportType' | 'bylinePlace'>): string | null {
  const names = joinNames(p.reporters);
  const place = p.bylinePlace ?? '';
  if (p.kind === '电') {
    return names ? `（记者${names}${place}${p.reportType ?? ''}）` : null;
  }
  if (!names && !p.reportType) return null;
  const credit = names ? `${p.source}记者${names}` : p.source;
  return `（${credit}${place}${p.reportType ?? ''}）`;
}

/** The byline used when an article has reporters but no dateline: `本网记者张三报导`. */
export function formatPlainByline(outlet: string, reporters: readonly string[], reportType: string | null): string | null {
  if (reporters.length === 0) return null;
  return `${outlet}记者${joinNames(reporters)}${reportType ?? ''}`;
}
