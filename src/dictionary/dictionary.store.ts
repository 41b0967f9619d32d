import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { DictionaryEntryTable, DictionaryWordTable } from '../platform/db/schema.js';
import type { ConversionDirection, ConversionEntry, ConversionOverride, DictionaryVersions, SegmentationWord, WordTag } from './model.js';

function toEntry(row: Selectable<DictionaryEntryTable>): ConversionEntry {
  return {
    id: row.id,
    source: row.source,
    target: row.target,
    direction: row.direction as ConversionDirection,
    phrasesOnly: row.phrases_only === 1,
    note: row.note,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

function toWord(row: Selectable<DictionaryWordTable>): SegmentationWord {
  return {
    id: row.id,
    word: row.word,
    tag: row.tag as WordTag,
    freq: row.freq === null ? null : Number(row.freq),
    note: row.note,
    updatedBy: row.updated_by,
    updatedAt: row.updated_at,
  };
}

// ---- conversion entries --------------------------------------------------------------

/** Every entry in the order it was added (later entries win for the same source). */
export async function selectEntries(db: Queryable): Promise<ConversionEntry[]> {
  return (await db.selectFrom('dictionary_entries').selectAll().orderBy('id').execute()).map(toEntry);
}

export async function selectEntry(db: Queryable, id: number): Promise<ConversionEntry | null> {
  const row = await db.selectFrom('dictionary_entries').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEntry(row) : null;
}

export async function selectEntryByKey(db: Queryable, source: string, direction: ConversionDirection): Promise<ConversionEntry | null> {
  const row = await db.selectFrom('dictionary_entries').selectAll().where('source', '=', source).where('direction', '=', direction).executeTakeFirst();
  return row ? toEntry(row) : null;
}

export async function insertEntry(db: Queryable, entry: Omit<ConversionEntry, 'id'>): Promise<number> {
  const { id } = await db
    .insertInto('dictionary_entries')
    .values({
      source: entry.source,
      target: entry.target,
      direction: entry.direction,
      phrases_only: entry.phrasesOnly ? 1 : 0,
      note: entry.note,
      updated_by: entry.updatedBy,
      updated_at: entry.updatedAt,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateEntry(db: Queryable, entry: ConversionEntry): Promise<void> {
  await db
    .updateTable('dictionary_entries')
    .set({
      source: entry.source,
      target: entry.target,
      direction: entry.direction,
      phrases_only: entry.phrasesOnly ? 1 : 0,
      note: entry.note,
      updated_by: entry.updatedBy,
      updated_at: entry.updatedAt,
    })
    .where('id', '=', entry.id)
    .execute();
}

export async function deleteEntryRow(db: Queryable, id: number): Promise<boolean> {
  const result = await db.deleteFrom('dictionary_entries').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---- segmentation words ----------------------------------------------------------------

/** Every word, in the order it was added. */
export async function selectWords(db: Queryable): Promise<SegmentationWord[]> {
  return (await db.selectFrom('dictionary_words').selectAll().orderBy('id').execute()).map(toWord);
}

export async function selectWord(db: Queryable, id: number): Promise<SegmentationWord | null> {
  const row = await db.selectFrom('dictionary_words').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toWord(row) : null;
}

export async function selectWordByText(db: Queryable, word: string): Promise<SegmentationWord | null> {
  const row = await db.selectFrom('dictionary_words').selectAll().where('word', '=', word).executeTakeFirst();
  return row ? toWord(row) : null;
}

export async function insertWord(db: Queryable, word: Omit<SegmentationWord, 'id'>): Promise<number> {
  const { id } = await db
    .insertInto('dictionary_words')
    .values({ word: word.word, tag: word.tag, freq: word.freq, note: word.note, updated_by: word.updatedBy, updated_at: word.updatedAt })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updateWord(db: Queryable, word: SegmentationWord): Promise<void> {
  await db
    .updateTable('dictionary_words')
    .set({ word: word.word, tag: word.tag, freq: word.freq, note: word.note, updated_by: word.updatedBy, updated_at: word.updatedAt })
    .where('id', '=', word.id)
    .execute();
}

export async function deleteWordRow(db: Queryable, id: number): Promise<boolean> {
  const result = await db.deleteFrom('dictionary_words').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

// ---- per-article overrides -------------------------------------------------------------

/** The article's overrides in the order the editor listed them. */
export async function selectOverrides(db: Queryable, articleId: number): Promise<ConversionOverride[]> {
  const rows = await db
    .selectFrom('article_conversion_overrides')
    .select(['source', 'target', 'direction'])
    .where('article_id', '=', articleId)
    .orderBy('position')
    .execute();
  return rows.map((r) => ({ source: r.source, target: r.target, direction: r.direction as ConversionDirection }));
}

/** Replaces the article's whole list. */
export async function replaceOverrideRows(db: Queryable, articleId: number, overrides: readonly ConversionOverride[]): Promise<void> {
  await db.deleteFrom('article_conversion_overrides').where('article_id', '=', articleId).execute();
  if (overrides.length === 0) return;
  await db
    .insertInto('article_conversion_overrides')
    .values(overrides.map((o, position) => ({ article_id: articleId, position, source: o.source, target: o.target, direction: o.direction })))
    .execute();
}

// ---- versions ------------------------------------------------------------------------------

export async function selectVersions(db: Queryable): Promise<DictionaryVersions> {
  const row = await db
    .selectFrom('dictionary_state')
    .select(['entries_version', 'words_version', 'overrides_version'])
    .where('id', '=', 1)
    .executeTakeFirstOrThrow();
  return { entries: Number(row.entries_version), words: Number(row.words_version), overrides: Number(row.overrides_version) };
}

/** Moves one kind's version on; call it inside the change's transaction. */
export async function bumpVersion(db: Queryable, kind: keyof DictionaryVersions): Promise<void> {
  const update = db.updateTable('dictionary_state').where('id', '=', 1);
  if (kind === 'entries') await update.set((eb) => ({ entries_version: eb('entries_version', '+', 1) })).execute();
  else if (kind === 'words') await update.set((eb) => ({ words_version: eb('words_version', '+', 1) })).execute();
  else await update.set((eb) => ({ overrides_version: eb('overrides_version', '+', 1) })).execute();
}
