import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Uploaded images: one row per upload with its reader-facing text (alt, caption, credit) and
 * the stripped, resized variants in the file store. The original file is never kept.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('media')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('uploaded_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', dialect.instantType, (c) => c.notNull())
    .addColumn('original_mime', 'text', (c) => c.notNull())
    .addColumn('width', 'integer', (c) => c.notNull()) // after EXIF orientation
    .addColumn('height', 'integer', (c) => c.notNull())
    .addColumn('bytes', 'integer', (c) => c.notNull()) // of the upload
    .addColumn('sha256', 'text', (c) => c.notNull()) // of the upload, to find duplicates later
    .addColumn('alt', 'text', (c) => c.notNull())
    .addColumn('caption', 'text')
    .addColumn('credit', 'text')
    .addColumn('variants', 'text', (c) => c.notNull()) // JSON [{width, height, format, key, bytes}]
    .execute();
  await db.schema.createIndex('media_sha256').on('media').column('sha256').execute();
}
