import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Expression } from 'kysely';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { precompile } from './precompiled.js';

for (const dialect of TEST_DIALECTS) {
  describe(`precompiled queries (${dialect})`, () => {
    let database: TestDatabase;
    let other: TestDatabase;
    before(async () => {
      [database, other] = await Promise.all([createTestDatabase(dialect), createTestDatabase(dialect)]);
      await database.db.insertInto('tags').values([{ name: '经济' }, { name: '体育' }, { name: '科技' }]).execute();
      await other.db.insertInto('tags').values([{ name: '文化' }]).execute();
    });
    after(() => Promise.all([database.drop(), other.drop()]));

    let builds = 0;
    const tagsBetween = precompile((db, from: Expression<number>, to: Expression<number>) => {
      builds++;
      return db.selectFrom('tags').select(['id', 'name']).where('id', '>=', from).where('id', '<=', to).where('name', '!=', '').orderBy('id');
    });
    const direct = (from: number, to: number) =>
      database.db.selectFrom('tags').select(['id', 'name']).where('id', '>=', from).where('id', '<=', to).where('name', '!=', '').orderBy('id').execute();

    it('answers as the same query built each time, with each run’s values, built once per handle', async () => {
      const ids = (await database.db.selectFrom('tags').select('id').orderBy('id').execute()).map((r) => r.id);
      const [a, b, c] = ids as [number, number, number];
      builds = 0;
      for (const [from, to] of [[a, c], [b, b], [c, a], [a, b]] as const) {
        assert.deepEqual(await tagsBetween.execute(database.db, from, to), await direct(from, to));
      }
      assert.equal(builds, 1);
      // Another handle, here another database, compiles its own.
      assert.deepEqual((await tagsBetween.execute(other.db, 0, 1_000_000)).map((r) => r.name), ['文化']);
      assert.equal(builds, 2);
    });

    it('runs inside a transaction, which sees its own writes', async () => {
      const names = await database.db.transaction().execute(async (trx) => {
        const { id } = await trx.insertInto('tags').values({ name: '军事' }).returning('id').executeTakeFirstOrThrow();
        return (await tagsBetween.execute(trx, id, id)).map((r) => r.name);
      });
      assert.deepEqual(names, ['军事']);
    });
  });
}
