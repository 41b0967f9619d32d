import { CHINESE_DIGIT_CHARS, chineseDigit } from '../../zh/numerals.js';
import { toSimplified } from '../../zh/script.js';
import { identityMapped, mapCodePoints, replaceMapped, type MappedText } from '../mapped-text.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';
import { HOMOGLYPHS, VARIANTS, type Variant } from '../variants.js';

/** What the normaliser had to undo: each is a hint that someone tried to get past a filter. */
export interface NormaliseSignals {
  /** Zero-width and other invisible characters removed. */
  invisible: number;
  /** Letters from other scripts that pass for Latin. */
  homoglyphs: number;
  /** Runs of Chinese digits written out (seven or more): phone and QQ numbers in disguise. */
  numeralRuns: number;
  /** Variant spellings that were mapped, each once. */
  variants: Variant[];
}

/**
 * One text, normalised three ways, each mapped back to the original:
 * - `folded`: NFKC (full-width → ASCII), lower case, invisible characters removed,
 *   Traditional → Simplified, look-alike letters, Chinese digit runs → digits;
 * - `compact`: `folded` for contact extraction: 点/dot/。 between letters → '.', separators
 *   inside digit runs, around . @ : /, wedged inside words and next to Han removed, variant
 *   spellings mapped;
 * - `skeleton`: Han, Latin and digits only (spaced or punctuated words collapse), variants
 *   mapped; the term lists, the Bayes model and duplicate detection read this.
 */
export interface NormalisedText {
  original: string;
  folded: MappedText;
  compact: MappedText;
  skeleton: MappedText;
  signals: NormaliseSignals;
}

// Format characters (zero-width spaces and joiners, bidi controls, soft hyphen, BOM), variation
// selectors, combining marks used to strike or decorate, and the Hangul fillers that render blank.
const INVISIBLE = /^[\p{Cf}\p{Mn}\p{Me}\u115F\u1160\u3164\uFFA0]$/u;
// What counts as hiding something: not the marks emoji are built with (variation selectors,
// skin tones, the joiner between two emoji), which ordinary comments are full of.
const HIDING = /[\u115F\u1160\u3164\uFFA0]|(?!\u200D)\p{Cf}|(?<![\p{Extended_Pictographic}\uFE0F\u{1F3FB}-\u{1F3FF}])\u200D/gu;
const DIGIT_CLASS = `0-9${CHINESE_DIGIT_CHARS}`;
const DIGIT_RUN = new RegExp(`[${DIGIT_CLASS}](?:[\\s\\-_.·,，、]*[${DIGIT_CLASS}]){4,}`, 'gu');
const HAN_DIGIT = new RegExp(`[${CHINESE_DIGIT_CHARS}]`, 'u');
const DOT_WORD = /([a-z0-9])\s*(?:点|。|．|丶|\(dot\)|\[dot\]|\{dot\}|\(点\)|\s+dot\s+)\s*(?=[a-z0-9])/g;
const DIGIT_SEPARATOR = /(\d)[\s\-–—_.·,，、/|]+(?=\d)/g;
const SPACE_AROUND_PUNCT = /\s*([.@:/])\s*/g;
const SPACE_BY_HAN = /\s+(?=\p{Script=Han})|(?<=\p{Script=Han})\s+/gu;
// Punctuation and symbols wedged inside words (V<>信, 加-微-信); not the ones contacts are made of.
const WEDGED = /(?<=[\p{Script=Han}a-z0-9])[^\p{L}\p{N}\s.@:/_+?=&%#~\-]+(?=[\p{Script=Han}a-z0-9])/gu;
const SKELETON_CHAR = /^[\p{Script=Han}a-z0-9]$/u;

const VARIANT_PATTERNS = VARIANTS.map((v) => ({ variant: v, pattern: new RegExp(v.from, 'gu') }));

/** Per code point: drop invisibles, NFKC, lower case, look-alike letters. */
function foldCodePoints(text: string, signals: NormaliseSignals): MappedText {
  return mapCodePoints(identityMapped(text), (ch) => {
    if (INVISIBLE.test(ch)) return '';
    let out = '';
    for (const c of ch.normalize('NFKC').toLowerCase()) {
      const latin = HOMOGLYPHS[c];
      if (latin !== undefined) signals.homoglyphs++;
      out += latin ?? c;
    }
    return out;
  });
}

/** Traditional → Simplified. OpenCC keeps lengths, so the map carries over; else per character. */
function simplify(mapped: MappedText): MappedText {
  const converted = toSimplified(mapped.text);
  if (converted.length === mapped.text.length) return { ...mapped, text: converted };
  return mapCodePoints(mapped, (ch) => toSimplified(ch));
}

/** 一三八 一二三四 五六七八 → 13812345678 (runs of five or more digit characters). */
function digitRuns(mapped: MappedText, signals: NormaliseSignals): MappedText {
  return replaceMapped(mapped, DIGIT_RUN, (match) => {
    const digits = [...match[0]].map((ch) => (/[0-9]/.test(ch) ? ch : chineseDigit(ch))).filter((d) => d !== null);
    if (!HAN_DIGIT.test(match[0])) return match[0];
    if (digits.length >= 7) signals.numeralRuns++;
    return digits.join('');
  });
}

function applyVariants(mapped: MappedText, signals: NormaliseSignals | null): MappedText {
  let out = mapped;
  for (const { variant, pattern } of VARIANT_PATTERNS) {
    out = replaceMapped(out, pattern, () => {
      if (signals && !signals.variants.includes(variant)) signals.variants.push(variant);
      return variant.to;
    });
  }
  return out;
}

function skeletonOf(folded: MappedText, signals: NormaliseSignals | null): MappedText {
  const bare = mapCodePoints(folded, (ch) => (SKELETON_CHAR.test(ch) ? ch : ''));
  return applyVariants(bare, signals);
}

/** Normalises a text for scoring; every view maps back to `text`. */
export function normaliseForSpam(text: string): NormalisedText {
  const signals: NormaliseSignals = { invisible: text.match(HIDING)?.length ?? 0, homoglyphs: 0, numeralRuns: 0, variants: [] };
  const folded = digitRuns(simplify(foldCodePoints(text, signals)), signals);
  let compact = replaceMapped(folded, DOT_WORD, (m) => `${m[1] ?? ''}.`);
  compact = replaceMapped(compact, DIGIT_SEPARATOR, (m) => m[1] ?? '');
  compact = replaceMapped(compact, SPACE_AROUND_PUNCT, (m) => m[1] ?? '');
  compact = replaceMapped(compact, WEDGED, () => '');
  compact = replaceMapped(compact, SPACE_BY_HAN, () => '');
  compact = applyVariants(compact, null);
  return { original: text, folded, compact, skeleton: skeletonOf(folded, signals), signals };
}

/** The form a list term is matched in: its skeleton. @example termSkeleton('百 家 樂') === '百家乐' */
export function termSkeleton(term: string): string {
  return normaliseForSpam(term).skeleton.text;
}

/** Scores what the normaliser had to undo: invisible characters, look-alike letters, variant spellings, digits in words. */
export function normalisePhase(ctx: SpamContext): PhaseResult {
  const { signals } = ctx.text;
  const reasons: PhaseResult['reasons'] = [];
  if (signals.invisible > 0) {
    reasons.push({ phase: 'normalise', detail: `含零宽或不可见字符 ${signals.invisible} 个`, score: signals.invisible >= 3 ? 2 : 1 });
  }
  if (signals.homoglyphs > 0) {
    reasons.push({ phase: 'normalise', detail: `混入形似拉丁字母的其他文字 ${signals.homoglyphs} 个`, score: 2 });
  }
  const evasive = signals.variants.filter((v) => v.evasion > 0);
  if (evasive.length > 0) {
    const score = Math.min(3, evasive.reduce((sum, v) => sum + v.evasion, 0));
    reasons.push({ phase: 'normalise', detail: `变体写法：${evasive.map((v) => `${v.label}→${v.to}`).join('、')}`, score });
  }
  if (signals.numeralRuns > 0) {
    reasons.push({ phase: 'normalise', detail: '用中文数字写出的号码', score: 1.5 });
  }
  return { reasons };
}
