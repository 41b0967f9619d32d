import pg from 'pg';
import { PostgresDialect, type ColumnDefinitionBuilder } from 'kysely';
import type { DbDialect } from '../dialect.js';
import { nameStatements } from './named-statements.js';

const TIMESTAMPTZ_OID = 1184;
const INT8_OID = 20;

/** PostgreSQL's text form of an instant in UTC (the TimeZone setting), e.g. `2026-11-02 00:30:00.25+00`. */
const UTC_INSTANT = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{1,6}))?\+00$/;

/**
 * An instant as `Date.toISOString()` writes it (milliseconds, truncated as Date parses them):
 * rewritten from the UTC text form without a Date, which an article page otherwise builds for
 * each of its few dozen instants; any other form goes through Date.
 */
export function isoInstant(value: string): string {
  const utc = UTC_INSTANT.exec(value);
  if (utc === null) return new Date(value).toISOString();
  return `${utc[1]}T${utc[2]}.${(utc[3] ?? '').padEnd(3, '0').slice(0, 3)}Z`;
}

/**
 * Instants come back as ISO strings, like SQLite's, and counts (int8) as numbers;
 * the parsers are per pool so nothing global in `pg` is changed.
 */
function typeParser(oid: number, format?: string): (value: string) => unknown {
  if (oid === TIMESTAMPTZ_OID) return isoInstant;
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
