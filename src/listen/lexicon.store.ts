import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { PronunciationTable } from '../platform/db/schema.js';

/** A pronunciation-lexicon entry as stored. */
export interface PronunciationEntry {
  id: number;
  /** Simplified, as the speech script meets it. */
  term: string;
  /** Space-separated tone-numbered syllables, one per Chinese character of the term. */
  pinyin: string;
  note: string | null;
  createdAt: string;
  updatedAt: string;
  /** Who last changed it; null for the command line or a deleted account. */
  updatedBy: number | null;
}

function toEntry(row: Selectable<PronunciationTable>): PronunciationEntry {
  return {
    id: row.id,
    term: row.term,
    pinyin: row.pinyin,
    note: row.note,
    createdAt: String(row.created_at),
    updatedAt: String(row.updated_at),
    updatedBy: row.updated_by,
  };
}

/** Every entry, by term. */
export async function selectPronunciations(db: Queryable): Promise<PronunciationEntry[]> {
  return (await db.selectFrom('pronunciations').selectAll().orderBy('term').execute()).map(toEntry);
}

export async function selectPronunciation(db: Queryable, id: number): Promise<PronunciationEntry | null> {
  const row = await db.selectFrom('pronunciations').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toEntry(row) : null;
}

export async function selectPronunciationByTerm(db: Queryable, term: string): Promise<PronunciationEntry | null> {
  const row = await db.selectFrom('pronunciations').selectAll().where('term', '=', term).executeTakeFirst();
  return row ? toEntry(row) : null;
}

export async function insertPronunciation(db: Queryable, entry: Omit<PronunciationEntry, 'id'>): Promise<number> {
  const { id } = await db
    .insertInto('pronunciations')
    .values({
      term: entry.term,
      pinyin: entry.pinyin,
      note: entry.note,
      created_at: entry.createdAt,
      updated_at: entry.updatedAt,
      updated_by: entry.updatedBy,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
}

export async function updatePronunciation(db: Queryable, entry: PronunciationEntry): Promise<void> {
  await db
    .updateTable('pronunciations')
    .set({ term: entry.term, pinyin: entry.pinyin, note: entry.note, updated_at: entry.updatedAt, updated_by: entry.updatedBy })
    .where('id', '=', entry.id)
    .execute();
}

export async function deletePronunciationRow(db: Queryable, id: number): Promise<boolean> {
  const result = await db.deleteFrom('pronunciations').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/**
 * A cheap fingerprint of the whole table (count, newest id, latest change): any add, edit or
 * delete moves at least one of them, so a process can tell whether its copy is stale.
 */
export async function selectLexiconVersion(db: Queryable): Promise<string> {
  const row = await db
    .selectFrom('pronunciations')
    .select((eb) => [eb.fn.countAll().as('n'), eb.fn.max('id').as('top'), eb.fn.max('updated_at').as('latest')])
    .executeTakeFirst();
  return `${Number(row?.n ?? 0)}.${Number(row?.top ?? 0)}.${String(row?.latest ?? '')}`;
}
