import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { CompiledQuery, SqliteDialect, SqliteDriver, type ColumnDefinitionBuilder, type DatabaseConnection, type Driver, type SqliteDialectConfig } from 'kysely';
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

/**
 * Transactions begin IMMEDIATE, taking the write lock up front. Kysely's plain BEGIN is
 * deferred: a transaction that reads and then writes fails at once with SQLITE_BUSY_SNAPSHOT
 * when another process (a second `xinwen serve` on the same file, a CLI import) has written
 * since the read, without waiting for busy_timeout. Within one process Kysely already runs
 * one thing at a time on the single connection, so this only changes how processes queue.
 */
class ImmediateTransactionsDialect extends SqliteDialect {
  readonly #config: SqliteDialectConfig;
  constructor(config: SqliteDialectConfig) {
    super(config);
    this.#config = config;
  }
  override createDriver(): Driver {
    return new ImmediateTransactionsDriver(this.#config);
  }
}

class ImmediateTransactionsDriver extends SqliteDriver {
  override async beginTransaction(connection: DatabaseConnection): Promise<void> {
    await connection.executeQuery(CompiledQuery.raw('begin immediate'));
  }
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
      return new ImmediateTransactionsDialect({ database: withStatementCache(database) });
    },
    autoIncrementId(col: ColumnDefinitionBuilder) {
      return col.primaryKey().autoIncrement();
    },
  };
}
