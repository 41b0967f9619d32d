import { createHash } from 'node:crypto';
import { z } from 'zod';
import { loadEditableArticle } from '../articles/article-editing.service.js';
import { changeOutlet, outletSettings } from '../articles/outlet.service.js';
import { announceArticleChange } from '../articles/publish-events.js';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import { worksOnDesk, type Actor } from '../newsroom/staff/actor.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { ConflictError, ForbiddenError, NotFoundError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { createConverter, type DictionaryEntry, type ScriptConverter } from '../zh/convert.js';
import { createSegmenter, prepare, type Segmenter } from '../zh/segment.js';
import {
  bumpVersion,
  deleteEntryRow,
  deleteWordRow,
  insertEntry,
  insertWord,
  replaceOverrideRows,
  selectEntries,
  selectEntry,
  selectEntryByKey,
  selectOverrides,
  selectVersions,
  selectWord,
  selectWordByText,
  selectWords,
  updateEntry,
  updateWord,
} from './dictionary.store.js';
import { DIRECTIONS, WORD_TAGS, type ConversionEntry, type ConversionOverride, type DictionaryVersions, type SegmentationWord } from './model.js';

// ---- validation -------------------------------------------------------------------------

const chars = (s: string) => [...s].length;
/** Han characters, with the interpunct of transliterated names (唐纳德·特朗普). */
const HAN_TEXT = /^[\p{Script=Han}·・〇]+$/u;
/** Control, format (zero-width, bidi) and separator characters other than the plain space. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;
const WORD_TEXT = /^[\p{L}\p{N}·・-]+$/u;

const Source = z
  .string({ error: '请填写原文' })
  .trim()
  .refine((s) => chars(s) >= 1, { error: '请填写原文' })
  .refine((s) => chars(s) <= 40, { error: '原文最多 40 个字' })
  .refine((s) => s === '' || HAN_TEXT.test(s), { error: '原文只能由汉字组成（可含间隔号「·」）' });
const Target = z
  .string({ error: '请填写转换结果' })
  .trim()
  .refine((s) => chars(s) >= 1, { error: '请填写转换结果' })
  .refine((s) => chars(s) <= 40, { error: '转换结果最多 40 个字' })
  .refine((s) => !INVISIBLE.test(s), { error: '转换结果不能含控制字符或不可见字符' });
const Direction = z.enum(DIRECTIONS, { error: '方向应为 s2t（简→繁）、t2s（繁→简）或 both（双向）' });
const PhrasesOnly = z.boolean({ error: '「仅台湾用语」应为是或否' });
const Note = z
  .string({ error: '备注应为文字' })
  .trim()
  .max(200, { error: '备注最多 200 个字' })
  .nullable()
  .transform((s) => (s === '' ? null : s));

/**
 * A new conversion entry. An entry whose target equals its source is allowed on purpose: it
 * keeps the text away from OpenCC (余先生 stays 余先生 instead of 餘先生), which is what the
 * starter list's surname and 公布 entries do.
 */
export const NewEntrySchema = z.object({
  source: Source,
  target: Target,
  direction: Direction,
  phrasesOnly: PhrasesOnly.optional().default(false),
  note: Note.optional().default(null),
});

/** Changes to an entry: any of its fields. */
export const EntryChangesSchema = z
  .object({ source: Source.optional(), target: Target.optional(), direction: Direction.optional(), phrasesOnly: PhrasesOnly.optional(), note: Note.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { error: '没有要修改的内容' });

const Word = z
  .string({ error: '请填写词语' })
  .trim()
  .refine((s) => chars(s) >= 2 && chars(s) <= 20, { error: '词语应为 2 到 20 个字' })
  .refine((s) => s === '' || WORD_TEXT.test(s), { error: '词语只能由文字和数字组成，不能含空格或标点' });
const Tag = z.enum(WORD_TAGS, { error: '词性应为 nr（人名）、ns（地名）、nt（机构名）或 nz（其他专名）' });
const Freq = z
  .number({ error: '词频应为 1 到 1000000 之间的整数' })
  .int({ error: '词频应为 1 到 1000000 之间的整数' })
  .min(1, { error: '词频应为 1 到 1000000 之间的整数' })
  .max(1_000_000, { error: '词频应为 1 到 1000000 之间的整数' })
  .nullable();

/** A new segmentation word (a name or place jieba must keep whole). */
export const NewWordSchema = z.object({ word: Word, tag: Tag.optional().default('nz'), freq: Freq.optional().default(null), note: Note.optional().default(null) });

/** Changes to a word: any of its fields. */
export const WordChangesSchema = z
  .object({ word: Word.optional(), tag: Tag.optional(), freq: Freq.optional(), note: Note.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { error: '没有要修改的内容' });

/** At most this many overrides per article. */
export const MAX_OVERRIDES = 50;

/** An article's whole override list (PUT replaces it). */
export const OverridesSchema = z.object({
  overrides: z
    .array(z.object({ source: Source, target: Target, direction: Direction }), { error: '转换例外应为列表' })
    .max(MAX_OVERRIDES, { error: `每篇稿件最多 ${MAX_OVERRIDES} 条转换例外` })
    .superRefine((list, ctx) => {
      const seen = new Set<string>();
      for (const [index, o] of list.entries()) {
        const key = `${o.direction}:${o.source}`;
        if (seen.has(key)) ctx.addIssue({ code: 'custom', path: [index, 'source'], message: `「${o.source}」（${o.direction}）重复了` });
        seen.add(key);
      }
    }),
});

/** The Taiwan-phrases option. */
export const SettingsSchema = z.object({ taiwanPhrases: z.boolean({ error: '「台湾用语」应为 true 或 false' }) });

/** A sentence to convert with the current dictionary. */
export const PreviewSchema = z.object({
  text: z.string({ error: '请填写要转换的文字' }).min(1, { error: '请填写要转换的文字' }).max(2_000, { error: '文字最多 2000 字' }),
});

/** Who changes the dictionary, for the audit log and `updated_by`. */
export interface DictionaryEditor {
  actorId: number | null;
}

// ---- converters and the segmenter, cached per database handle -----------------------------

/** How often a process re-reads the dictionary's versions to notice another process's change. */
export const RECHECK_MS = 30_000;
/** Per-article converters kept per process (the least recently used go first). */
const MAX_ARTICLE_CONVERTERS = 2_000;

/** A converter built from the newsroom dictionary; `fingerprint` changes whenever its output may. */
export interface NewsroomConverter extends ScriptConverter {
  /** 16 hex digits over the Taiwan-phrases setting, the entries and (per article) the overrides. */
  readonly fingerprint: string;
  readonly phrases: boolean;
}

/** A segmenter with the newsroom's words; `fingerprint` changes whenever the words do. */
export interface NewsroomSegmenter extends Segmenter {
  readonly fingerprint: string;
}

/** Cache options: `now` in epoch milliseconds (tests move it past {@link RECHECK_MS}). */
export interface CacheOptions {
  now?: number;
}

interface Built {
  converter: NewsroomConverter;
  dictionary: DictionaryEntry[];
}

interface CacheState extends DictionaryVersions {
  phrases: boolean;
}

interface DbCache {
  state: CacheState | null;
  checkedAt: number;
  /** Moves on with every local change, so a version check already under way cannot mark the cache fresh. */
  generation: number;
  checking: Promise<void> | null;
  converter: Promise<Built> | null;
  segmenter: Promise<NewsroomSegmenter> | null;
  articles: Map<number, Promise<NewsroomConverter>>;
}

const caches = new WeakMap<Db, DbCache>();

function cacheOf(db: Db): DbCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { state: null, checkedAt: -Infinity, generation: 0, checking: null, converter: null, segmenter: null, articles: new Map() };
    caches.set(db, cache);
  }
  return cache;
}

/** After a change committed in this process: the next use re-reads the versions at once. */
function invalidate(db: Db): void {
  const cache = cacheOf(db);
  cache.generation++;
  cache.checkedAt = -Infinity;
}

async function readState(db: Db): Promise<CacheState> {
  const [versions, outlet] = await Promise.all([selectVersions(db), outletSettings(db)]);
  return { ...versions, phrases: outlet.taiwanPhrases };
}

/**
 * The cache, with what changed since its last check dropped. The versions (one small row and
 * the outlet row) are read at most every {@link RECHECK_MS}, or at once after a local change.
 */
async function freshCache(db: Db, now: number): Promise<DbCache> {
  const cache = cacheOf(db);
  if (cache.state && now - cache.checkedAt < RECHECK_MS) return cache;
  cache.checking ??= (async () => {
    const generation = cache.generation;
    const state = await readState(db);
    const before = cache.state;
    if (!before || before.entries !== state.entries || before.phrases !== state.phrases) {
      cache.converter = null;
      cache.articles.clear();
    }
    if (!before || before.words !== state.words) cache.segmenter = null;
    if (!before || before.overrides !== state.overrides) cache.articles.clear();
    cache.state = state;
    if (generation === cache.generation) cache.checkedAt = now;
  })().finally(() => {
    cache.checking = null;
  });
  await cache.checking;
  return cache;
}

function fingerprintOf(value: unknown): string {
  return createHash('sha256').update(JSON.stringify(value)).digest('hex').slice(0, 16);
}

function toDictionaryEntry(e: ConversionEntry | ConversionOverride): DictionaryEntry {
  return { source: e.source, target: e.target, direction: e.direction, ...('phrasesOnly' in e && e.phrasesOnly && { phrasesOnly: true }) };
}

function withFingerprint(converter: ScriptConverter, fingerprint: string, phrases: boolean): NewsroomConverter {
  return { ...converter, fingerprint, phrases };
}

/** Caches a promise, forgetting it if it fails so that the next call tries again. */
function remember<T>(promise: Promise<T>, forget: () => void): Promise<T> {
  promise.catch(forget);
  return promise;
}

async function builtConverter(db: Db, cache: DbCache): Promise<Built> {
  if (!cache.converter) {
    const phrases = cache.state?.phrases ?? false;
    const building: Promise<Built> = (async () => {
      const dictionary = (await selectEntries(db)).map(toDictionaryEntry);
      const converter = createConverter({ phrases, dictionary });
      return { converter: withFingerprint(converter, fingerprintOf([phrases, dictionary]), phrases), dictionary };
    })();
    cache.converter = remember(building, () => {
      if (cache.converter === building) cache.converter = null;
    });
  }
  return cache.converter;
}

/**
 * The newsroom converter: OpenCC (Taiwan characters, or Taiwan phrases when the outlet says
 * so) under the dictionary entries in the database. Built once per database handle and
 * shared; rebuilt at the next call after a change made through this module in this process,
 * and within {@link RECHECK_MS} of a change made by another process (or by `xinwen outlet set`).
 */
export async function newsroomConverter(db: Db, options: CacheOptions = {}): Promise<NewsroomConverter> {
  const cache = await freshCache(db, options.now ?? Date.now());
  return (await builtConverter(db, cache)).converter;
}

/**
 * The converter for one article: the newsroom converter with the article's overrides matched
 * first. An article without overrides gets the newsroom converter itself (same fingerprint).
 * Cached per article; a change to any article's overrides is noticed like a dictionary change.
 */
export async function articleConverter(db: Db, articleId: number, options: CacheOptions = {}): Promise<NewsroomConverter> {
  const cache = await freshCache(db, options.now ?? Date.now());
  const cached = cache.articles.get(articleId);
  if (cached) {
    // Least recently used goes first: move it to the end.
    cache.articles.delete(articleId);
    cache.articles.set(articleId, cached);
    return cached;
  }
  const building: Promise<NewsroomConverter> = (async () => {
    const [overrides, base] = await Promise.all([selectOverrides(db, articleId), builtConverter(db, cache)]);
    if (overrides.length === 0) return base.converter;
    const { phrases } = base.converter;
    const converter = createConverter({ phrases, dictionary: base.dictionary, overrides: overrides.map(toDictionaryEntry) });
    return withFingerprint(converter, fingerprintOf([base.converter.fingerprint, overrides]), phrases);
  })();
  cache.articles.set(
    articleId,
    remember(building, () => {
      if (cache.articles.get(articleId) === building) cache.articles.delete(articleId);
    }),
  );
  if (cache.articles.size > MAX_ARTICLE_CONVERTERS) {
    const oldest = cache.articles.keys().next();
    if (!oldest.done) cache.articles.delete(oldest.value);
  }
  return building;
}

/**
 * jieba with the newsroom's words from the database (the shared search analysis, see
 * zh/segment.ts). Loading jieba takes a fraction of a second, so it is built once per
 * database handle and rebuilt only when the words change (noticed like converter changes).
 */
export async function newsroomSegmenter(db: Db, options: CacheOptions = {}): Promise<NewsroomSegmenter> {
  const cache = await freshCache(db, options.now ?? Date.now());
  if (!cache.segmenter) {
    const building: Promise<NewsroomSegmenter> = (async () => {
      const words = (await selectWords(db)).map((w) => ({ word: w.word, tag: w.tag, ...(w.freq !== null && { freq: w.freq }) }));
      const segmenter = createSegmenter({ words });
      return { ...segmenter, fingerprint: fingerprintOf(words) };
    })();
    cache.segmenter = remember(building, () => {
      if (cache.segmenter === building) cache.segmenter = null;
    });
  }
  return cache.segmenter;
}

/**
 * The dictionary's version as this process sees it (`e3.w1.o7.p0`): it changes whenever the
 * entries, the words, any article's overrides or the Taiwan-phrases setting change. For a cache
 * of converted text, the converter's own `fingerprint` is the finer key.
 */
export async function dictionaryVersion(db: Db, options: CacheOptions = {}): Promise<string> {
  const { state } = await freshCache(db, options.now ?? Date.now());
  return versionString(state ?? (await readState(db)));
}

function versionString(state: CacheState): string {
  return `e${state.entries}.w${state.words}.o${state.overrides}.p${state.phrases ? 1 : 0}`;
}

// ---- reading and editing the dictionary ------------------------------------------------------

/** Everything the admin shows: entries, words and the Taiwan-phrases setting. */
export async function listDictionary(db: Db): Promise<{ entries: ConversionEntry[]; words: SegmentationWord[]; taiwanPhrases: boolean; version: string }> {
  const [entries, words, state] = await Promise.all([selectEntries(db), selectWords(db), readState(db)]);
  return { entries, words, taiwanPhrases: state.phrases, version: versionString(state) };
}

async function assertEntryKeyFree(db: Queryable, source: string, direction: ConversionEntry['direction'], exceptId: number | null): Promise<void> {
  const existing = await selectEntryByKey(db, source, direction);
  if (existing && existing.id !== exceptId) {
    throw new ConflictError(`「${source}」（${direction}）已在词典里，请修改那一条。`, 'entry_exists');
  }
}

const entryFields = ({ source, target, direction, phrasesOnly, note }: ConversionEntry) => ({ source, target, direction, phrasesOnly, note });

/** Adds a conversion entry (validated; its source and direction must be new); audited. */
export async function addConversionEntry(db: Db, input: unknown, by: DictionaryEditor, options: { now?: Date } = {}): Promise<ConversionEntry> {
  const data = parseInput(NewEntrySchema, input, '词条信息有误');
  const now = (options.now ?? new Date()).toISOString();
  const entry = await db.transaction().execute(async (tx) => {
    await assertEntryKeyFree(tx, data.source, data.direction, null);
    const fields: Omit<ConversionEntry, 'id'> = { ...data, updatedBy: by.actorId, updatedAt: now };
    const id = await insertEntry(tx, fields);
    await bumpVersion(tx, 'entries');
    await recordAudit(tx, { actorId: by.actorId, action: 'dictionary_entry.create', subjectType: 'dictionary_entry', subjectId: id, details: { ...data } }, options);
    return { id, ...fields };
  });
  invalidate(db);
  return entry;
}

/** Changes any field of an entry; audited with before and after. */
export async function changeConversionEntry(db: Db, id: number, input: unknown, by: DictionaryEditor, options: { now?: Date } = {}): Promise<ConversionEntry> {
  const changes = parseInput(EntryChangesSchema, input, '词条修改有误');
  const entry = await db.transaction().execute(async (tx) => {
    const before = await selectEntry(tx, id);
    if (!before) throw new NotFoundError('词典里没有这一条。');
    const after: ConversionEntry = {
      ...before,
      source: changes.source ?? before.source,
      target: changes.target ?? before.target,
      direction: changes.direction ?? before.direction,
      phrasesOnly: changes.phrasesOnly ?? before.phrasesOnly,
      note: changes.note === undefined ? before.note : changes.note,
      updatedBy: by.actorId,
      updatedAt: (options.now ?? new Date()).toISOString(),
    };
    await assertEntryKeyFree(tx, after.source, after.direction, id);
    await updateEntry(tx, after);
    await bumpVersion(tx, 'entries');
    await recordAudit(
      tx,
      { actorId: by.actorId, action: 'dictionary_entry.change', subjectType: 'dictionary_entry', subjectId: id, details: { before: entryFields(before), after: entryFields(after) } },
      options,
    );
    return after;
  });
  invalidate(db);
  return entry;
}

/** Deletes an entry; audited with what it was. */
export async function deleteConversionEntry(db: Db, id: number, by: DictionaryEditor, options: { now?: Date } = {}): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await selectEntry(tx, id);
    if (!before || !(await deleteEntryRow(tx, id))) throw new NotFoundError('词典里没有这一条。');
    await bumpVersion(tx, 'entries');
    await recordAudit(tx, { actorId: by.actorId, action: 'dictionary_entry.delete', subjectType: 'dictionary_entry', subjectId: id, details: entryFields(before) }, options);
  });
  invalidate(db);
}

async function assertWordFree(db: Queryable, word: string, exceptId: number | null): Promise<void> {
  const existing = await selectWordByText(db, word);
  if (existing && existing.id !== exceptId) throw new ConflictError(`「${word}」已在分词词典里。`, 'word_exists');
}

const wordFields = ({ word, tag, freq, note }: SegmentationWord) => ({ word, tag, freq, note });

/**
 * Adds a segmentation word, stored as jieba meets it (Simplified, lower case: 澤連斯基 is kept
 * as 泽连斯基), so one word in either script is one row; audited.
 */
export async function addSegmentationWord(db: Db, input: unknown, by: DictionaryEditor, options: { now?: Date } = {}): Promise<SegmentationWord> {
  const data = parseInput(NewWordSchema, input, '词语信息有误');
  const word = prepare(data.word);
  const now = (options.now ?? new Date()).toISOString();
  const saved = await db.transaction().execute(async (tx) => {
    await assertWordFree(tx, word, null);
    const fields: Omit<SegmentationWord, 'id'> = { ...data, word, updatedBy: by.actorId, updatedAt: now };
    const id = await insertWord(tx, fields);
    await bumpVersion(tx, 'words');
    await recordAudit(tx, { actorId: by.actorId, action: 'dictionary_word.create', subjectType: 'dictionary_word', subjectId: id, details: wordFields({ id, ...fields }) }, options);
    return { id, ...fields };
  });
  invalidate(db);
  return saved;
}

/** Changes a word's text, tag, frequency or note; audited with before and after. */
export async function changeSegmentationWord(db: Db, id: number, input: unknown, by: DictionaryEditor, options: { now?: Date } = {}): Promise<SegmentationWord> {
  const changes = parseInput(WordChangesSchema, input, '词语修改有误');
  const saved = await db.transaction().execute(async (tx) => {
    const before = await selectWord(tx, id);
    if (!before) throw new NotFoundError('分词词典里没有这个词。');
    const after: SegmentationWord = {
      ...before,
      word: changes.word === undefined ? before.word : prepare(changes.word),
      tag: changes.tag ?? before.tag,
      freq: changes.freq === undefined ? before.freq : changes.freq,
      note: changes.note === undefined ? before.note : changes.note,
      updatedBy: by.actorId,
      updatedAt: (options.now ?? new Date()).toISOString(),
    };
    await assertWordFree(tx, after.word, id);
    await updateWord(tx, after);
    await bumpVersion(tx, 'words');
    await recordAudit(
      tx,
      { actorId: by.actorId, action: 'dictionary_word.change', subjectType: 'dictionary_word', subjectId: id, details: { before: wordFields(before), after: wordFields(after) } },
      options,
    );
    return after;
  });
  invalidate(db);
  return saved;
}

/** Deletes a word; audited with what it was. */
export async function deleteSegmentationWord(db: Db, id: number, by: DictionaryEditor, options: { now?: Date } = {}): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await selectWord(tx, id);
    if (!before || !(await deleteWordRow(tx, id))) throw new NotFoundError('分词词典里没有这个词。');
    await bumpVersion(tx, 'words');
    await recordAudit(tx, { actorId: by.actorId, action: 'dictionary_word.delete', subjectType: 'dictionary_word', subjectId: id, details: wordFields(before) }, options);
  });
  invalidate(db);
}

/** Turns the Taiwan-phrases option on or off (an outlet setting); audited; applies at once here. */
export async function setTaiwanPhrases(db: Db, input: unknown, by: DictionaryEditor, options: { now?: Date } = {}): Promise<{ taiwanPhrases: boolean }> {
  const { taiwanPhrases } = parseInput(SettingsSchema, input, '设置有误');
  await db.transaction().execute(async (tx) => {
    const before = (await outletSettings(tx)).taiwanPhrases;
    await changeOutlet(tx, { taiwanPhrases });
    await recordAudit(tx, { actorId: by.actorId, action: 'outlet.taiwan_phrases', subjectType: 'outlet', subjectId: null, details: { before, after: taiwanPhrases } }, options);
  });
  invalidate(db);
  return { taiwanPhrases };
}

/** The text in both scripts with the current dictionary (and the article's overrides, if given). */
export async function previewConversion(db: Db, input: unknown, articleId?: number): Promise<{ text: string; traditional: string; simplified: string; fingerprint: string }> {
  const { text } = parseInput(PreviewSchema, input, '要转换的文字有误');
  const converter = articleId === undefined ? await newsroomConverter(db) : await articleConverter(db, articleId);
  return { text, traditional: converter.toTraditional(text), simplified: converter.toSimplified(text), fingerprint: converter.fingerprint };
}

// ---- per-article overrides ------------------------------------------------------------------

/** The article's title and status (404 when there is none), for the overrides page and checks. */
export async function overrideSubject(db: Queryable, articleId: number): Promise<{ id: number; title: string; summary: string | null; status: string; sectionId: number }> {
  const article = await loadEditableArticle(db, articleId);
  if (!article) throw new NotFoundError('没有这篇稿件。');
  return { id: article.id, title: article.content.title, summary: article.content.summary, status: article.status, sectionId: article.sectionId };
}

/** The article's overrides in the order the editor listed them (404 for an unknown article). */
export async function articleOverrides(db: Db, articleId: number): Promise<ConversionOverride[]> {
  await overrideSubject(db, articleId);
  return selectOverrides(db, articleId);
}

/**
 * Replaces the article's whole override list (at most {@link MAX_OVERRIDES}). Editors of the
 * article's desk and admins only (the route asks for `articles:publish` first); audited with
 * before and after. When the article is public, `article.changed` is announced after the commit
 * so derived data (converted pages, the index) refresh.
 */
export async function replaceArticleOverrides(db: Db, actor: Actor, articleId: number, input: unknown, options: { now?: Date } = {}): Promise<ConversionOverride[]> {
  const { overrides } = parseInput(OverridesSchema, input, '转换例外有误');
  const { isPublic } = await db.transaction().execute(async (tx) => {
    const article = await overrideSubject(tx, articleId);
    if (!worksOnDesk(actor, article.sectionId)) throw new ForbiddenError('这篇稿件不在您负责的栏目。', 'forbidden');
    const before = await selectOverrides(tx, articleId);
    await replaceOverrideRows(tx, articleId, overrides);
    await bumpVersion(tx, 'overrides');
    await recordAudit(tx, { actorId: actor.id, action: 'article.conversion_overrides', subjectType: 'article', subjectId: articleId, details: { before, after: overrides } }, options);
    return { isPublic: article.status === 'published' };
  });
  const cache = cacheOf(db);
  cache.articles.delete(articleId);
  invalidate(db);
  announceArticleChange(db, articleId, isPublic, isPublic);
  return overrides;
}
