import { openccConvert } from './opencc.js';

/**
 * Which conversion a dictionary entry takes part in. `s2t`: `source` (Simplified) becomes
 * `target` (Traditional) in Simplified→Traditional; `t2s`: `source` (Traditional) becomes
 * `target` (Simplified) in Traditional→Simplified; `both`: an `s2t` entry that also applies
 * backwards (`target` → `source`) in Traditional→Simplified.
 */
export type ConversionDirection = 's2t' | 't2s' | 'both';

/** One newsroom-dictionary or per-article override entry, applied on top of OpenCC. */
export interface DictionaryEntry {
  source: string;
  /** The complete replacement: it is spliced in as written and never passed through OpenCC. */
  target: string;
  direction: ConversionDirection;
  /** Applies only when the converter uses Taiwan phrases (e.g. 特朗普 → 川普). */
  phrasesOnly?: boolean;
}

/** How a converter is built: OpenCC variant plus the entries layered on top of it. */
export interface ConverterOptions {
  /** Taiwan phrases (OpenCC `twp`: 软件 → 軟體) instead of Taiwan characters only (`tw`). */
  phrases?: boolean;
  /** The newsroom dictionary. */
  dictionary?: readonly DictionaryEntry[];
  /** Per-article overrides: matched before the dictionary, so they win wherever they overlap. */
  overrides?: readonly DictionaryEntry[];
}

/** A Simplified⇄Traditional converter with its dictionaries compiled in. */
export interface ScriptConverter {
  toTraditional(text: string): string;
  toSimplified(text: string): string;
}

type Convert = (text: string) => string;
type Variant = 'cn' | 'tw' | 'twp';

// OpenCC converters load their dictionaries at construction (tens of milliseconds each), so
// each (from, to) pair is built at most once per process and shared by every ScriptConverter.
const openccCache = new Map<string, Convert>();

/** The shared OpenCC converter for one pair of variants, built on first use. */
export function openccConverter(from: Variant, to: Variant): Convert {
  const key = `${from}>${to}`;
  const cached = openccCache.get(key);
  if (cached) return cached;
  const convert: Convert = openccConvert(from, to);
  openccCache.set(key, convert);
  return convert;
}

/** Dictionary entries of one direction, indexed by the first UTF-16 unit of their source. */
interface MatchTable {
  byFirst: Map<string, { source: string; target: string }[]>;
}

function buildTable(entries: readonly DictionaryEntry[], toTraditional: boolean, phrases: boolean): MatchTable {
  const pairs = new Map<string, string>();
  for (const entry of entries) {
    if (entry.phrasesOnly && !phrases) continue;
    let source: string;
    let target: string;
    if (toTraditional) {
      if (entry.direction === 't2s') continue;
      ({ source, target } = entry);
    } else if (entry.direction === 't2s') {
      ({ source, target } = entry);
    } else if (entry.direction === 'both') {
      ({ source: target, target: source } = entry);
    } else continue;
    // An empty source would match between every pair of characters.
    if (source === '') continue;
    // Later entries win for the same source, so a list can be edited by appending.
    pairs.set(source, target);
  }
  const byFirst = new Map<string, { source: string; target: string }[]>();
  for (const [source, target] of pairs) {
    const first = source.charAt(0);
    const list = byFirst.get(first) ?? [];
    list.push({ source, target });
    byFirst.set(first, list);
  }
  // Longest first, so the first candidate that matches is the longest match.
  for (const list of byFirst.values()) list.sort((a, b) => b.source.length - a.source.length);
  return { byFirst };
}

/** A run of text: `fixed` runs are dictionary output and must not reach OpenCC. */
interface Run {
  text: string;
  fixed: boolean;
}

function applyTable(runs: readonly Run[], table: MatchTable): Run[] {
  if (table.byFirst.size === 0) return [...runs];
  const out: Run[] = [];
  for (const run of runs) {
    if (run.fixed) {
      out.push(run);
      continue;
    }
    const { text } = run;
    let plainStart = 0;
    let i = 0;
    while (i < text.length) {
      const candidates = table.byFirst.get(text.charAt(i));
      const hit = candidates?.find((c) => text.startsWith(c.source, i));
      if (!hit) {
        i++;
        continue;
      }
      if (i > plainStart) out.push({ text: text.slice(plainStart, i), fixed: false });
      out.push({ text: hit.target, fixed: true });
      i += hit.source.length;
      plainStart = i;
    }
    if (plainStart < text.length) out.push({ text: text.slice(plainStart), fixed: false });
  }
  return out;
}

function layered(opencc: Convert, overrides: MatchTable, dictionary: MatchTable): Convert {
  return (text) => {
    const runs = applyTable(applyTable([{ text, fixed: false }], overrides), dictionary);
    return runs.map((run) => (run.fixed ? run.text : opencc(run.text))).join('');
  };
}

/**
 * Builds a converter: OpenCC Taiwan characters (or Taiwan phrases), under the newsroom dictionary,
 * under per-article overrides. Matching is leftmost-longest, and replaced spans are spliced in
 * after OpenCC has converted the text around them, so OpenCC never re-converts them.
 * @example createConverter({ dictionary: [{ source: '发布', target: '發布', direction: 's2t' }] })
 *   .toTraditional('被发布') === '被發布'
 */
export function createConverter(options: ConverterOptions = {}): ScriptConverter {
  const phrases = options.phrases ?? false;
  const dictionary = options.dictionary ?? [];
  const overrides = options.overrides ?? [];
  const variant: Variant = phrases ? 'twp' : 'tw';
  const toTraditional = layered(
    openccConverter('cn', variant),
    buildTable(overrides, true, phrases),
    buildTable(dictionary, true, phrases),
  );
  const toSimplified = layered(
    openccConverter(variant, 'cn'),
    buildTable(overrides, false, phrases),
    buildTable(dictionary, false, phrases),
  );
  return { toTraditional, toSimplified };
}
