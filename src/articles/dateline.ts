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

/** A byline split around the reporter names, so templates can link each name. */
export interface BylineParts {
  prefix: string;
  names: readonly string[];
  suffix: string;
}

/**
 * The byline that follows the dateline, in full-width parentheses, split for templates, or
 * null when there is nothing to credit. 讯: `（本网记者` 张三、李四 `台北综合报导）`; 电: `（记者` 张三 `）`.
 */
export function bylineParts(
  p: Pick<DatelineParts, 'source' | 'kind' | 'reporters' | 'reportType' | 'bylinePlace'>,
): BylineParts | null {
  const tail = `${p.bylinePlace ?? ''}${p.reportType ?? ''}）`;
  if (p.kind === '电') return p.reporters.length ? { prefix: '（记者', names: p.reporters, suffix: tail } : null;
  if (p.reporters.length === 0) return p.reportType ? { prefix: `（${p.source}`, names: [], suffix: tail } : null;
  return { prefix: `（${p.source}记者`, names: p.reporters, suffix: tail };
}

/** The byline as one string: `（本网记者张三、李四综合报导）`, or null. */
export function formatByline(p: Pick<DatelineParts, 'source' | 'kind' | 'reporters' | 'reportType' | 'bylinePlace'>): string | null {
  const parts = bylineParts(p);
  return parts && `${parts.prefix}${joinNames(parts.names)}${parts.suffix}`;
}
