/** Plain types of the spam feature, shared by the phases, the services and the routes. */

/** What to do with a text: publish, publish but mark for a look, hold for a moderator, refuse. */
export type SpamAction = 'allow' | 'flag' | 'hold' | 'block';

/** The actions in rising order of severity. */
export const SPAM_ACTIONS: readonly SpamAction[] = ['allow', 'flag', 'hold', 'block'];

/** One signal: which phase saw it, what it saw (Chinese, for moderators), and what it added. */
export interface SpamReason {
  phase: string;
  detail: string;
  score: number;
}

export interface SpamVerdict {
  score: number;
  action: SpamAction;
  reasons: SpamReason[];
}

/** Who sent it, for near-duplicate detection and rate limits (opaque keys, never raw IPs). */
export interface SpamSender {
  readerKey: string;
  networkKey: string;
}

/** A range of the original text that a phase found something in (UTF-16 offsets, end exclusive). */
export interface Highlight {
  start: number;
  end: number;
  phase: string;
  detail: string;
}

/** A verdict with the ranges that explain it, for the newsroom's "check a text" tool. */
export interface SpamAnalysis extends SpamVerdict {
  highlights: Highlight[];
}

export const TERM_CATEGORIES = ['gambling', 'cta', 'contact-lure', 'porn', 'scam', 'abuse', 'other'] as const;
/**
 * gambling, porn, scam: what the spam is about. cta and contact-lure: what it asks the reader
 * to do (开户, 首充, 加我…). abuse and other: lists a newsroom keeps for itself.
 */
export type TermCategory = (typeof TERM_CATEGORIES)[number];

export const TERM_ACTIONS = ['flag', 'hold', 'block'] as const;
/**
 * What a term does by itself. `flag`: it adds its weight and the total decides (gambling words
 * lighter than 3, the words news uses too such as 赌场, can never hold a text on their own);
 * `hold` and `block`: a match holds or refuses the text whatever else it says.
 */
export type TermAction = (typeof TERM_ACTIONS)[number];

/** A term of the managed lists. */
export interface SpamTerm {
  id: number;
  /** As the editor typed it. */
  term: string;
  /** What is matched: the term's skeleton (Simplified, lower case, Han/Latin/digits only). */
  normalised: string;
  category: TermCategory;
  weight: number;
  action: TermAction;
  createdAt: string;
  updatedAt: string;
}
