import type { ConversionDirection } from '../zh/convert.js';

export type { ConversionDirection };

/** Which conversions an entry takes part in (see zh/convert.ts). */
export const DIRECTIONS = ['s2t', 't2s', 'both'] as const satisfies readonly ConversionDirection[];

/** jieba part-of-speech tags a newsroom word may carry: person, place, organisation, other proper noun. */
export const WORD_TAGS = ['nr', 'ns', 'nt', 'nz'] as const;
export type WordTag = (typeof WORD_TAGS)[number];

/** A newsroom-dictionary conversion entry as stored. */
export interface ConversionEntry {
  id: number;
  source: string;
  target: string;
  direction: ConversionDirection;
  /** Applies only when the outlet uses Taiwan phrases (特朗普 → 川普). */
  phrasesOnly: boolean;
  note: string | null;
  /** Who last changed it; null for the starter list and the command line. */
  updatedBy: number | null;
  updatedAt: string;
}

/** A newsroom word for segmentation as stored: Simplified and lower case, as jieba meets it. */
export interface SegmentationWord {
  id: number;
  word: string;
  tag: WordTag;
  /** jieba frequency; null for the default (zh/segment.ts DEFAULT_FREQ). */
  freq: number | null;
  note: string | null;
  updatedBy: number | null;
  updatedAt: string;
}

/** One per-article override: wins over the dictionary for that article only. */
export interface ConversionOverride {
  source: string;
  target: string;
  direction: ConversionDirection;
}

/** The dictionary's versions: each kind's counter moves with every change to it. */
export interface DictionaryVersions {
  entries: number;
  words: number;
  overrides: number;
}
