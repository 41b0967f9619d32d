import { Kysely, SqliteAdapter, type Transaction } from 'kysely';
import type { DbDialect } from './dialect.js';
import type { Database } from './schema.js';
import { sqliteDialect } from './sqlite/sqlite-dialect.js';
import { postgresDialect } from './postgres/postgres-dialect.js';
import { migrateToLatest } from './migrate.js';

export type Db = Kysely<Database>;

/** A database handle or an open transaction: store and service functions accept either. */
export type Queryable = Db | Transaction<Database>;

/** Whether the handle (or transaction) is on SQLite, for the few statements that differ by database. */
export function isSqlite(db: Queryable): boolean {
  return db.getExecutor().adapter instanceof SqliteAdapter;
}

export interface OpenDatabase {
  db: Db;
  dialect: DbDialect;
  close(): Promise<void>;
}

/**
 * Picks the dialect from a `DATABASE_URL`: `sqlite:PATH` (or `sqlite::memory:`)
 * or `postgres://…` / `postgresql://…`.
 * @example dialectFromUrl('sqlite:./data/xinwen.db')
 */
export function dialectFromUrl(url: string): DbDialect {
  if (url.startsWith('sqlite:')) {
    const path = url.slice('sqlite:'.length);
    if (path === '') throw new Error('DATABASE_URL sqlite: needs a path, e.g. sqlite:./data/xinwen.db');
    return sqliteDialect(path);
  }
  if (/^postgres(ql)?:\/\//.test(url)) return postgresDialect(url);
  throw new Error(`DATABASE_URL must start with sqlite: or postgres:// (got "${url.split(':')[0]}:…")`);
}

/** Opens the database and, unless `migrate` is false, brings its schema up to date. */
export async function openDatabase(url: string, options: { migrate?: boolean } = {}): Promise<OpenDatabase> {
  const dialect = dialectFromUrl(url);
  const db = new Kysely<Database>({ dialect: dialect.createKyselyDialect() });
  if (options.migrate !== false) await migrateToLatest(db, dialect);
  let closed = false;
  return {
    db,
    dialect,
    async close() {
      if (closed) return;
      closed = true;
      await db.destroy();
    },
  };
}
