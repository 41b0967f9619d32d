import pg from 'pg';
import { PostgresDialect, type ColumnDefinitionBuilder } from 'kysely';
import type { DbDialect } from '../dialect.js';
import { nameStatements } from './named-statements.js';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/**
 * Instants come back as ISO strings, like SQLite's, and counts (int8) as numbers;
 * the parsers are per pool so nothing global in `pg` is changed.
 */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === TIMESTAMPTZ_OID) return (value) => new Date(value).toISOString();
  if (oid === INT8_OID) return (value) => Number(value);
  return format === undefined ? pg.types.getTypeParser(oid) : pg.types.getTypeParser(oid, format as 'text');
}

/** PostgreSQL through pg, for scale-out. */
export function postgresDialect(connectionString: string): DbDialect {
  return {
    name: 'postgres',
    description: connectionString.replace(/:[^:@/]*@/, ':***@'),
    instantType: 'timestamptz',
    createKyselyDialect() {
      const pool = new pg.Pool({
        connectionString,
        max: 10,
        types: { getTypeParser: typeParser as typeof pg.types.getTypeParser },
      });
      // An idle client whose connection the server ends (a restart, a dropped database)
      // emits 'error' on the pool; unhandled, that would crash the process. The pool
      // discards that client and the next query opens a new connection.
      pool.on('error', (error) => {
        process.emitWarning(`PostgreSQL connection lost: ${error.message}`, { code: 'XINWEN_PG_IDLE_ERROR' });
      });
      // Each new connection keeps its statements prepared (see named-statements.ts).
      pool.on('connect', nameStatements);
      return new PostgresDialect({ pool });
    },
    autoIncrementId(col: ColumnDefinitionBuilder) {
      return col.primaryKey().generatedByDefaultAsIdentity();
    },
  };
}
