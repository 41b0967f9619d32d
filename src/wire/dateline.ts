import type { DatelineKind } from '../articles/model.js';
import { isCalendarDate } from '../platform/time.js';
import { normalise } from '../zh/normalise.js';
import { LineError } from './errors.js';
import { bylinePlaces } from './places.js';

/** A dateline found at the start of a line. */
export interface FoundDateline {
  /** Outlet or agency as printed: 本网, 华文新闻网, 东亚通讯社. */
  source: string;
  place: string | null;
  kind: DatelineKind;
  /** YYYY-MM-DD; null for a dateline without a date (本报讯). */
  date: string | null;
  /** How many characters of the line the dateline takes, separators after it included. */
  length: number;
  warnings: string[];
}

/** A byline's reporters, report type and place. */
export interface FoundByline {
  reporters: string[];
  reportType: string | null;
  place: string | null;
  warnings: string[];
}

/**
 * Folds full-width digits, letters and brackets so one set of patterns reads both widths.
 * Every folded character stays one UTF-16 unit, so offsets into the folded text are
 * offsets into the original (the caller strips zero-width characters first).
 */
function fold(text: string): string {
  return normalise(text);
}

const KIND = '(讯|訊|电|電)';
const DATE = '(?:(\\d{4})\\s*年\\s*)?(\\d{1,2})\\s*月\\s*(\\d{1,2})\\s*日\\s*';
const NAME = '[^\\s\\d,，。:：;；()（）【】\\[\\]〔〕「」“”]';
const AFTER = '[\\s—\\-:：]*';
/** 【本网2025年03月18日讯】, [本网台北2025年3月18日讯], 〔…〕. */
const BRACKETED = new RegExp(`^[【\\[〔]\\s*(${NAME}{1,30}?)\\s*${DATE}${KIND}\\s*[】\\]〕]${AFTER}`);
/** 【本网讯】: outlet and kind, no date. */
const BRACKETED_UNDATED = new RegExp(`^[【\\[〔]\\s*(${NAME}{1,30}?)\\s*${KIND}\\s*[】\\]〕]${AFTER}`);
/** 新华社北京3月18日电, 东亚通讯社东京2025年3月18日电. */
const OPEN = new RegExp(`^(${NAME}{2,24}?)\\s*${DATE}${KIND}${AFTER}`);
/** 本报讯（记者…）: the house dateline without a date. */
const OPEN_UNDATED = new RegExp(`^(本报|本報|本网|本網|本台|本刊)${KIND}${AFTER}`);

/** Endings of outlet and agency names, longest first; bare 台 is left out because of 台北. */
const SOURCE_ENDINGS = [
  '广播电台', '廣播電台', '通讯社', '通訊社', '新闻社', '新聞社', '电视台', '電視台', '电台', '電台', '日报', '日報',
  '晚报', '晚報', '时报', '時報', '周刊', '週刊', '杂志', '雜誌', '网', '網', '社', '报', '報', '刊',
];
const HOUSE_SOURCES = ['本网', '本網', '本报', '本報', '本台', '本刊', '本社'];

/**
 * Splits `华文新闻网台北` into outlet and place: the shortest prefix that ends like an outlet
 * name (…网, …社, …报, …电视台), stretched over a following 网 (中国日报网). Null when no
 * prefix ends that way.
 */
export function splitSourcePlace(text: string): { source: string; place: string | null } | null {
  const house = HOUSE_SOURCES.find((h) => text.startsWith(h));
  let end = house ? house.length : 0;
  if (!house) {
    for (let i = 2; i <= text.length && end === 0; i++) {
      const prefix = text.slice(0, i);
      if (SOURCE_ENDINGS.some((e) => prefix.endsWith(e))) end = i;
    }
    if (end === 0) return null;
    while (text[end] === '网' || text[end] === '網') end++;
  }
  const place = text.slice(end).trim();
  return { source: text.slice(0, end), place: place === '' ? null : place };
}

function kindOf(word: string): DatelineKind {
  return word === '电' || word === '電' ? '电' : '讯';
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** `date` plus `days` calendar days, YYYY-MM-DD. */
function addDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

/**
 * The year for a dateline that gives only month and day (新华社北京3月18日电): the latest year
 * in which that date is not after the reference date, allowing one day of grace for copy
 * filed across the date line. `reference` is YYYY-MM-DD (the import's day in the outlet's
 * timezone). 2月29日 falls back to the last leap year. Null when no year makes it a date.
 * @example inferYear(3, 18, '2025-03-20') === '2025-03-18'; inferYear(12, 30, '2025-01-02') === '2024-12-30'
 */
export function inferYear(month: number, day: number, reference: string): string | null {
  const limit = addDays(reference, 1);
  const start = Number(reference.slice(0, 4));
  for (let year = start; year > start - 9; year--) {
    const date = `${year}-${pad(month)}-${pad(day)}`;
    if (isCalendarDate(date) && date <= limit) return date;
  }
  return null;
}

/**
 * The dateline that opens `line`, or null. Knows 【本网2025年03月18日讯】 (half-width brackets
 * and full-width digits too), 新华社北京3月18日电 with or without a year, and 本报讯.
 * Throws a LineError for a date that is not on the calendar.
 */
export function matchDateline(line: string, lineNo: number, reference: string): FoundDateline | null {
  const text = fold(line);
  const warnings: string[] = [];
  const dated = BRACKETED.exec(text) ?? OPEN.exec(text);
  if (dated) {
    const [all, who = '', year, month = '', day = '', kindWord = ''] = dated;
    const bracketed = /^[【[〔]/.test(all);
    let split = splitSourcePlace(who.trim());
    if (!split) {
      if (!bracketed) return null; // 今年3月18日电价… is a sentence, not a dateline
      split = { source: who.trim(), place: null };
      warnings.push(`line ${lineNo}: 无法区分电头中的媒体与地点 (cannot tell outlet from place in "${who}"; kept as outlet)`);
    }
    let date: string | null;
    if (year) {
      date = `${year}-${pad(Number(month))}-${pad(Number(day))}`;
      if (!isCalendarDate(date)) throw new LineError(lineNo, `电头日期无效 (dateline date ${year}年${month}月${day}日 is not a calendar date)`);
      if (date > addDays(reference, 1)) warnings.push(`line ${lineNo}: 电头日期在未来 (dateline date ${date} is after ${reference})`);
    } else {
      date = inferYear(Number(month), Number(day), reference);
      if (!date) throw new LineError(lineNo, `电头日期无效 (dateline date ${month}月${day}日 is not a calendar date)`);
      warnings.push(`line ${lineNo}: 电头没有年份，按 ${date.slice(0, 4)} 年处理 (dateline has no year; took ${date.slice(0, 4)}, the latest year not after ${reference})`);
    }
    return { ...split, kind: kindOf(kindWord), date, length: all.length, warnings };
  }
  const undated = BRACKETED_UNDATED.exec(text) ?? OPEN_UNDATED.exec(text);
  if (undated) {
    const [all, who = '', kindWord = ''] = undated;
    const split = splitSourcePlace(who.trim()) ?? { source: who.trim(), place: null };
    warnings.push(`line ${lineNo}: 电头没有日期，不保存电头 (dateline without a date; not stored)`);
    return { ...split, kind: kindOf(kindWord), date: null, length: all.length, warnings };
  }
  return null;
}

/** Report types, longest match wins (综合报导 before 报导). */
const REPORT_TYPES = [
  '综合报导', '综合报道', '綜合報導', '綜合報道', '采访报导', '采访报道', '採訪報導', '採訪報道', '连线报导',
  '连线报道', '連線報導', '联合报导', '联合报道', '聯合報導', '综合编译', '綜合編譯', '综合整理', '綜合整理',
  '报导', '报道', '報導', '報道', '编译', '編譯', '专访', '專訪', '特稿', '撰稿', '整理', '专电', '專電',
].sort((a, b) => b.length - a.length);

const ROLE = /(?:特约|特約|实习|實習|驻[^\s记記]{1,6})?(?:记者|記者|通讯员|通訊員|实习生|實習生)/g;
/** 编译：张三 — the report type leads and the names follow. */
const TYPE_FIRST = /^(编译|編譯|撰稿|整理|采写|採寫)\s*:\s*(.+)$/;

function splitNames(text: string): string[] {
  const names: string[] = [];
  for (const part of text.split(/[、,;/\s]+/).filter(Boolean)) {
    // 与/和/及 join two names (王五与赵六) but 和 is also a surname, so split only a long part.
    const joined = part.length >= 5 ? /^(.{2,4}?)(?:与|與|和|及)(.{2,4})$/.exec(part) : null;
    if (joined?.[1] && joined[2]) names.push(joined[1], joined[2]);
    else names.push(part);
  }
  return names;
}

/**
 * Reads the inside of a byline: `本网记者张三、李四综合报导`, `记者王五`, `本网记者张三台北报导`,
 * `综合报导`. Null when it does not look like a byline at all.
 */
export function parseBylineText(content: string, lineNo: number, knownPlace: string | null): FoundByline | null {
  const text = fold(content).trim();
  const warnings: string[] = [];
  let rest: string;
  let reportType: string | null = null;
  const typeFirst = TYPE_FIRST.exec(text);
  const role = new RegExp(ROLE.source).exec(text);
  if (typeFirst) {
    reportType = typeFirst[1] ?? null;
    rest = typeFirst[2] ?? '';
  } else if (role) {
    rest = text.slice(role.index + role[0].length).replace(/^[\s:]+/, '').replace(ROLE, '、');
  } else {
    // No 记者: only a bare credit such as （综合报导） or （本网综合报导） is a byline.
    const type = REPORT_TYPES.find((t) => text.endsWith(t));
    if (!type || text.length - type.length > 8) return null;
    return { reporters: [], reportType: type, place: null, warnings: [`line ${lineNo}: 署名没有记者姓名 (byline without reporters)`] };
  }
  if (!reportType) {
    reportType = REPORT_TYPES.find((t) => rest.endsWith(t)) ?? null;
    if (reportType) rest = rest.slice(0, -reportType.length);
  }
  let place: string | null = null;
  const sentFrom = /^(.*?)(?:发自|發自)(.+)$/.exec(rest.trim());
  if (sentFrom) {
    rest = sentFrom[1] ?? '';
    place = sentFrom[2]?.trim() ?? null;
  }
  const names = splitNames(rest);
  const last = names[names.length - 1];
  if (!place && last) {
    const candidates = knownPlace ? [knownPlace, ...bylinePlaces()] : bylinePlaces();
    const found = candidates.find((p) => last.length >= p.length + 2 && last.endsWith(p));
    if (found) {
      place = found;
      names[names.length - 1] = last.slice(0, -found.length);
    }
  }
  if (names.length === 0) warnings.push(`line ${lineNo}: 署名没有记者姓名 (byline without reporters)`);
  for (const name of names) {
    if (name.length > 4) warnings.push(`line ${lineNo}: 记者姓名“${name}”过长，可能含有地点 (reporter name "${name}" is long; a place attached?)`);
  }
  return { reporters: names, reportType, place, warnings };
}

/** A byline in parentheses at the start of `text`: `（本网记者张三综合报导）正文…`. */
export function matchBylineAt(
  text: string,
  lineNo: number,
  knownPlace: string | null,
): { byline: FoundByline; length: number } | null {
  const m = /^\s*[(（]([^()（）]{1,80})[)）]\s*/.exec(text);
  if (!m?.[1]) return null;
  const byline = parseBylineText(m[1], lineNo, knownPlace);
  return byline && { byline, length: m[0].length };
}

/** A line that is only a byline: `（本网记者张三）` or `本网记者 张三 李四`. */
export function matchBylineLine(line: string, lineNo: number, knownPlace: string | null): FoundByline | null {
  const inParens = matchBylineAt(line, lineNo, knownPlace);
  if (inParens) return inParens.length === line.length ? inParens.byline : null;
  // Unbracketed, the line must start with the credit and hold no sentence.
  if (line.length > 40 || /[。！？!?]/.test(line)) return null;
  const folded = fold(line);
  if (!/^[^\s]{0,8}?(?:特约|特約|实习|實習)?(?:记者|記者|通讯员|通訊員)/.test(folded) && !TYPE_FIRST.test(folded)) return null;
  return parseBylineText(line, lineNo, knownPlace);
}
