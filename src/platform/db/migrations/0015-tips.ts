import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Tips (新闻线索): the newsroom's age recipients (several at once; retired ones stay listed so
 * old tips remain explained), the inbox settings (one row), tips, their uploads (a first
 * submission or a follow-up, each finished or expired as a whole) and their items (age
 * ciphertext kept in the tip file store as numbered chunks under `file_key`). No column holds an
 * address, a user agent or any plaintext the source wrote.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;
  await db.schema
    .createTable('tip_recipients')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('public_key', 'text', (c) => c.notNull().unique())
    .addColumn('label', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('retired_at', instant)
    .execute();
  await db.schema
    .createTable('tip_settings')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('inbox_roles', 'text', (c) => c.notNull()) // comma-separated staff roles
    .addColumn('retention_days', 'integer', (c) => c.notNull())
    .addColumn('max_total_bytes', 'bigint', (c) => c.notNull())
    .execute();
  await db
    .insertInto('tip_settings' as never)
    .values({ id: 1, inbox_roles: 'admin,editor', retention_days: 90, max_total_bytes: 200 * 1024 * 1024 } as never)
    .execute();
  await db.schema
    .createTable('tips')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('receipt_tag', 'text', (c) => c.notNull())
    .addColumn('receipt_hash', 'text', (c) => c.notNull())
    .addColumn('reader_recipient', 'text', (c) => c.notNull())
    .addColumn('locked_identity', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('total_bytes', 'bigint', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tips_receipt_tag').on('tips').column('receipt_tag').execute();
  await db.schema.createIndex('tips_updated').on('tips').columns(['updated_at', 'id']).execute();
  await db.schema
    .createTable('tip_uploads')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('tip_id', 'integer', (c) => c.notNull().references('tips.id').onDelete('cascade'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('finished_at', instant)
    .execute();
  await db.schema.createIndex('tip_uploads_open').on('tip_uploads').columns(['finished_at', 'created_at']).execute();
  await db.schema
    .createTable('tip_items')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('tip_id', 'integer', (c) => c.notNull().references('tips.id').onDelete('cascade'))
    .addColumn('upload_id', 'text', (c) => c.references('tip_uploads.id').onDelete('cascade'))
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('author', 'text', (c) => c.notNull())
    .addColumn('author_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('file_key', 'text', (c) => c.notNull().unique())
    .addColumn('chunk_count', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'bigint', (c) => c.notNull())
    .addColumn('complete', 'integer', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('tip_items_tip').on('tip_items').columns(['tip_id', 'id']).execute();
  await db.schema.createIndex('tip_items_upload').on('tip_items').columns(['upload_id', 'id']).execute();
}
