import { sql, type Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/** Outlet, sections, people, tags and articles with their reporters, tags and related links. */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;

  await db.schema
    .createTable('sections')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('slug', 'text', (c) => c.notNull().unique())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull().defaultTo(0))
    .execute();

  await db.schema
    .createTable('outlet')
    .addColumn('id', 'integer', (c) => c.primaryKey())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('short_name', 'text', (c) => c.notNull())
    .addColumn('default_script', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('tip_copy', 'text', (c) => c.notNull())
    .addColumn('default_section_id', 'integer', (c) => c.references('sections.id').onDelete('set null'))
    .execute();
  // The one outlet row; a newsroom renames it with `xinwen outlet set`.
  await sql`insert into outlet (id, name, short_name, default_script, timezone, tip_copy, default_section_id)
            values (1, '新闻网', '本网', 'zh-Hans', 'Asia/Shanghai', '', null)`.execute(db);

  await db.schema
    .createTable('people')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('display_name', 'text', (c) => c.notNull().unique())
    .addColumn('role', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('tags')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('name', 'text', (c) => c.notNull().unique())
    .execute();

  await db.schema
    .createTable('articles')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('source_key', 'text', (c) => c.unique())
    .addColumn('title', 'text', (c) => c.notNull())
    .addColumn('subtitle', 'text')
    .addColumn('summary', 'text')
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id'))
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('dateline_source', 'text')
    .addColumn('dateline_date', 'text')
    .addColumn('dateline_place', 'text')
    .addColumn('dateline_kind', 'text')
    .addColumn('report_type', 'text')
    .addColumn('byline_place', 'text')
    .addColumn('editor_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('source_script', 'text', (c) => c.notNull())
    .addColumn('published_at', instant)
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('articles_status_published')
    .on('articles')
    .columns(['status', 'published_at'])
    .execute();
  await db.schema
    .createIndex('articles_section_published')
    .on('articles')
    .columns(['section_id', 'status', 'published_at'])
    .execute();
  await db.schema.createIndex('articles_title').on('articles').column('title').execute();

  await db.schema
    .createTable('article_reporters')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_reporters_pk', ['article_id', 'person_id'])
    .execute();
  await db.schema.createIndex('article_reporters_person').on('article_reporters').column('person_id').execute();

  await db.schema
    .createTable('article_tags')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('tag_id', 'integer', (c) => c.notNull().references('tags.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('article_tags_pk', ['article_id', 'tag_id'])
    .execute();
  await db.schema.createIndex('article_tags_tag').on('article_tags').column('tag_id').execute();

  await db.schema
    .createTable('article_related')
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('headline', 'text', (c) => c.notNull())
    .addColumn('related_article_id', 'integer', (c) => c.references('articles.id').onDelete('set null'))
    .addPrimaryKeyConstraint('article_related_pk', ['article_id', 'position'])
    .execute();
}
