import type { Db } from '../platform/db/database.js';
import { bayesTokens } from './bayes-model.js';
import type { Highlight, SpamAction, SpamReason, SpamSender } from './model.js';
import { findContacts, type Contact } from './phases/contacts.js';
import { normaliseForSpam, type NormalisedText } from './phases/normalise.js';
import { findTerms, type TermHit } from './phases/terms.js';
import { termMatcher } from './term-matcher.js';

/** What every phase reads: computed once per text, before the first phase runs. */
export interface SpamContext {
  db: Db;
  text: NormalisedText;
  now: Date;
  sender: SpamSender | null;
  /** Term-list matches and contacts: found once, read by several phases. */
  terms: TermHit[];
  contacts: Contact[];
}

/** What a phase adds. Phases never decide alone: they add scored reasons, and the totals decide. */
export interface PhaseResult {
  reasons: SpamReason[];
  highlights?: Highlight[];
  /** The least action this phase's findings call for (a hold term, the gambling + contact rule). */
  floor?: SpamAction;
  /**
   * Whether the phase saw more than weak words: a contact, a call to action with a subject, a
   * duplicate, a burst. Without any, the verdict is capped at flag (see thresholds.ts).
   */
  evidence?: boolean;
}

export type Phase = (ctx: SpamContext) => PhaseResult | Promise<PhaseResult>;

/** Texts longer than this are scored on their first part only (an article is far shorter). */
const MAX_CHARS = 100_000;

/** Normalises once and finds terms and contacts once: every phase reads this. */
export async function buildContext(db: Db, text: string, sender: SpamSender | null, now: Date): Promise<SpamContext> {
  const normalised = normaliseForSpam(text.length > MAX_CHARS ? text.slice(0, MAX_CHARS) : text);
  const matcher = await termMatcher(db);
  return { db, text: normalised, now, sender, terms: findTerms(matcher, normalised), contacts: findContacts(normalised) };
}

/** The Bayes tokens of a text, as the model reads and learns them. */
export async function textTokens(db: Db, text: string): Promise<string[]> {
  const ctx = await buildContext(db, text, null, new Date());
  return bayesTokens(ctx.text, ctx.terms, ctx.contacts);
}
