import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql, type Transaction } from 'kysely';
import type { Database } from '../schema.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../../testing/databases.js';

// Named statements are PostgreSQL's; SQLite keeps its own (sqlite-dialect.ts).
if (TEST_DIALECTS.includes('postgres')) {
  describe('PostgreSQL named statements', () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase('postgres');
    });
    after(() => database.drop());

    /** The statements prepared on the connection a transaction holds, and what it ran. */
    const onOneConnection = <T>(run: (trx: Transaction<Database>) => Promise<T>) =>
      database.db.transaction().execute(async (trx) => {
        const result = await run(trx);
        const prepared = await sql<{ statement: string }>`select statement from pg_prepared_statements`.execute(trx);
        return { result, prepared: prepared.rows.map((r) => r.statement) };
      });

    it('prepares a data query once per connection and runs it by name, with the same answers', async () => {
      const { result, prepared } = await onOneConnection(async (trx) => {
        const answers = [];
        for (const name of ['甲', '乙', '甲']) {
          answers.push(await sql<{ greeting: string }>`select ${name}::text || '好' as greeting`.execute(trx));
        }
        return answers.map((a) => a.rows[0]?.greeting);
      });
      assert.deepEqual(result, ['甲好', '乙好', '甲好']);
      assert.equal(prepared.filter((s) => s.includes("|| '好'")).length, 1);
    });

    it('leaves full-text queries unplanned ahead, their plan depending on the words', async () => {
      const { result, prepared } = await onOneConnection(async (trx) => {
        const found = await sql<{ hit: boolean }>`select to_tsvector('simple', ${'城市 地铁'}) @@ to_tsquery('simple', ${'地铁'}) as hit`.execute(trx);
        return found.rows[0]?.hit;
      });
      assert.equal(result, true);
      assert.equal(prepared.filter((s) => s.includes('@@')).length, 0);
    });

    it('still answers when a migration changed the columns of a prepared statement', async () => {
      const { db } = database;
      await sql`create table named_statement_probe (id integer primary key)`.execute(db);
      await sql`insert into named_statement_probe values (1)`.execute(db);
      // Concurrent reads, so that the statement is prepared on every connection of the pool.
      const readAll = () => Promise.all(Array.from({ length: 12 }, () => sql<Record<string, unknown>>`select * from named_statement_probe where id = ${1}`.execute(db)));
      for (const read of await readAll()) assert.deepEqual(read.rows, [{ id: 1 }]);
      // Another process's migration, as far as these connections can tell.
      await sql`alter table named_statement_probe add column note text default 'x'`.execute(db);
      for (const read of await readAll()) assert.deepEqual(read.rows, [{ id: 1, note: 'x' }]);
    });
  });
}
