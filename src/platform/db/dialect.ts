import type { ColumnDefinitionBuilder, Dialect } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/**
 * What differs between the databases Xinwen runs on. Each implementation lives in its
 * own folder with the same file names; feature code never asks which one it has.
 */
export interface DbDialect {
  readonly name: DialectName;
  /** The Kysely dialect that talks to the database. */
  createKyselyDialect(): Dialect;
  /** SQL type for an instant (ISO-8601 UTC string in application code). */
  readonly instantType: 'text' | 'timestamptz';
  /** Makes `col` an auto-incrementing integer primary key. */
  autoIncrementId(col: ColumnDefinitionBuilder): ColumnDefinitionBuilder;
  /** Where it connects, safe to log (no password). */
  readonly description: string;
}
