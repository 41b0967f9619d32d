import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * The newsroom pronunciation lexicon for speech (src/listen/lexicon.*): a term (a name, a place,
 * a polyphone in context) and the tone-numbered pinyin espeak-ng's pinyin voice reads for it,
 * one syllable per Chinese character. Terms are stored in Simplified, as the speech script meets
 * them. Starts empty: the polyphones pinyin-pro reads right need no entry.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;
  await db.schema
    .createTable('pronunciations')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('term', 'text', (c) => c.notNull().unique())
    // Space-separated syllables with tones 1–5: "piao2 jin3 hui4".
    .addColumn('pinyin', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .execute();
}
