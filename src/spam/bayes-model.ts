import type { TokenCounts, DocCounts } from './bayes.store.js';
import type { Contact } from './phases/contacts.js';
import type { NormalisedText } from './phases/normalise.js';
import type { TermHit } from './phases/terms.js';

/** How many of the most telling tokens decide (Graham's idea: long texts do not pile up evidence). */
const TOP_TOKENS = 24;
/** Tokens seen in fewer documents than this say nothing reliable. */
const MIN_DOCS = 2;

/**
 * The tokens the Bayes model reads: character bigrams of the skeleton (digits masked, so
 * every phone number looks alike), plus feature tokens for what the other phases found
 * (HAS_QQ, HAS_URL, CTA:开户, CAT:gambling, EVASION …). Each token once.
 */
export function bayesTokens(text: NormalisedText, terms: readonly TermHit[], contacts: readonly Contact[]): string[] {
  const tokens = new Set<string>();
  const chars = [...text.skeleton.text.replace(/[0-9]/g, '0')];
  for (let i = 0; i + 1 < chars.length; i++) {
    const bigram = `${chars[i]}${chars[i + 1]}`;
    if (bigram !== '00') tokens.add(bigram);
  }
  for (const c of contacts) {
    tokens.add(`HAS_${c.kind.toUpperCase()}`);
    if (c.obfuscated) tokens.add('HAS_HIDDEN_CONTACT');
  }
  for (const hit of terms) {
    tokens.add(`CAT:${hit.term.category}`);
    if (hit.term.category === 'cta' || hit.term.category === 'contact-lure') tokens.add(`CTA:${hit.term.normalised}`);
  }
  const { signals } = text;
  if (signals.invisible > 0 || signals.homoglyphs > 0 || signals.numeralRuns > 0 || signals.variants.some((v) => v.evasion > 0)) {
    tokens.add('EVASION');
  }
  if (/[0-9]{5,}/.test(text.skeleton.text)) tokens.add('LONG_DIGITS');
  return [...tokens];
}

/** The model's judgement: log-odds of spam over ham, and the tokens that decided it. */
export interface BayesJudgement {
  logOdds: number;
  probability: number;
  decisive: { token: string; logRatio: number }[];
}

/**
 * Naive Bayes over token presence with add-half smoothing and equal priors (the training
 * mix says nothing about how much of the traffic is spam). Only the TOP_TOKENS tokens with
 * the largest |log ratio| count.
 */
export function judge(tokens: readonly string[], counts: Map<string, TokenCounts>, docs: DocCounts): BayesJudgement {
  const ratios: { token: string; logRatio: number }[] = [];
  for (const token of tokens) {
    const c = counts.get(token);
    if (!c || c.spam + c.ham < MIN_DOCS) continue;
    const pSpam = (c.spam + 0.5) / (docs.spam + 1);
    const pHam = (c.ham + 0.5) / (docs.ham + 1);
    ratios.push({ token, logRatio: Math.log(pSpam / pHam) });
  }
  ratios.sort((a, b) => Math.abs(b.logRatio) - Math.abs(a.logRatio));
  const decisive = ratios.slice(0, TOP_TOKENS);
  const logOdds = decisive.reduce((sum, r) => sum + r.logRatio, 0);
  return { logOdds, probability: 1 / (1 + Math.exp(-logOdds)), decisive };
}
