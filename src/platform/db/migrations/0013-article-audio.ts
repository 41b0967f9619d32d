import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * 收听: one row per published article's rendered audio (src/listen/). `content_hash` is the
 * speech script's hash the audio was (or is to be) made from, so an unchanged article is never
 * rendered twice; `status` is queued | rendering | ready | failed | unavailable. `file_key` is
 * the current MP3 in the file store (null until the first render). `timings` is JSON
 * [[startMs, endMs], …], one pair per utterance of the script.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;
  await db.schema
    .createTable('article_audio')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('file_key', 'text')
    .addColumn('bytes', 'integer')
    .addColumn('duration_ms', 'integer')
    .addColumn('timings', 'text')
    .addColumn('engine', 'text')
    .addColumn('error', 'text')
    .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
    // When a queued row may be claimed: now, or later after a failed attempt (backoff).
    .addColumn('not_before', instant, (c) => c.notNull())
    .addColumn('requested_at', instant, (c) => c.notNull())
    .addColumn('started_at', instant)
    .addColumn('rendered_at', instant)
    .execute();
  await db.schema.createIndex('article_audio_status').on('article_audio').columns(['status', 'not_before']).execute();
}
