import AhoCorasick from 'modern-ahocorasick';
import type { Db } from '../platform/db/database.js';
import type { SpamTerm } from './model.js';
import { selectTerms, selectTermsVersion } from './terms.store.js';

/** The compiled term lists at one version. */
export interface TermMatcher {
  version: number;
  terms: SpamTerm[];
  /** Null when the lists are empty. */
  automaton: AhoCorasick<SpamTerm> | null;
}

// One matcher per database handle (tests open several). The version row is read on every
// check: one indexed single-row query, and a change made by any process is seen at once.
const cache = new WeakMap<Db, TermMatcher>();

/** Compiles an Aho–Corasick automaton over the terms' skeletons (no word boundaries: Chinese has none). */
export function compileTerms(terms: SpamTerm[], version: number): TermMatcher {
  const patterns = terms.filter((t) => t.normalised !== '').map((t) => ({ pattern: t.normalised, data: t }));
  return { version, terms, automaton: patterns.length > 0 ? new AhoCorasick(patterns) : null };
}

/** The matcher for the current lists, rebuilt only when their version has moved. */
export async function termMatcher(db: Db): Promise<TermMatcher> {
  const version = await selectTermsVersion(db);
  const cached = cache.get(db);
  if (cached?.version === version) return cached;
  const matcher = compileTerms(await selectTerms(db), version);
  cache.set(db, matcher);
  return matcher;
}
