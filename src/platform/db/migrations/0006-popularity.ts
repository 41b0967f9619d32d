import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * 人气: total views per article, hourly buckets for the most-read lists (pruned after 8 days),
 * the ids of view batches already written (so a batch retried after a crash is never counted
 * twice), and the daily salt that reader keys are hashed with (only today's is kept).
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('article_views')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('views', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('article_view_hours')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('hour', dialect.instantType, (c) => c.notNull()) // start of the UTC hour
    .addColumn('views', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_view_hours_pk', ['article_id', 'hour'])
    .execute();
  await db.schema.createIndex('article_view_hours_hour').on('article_view_hours').columns(['hour', 'article_id']).execute();
  await db.schema
    .createTable('view_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('written_at', dialect.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('view_salts')
    .addColumn('day', 'text', (c) => c.primaryKey()) // YYYY-MM-DD (UTC)
    .addColumn('salt', 'text', (c) => c.notNull())
    .execute();
}
