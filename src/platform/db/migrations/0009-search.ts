import { sql, type Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Search (issue 5): one `search_documents` row per published article with what the filters
 * need (section, publish time) and when it was indexed (a rebuild deletes rows it did not
 * reach). The tokens live per dialect, the same tokens on both (src/search/search-document.ts):
 * - SQLite: the contentless FTS5 table `search_fts` with columns title, meta (subtitle,
 *   summary, tags, reporters), body and facets (section and reporter ids as tokens, so those
 *   filters are part of the MATCH). Its rowid is a time key, publish minute × 2^24 + article
 *   id, so "newest matches first" and the date filters are rowid order and rowid ranges.
 * - PostgreSQL: the `document` tsvector column (weights A title, B meta, C body) with a GIN index.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('search_documents')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.notNull())
    .addColumn('published_at', dialect.instantType, (c) => c.notNull())
    .addColumn('indexed_at', dialect.instantType, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('search_documents_section').on('search_documents').columns(['section_id', 'published_at']).execute();
  await db.schema.createIndex('search_documents_published').on('search_documents').column('published_at').execute();
  await db.schema.createIndex('search_documents_indexed').on('search_documents').column('indexed_at').execute();

  if (dialect.name === 'sqlite') {
    // The ascii tokenizer keeps every non-ASCII character as part of a token and splits on
    // ASCII spaces and punctuation; our tokens hold only letters, digits and `_` (see
    // encodeToken), so each space-separated token stays exactly whole.
    await sql`create virtual table search_fts using fts5(title, meta, body, facets, content='', contentless_delete=1, tokenize="ascii tokenchars '_'")`.execute(db);
  } else {
    await sql`alter table search_documents add column document tsvector not null`.execute(db);
    await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
  }
}
