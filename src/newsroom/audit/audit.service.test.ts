import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ensureStaff } from '../../articles/outlet.service.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { listAudit, recordAudit } from './audit.service.js';

for (const dialect of TEST_DIALECTS) {
  describe(`audit log (${dialect})`, () => {
    let database: TestDatabase;
    before(async () => {
      database = await createTestDatabase(dialect);
    });
    after(() => database.drop());

    it('records entries with the actor and details, and lists them newest first in pages', async () => {
      const editor = await ensureStaff(database.db, '审计员', 'editor');
      const at = new Date('2025-03-18T01:02:03.000Z');
      for (let i = 1; i <= 5; i++) {
        await recordAudit(
          database.db,
          { actorId: i % 2 ? editor.id : null, action: 'article.publish', subjectType: 'article', subjectId: i, details: { n: i, 标题: '测试' } },
          { now: at },
        );
      }
      const first = await listAudit(database.db, { limit: 2 });
      assert.deepEqual(first.map((e) => e.subjectId), ['5', '4']);
      assert.deepEqual(first[0], {
        id: first[0]?.id,
        at: '2025-03-18T01:02:03.000Z',
        actorId: editor.id,
        actorName: '审计员',
        action: 'article.publish',
        subjectType: 'article',
        subjectId: '5',
        details: { n: 5, 标题: '测试' },
      });
      assert.equal(first[1]?.actorName, null);
      const next = await listAudit(database.db, { limit: 10, before: first[1]?.id ?? 0 });
      assert.deepEqual(next.map((e) => e.subjectId), ['3', '2', '1']);
      assert.equal((await listAudit(database.db, { limit: 0 })).length, 1, 'the limit is at least 1');
    });
  });
}
