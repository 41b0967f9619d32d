import type { Kysely } from 'kysely';
import { newsroomDictionary } from '../../../zh/fixtures/newsroom-dictionary.js';
import { segmentWords } from '../../../zh/fixtures/segment-words.js';
import { prepare } from '../../../zh/segment.js';
import type { DbDialect } from '../dialect.js';

/**
 * The newsroom dictionary in the database (src/dictionary/): conversion entries laid over
 * OpenCC, segmentation words for jieba, per-article conversion overrides, one state row whose
 * versions every change bumps (each process rebuilds its converter or segmenter when they
 * move), and the outlet's Taiwan-phrases option. Seeded from the starter lists in
 * src/zh/fixtures, so a fresh install converts and segments as the fixtures do.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;

  await db.schema
    .createTable('dictionary_entries')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    // s2t | t2s | both
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('phrases_only', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addUniqueConstraint('dictionary_entries_source_direction', ['source', 'direction'])
    .execute();

  await db.schema
    .createTable('dictionary_words')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    // As jieba meets it: Simplified, lower case (zh/segment.ts prepare()).
    .addColumn('word', 'text', (c) => c.notNull().unique())
    // nr | ns | nt | nz
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('freq', 'integer')
    .addColumn('note', 'text')
    .addColumn('updated_by', 'integer')
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('article_conversion_overrides')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    // Order as the editor listed them (later entries win for the same source).
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('target', 'text', (c) => c.notNull())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addUniqueConstraint('article_conversion_overrides_key', ['article_id', 'source', 'direction'])
    .execute();

  await db.schema
    .createTable('dictionary_state')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('entries_version', 'integer', (c) => c.notNull())
    .addColumn('words_version', 'integer', (c) => c.notNull())
    .addColumn('overrides_version', 'integer', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('outlet').addColumn('taiwan_phrases', 'integer', (c) => c.notNull().defaultTo(0)).execute();

  const now = new Date().toISOString();
  await db.insertInto('dictionary_state' as never).values({ id: 1, entries_version: 1, words_version: 1, overrides_version: 1 } as never).execute();

  // Later entries win for the same source and direction, as in the converter.
  const entries = new Map<string, object>();
  for (const e of newsroomDictionary) {
    entries.set(`${e.direction}:${e.source}`, {
      source: e.source,
      target: e.target,
      direction: e.direction,
      phrases_only: e.phrasesOnly ? 1 : 0,
      note: null,
      updated_by: null,
      updated_at: now,
    });
  }
  const words = new Map<string, object>();
  for (const w of segmentWords) {
    const word = prepare(w.word.trim());
    words.set(word, { word, tag: w.tag ?? 'nz', freq: w.freq ?? null, note: null, updated_by: null, updated_at: now });
  }
  const entryRows = [...entries.values()];
  for (let i = 0; i < entryRows.length; i += 50) {
    await db.insertInto('dictionary_entries' as never).values(entryRows.slice(i, i + 50) as never).execute();
  }
  const wordRows = [...words.values()];
  for (let i = 0; i < wordRows.length; i += 50) {
    await db.insertInto('dictionary_words' as never).values(wordRows.slice(i, i + 50) as never).execute();
  }
}
