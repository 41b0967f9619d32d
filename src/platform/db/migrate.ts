import { Migrator, type Kysely, type Migration, type MigrationResultSet } from 'kysely';
import type { DbDialect } from './dialect.js';
import * as m0001 from './migrations/0001-initial.js';
import * as m0002 from './migrations/0002-newsroom.js';
import * as m0003 from './migrations/0003-media.js';
import * as m0004 from './migrations/0004-media-dedupe.js';
import * as m0005 from './migrations/0005-spam.js';
import * as m0006 from './migrations/0006-popularity.js';
import * as m0007 from './migrations/0007-readers.js';
import * as m0008 from './migrations/0008-comments.js';
import * as m0009 from './migrations/0009-search.js';
import * as m0010 from './migrations/0010-related.js';
import * as m0011 from './migrations/0011-stories.js';
import * as m0012 from './migrations/0012-dictionary.js';
import * as m0013 from './migrations/0013-article-audio.js';
import * as m0014 from './migrations/0014-pronunciations.js';
import * as m0015 from './migrations/0015-tips.js';

interface MigrationModule {
  up(db: Kysely<unknown>, dialect: DbDialect): Promise<void>;
}

/** Every migration in order. A new one is a new file here, never an edit to an old one. */
const MIGRATIONS: Record<string, MigrationModule> = {
  '0001-initial': m0001,
  '0002-newsroom': m0002,
  '0003-media': m0003,
  '0004-media-dedupe': m0004,
  '0005-spam': m0005,
  '0006-popularity': m0006,
  '0007-readers': m0007,
  '0008-comments': m0008,
  '0009-search': m0009,
  '0010-related': m0010,
  '0011-stories': m0011,
  '0012-dictionary': m0012,
  '0013-article-audio': m0013,
  '0014-pronunciations': m0014,
  '0015-tips': m0015,
};

function migrator<T>(db: Kysely<T>, dialect: DbDialect): Migrator {
  const migrations: Record<string, Migration> = {};
  for (const [name, module] of Object.entries(MIGRATIONS)) {
    migrations[name] = { up: (tx) => module.up(tx, dialect) };
  }
  return new Migrator({
    db,
    provider: { getMigrations: async () => migrations },
    migrationTableName: 'xinwen_migrations',
    migrationLockTableName: 'xinwen_migrations_lock',
  });
}

/** Attempts when the migrator fails before running any migration (see below). */
const SETUP_ATTEMPTS = 3;

/** Applies every pending migration; throws with the failing migration's name. */
export async function migrateToLatest<T>(db: Kysely<T>, dialect: DbDialect): Promise<string[]> {
  let result: MigrationResultSet = await migrator(db, dialect).migrateToLatest();
  // Before taking its lock, Kysely's migrator reads the catalog of every table in the database;
  // another process changing a table meanwhile (graphile-worker installing its schema when
  // several processes start on a fresh database) can fail that read. Nothing has run yet, so it
  // is tried again.
  for (let attempt = 1; attempt < SETUP_ATTEMPTS && result.error && !result.results?.length; attempt++) {
    await new Promise((resolve) => setTimeout(resolve, 200 + Math.random() * 300));
    result = await migrator(db, dialect).migrateToLatest();
  }
  if (result.error) {
    const failed = result.results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    const cause = result.error instanceof Error ? result.error.message : String(result.error);
    throw new Error(`Migration ${failed} failed: ${cause}`, { cause: result.error });
  }
  return (result.results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
