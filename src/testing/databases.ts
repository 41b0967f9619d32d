import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openDatabase, type OpenDatabase } from '../platform/db/database.js';
import type { DialectName } from '../platform/db/dialect.js';

/**
 * The dialects the behaviour suites run against: `TEST_DIALECTS=sqlite,postgres`
 * (default `sqlite`). PostgreSQL tests use `TEST_POSTGRES_URL`
 * (default `postgres://postgres@127.0.0.1:5432/postgres`) to create a fresh database each.
 */
export const TEST_DIALECTS: DialectName[] = (process.env.TEST_DIALECTS ?? 'sqlite')
  .split(',')
  .map((d) => d.trim())
  .filter((d): d is DialectName => d === 'sqlite' || d === 'postgres');

const ADMIN_URL = process.env.TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

/** A fresh, migrated database; `url` can be handed to a child process (the CLI, the server). */
export interface TestDatabase extends OpenDatabase {
  url: string;
  /** Closes the connection and deletes the database. */
  drop(): Promise<void>;
}

/** Creates an empty, migrated database of `dialect` that nothing else uses. */
export async function createTestDatabase(dialect: DialectName): Promise<TestDatabase> {
  if (dialect === 'sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'xinwen-test-'));
    const url = `sqlite:${join(dir, 'test.db')}`;
    const opened = await openDatabase(url);
    return {
      ...opened,
      url,
      async drop() {
        await opened.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const name = `xinwen_test_${Date.now()}_${randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: ADMIN_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  const url = new URL(ADMIN_URL);
  url.pathname = `/${name}`;
  const opened = await openDatabase(url.toString());
  return {
    ...opened,
    url: url.toString(),
    async drop() {
      await opened.close();
      const client = new pg.Client({ connectionString: ADMIN_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
