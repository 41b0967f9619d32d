import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * The newsroom: staff logins and desks, server-side sessions, API tokens, the audit log,
 * article versions and workflow fields, revisions and corrections.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;

  // Staff are people with a login; contributors keep these columns empty.
  await db.schema.alterTable('people').addColumn('email', 'text').execute();
  await db.schema.alterTable('people').addColumn('password_hash', 'text').execute();
  await db.schema.alterTable('people').addColumn('must_change_password', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('people').addColumn('all_desks', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('people').addColumn('failed_logins', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.alterTable('people').addColumn('locked_until', instant).execute();
  await db.schema.alterTable('people').addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0)).execute();
  await db.schema.createIndex('people_email').on('people').column('email').unique().execute();

  await db.schema
    .createTable('person_desks')
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('section_id', 'integer', (c) => c.notNull().references('sections.id').onDelete('cascade'))
    .addPrimaryKeyConstraint('person_desks_pk', ['person_id', 'section_id'])
    .execute();

  await db.schema
    .createTable('sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the cookie token, never the token
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('last_seen_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('sessions_person').on('sessions').column('person_id').execute();

  await db.schema
    .createTable('api_tokens')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('person_id', 'integer', (c) => c.notNull().references('people.id').onDelete('cascade'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('token_hash', 'text', (c) => c.notNull().unique())
    .addColumn('scopes', 'text', (c) => c.notNull()) // JSON array of scope names
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('last_used_at', instant)
    .addColumn('revoked_at', instant)
    .execute();

  await db.schema
    .createTable('audit_log')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('at', instant, (c) => c.notNull())
    .addColumn('actor_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('subject_type', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text')
    .addColumn('details', 'text', (c) => c.notNull()) // JSON object
    .execute();
  await db.schema.createIndex('audit_log_at').on('audit_log').column('at').execute();

  // Workflow: `status` now holds the desk stage (draft, submitted, returned, scheduled,
  // published, unpublished); only `published` is public, as before.
  await db.schema.alterTable('articles').addColumn('version', 'integer', (c) => c.notNull().defaultTo(1)).execute();
  await db.schema.alterTable('articles').addColumn('author_id', 'integer', (c) => c.references('people.id').onDelete('set null')).execute();
  await db.schema.alterTable('articles').addColumn('return_comment', 'text').execute();
  await db.schema.alterTable('articles').addColumn('unpublish_reason', 'text').execute();
  await db.schema.alterTable('articles').addColumn('scheduled_at', instant).execute();
  await db.schema.alterTable('articles').addColumn('seo_title', 'text').execute();
  await db.schema.alterTable('articles').addColumn('seo_description', 'text').execute();

  await db.schema
    .createTable('article_revisions')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('saved_by', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .addColumn('saved_at', instant, (c) => c.notNull())
    .addColumn('snapshot', 'text', (c) => c.notNull()) // JSON of the editable fields
    .addUniqueConstraint('article_revisions_version', ['article_id', 'version'])
    .execute();

  await db.schema
    .createTable('corrections')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    .addColumn('article_id', 'integer', (c) => c.notNull().references('articles.id').onDelete('cascade'))
    .addColumn('at', instant, (c) => c.notNull())
    .addColumn('text', 'text', (c) => c.notNull())
    .addColumn('by_id', 'integer', (c) => c.references('people.id').onDelete('set null'))
    .execute();
  await db.schema.createIndex('corrections_article').on('corrections').column('article_id').execute();
}
