import nzhcn from 'nzh/cn';
import { stripInvisible } from './normalise.js';

/**
 * Numbers as a Mandarin newsreader says them, for speech (issue 6): what copy writes in digits
 * (2025年03月18日, 09:30, 2,870万吨, 3.5%, km/h, US$) rewritten in Chinese number words. nzh
 * reads integers and decimals; this module decides which reading a number takes (a count, a
 * year or a phone number read digit by digit, an ordinal, a time, a range) and adds the
 * spoken rules nzh does not know: 两 before 千/万/亿 and before measure words, 〇 in digit
 * strings, the unit and currency words.
 */

/** Digits read one by one: years and phone numbers use 〇 for zero. */
const DIGIT_WORDS = ['〇', '一', '二', '三', '四', '五', '六', '七', '八', '九'] as const;

/**
 * Units written after a number, longest first so km/h wins over km and m. Case matters: 5G is
 * a network and stays as letters, 5g is 五克. A unit counts only when no letter follows it.
 */
const UNITS: readonly (readonly [string, string])[] = [
  ['km/h', '公里每小时'],
  ['km²', '平方公里'],
  ['m²', '平方米'],
  ['m³', '立方米'],
  ['kWh', '千瓦时'],
  ['kcal', '千卡'],
  ['mAh', '毫安时'],
  ['kHz', '千赫'],
  ['MHz', '兆赫'],
  ['GHz', '吉赫'],
  ['mph', '英里每小时'],
  ['min', '分钟'],
  ['USD', '美元'],
  ['HKD', '港元'],
  ['TWD', '新台币'],
  ['NTD', '新台币'],
  ['CNY', '元人民币'],
  ['RMB', '元人民币'],
  ['EUR', '欧元'],
  ['GBP', '英镑'],
  ['JPY', '日元'],
  ['km', '公里'],
  ['kg', '公斤'],
  ['mg', '毫克'],
  ['cm', '厘米'],
  ['mm', '毫米'],
  ['nm', '纳米'],
  ['ml', '毫升'],
  ['mL', '毫升'],
  ['kW', '千瓦'],
  ['MW', '兆瓦'],
  ['GW', '吉瓦'],
  ['Hz', '赫兹'],
  // Said as letters: 128GB is "一百二十八 G B"; the pinyin step spells them.
  ['GB', 'GB'],
  ['MB', 'MB'],
  ['TB', 'TB'],
  ['KB', 'KB'],
  ['°C', '摄氏度'],
  ['°F', '华氏度'],
  ['℃', '摄氏度'],
  ['℉', '华氏度'],
  ['㎞', '公里'],
  ['㎏', '公斤'],
  ['㎡', '平方米'],
  ['°', '度'],
  ['g', '克'],
  ['t', '吨'],
  ['m', '米'],
  ['L', '升'],
  ['h', '小时'],
];

/** Currency signs written before a number, and the word said after it. */
const CURRENCY_PREFIXES: readonly (readonly [string, string])[] = [
  ['US$', '美元'],
  ['HK$', '港元'],
  ['NT$', '新台币'],
  ['S$', '新加坡元'],
  ['A$', '澳元'],
  ['C$', '加元'],
  ['RMB', '元人民币'],
  ['$', '美元'],
  ['¥', '元'],
  ['€', '欧元'],
  ['£', '英镑'],
];

/**
 * What may follow a count that Mandarin says with 两 (两人, 两万, 两公里, 两点) rather than
 * 二. Dates, floors and ordinals keep 二 (二月, 二日, 二号, 第二).
 */
const LIANG_FOLLOWERS = [
  '个', '人', '名', '位', '次', '天', '年', '岁', '件', '家', '只', '条', '张', '辆', '架', '艘', '台', '项', '种', '类',
  '倍', '周', '小时', '分钟', '秒', '公里', '公斤', '公顷', '千米', '米', '吨', '克', '斤', '元', '块', '角', '美元', '港元',
  '欧元', '英镑', '日元', '万', '千', '亿', '百', '成', '点', '所', '座', '栋', '间', '部', '本', '篇', '份', '首', '场', '轮',
  '批', '组', '队', '支', '枚', '颗', '头', '匹', '句', '段', '国', '岸', '党', '会', '地', '侧', '方', '边', '者', '手', '极',
  '时', '届', '季', '期', '年级', '套', '盘', '局', '股', '副', '双', '对', '片', '趟', '遍', '声', '口', '层', '级', '代', '任',
];

/** What may follow a count (a measure word, unit or magnitude), so a long run of digits is a number and not an ID. */
const COUNT_FOLLOWER = new RegExp(`^(?:${[...LIANG_FOLLOWERS, '多', '余', '来', '左右', '平方', '立方', '亿元', '万元'].join('|')})`, 'u');
const LIANG_FOLLOWER = new RegExp(`^(?:${LIANG_FOLLOWERS.join('|')})`, 'u');

/** Full-width forms that matter to numbers; Chinese punctuation (，；：！？（）) stays as it is. */
const FULL_WIDTH = /[\uFF04\uFF05\uFF0B\uFF0D\uFF0E\uFF0F\uFF10-\uFF19\uFF21-\uFF3A\uFF41-\uFF5A\uFF5E\uFFE5]/gu;

/** Full-width digits, letters and number signs folded to ASCII (¥ to ¥); a full-width colon only between digits. */
function foldNumberForms(text: string): string {
  return stripInvisible(text)
    .replace(FULL_WIDTH, (ch) => (ch === '\uFFE5' ? '¥' : String.fromCharCode(ch.charCodeAt(0) - 0xfee0)))
    .replace(/(?<=\d)：(?=\d{2})/gu, ':')
    .replace(/\u2212/gu, '-');
}

/** Digit by digit: 2025 → 二〇二五. */
function digitByDigit(digits: string): string {
  return [...digits].map((d) => DIGIT_WORDS[Number(d)] ?? d).join('');
}

/**
 * An integer or decimal as a number word, with 两 where Mandarin says it inside the number
 * (两千, 两万, 一亿两千万; but 十二万, 二十).
 */
function numberWords(digits: string): string {
  const plain = digits.replace(/,/gu, '');
  const [whole = '0', fraction] = plain.split('.');
  const wholeDigits = whole.replace(/^0+(?=\d)/u, '');
  let words = nzhcn.encodeS(wholeDigits);
  words = words.replace(/(?<![十])二(?=[千万亿])/gu, '两');
  if (fraction !== undefined) words += `点${digitByDigit(fraction).replace(/〇/gu, '零')}`;
  return words;
}

/** A count: 2 before a measure word that takes 两 is 两 (两人), otherwise the number words. */
function countWords(digits: string, follower: string): string {
  if (/^0*2$/u.test(digits) && LIANG_FOLLOWER.test(follower)) return '两';
  return numberWords(digits);
}

/** A clock time: 09:30 → 九点三十分, 14:05 → 十四点零五分, 2:00 → 两点. */
function clockWords(hours: string, minutes: string, seconds: string | undefined): string {
  const h = Number(hours);
  let words = h === 2 ? '两点' : `${numberWords(String(h))}点`;
  const m = Number(minutes);
  const s = seconds === undefined ? 0 : Number(seconds);
  if (m > 0 || s > 0) words += m === 0 ? '零分' : `${m < 10 ? '零' : ''}${numberWords(String(m))}分`;
  if (s > 0) words += `${s < 10 ? '零' : ''}${numberWords(String(s))}秒`;
  return words;
}

/** A calendar date: 2025, 3, 18 → 二〇二五年三月十八日. */
function dateWords(year: string, month: string, day: string): string {
  return `${digitByDigit(year)}年${numberWords(String(Number(month)))}月${numberWords(String(Number(day)))}日`;
}

interface NumberToken {
  /** Where the whole expression ends in the text. */
  end: number;
  words: string;
}

const NUMBER = String.raw`\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?`;
const ISO_DATE = /(\d{4})([-/.])(\d{1,2})\2(\d{1,2})(?!\d)/uy;
const CLOCK = /(\d{1,2}):(\d{2})(?::(\d{2}))?(?![\d:])/uy;
const SCORE = /(\d{1,3}):(\d{1,3})(?![\d:])/uy;
const PHONE = /(?:0\d{2,3}-\d{7,8}|\d{3,4}-\d{3,4}-\d{4}|1\d{2} \d{4} \d{4})(?![\d-])/uy;
const NUMBER_AT = new RegExp(`(${NUMBER})`, 'uy');
const RANGE_SEP = /\s*[-~～–—〜]\s*/uy;

/** The unit at `index` of `text` (a letter may not follow it), or null. */
function unitAt(text: string, index: number): { unit: string; word: string; end: number } | null {
  const at = text.slice(index).replace(/^ (?=[A-Za-z°])/u, '');
  const skipped = text.length - index - at.length;
  for (const [unit, word] of UNITS) {
    if (at.startsWith(unit) && !/^[A-Za-z]/u.test(at.slice(unit.length))) return { unit, word, end: index + skipped + unit.length };
  }
  return null;
}

/** The currency sign ending at `index` of `text`, or null. */
function currencyBefore(text: string, index: number): { start: number; word: string } | null {
  for (const [sign, word] of CURRENCY_PREFIXES) {
    const start = text.slice(0, index).replace(/ $/u, '').length - sign.length;
    if (start >= 0 && text.startsWith(sign, start) && !(sign.length > 1 && /[A-Za-z]/u.test(text[start - 1] ?? ''))) return { start, word };
  }
  return null;
}

/** One number (no range) read in context: after 第, with its unit, % or currency, as a year or an ID. */
function readNumber(
  text: string,
  start: number,
  digits: string,
  end: number,
  options: { negative: boolean; currency: string | null },
): NumberToken {
  const before = text.slice(0, start);
  const after = text.slice(end);
  const plain = digits.replace(/,/gu, '');
  const isInteger = !plain.includes('.');
  const sign = options.negative ? '负' : '';

  if (after.startsWith('%') || after.startsWith('‰') || after.startsWith('‱')) {
    const prefix = after.startsWith('%') ? '百分之' : after.startsWith('‰') ? '千分之' : '万分之';
    const value = plain === '100' ? '百' : numberWords(digits);
    return { end: end + 1, words: `${sign}${prefix}${value}` };
  }
  const unit = unitAt(text, end);
  if (unit) {
    if ((unit.unit === '℃' || unit.unit === '°C') && options.negative) return { end: unit.end, words: `零下${numberWords(digits)}${unit.word}` };
    return { end: unit.end, words: `${sign}${countWords(digits, unit.word)}${unit.word}` };
  }

  if (options.currency !== null) {
    // $1.5亿 → 一点五亿美元: the magnitude belongs to the number, the currency comes last.
    const magnitude = /^[万亿]+/u.exec(after)?.[0] ?? '';
    return { end: end + magnitude.length, words: `${sign}${numberWords(digits)}${magnitude}${options.currency}` };
  }

  if (isInteger && !options.negative) {
    if (/第$/u.test(before)) return { end, words: numberWords(digits) };
    const value = Number(plain);
    if (/^\d{4}$/u.test(digits) && after.startsWith('年') && value >= 1100 && value < 2200) return { end, words: digitByDigit(digits) };
    // Months, days and hours written with a leading zero (03月, 08日, 09时) are read without it.
    if (/^[月日号]/u.test(after) && /^\d{1,2}$/u.test(plain)) return { end, words: numberWords(String(value)) };
    // 9时05分 → 九时零五分: a written zero minute or second is said.
    if (/^[分秒]/u.test(after) && /^0\d$/u.test(plain)) return { end, words: `零${numberWords(String(value))}` };
    if (/^[时点分秒]/u.test(after) && /^\d{1,2}$/u.test(plain)) return { end, words: countWords(String(value), after) };
    // After a letter (A380, MH370): three or more digits are a designation, read one by one.
    if (/[A-Za-z]$/u.test(before) && plain.length >= 3) return { end, words: digitByDigit(digits) };
    if (!digits.includes(',')) {
      if (/^0\d/u.test(digits) || digits.length >= 13) return { end, words: digitByDigit(digits) };
      const follower = COUNT_FOLLOWER.test(after);
      if (digits.length >= 7 && !follower) return { end, words: digitByDigit(digits) };
      if (/^\d{4}$/u.test(digits) && value >= 1900 && value < 2100 && !follower) return { end, words: digitByDigit(digits) };
    }
  }
  return { end, words: `${sign}${countWords(digits, after)}` };
}

/** The number expression starting at `index` (a digit, or a minus before one), or null. */
function readAt(text: string, index: number): NumberToken | null {
  const previous = text[index - 1] ?? '';

  let negative = false;
  let at = index;
  if (text[at] === '-') {
    // A minus only where no number, Latin word or unit stands before it (气温-5℃; not 3-5, COVID-19, 3℃-5℃).
    if (/[\dA-Za-z%‰℃℉°²³)]/u.test(previous) || !/\d/u.test(text[at + 1] ?? '')) return null;
    negative = true;
    at += 1;
  }

  for (const pattern of [ISO_DATE, CLOCK, PHONE, SCORE]) {
    if (negative) break;
    pattern.lastIndex = at;
    const match = pattern.exec(text);
    if (!match) continue;
    if (pattern === ISO_DATE) {
      const [, year = '', , month = '', day = ''] = match;
      if (Number(month) >= 1 && Number(month) <= 12 && Number(day) >= 1 && Number(day) <= 31) return { end: pattern.lastIndex, words: dateWords(year, month, day) };
    } else if (pattern === CLOCK) {
      const [, hours = '', minutes = '', seconds] = match;
      if (Number(hours) <= 24 && Number(minutes) < 60 && (seconds === undefined || Number(seconds) < 60)) {
        return { end: pattern.lastIndex, words: clockWords(hours, minutes, seconds) };
      }
    } else if (pattern === PHONE) {
      return { end: pattern.lastIndex, words: match[0].split(/[- ]/u).map(digitByDigit).join(' ') };
    } else {
      const [, home = '', away = ''] = match;
      return { end: pattern.lastIndex, words: `${numberWords(home)}比${numberWords(away)}` };
    }
  }

  NUMBER_AT.lastIndex = at;
  const first = NUMBER_AT.exec(text);
  if (!first) return null;
  const firstDigits = first[1] ?? '';
  const firstEnd = NUMBER_AT.lastIndex;
  const currency = negative ? null : currencyBefore(text, index)?.word ?? null;

  // A range: 3-5天, 3~5%, 3%-5%, 2024-2025.
  const alone = readNumber(text, at, firstDigits, firstEnd, { negative, currency: null });
  const firstSuffixed = alone.end > firstEnd;
  RANGE_SEP.lastIndex = alone.end;
  const separator = /^\d{1,3},\d{3}$/u.test(firstDigits) && !firstSuffixed ? null : RANGE_SEP.exec(text);
  if (separator) {
    const secondStart = RANGE_SEP.lastIndex;
    NUMBER_AT.lastIndex = secondStart;
    const second = NUMBER_AT.exec(text);
    if (second) {
      const secondEnd = NUMBER_AT.lastIndex;
      const right = readNumber(text, secondStart, second[1] ?? '', secondEnd, { negative: false, currency });
      if (firstSuffixed) return { end: right.end, words: `${alone.words}至${right.words}` };
      // The left end is read like the right one: 3-5% → 百分之三至百分之五; 2-3人 → 两至三人; 3-5km → 三至五公里.
      const percent = /^[%‰‱]/u.test(text.slice(secondEnd));
      const left = percent
        ? readNumber(`${text.slice(0, firstEnd)}${text.slice(secondEnd, secondEnd + 1)}`, at, firstDigits, firstEnd, { negative, currency: null })
        : readNumber(`${text.slice(0, firstEnd)}${text.slice(secondEnd)}`, at, firstDigits, firstEnd, { negative, currency: null });
      return { end: right.end, words: `${percent ? left.words : stripUnitWord(left.words, right.words)}至${right.words}` };
    }
  }
  return readNumber(text, at, firstDigits, firstEnd, { negative, currency });
}

/** 三公里至五公里 says the unit twice; the left end of a range keeps only its number. */
function stripUnitWord(left: string, right: string): string {
  for (const [, word] of UNITS) {
    if (word !== '' && left.endsWith(word) && right.endsWith(word) && !/^[A-Z]+$/u.test(word)) return left.slice(0, -word.length);
  }
  return left;
}

/**
 * Rewrites what is written in digits into how a Mandarin newsreader says it. Dates
 * (2025年03月18日 → 二〇二五年三月十八日), times (09:30 → 九点三十分), counts with 两
 * (2人 → 两人, 2,870万吨 → 两千八百七十万吨), decimals and percentages (3.5% → 百分之三点五),
 * negatives, ranges (3-5 → 三至五), ordinals (第2 → 第二), units (km/h → 公里每小时) and
 * currencies (US$5 → 五美元); years standing alone, IDs and phone numbers digit by digit.
 * Full-width digits are folded first. Text without digits comes back unchanged.
 * @example speakNumbers('气温-5℃，降水概率90%') === '气温零下五摄氏度，降水概率百分之九十'
 */
export function speakNumbers(text: string): string {
  const folded = foldNumberForms(text);
  if (!/\d/u.test(folded)) return folded;
  let out = '';
  let index = 0;
  while (index < folded.length) {
    const ch = folded[index] ?? '';
    const token = /[\d-]/u.test(ch) ? readAt(folded, index) : null;
    if (!token) {
      out += ch;
      index += 1;
      continue;
    }
    // The currency sign was copied before its number was seen; its word comes after the number.
    const currency = ch === '-' ? null : currencyBefore(folded, index);
    if (currency) out = out.slice(0, out.length - (index - currency.start));
    out += token.words;
    index = token.end;
  }
  return out;
}
