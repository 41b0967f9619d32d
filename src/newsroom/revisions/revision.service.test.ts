import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AppError, NotFoundError } from '../../platform/errors.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../testing/databases.js';
import { createArticle, setUpNewsroom } from '../../testing/fixtures.js';
import {
  compareRevisions,
  getRevision,
  listRevisions,
  recordRevision,
  snapshotForRestore,
} from './revision.service.js';
import type { RevisionSnapshot } from './snapshot.js';

function snapshot(overrides: Partial<RevisionSnapshot> = {}): RevisionSnapshot {
  return {
    title: '市政府今天宣布新政',
    subtitle: null,
    summary: '新政自下月起施行。',
    body: [
      { type: 'paragraph', text: '市政府今天宣布一项新政。' },
      { type: 'subheading', text: '背景' },
    ],
    section: 'china',
    tags: ['政策'],
    dateline: { source: '本网', date: '2025-03-18', place: '北京', kind: '讯' },
    byline: { reporters: ['张明'], reportType: '报导', place: null },
    editor: '李华',
    related: [],
    seoTitle: null,
    seoDescription: null,
    ...overrides,
  };
}

const T0 = new Date('2025-03-18T01:00:00.000Z');
const minutesLater = (n: number) => new Date(T0.getTime() + n * 60_000);

for (const dialect of TEST_DIALECTS) {
  describe(`article revisions (${dialect})`, () => {
    let t: TestDatabase;
    let editorId: number;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      const editor = await t.db
        .insertInto('people')
        .values({ display_name: '王编辑', role: 'editor', created_at: T0.toISOString(), email: `wang-${dialect}@example.com` })
        .returning('id')
        .executeTakeFirstOrThrow();
      editorId = editor.id;
    });
    after(async () => {
      await t.drop();
    });

    it('records revisions and lists them newest first with who saved them and a short summary', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      await recordRevision(t.db, { articleId, version: 1, savedBy: null, snapshot: snapshot(), now: T0 });
      await recordRevision(t.db, {
        articleId,
        version: 2,
        savedBy: editorId,
        snapshot: snapshot({ title: '市政府昨天正式宣布新政' }),
        now: minutesLater(5),
      });
      const list = await listRevisions(t.db, articleId);
      assert.deepEqual(list, [
        {
          version: 2,
          savedBy: { id: editorId, name: '王编辑' },
          savedAt: '2025-03-18T01:05:00.000Z',
          title: '市政府昨天正式宣布新政',
          characterCount: 14,
          summary: '市政府昨天正式宣布新政（14字）',
        },
        {
          version: 1,
          savedBy: null,
          savedAt: '2025-03-18T01:00:00.000Z',
          title: '市政府今天宣布新政',
          characterCount: 14,
          summary: '市政府今天宣布新政（14字）',
        },
      ]);
      assert.deepEqual(await listRevisions(t.db, articleId + 1000), []);
    });

    it('gets one revision with its snapshot exactly as saved', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      const saved = snapshot({
        subtitle: '副题',
        body: [
          { type: 'quote', text: '我们会尽快落实。', cite: '发言人' },
          { type: 'list', ordered: true, items: ['一', '二'] },
        ],
        seoTitle: '新政',
      });
      await recordRevision(t.db, { articleId, version: 1, savedBy: editorId, snapshot: saved, now: T0 });
      const revision = await getRevision(t.db, articleId, 1);
      assert.deepEqual(revision, {
        articleId,
        version: 1,
        savedBy: { id: editorId, name: '王编辑' },
        savedAt: '2025-03-18T01:00:00.000Z',
        snapshot: saved,
      });
      assert.equal(await getRevision(t.db, articleId, 2), undefined);
    });

    it('refuses a second revision with the same article and version (409), leaving the first', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      await recordRevision(t.db, { articleId, version: 1, savedBy: null, snapshot: snapshot(), now: T0 });
      await assert.rejects(
        recordRevision(t.db, { articleId, version: 1, savedBy: editorId, snapshot: snapshot({ title: '抢先保存' }), now: T0 }),
        (e: unknown) => {
          assert.ok(e instanceof AppError);
          assert.equal(e.status, 409);
          assert.equal(e.code, 'revision_exists');
          return true;
        },
      );
      assert.equal((await getRevision(t.db, articleId, 1))?.snapshot.title, '市政府今天宣布新政');
      // The same version number on another article is fine.
      const other = await createArticle(t.db, { status: 'draft' });
      await recordRevision(t.db, { articleId: other, version: 1, savedBy: null, snapshot: snapshot(), now: T0 });
    });

    it('a refused revision inside a transaction does not abort the transaction', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      await recordRevision(t.db, { articleId, version: 1, savedBy: null, snapshot: snapshot(), now: T0 });
      await t.db.transaction().execute(async (tx) => {
        await assert.rejects(recordRevision(tx, { articleId, version: 1, savedBy: null, snapshot: snapshot(), now: T0 }));
        await recordRevision(tx, { articleId, version: 2, savedBy: null, snapshot: snapshot(), now: T0 });
      });
      assert.deepEqual((await listRevisions(t.db, articleId)).map((r) => r.version), [2, 1]);
    });

    it('compares any two versions field by field, with a Chinese character diff', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      await recordRevision(t.db, { articleId, version: 1, savedBy: null, snapshot: snapshot(), now: T0 });
      await recordRevision(t.db, { articleId, version: 2, savedBy: editorId, snapshot: snapshot({ tags: ['政策', '民生'] }), now: minutesLater(1) });
      await recordRevision(t.db, {
        articleId,
        version: 3,
        savedBy: editorId,
        snapshot: snapshot({ title: '市政府昨天正式宣布新政', tags: ['民生'], editor: '王编辑' }),
        now: minutesLater(2),
      });

      const c = await compareRevisions(t.db, articleId, 1, 3);
      assert.deepEqual(c.from, { articleId, version: 1, savedBy: null, savedAt: '2025-03-18T01:00:00.000Z' });
      assert.equal(c.to.version, 3);
      assert.deepEqual(c.fields.changedFields, ['title', 'tags', 'editor']);
      assert.deepEqual(c.fields.title, [
        { op: 'equal', text: '市政府' },
        { op: 'delete', text: '今天' },
        { op: 'insert', text: '昨天正式' },
        { op: 'equal', text: '宣布新政' },
      ]);
      assert.deepEqual(c.fields.tags, { added: ['民生'], removed: ['政策'], reordered: false });
      assert.deepEqual(c.fields.editor, { before: '李华', after: '王编辑', changed: true });

      const backwards = await compareRevisions(t.db, articleId, 3, 2);
      assert.deepEqual(backwards.fields.tags, { added: ['政策'], removed: [], reordered: false });
      assert.deepEqual(backwards.fields.title, [
        { op: 'equal', text: '市政府' },
        { op: 'delete', text: '昨天正式' },
        { op: 'insert', text: '今天' },
        { op: 'equal', text: '宣布新政' },
      ]);

      await assert.rejects(compareRevisions(t.db, articleId, 1, 9), NotFoundError);
    });

    it('keeps surrogate pairs intact through storage and diff', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      await recordRevision(t.db, { articleId, version: 1, savedBy: null, snapshot: snapshot({ title: '吉野家开业' }), now: T0 });
      await recordRevision(t.db, { articleId, version: 2, savedBy: null, snapshot: snapshot({ title: '𠮷野家开业😀' }), now: T0 });
      assert.equal((await getRevision(t.db, articleId, 2))?.snapshot.title, '𠮷野家开业😀');
      const c = await compareRevisions(t.db, articleId, 1, 2);
      assert.deepEqual(c.fields.title, [
        { op: 'delete', text: '吉' },
        { op: 'insert', text: '𠮷' },
        { op: 'equal', text: '野家开业' },
        { op: 'insert', text: '😀' },
      ]);
    });

    it('hands back an old snapshot for restoring, leaving history as it was', async () => {
      const articleId = await createArticle(t.db, { status: 'draft' });
      const original = snapshot();
      await recordRevision(t.db, { articleId, version: 1, savedBy: null, snapshot: original, now: T0 });
      await recordRevision(t.db, { articleId, version: 2, savedBy: editorId, snapshot: snapshot({ title: '改坏的标题', body: [] }), now: T0 });
      const restored = await snapshotForRestore(t.db, articleId, 1);
      assert.deepEqual(restored, original);
      // The article service saves it as the next version; history only grows.
      await recordRevision(t.db, { articleId, version: 3, savedBy: editorId, snapshot: restored, now: minutesLater(3) });
      assert.deepEqual((await listRevisions(t.db, articleId)).map((r) => [r.version, r.title]), [
        [3, '市政府今天宣布新政'],
        [2, '改坏的标题'],
        [1, '市政府今天宣布新政'],
      ]);
      assert.deepEqual((await compareRevisions(t.db, articleId, 1, 3)).fields.changedFields, []);
      await assert.rejects(snapshotForRestore(t.db, articleId, 7), (e: unknown) => {
        assert.ok(e instanceof NotFoundError);
        assert.equal(e.publicMessage, '找不到这篇稿件的第 7 版');
        return true;
      });
    });
  });
}
