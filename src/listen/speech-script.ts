import { createHash } from 'node:crypto';
import { outletSettings } from '../articles/outlet.service.js';
import { previewPageData } from '../articles/reader.service.js';
import type { Article } from '../articles/model.js';
import { articleConverter, newsroomSegmenter } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { segmentWithLexicon, tonePinyin } from '../zh/pinyin.js';
import { toSimplified, toTraditional, type Script } from '../zh/script.js';
import { speakNumbers } from '../zh/spoken-numbers.js';
import { pronunciationLexicon, TryReadingSchema } from './lexicon.service.js';
import { pieceConverter, readableBlocks, type ReadableBlock } from './readable-blocks.js';
import { splitUtterances, type Utterance } from './utterances.js';

/** One utterance of the speech script: what the page shows, what is said, and how espeak-ng reads it. */
export interface SpokenUtterance {
  /** As the page shows it, in the article's source script (one of splitUtterances' pieces). */
  text: string;
  /** Chinese as read aloud: numbers written out, the dateline without brackets. */
  spoken: string;
  /** Tone-numbered pinyin for espeak-ng's cmn-latn-pinyin voice; '' only for a piece with nothing to say. */
  pinyin: string;
}

export interface SpeechScript {
  articleId: number;
  utterances: SpokenUtterance[];
  /** sha256 hex of everything that decides the audio: the pinyin of every utterance and SPEECH_SCRIPT_VERSION. */
  hash: string;
  /** Characters of display text, for the real-time-factor benchmark. */
  characters: number;
}

/**
 * Moves on whenever the way a script is made changes (number reading, pinyin, what is read),
 * so every article's hash changes and its audio is rendered again.
 */
export const SPEECH_SCRIPT_VERSION = 1;

/** splitUtterances' clause marks: the spoken lede keeps them, in order, so cuts inside it can be mapped. */
const CLAUSE_MARK = /[，,：:、]/u;

function commonSuffixLength(a: string, b: string): number {
  let n = 0;
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n += 1;
  return n;
}

/**
 * Where display position `pos` (inside the block's differing prefix) falls in the spoken prefix:
 * after as many clause marks as the display has before it. Cuts inside the prefix are only ever
 * after clause marks, so this is exact for them; anything else maps to the prefix's end.
 */
function spokenPosition(text: string, spoken: string, pos: number, textPrefix: number, spokenPrefix: number): number {
  if (pos <= 0) return 0;
  if (pos >= textPrefix) return spokenPrefix;
  if (!CLAUSE_MARK.test(text[pos - 1] ?? '')) return spokenPrefix;
  let marks = 0;
  for (let i = 0; i < pos; i += 1) if (CLAUSE_MARK.test(text[i] ?? '')) marks += 1;
  for (let i = 0; i < spokenPrefix; i += 1) {
    if (CLAUSE_MARK.test(spoken[i] ?? '')) {
      marks -= 1;
      if (marks === 0) return i + 1;
    }
  }
  return spokenPrefix;
}

/**
 * The spoken form of each display utterance of a block. A block's `spoken` differs from its
 * `text` only in a prefix (the lede's dateline and byline); an utterance inside that prefix is
 * given the matching part of the spoken prefix, so the count of utterances is always the count
 * the page's player computes from the display text.
 */
export function spokenUtterances(block: ReadableBlock, utterances: readonly Utterance[]): string[] {
  const { text, spoken } = block;
  if (spoken === undefined || spoken === text) return utterances.map((u) => u.text);
  const suffix = commonSuffixLength(text, spoken);
  const textPrefix = text.length - suffix;
  const spokenPrefix = spoken.length - suffix;
  return utterances.map((u) => {
    if (u.start >= textPrefix) return u.text;
    const from = spokenPosition(text, spoken, u.start, textPrefix, spokenPrefix);
    const to = spokenPosition(text, spoken, Math.min(u.end, textPrefix), textPrefix, spokenPrefix);
    return `${spoken.slice(from, to)}${u.end > textPrefix ? text.slice(textPrefix, u.end) : ''}`.trim();
  });
}

/** How a piece of text is read: numbers written out, then words (lexicon terms kept whole), then pinyin. */
export interface Reader {
  (spoken: string): { spoken: string; pinyin: string };
}

/**
 * A reader with the newsroom's segmenter and pronunciation lexicon as they are now. `script` is
 * the text's: the number words are written in it (一點八 in a Traditional article).
 */
export async function newsroomReader(db: Db, script: Script = 'zh-Hans'): Promise<Reader> {
  const [segmenter, lexicon] = await Promise.all([newsroomSegmenter(db), pronunciationLexicon(db)]);
  return (text) => {
    const numbers = speakNumbers(text);
    const spoken = script === 'zh-Hant' && numbers !== text ? toTraditional(numbers) : numbers;
    const words = segmentWithLexicon(toSimplified(spoken), lexicon, (piece) => segmenter.segment(piece));
    return { spoken, pinyin: tonePinyin(words, lexicon) };
  };
}

/** The script of blocks: for each block, its display utterances with their spoken form and pinyin. */
export function scriptOf(articleId: number, blocks: readonly ReadableBlock[], read: Reader): SpeechScript {
  const utterances: SpokenUtterance[] = [];
  let characters = 0;
  for (const block of blocks) {
    const pieces = splitUtterances(block.text);
    const spokenPieces = spokenUtterances(block, pieces);
    pieces.forEach((piece, i) => {
      const { spoken, pinyin } = read(spokenPieces[i] ?? piece.text);
      utterances.push({ text: piece.text, spoken, pinyin });
      characters += [...piece.text].length;
    });
  }
  const hash = createHash('sha256')
    .update(JSON.stringify({ version: SPEECH_SCRIPT_VERSION, pinyin: utterances.map((u) => u.pinyin) }))
    .digest('hex');
  return { articleId, utterances, hash, characters };
}

/**
 * The readable blocks as the page shows them in the article's own script's edition: every page
 * is converted to its edition as a document (with the article's converter), which also puts
 * names stored in the other script (the outlet, reporters) into the article's script.
 */
export async function editionReadableBlocks(db: Db, article: Article, outletShortName: string): Promise<ReadableBlock[]> {
  const converter = await articleConverter(db, article.id);
  const convert = article.sourceScript === 'zh-Hant' ? converter.toTraditional : converter.toSimplified;
  return readableBlocks(article, outletShortName, pieceConverter(convert));
}

/**
 * The speech script of a published article: its readable blocks in its own script's edition
 * (see {@link editionReadableBlocks} and readable-blocks.ts) cut
 * into utterances exactly as the page's player cuts them, each with its spoken form (numbers
 * written out, the dateline read naturally) and tone-numbered pinyin from the newsroom's
 * segmenter and pronunciation lexicon. Null when the article does not exist or is not published.
 * The hash changes only when some utterance's pinyin does (or SPEECH_SCRIPT_VERSION moves), so a
 * lexicon edit re-renders only the articles it touches.
 */
export async function articleSpeechScript(db: Db, articleId: number): Promise<SpeechScript | null> {
  let article;
  try {
    ({ article } = await previewPageData(db, articleId));
  } catch (error) {
    if (error instanceof NotFoundError) return null;
    throw error;
  }
  if (article.status !== 'published') return null;
  const [outlet, read] = await Promise.all([outletSettings(db), newsroomReader(db, article.sourceScript)]);
  return scriptOf(articleId, await editionReadableBlocks(db, article, outlet.shortName), read);
}

/** 试读: how a term or sentence would be read now, utterance by utterance (numbers, words, pinyin). */
export async function tryReading(db: Db, input: unknown): Promise<{ text: string; utterances: SpokenUtterance[] }> {
  const { text } = parseInput(TryReadingSchema, input, '试读文字有误');
  const read = await newsroomReader(db);
  const pieces = splitUtterances(text);
  return { text, utterances: pieces.map((piece) => ({ text: piece.text, ...read(piece.text) })) };
}
