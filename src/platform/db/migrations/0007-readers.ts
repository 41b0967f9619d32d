import type { Kysely } from 'kysely';
import type { DbDialect } from '../dialect.js';

/**
 * Reader accounts, for comments: entirely apart from staff (`people`). Their sessions have
 * their own table and cookie, and the one-time links (verify an email, reset a password)
 * are stored as sha256 hashes, like session tokens, so a copy of the database opens nothing.
 */
export async function up(db: Kysely<unknown>, dialect: DbDialect): Promise<void> {
  const instant = dialect.instantType;

  await db.schema
    .createTable('readers')
    .addColumn('id', 'integer', (c) => dialect.autoIncrementId(c))
    // Stored trimmed and lower-cased, so the unique index is case-insensitive on both databases.
    .addColumn('email', 'text', (c) => c.notNull().unique())
    .addColumn('display_name', 'text', (c) => c.notNull())
    .addColumn('password_hash', 'text', (c) => c.notNull()) // argon2id PHC string
    .addColumn('verified_at', instant)
    .addColumn('created_at', instant, (c) => c.notNull())
    .execute();

  await db.schema
    .createTable('reader_sessions')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the cookie token, never the token
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('csrf_token', 'text', (c) => c.notNull())
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('last_seen_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('user_agent', 'text')
    .execute();
  await db.schema.createIndex('reader_sessions_reader').on('reader_sessions').column('reader_id').execute();

  await db.schema
    .createTable('reader_tokens')
    .addColumn('id', 'text', (c) => c.primaryKey()) // sha256 of the token in the link
    .addColumn('reader_id', 'integer', (c) => c.notNull().references('readers.id').onDelete('cascade'))
    .addColumn('purpose', 'text', (c) => c.notNull()) // verify_email | reset_password
    .addColumn('created_at', instant, (c) => c.notNull())
    .addColumn('expires_at', instant, (c) => c.notNull())
    .addColumn('used_at', instant)
    .execute();
  await db.schema.createIndex('reader_tokens_reader').on('reader_tokens').columns(['reader_id', 'purpose']).execute();
}
