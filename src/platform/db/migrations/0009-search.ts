import { sql, type Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Search (issue 5): one `search_documents` row per published article with what the filters
 * need (section, publish time) and when it was indexed (a rebuild deletes rows it did not
 * reach). The tokens live per dialect: SQLite keeps them in the contentless FTS5 table
 * `search_fts` (rowid = article id; columns title, meta = subtitle/summary/tags/reporters,
 * body), PostgreSQL in the `document` tsvector column with a GIN index. Both hold the same
 * tokens, from `analyse()` (see src/search/search-document.ts).
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
    await sql`create virtual table search_fts using fts5(title, meta, body, content='', contentless_delete=1, tokenize="ascii tokenchars '_'")`.execute(db);
  } else {
    await sql`alter table search_documents add column document tsvector not null`.execute(db);
    await sql`create index search_documents_document on search_documents using gin (document)`.execute(db);
  }
}
