import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * 相关新闻 (issue 5), computed on publish (src/related/): each published article's term
 * vector before IDF (`related_docs`, so its document frequencies can be taken back when it
 * changes), the document frequency of every term (`related_df`), the article's strongest
 * terms with their final weights (`related_terms`, indexed by term: candidates come from SQL),
 * and the stored neighbour lists the article page reads (`article_related_auto`).
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  await db.schema
    .createTable('related_docs')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    // JSON [[term, weight before IDF], …], every term the document frequencies counted.
    .addColumn('vector', 'text', (c) => c.notNull())
    // sha256 of what the vector was made from; an event that changed none of it does nothing.
    .addColumn('source_hash', 'text', (c) => c.notNull())
    .addColumn('indexed_at', dialect.instantType, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('related_df')
    .addColumn('term', 'text', (c) => c.primaryKey())
    .addColumn('df', 'integer', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('related_terms')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('term', 'text', (c) => c.notNull())
    .addColumn('weight', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('related_terms_pk', ['article_id', 'term'])
    .execute();
  // Covering, heaviest last: candidates come from each term's heaviest postings, read from the index alone.
  await db.schema.createIndex('related_terms_term').on('related_terms').columns(['term', 'weight', 'article_id']).execute();
  await db.schema
    .createTable('article_related_auto')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('rank', 'integer', (c) => c.notNull())
    .addColumn('related_article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('score', 'double precision', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_related_auto_pk', ['article_id', 'rank'])
    .execute();
  // Whose lists name an article (to recompute them when it changes or goes).
  await db.schema.createIndex('article_related_auto_related').on('article_related_auto').column('related_article_id').execute();
}
