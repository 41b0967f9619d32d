import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type ColumnDefinitionBuilder } from 'kysely';
import { LRUCache } from 'lru-cache';
import type { DbDialect } from '../dialect.js';

/** Prepared statements kept per connection, by SQL text. */
const STATEMENT_CACHE_SIZE = 1_000;

/**
 * The connection as Kysely sees it, with its prepared statements kept: Kysely prepares every
 * query again, and preparing was a third of an article page's time in SQLite. Reusing one is
 * safe because Kysely runs a statement to completion synchronously (all/run); a statement in
 * the middle of iterate() (Kysely's stream(), which nothing here uses) would be busy.
 */
function withStatementCache(database: BetterSqlite3.Database): { close(): void; prepare(sql: string): BetterSqlite3.Statement } {
  const statements = new LRUCache<string, BetterSqlite3.Statement>({ max: STATEMENT_CACHE_SIZE });
  return {
    close: () => database.close(),
    prepare(sql) {
      let statement = statements.get(sql);
      if (!statement) {
        statement = database.prepare(sql);
        statements.set(sql, statement);
      }
      return statement;
    },
  };
}

/** SQLite through better-sqlite3 (the embedded default). `path` may be `:memory:`. */
export function sqliteDialect(path: string): DbDialect {
  return {
    name: 'sqlite',
    description: `sqlite:${path}`,
    instantType: 'text',
    createKyselyDialect() {
      if (path !== ':memory:') mkdirSync(dirname(path), { recursive: true });
      const database = new BetterSqlite3(path);
      // WAL lets readers run while a write is in progress; NORMAL sync is safe with WAL.
      database.pragma('journal_mode = WAL');
      database.pragma('synchronous = NORMAL');
      database.pragma('foreign_keys = ON');
      database.pragma('busy_timeout = 5000');
      return new SqliteDialect({ database: withStatementCache(database) });
    },
    autoIncrementId(col: ColumnDefinitionBuilder) {
      return col.primaryKey().autoIncrement();
    },
  };
}
