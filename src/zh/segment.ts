import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Jieba } from '@node-rs/jieba';
import { ValidationError } from '../platform/errors.js';
import { segmentWords } from './fixtures/segment-words.js';
import { normalise } from './normalise.js';
import { toSimplified } from './script.js';

/** One newsroom-dictionary word for segmentation: a name or place that must stay whole. */
export interface SegmentWord {
  word: string;
  /** jieba frequency; higher wins more contests against the words around it. Default {@link DEFAULT_FREQ}. */
  freq?: number;
  /** Part-of-speech tag in jieba's set (nr person, ns place, nt organisation, nz other proper noun). */
  tag?: string;
}

/** How a segmenter is built. */
export interface SegmenterOptions {
  /** The newsroom dictionary, added on top of jieba's bundled dictionary. */
  words?: readonly SegmentWord[];
}

/** A jieba instance with the newsroom dictionary loaded, and the shared analysis path. */
export interface Segmenter {
  /** Precise-mode words of the text as written (whitespace and punctuation included). */
  segment(text: string): string[];
  /** The search analysis shared by documents and queries: see {@link analyse}. */
  analyse(text: string): string[];
  /** Precise-mode words of the prepared text with jieba's part-of-speech tags: see {@link tagWords}. */
  tag(text: string): TaggedWord[];
}

/** A word with its part-of-speech tag in jieba's set (n noun, v verb, nr person, ns place, nt organisation, …). */
export interface TaggedWord {
  word: string;
  tag: string;
}

/**
 * Dropped from search tokens: particles and conjunctions that appear in nearly every
 * sentence and carry no meaning alone. Kept small on purpose; BM25 already discounts
 * common words, and every entry here is a word nobody can search for.
 */
export const STOP_WORDS: ReadonlySet<string> = new Set([
  '的', '了', '和', '是', '在', '与', '及', '或', '也', '而', '之', '着', '把', '被', '对', '等', '这', '那',
]);

/**
 * Frequency for a newsroom word that gives none: about that of a common noun (地铁 is 1127 in
 * jieba's dictionary). jieba treats a word loaded without one as frequency 0 and cuts it up.
 */
export const DEFAULT_FREQ = 1000;

const HAS_WORD_CHAR = /[\p{L}\p{N}]/u;
const HAS_HAN = /\p{Script=Han}/u;
const HAS_LETTER = /\p{L}/u;
const EDGE_PUNCT = /^[^\p{L}\p{N}]+|[^\p{L}\p{N}]+$/gu;
const INNER_SEPARATORS = /[^\p{L}\p{N}]+/u;
const WHITESPACE = /\s/u;
const TAG = /^[a-z]{1,4}$/;

/**
 * What every piece of text goes through before jieba, documents, queries and dictionary
 * words alike: full-width folding, Traditional → Simplified, Latin lower-cased.
 */
export function prepare(text: string): string {
  return toSimplified(normalise(text)).toLowerCase();
}

/** The dictionary as jieba's `word freq tag` lines, each word prepared like the text it must match. */
function dictionaryLines(words: readonly SegmentWord[]): string {
  const details: string[] = [];
  const lines: string[] = [];
  for (const [index, entry] of words.entries()) {
    const word = prepare(entry.word.trim());
    // jieba's dictionary format is whitespace-separated, so a word cannot hold a space.
    if (word === '' || WHITESPACE.test(word)) details.push(`第 ${index + 1} 个词「${entry.word}」不能为空或含空格`);
    else if (entry.freq !== undefined && !(Number.isInteger(entry.freq) && entry.freq > 0)) {
      details.push(`第 ${index + 1} 个词「${entry.word}」的词频须为正整数`);
    } else if (entry.tag !== undefined && !TAG.test(entry.tag)) {
      details.push(`第 ${index + 1} 个词「${entry.word}」的词性标记无效`);
    } else {
      // jieba reads the second column as the frequency, so a tag needs one before it anyway.
      lines.push(`${word} ${entry.freq ?? DEFAULT_FREQ}${entry.tag === undefined ? '' : ` ${entry.tag}`}`);
    }
  }
  if (details.length > 0) throw new ValidationError('分词词典有误', details);
  return lines.join('\n');
}

/**
 * Turns jieba's search-mode output into index tokens: punctuation and whitespace go,
 * stop words go, and a Latin token joined by punctuation (covid-19) is kept whole and
 * also as its parts, the way search mode keeps 北京大学 and also 北京, 大学.
 */
function toTokens(pieces: readonly string[]): string[] {
  const tokens: string[] = [];
  for (const piece of pieces) {
    if (!HAS_WORD_CHAR.test(piece)) continue;
    const token = piece.replace(EDGE_PUNCT, '');
    if (STOP_WORDS.has(token)) continue;
    tokens.push(token);
    // Decimals such as 3.5 stay whole; only words with letters are split at separators.
    if (!HAS_HAN.test(token) && HAS_LETTER.test(token) && INNER_SEPARATORS.test(token)) {
      tokens.push(...token.split(INNER_SEPARATORS).filter((part) => part !== ''));
    }
  }
  return tokens;
}

/**
 * jieba's bundled dictionary, read when a segmenter is built. Its `dict.js` module reads it and
 * the 6 MB IDF table (which Xinwen does not use) at import and holds both for the life of the
 * process; jieba keeps its own parsed copy, so the file's bytes are garbage once loaded.
 */
function bundledDictionary(): Buffer {
  const module = createRequire(import.meta.url).resolve('@node-rs/jieba/dict.js');
  return readFileSync(join(dirname(module), 'dict.txt'));
}

/**
 * Builds a segmenter: jieba with its bundled dictionary plus the newsroom `words`, each
 * prepared (Simplified, lower case) like the text it will meet. Loading jieba's dictionary
 * takes a noticeable fraction of a second, so build one per dictionary version and share it.
 */
export function createSegmenter(options: SegmenterOptions = {}): Segmenter {
  const lines = dictionaryLines(options.words ?? []);
  const jieba = Jieba.withDict(bundledDictionary());
  if (lines !== '') jieba.loadDict(Buffer.from(lines, 'utf8'));
  return {
    segment: (text) => jieba.cut(text, true),
    // HMM on: it joins names missing from both dictionaries (韩志远) instead of cutting them
    // into characters; the same path for queries keeps both sides cut alike.
    analyse: (text) => toTokens(jieba.cutForSearch(prepare(text), true)),
    tag: (text) => jieba.tag(prepare(text), true).flatMap(({ word, tag }) => (HAS_WORD_CHAR.test(word) ? [{ word, tag }] : [])),
  };
}

let shared: Segmenter | undefined;

/** The process-wide segmenter with the starter newsroom word list, built on first use. */
export function defaultSegmenter(): Segmenter {
  shared ??= createSegmenter({ words: segmentWords });
  return shared;
}

/** Precise-mode segmentation with the default segmenter. */
export function segment(text: string): string[] {
  return defaultSegmenter().segment(text);
}

/**
 * The analysis documents and queries share: normalise → Simplified → lower-case Latin →
 * jieba search mode (北京大学 gives 北京, 大学 and 北京大学) → no punctuation, whitespace or
 * stop words. Either script of a text gives the same tokens.
 * @example analyse('泽连斯基抵达基辅') // ['连斯基', '泽连斯基', '抵达', '基辅']
 */
export function analyse(text: string): string[] {
  return defaultSegmenter().analyse(text);
}

/**
 * Precise-mode words with part-of-speech tags, prepared like {@link analyse} (Simplified,
 * lower case) and without pieces that hold no letter or digit. Newsroom words carry the tag
 * they were added with.
 * @example tagWords('泽连斯基抵达基辅') // [{word: '泽连斯基', tag: 'nr'}, {word: '抵达', tag: 'v'}, {word: '基辅', tag: 'n'}]
 */
export function tagWords(text: string): TaggedWord[] {
  return defaultSegmenter().tag(text);
}
