import { originalRange } from '../mapped-text.js';
import type { Highlight, SpamAction, SpamReason, SpamTerm, TermCategory } from '../model.js';
import type { PhaseResult, SpamContext } from '../pipeline.js';
import type { TermMatcher } from '../term-matcher.js';
import { atLeast } from '../thresholds.js';
import type { NormalisedText } from './normalise.js';

/** A list term found in the skeleton: how often, and where in the original the first one is. */
export interface TermHit {
  term: SpamTerm;
  count: number;
  /** Original-text ranges of every occurrence. */
  ranges: { start: number; end: number }[];
  /** Whether some occurrence had spaces or punctuation inside it in the original (百 家 乐, 博-彩). */
  spaced: boolean;
}

/** Chinese names of the categories, for moderators. */
export const CATEGORY_NAMES: Record<TermCategory, string> = {
  gambling: '博彩',
  cta: '招揽',
  'contact-lure': '引流',
  porn: '色情',
  scam: '诈骗',
  abuse: '辱骂',
  other: '其他',
};

const SEPARATOR = /[\s\p{P}\p{S}]/u;

/** Gambling terms lighter than this are words news uses too (赌场 1, 百家乐 2): never evidence alone. */
export const NEWS_WORD_LIMIT = 3;

/**
 * Every list term in the text's skeleton, without word boundaries. A match inside a longer
 * matched term (百家乐 inside 真人百家乐) is dropped: the longer term says it better.
 */
export function findTerms(matcher: TermMatcher, text: NormalisedText): TermHit[] {
  if (!matcher.automaton) return [];
  const skeleton = text.skeleton;
  const matches = matcher.automaton.search(skeleton.text);
  const kept = matches.filter(
    (m) => !matches.some((o) => o !== m && o.start <= m.start && o.end >= m.end && o.end - o.start > m.end - m.start),
  );
  const hits = new Map<number, TermHit>();
  for (const m of kept) {
    const term = m.data;
    if (!term) continue;
    const range = originalRange(skeleton, m.start, m.end);
    const spaced = SEPARATOR.test(text.original.slice(range.start, range.end));
    const hit = hits.get(term.id);
    if (hit) {
      hit.count++;
      hit.ranges.push(range);
      hit.spaced ||= spaced;
    } else {
      hits.set(term.id, { term, count: 1, ranges: [range], spaced });
    }
  }
  return [...hits.values()];
}

/** Adds each matched term's weight; hold and block terms raise the floor. */
export function termsPhase(ctx: SpamContext): PhaseResult {
  const reasons: SpamReason[] = [];
  const highlights: Highlight[] = [];
  let floor: SpamAction = 'allow';
  let spaced = 0;
  for (const hit of ctx.terms) {
    const { term } = hit;
    const times = hit.count > 1 ? `，${hit.count} 处` : '';
    const detail = `命中词条「${term.term}」（${CATEGORY_NAMES[term.category]}${times}）`;
    reasons.push({ phase: 'terms', detail, score: term.weight });
    for (const range of hit.ranges) highlights.push({ ...range, phase: 'terms', detail });
    if (term.action !== 'flag') floor = atLeast(floor, term.action);
    if (hit.spaced) spaced++;
  }
  if (spaced > 0) reasons.push({ phase: 'terms', detail: `词条中间夹有空格或符号（${spaced} 个）`, score: 1.5 });
  // Gambling words are the subject, which news shares (赌场, 威尼斯人): below NEWS_WORD_LIMIT
  // they never count as evidence. Any other term (a call to action, a lure, porn, a scam), or a
  // gambling phrase too heavy for news (真人视讯), is; then the score decides.
  const evidence = floor !== 'allow' || ctx.terms.some((h) => h.term.category !== 'gambling' || h.term.weight >= NEWS_WORD_LIMIT);
  return { reasons, highlights, floor, evidence };
}
