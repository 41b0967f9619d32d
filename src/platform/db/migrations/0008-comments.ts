import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Comments (评论): the comments themselves with their thread position and the spam verdict
 * that decided them, likes, reports, bans, and comment settings per outlet, section and article.
 * Readers are referred to by id without a foreign key: the readers table belongs to another
 * feature and may be created by a later migration.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;

  await db.schema
    .createTable('comments')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('parent_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    // The thread's top comment; null for a top comment itself.
    .addColumn('root_id', 'integer', (c) => c.references('comments.id').onDelete('cascade'))
    .addColumn('depth', 'integer', (c) => c.notNull())
    // Zero-padded ids from the root down ("0000000012/0000000031"): sorting by it is tree order.
    .addColumn('thread_path', 'text', (c) => c.notNull())
    // "r:{readerId}" or "g:{hash of the guest's cookie token}": likes, bans and history use it.
    .addColumn('author_key', 'text', (c) => c.notNull())
    .addColumn('reader_id', 'integer')
    // The name shown, as it was when posted (a guest's chosen name or the reader's display name).
    .addColumn('author_name', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull()) // pending|approved|rejected|held|deleted
    // Whether public lists show it: approved, or deleted but kept as a placeholder for its replies.
    .addColumn('visible', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('likes', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('open_reports', 'integer', (c) => c.notNull().defaultTo(0))
    .addColumn('spam_score', 'double precision', (c) => c.notNull().defaultTo(0))
    .addColumn('spam_action', 'text', (c) => c.notNull())
    .addColumn('spam_reasons', 'text', (c) => c.notNull()) // JSON [{phase, detail, score}]
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('edited_at', instant)
    .addColumn('moderated_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('moderated_at', instant)
    .addColumn('reject_reason', 'text')
    .execute();
  // Keyset pages of an article's top comments: newest/oldest by id, most liked by (likes, id).
  await db.schema.createIndex('comments_roots_by_id').on('comments').columns(['article_id', 'depth', 'visible', 'id']).execute();
  await db.schema.createIndex('comments_roots_by_likes').on('comments').columns(['article_id', 'depth', 'visible', 'likes', 'id']).execute();
  await db.schema.createIndex('comments_thread').on('comments').columns(['root_id', 'visible', 'thread_path']).execute();
  await db.schema.createIndex('comments_queue').on('comments').columns(['status', 'id']).execute();
  await db.schema.createIndex('comments_reported').on('comments').columns(['open_reports', 'id']).execute();
  await db.schema.createIndex('comments_author').on('comments').columns(['author_key', 'id']).execute();
  await db.schema.createIndex('comments_parent').on('comments').column('parent_id').execute();

  await db.schema
    .createTable('comment_likes')
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('liker_key', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addPrimaryKeyConstraint('comment_likes_pk', ['comment_id', 'liker_key'])
    .execute();

  await db.schema
    .createTable('comment_reports')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('comment_id', 'integer', (c) => c.notNull().references('comments.id').onDelete('cascade'))
    .addColumn('reporter_key', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('resolved_at', instant)
    .addUniqueConstraint('comment_reports_once', ['comment_id', 'reporter_key'])
    .execute();

  await db.schema
    .createTable('comment_bans')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('author_key', 'text', (c) => c.notNull().unique())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('banned_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();

  // One row per scope that overrides something; a null column inherits from the wider scope.
  await db.schema
    .createTable('comment_settings')
    .addColumn('scope', 'text', (c) => c.notNull()) // outlet|section|article
    .addColumn('scope_id', 'integer', (c) => c.notNull()) // 0 for the outlet
    .addColumn('mode', 'text') // post|pre
    .addColumn('new_commenter_approvals', 'integer')
    .addColumn('hold_links', 'integer')
    .addColumn('guests_allowed', 'integer')
    .addColumn('close_after_days', 'integer')
    .addColumn('closed', 'integer')
    .addColumn('updated_at', instant, (c) => c.notNull())
    .addColumn('updated_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addPrimaryKeyConstraint('comment_settings_pk', ['scope', 'scope_id'])
    .execute();
}
