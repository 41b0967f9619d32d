import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../platform/errors.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { loadArticle } from './article.store.js';
import { insertPublishedArticlesBulk } from './bulk-insert.service.js';
import { ensureStaff } from './outlet.service.js';

for (const dialect of TEST_DIALECTS) {
  describe(`insertPublishedArticlesBulk (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
    });
    after(async () => {
      await t.drop();
    });

    const count = async () => Number((await t.db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);

    it('writes articles with their section, reporters, editor and tags, and returns ids in input order', async () => {
      const staff = await ensureStaff(t.db, '周立群', 'reporter');
      const inputs = [
        articleInput({ sourceKey: 'bulk-a', title: '批量稿件甲', byline: { reporters: ['周立群', '新记者乙'], reportType: '报道', place: '青禾' }, tags: ['交通', '新标签'] }),
        articleInput({ sourceKey: 'bulk-b', title: '批量稿件乙', section: null, editor: '新编辑丙', tags: ['交通'], sourceScript: 'zh-Hant' }),
        articleInput({ sourceKey: 'bulk-c', title: '批量稿件丙', publishedAt: null, dateline: { source: '本网', date: '2025-06-01', place: null, kind: '讯' } }),
      ];
      const ids = await insertPublishedArticlesBulk(t.db, inputs, new Date('2025-06-02T00:00:00Z'));
      assert.equal(ids.length, 3);

      const [a, b, c] = await Promise.all(ids.map((id) => loadArticle(t.db, id)));
      assert.equal(a?.title, '批量稿件甲');
      assert.equal(a?.status, 'published');
      assert.equal(a?.section.slug, 'china');
      assert.deepEqual(a?.byline.reporters.map((p) => p.displayName), ['周立群', '新记者乙']);
      // An existing person is linked, not duplicated or demoted; a new name is a contributor.
      assert.equal(a?.byline.reporters[0]?.id, staff.id);
      assert.equal(a?.byline.reporters[0]?.role, 'reporter');
      assert.equal(a?.byline.reporters[1]?.role, 'contributor');
      assert.deepEqual(a?.tags, ['交通', '新标签']);
      assert.equal(a?.publishedAt, '2025-03-18T01:30:00.000Z');

      assert.equal(b?.title, '批量稿件乙');
      assert.equal(b?.section.slug, 'top', 'no section: the outlet default');
      assert.equal(b?.editor?.displayName, '新编辑丙');
      assert.equal(b?.sourceScript, 'zh-Hant');
      assert.deepEqual(b?.tags, ['交通']);

      // No publish time: the dateline date at 00:00 in the outlet timezone (Asia/Shanghai).
      assert.equal(c?.publishedAt, '2025-05-31T16:00:00.000Z');
      assert.equal(c?.createdAt, '2025-06-02T00:00:00.000Z');
      const tags = await t.db.selectFrom('tags').select('name').where('name', '=', '交通').execute();
      assert.equal(tags.length, 1, 'a tag used by several articles exists once');
    });

    it('writes batches larger than one statement', async () => {
      const before = await count();
      const inputs = Array.from({ length: 950 }, (_, i) => articleInput({ sourceKey: `bulk-many-${i}`, title: `批量第${i}篇`, tags: [`标签${i % 7}`] }));
      const ids = await insertPublishedArticlesBulk(t.db, inputs);
      assert.equal(new Set(ids).size, 950);
      assert.equal(await count(), before + 950);
      assert.equal((await loadArticle(t.db, ids[949] ?? 0))?.title, '批量第949篇');
    });

    it('refuses taken source keys, drafts and related headlines, and writes nothing', async () => {
      const before = await count();
      await assert.rejects(
        insertPublishedArticlesBulk(t.db, [articleInput({ sourceKey: 'bulk-new-1' }), articleInput({ sourceKey: 'bulk-a' })]),
        (e: unknown) => e instanceof ValidationError && e.details.some((d) => d.includes('bulk-a')),
      );
      await assert.rejects(
        insertPublishedArticlesBulk(t.db, [articleInput({ status: 'draft' }), articleInput({ related: ['某条旧闻'] })]),
        (e: unknown) => e instanceof ValidationError && e.details.length === 2 && /published/.test(e.details[0] ?? '') && /相关新闻/.test(e.details[1] ?? ''),
      );
      await assert.rejects(
        insertPublishedArticlesBulk(t.db, [articleInput(), articleInput({ title: '' })]),
        (e: unknown) => e instanceof ValidationError && /第 2 篇/.test(e.message) && e.details.some((d) => d.startsWith('1.title')),
      );
      assert.equal(await count(), before);
      assert.deepEqual(await insertPublishedArticlesBulk(t.db, []), []);
    });
  });
}
