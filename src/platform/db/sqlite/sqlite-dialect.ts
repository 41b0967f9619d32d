import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, type ColumnDefinitionBuilder } from 'kysely';
import type { DbDialect } from '../dialect.js';

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
      return new SqliteDialect({ database });
    },
    autoIncrementId(col: ColumnDefinitionBuilder) {
      return col.primaryKey().autoIncrement();
    },
  };
}
