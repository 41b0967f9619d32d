import { z } from 'zod';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { ConflictError, NotFoundError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { toSimplified } from '../zh/script.js';
import {
  deletePronunciationRow,
  insertPronunciation,
  selectLexiconVersion,
  selectPronunciation,
  selectPronunciationByTerm,
  selectPronunciations,
  updatePronunciation,
  type PronunciationEntry,
} from './lexicon.store.js';

export type { PronunciationEntry };

// ---- validation -------------------------------------------------------------------------

const HAN = /\p{Script=Han}|〇/gu;
/** Chinese characters and Latin letters (B站, 朴槿惠), with the interpunct of transliterated names. */
const TERM_TEXT = /^(?:\p{Script=Han}|〇|[A-Za-z·・])+$/u;
/** One tone-numbered syllable: letters (ü, or v/u: for it) and a tone from 1 to 5 (5 is the neutral tone). */
const SYLLABLE = /^(?:[a-zü]|u:)+[1-5]$/u;
const chars = (s: string) => [...s].length;
const hanCount = (s: string) => s.match(HAN)?.length ?? 0;

const Term = z
  .string({ error: '请填写词语' })
  .trim()
  .refine((s) => chars(s) >= 1, { error: '请填写词语' })
  .refine((s) => chars(s) <= 20, { error: '词语最多 20 个字' })
  .refine((s) => s === '' || TERM_TEXT.test(s), { error: '词语只能由汉字和字母组成，不能含空格、数字或标点' })
  .refine((s) => s === '' || !TERM_TEXT.test(s) || hanCount(s) > 0, { error: '词语至少要有一个汉字（字母按字母读，不需要注音）' });
const Pinyin = z
  .string({ error: '请填写拼音' })
  .transform((s) => s.trim().toLowerCase().replace(/\s+/gu, ' '))
  .refine((s) => s !== '', { error: '请填写拼音' })
  .refine((s) => s === '' || s.split(' ').every((syllable) => SYLLABLE.test(syllable)), {
    error: '拼音应为带声调数字的音节，用空格隔开，如 piao2 jin3 hui4（轻声写 5，ü 可写作 ü 或 v）',
  });
const Note = z
  .string({ error: '备注应为文字' })
  .trim()
  .max(200, { error: '备注最多 200 个字' })
  .nullable()
  .transform((s) => (s === '' ? null : s));

/** The syllable count must match the term's Chinese characters; checked after both are known. */
function checkSyllables(term: string, pinyin: string): string | null {
  const syllables = pinyin.split(' ').length;
  const han = hanCount(term);
  return syllables === han ? null : `「${term}」有 ${han} 个汉字，拼音却有 ${syllables} 个音节：每个汉字注一个音节`;
}

/** A new lexicon entry. */
export const NewPronunciationSchema = z
  .object({ term: Term, pinyin: Pinyin, note: Note.optional().default(null) })
  .superRefine((entry, ctx) => {
    const problem = checkSyllables(entry.term, entry.pinyin);
    if (problem) ctx.addIssue({ code: 'custom', path: ['pinyin'], message: problem });
  });

/** Changes to an entry: any of its fields (the syllables are checked against the resulting term). */
export const PronunciationChangesSchema = z
  .object({ term: Term.optional(), pinyin: Pinyin.optional(), note: Note.optional() })
  .refine((c) => Object.values(c).some((v) => v !== undefined), { error: '没有要修改的内容' });

/** A sentence to try: how it would be read, with the current lexicon. */
export const TryReadingSchema = z.object({
  text: z
    .string({ error: '请填写要试读的文字' })
    .trim()
    .min(1, { error: '请填写要试读的文字' })
    .max(500, { error: '试读文字最多 500 字' }),
});

/** Who changes the lexicon, for the audit log and `updated_by`. */
export interface LexiconEditor {
  actorId: number | null;
}

// ---- the lexicon as a map, cached per database handle ------------------------------------------

/** How often a process re-reads the table's fingerprint to notice another process's change. */
export const LEXICON_RECHECK_MS = 30_000;

interface LexiconCache {
  version: string | null;
  checkedAt: number;
  /** Moves on with every local change, so a check already under way cannot mark the cache fresh. */
  generation: number;
  checking: Promise<void> | null;
  map: Promise<ReadonlyMap<string, string>> | null;
}

const caches = new WeakMap<Db, LexiconCache>();

function cacheOf(db: Db): LexiconCache {
  let cache = caches.get(db);
  if (!cache) {
    cache = { version: null, checkedAt: -Infinity, generation: 0, checking: null, map: null };
    caches.set(db, cache);
  }
  return cache;
}

/** After a change committed in this process: the next use re-reads the fingerprint at once. */
function invalidate(db: Db): void {
  const cache = cacheOf(db);
  cache.generation++;
  cache.checkedAt = -Infinity;
}

/**
 * The pronunciation lexicon, term → pinyin (terms in Simplified). Read once per database handle
 * and shared; a change made here is seen at the next call, another process's within
 * {@link LEXICON_RECHECK_MS} (the table's fingerprint, one small aggregate query, is re-read that
 * often). `now` is epoch milliseconds, for tests.
 */
export async function pronunciationLexicon(db: Db, options: { now?: number } = {}): Promise<ReadonlyMap<string, string>> {
  const now = options.now ?? Date.now();
  const cache = cacheOf(db);
  if (!(cache.map && now - cache.checkedAt < LEXICON_RECHECK_MS)) {
    cache.checking ??= (async () => {
      const generation = cache.generation;
      const version = await selectLexiconVersion(db);
      if (version !== cache.version || !cache.map) {
        const loading = selectPronunciations(db).then((rows) => new Map(rows.map((r) => [r.term, r.pinyin])) as ReadonlyMap<string, string>);
        cache.map = loading;
        loading.catch(() => {
          if (cache.map === loading) cache.map = null;
        });
        cache.version = version;
      }
      if (generation === cache.generation) cache.checkedAt = now;
    })().finally(() => {
      cache.checking = null;
    });
    await cache.checking;
  }
  return cache.map ?? new Map();
}

// ---- reading and editing ------------------------------------------------------------------------

/** Every entry, by term. */
export async function listPronunciations(db: Queryable): Promise<PronunciationEntry[]> {
  return selectPronunciations(db);
}

async function assertTermFree(db: Queryable, term: string, exceptId: number | null): Promise<void> {
  const existing = await selectPronunciationByTerm(db, term);
  if (existing && existing.id !== exceptId) throw new ConflictError(`「${term}」已在读音词典里，请修改那一条。`, 'term_exists');
}

const fields = ({ term, pinyin, note }: PronunciationEntry) => ({ term, pinyin, note });

/**
 * Adds an entry (validated; the term, kept in Simplified, must be new); audited. Articles whose
 * speech script contains the term get a new script hash, so only they are rendered again.
 */
export async function addPronunciation(db: Db, input: unknown, by: LexiconEditor, options: { now?: Date } = {}): Promise<PronunciationEntry> {
  const data = parseInput(NewPronunciationSchema, input, '读音信息有误');
  const term = toSimplified(data.term);
  const now = (options.now ?? new Date()).toISOString();
  const saved = await db.transaction().execute(async (tx) => {
    await assertTermFree(tx, term, null);
    const entry: Omit<PronunciationEntry, 'id'> = { term, pinyin: data.pinyin, note: data.note, createdAt: now, updatedAt: now, updatedBy: by.actorId };
    const id = await insertPronunciation(tx, entry);
    await recordAudit(tx, { actorId: by.actorId, action: 'pronunciation.create', subjectType: 'pronunciation', subjectId: id, details: { term, pinyin: data.pinyin, note: data.note } }, options);
    return { id, ...entry };
  });
  invalidate(db);
  return saved;
}

/** Changes an entry's term, pinyin or note; audited with before and after. */
export async function changePronunciation(db: Db, id: number, input: unknown, by: LexiconEditor, options: { now?: Date } = {}): Promise<PronunciationEntry> {
  const changes = parseInput(PronunciationChangesSchema, input, '读音修改有误');
  const saved = await db.transaction().execute(async (tx) => {
    const before = await selectPronunciation(tx, id);
    if (!before) throw new NotFoundError('读音词典里没有这一条。');
    const after: PronunciationEntry = {
      ...before,
      term: changes.term === undefined ? before.term : toSimplified(changes.term),
      pinyin: changes.pinyin ?? before.pinyin,
      note: changes.note === undefined ? before.note : changes.note,
      updatedAt: (options.now ?? new Date()).toISOString(),
      updatedBy: by.actorId,
    };
    // The syllables must still fit the term after the change (a new term with the old pinyin, say).
    parseInput(NewPronunciationSchema, fields(after), '读音修改有误');
    await assertTermFree(tx, after.term, id);
    await updatePronunciation(tx, after);
    await recordAudit(
      tx,
      { actorId: by.actorId, action: 'pronunciation.change', subjectType: 'pronunciation', subjectId: id, details: { before: fields(before), after: fields(after) } },
      options,
    );
    return after;
  });
  invalidate(db);
  return saved;
}

/** Deletes an entry; audited with what it was. */
export async function deletePronunciation(db: Db, id: number, by: LexiconEditor, options: { now?: Date } = {}): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const before = await selectPronunciation(tx, id);
    if (!before || !(await deletePronunciationRow(tx, id))) throw new NotFoundError('读音词典里没有这一条。');
    await recordAudit(tx, { actorId: by.actorId, action: 'pronunciation.delete', subjectType: 'pronunciation', subjectId: id, details: fields(before) }, options);
  });
  invalidate(db);
}
