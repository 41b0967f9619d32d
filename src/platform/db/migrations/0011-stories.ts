import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * 专题 story threads: a story (slug, title, summary) and the articles grouped into it. An
 * article belongs to at most one story (`article_id` is the primary key), so its page links one
 * story; deleting a story or an article removes the membership.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;
  await db.schema
    .createTable('stories')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('summary', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('updated_at', instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('story_articles')
    .addColumn('article_id', 'integer', (c) => c.primaryKey().references('articles.id').onDelete('cascade'))
    .addColumn('story_id', 'integer', (c) => c.notNull().references('stories.id').onDelete('cascade'))
    .addColumn('added_at', instant, (c) => c.notNull())
    .execute();
  await db.schema.createIndex('story_articles_story').on('story_articles').columns(['story_id', 'article_id']).execute();
}
