import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, addTestStaff, errorCode, errorMessage, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { storedMediaFiles, uploadTestImage } from './media-api.testing.js';
import type { Media } from './model.js';
import { smallImage } from './test-images.testing.js';

type Json = Record<string, unknown>;
type AuditEntry = { actorId: number | null; action: string; subjectType: string; subjectId: string | null; details: Json };

for (const dialect of TEST_DIALECTS) {
  describe(`media library: dedupe, delete, audit, list (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let reporter: TestSession;
    let reporterId: number;
    let admin: TestSession;
    // Every image of this suite differs in size, so no two tests share bytes by accident.
    let size = 40;
    const freshImage = () => smallImage('png', (size += 3), 30);

    const mediaRows = async () => Number((await server.database.db.selectFrom('media').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const audit = async (subjectId: number): Promise<AuditEntry[]> => {
      const { json } = await api.call('GET', '/audit?limit=200', { session: admin });
      return (json.entries as AuditEntry[]).filter((e) => e.subjectType === 'media' && e.subjectId === String(subjectId)).reverse();
    };
    const articleWithImage = async (media: Media, title: string) => {
      const body = [
        { type: 'paragraph', text: '正文第一段。' },
        { type: 'image', mediaId: media.id, alt: '稿件里的说明', caption: null, credit: null },
      ];
      const created = await api.call('POST', '/articles', { session: reporter, body: { title, section: 'china', body } });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      return created.json as { id: number; version: number };
    };

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      reporterId = (await addTestStaff(db, { email: 'reporter@library.test', name: '图片记者', role: 'reporter' })).id;
      await addTestStaff(db, { email: 'other@library.test', name: '另一位记者', role: 'reporter' });
      await addTestStaff(db, { email: 'editor@library.test', name: '图片编辑', role: 'editor' });
      await addTestStaff(db, { email: 'admin@library.test', name: '总编辑', role: 'admin' });
      api = adminClient(server.url);
      reporter = await api.session('reporter@library.test');
      admin = await api.session('admin@library.test');
    });
    after(async () => {
      await server.close();
    });

    it('answers identical bytes with the existing record, stores nothing new, and audits both uploads', async () => {
      const data = await freshImage();
      const first = await uploadTestImage(server, reporter, data, '第一次上传');
      assert.equal(first.status, 201, JSON.stringify(first.json));
      assert.equal(first.media.deduplicated, false);
      const filesAfterFirst = storedMediaFiles(server);
      const rowsAfterFirst = await mediaRows();

      const other = await api.session('other@library.test');
      const second = await uploadTestImage(server, other, data, '第二次上传');
      assert.equal(second.status, 200, JSON.stringify(second.json));
      assert.equal(second.media.deduplicated, true);
      assert.equal(second.media.id, first.media.id);
      assert.deepEqual(second.media.variants, first.media.variants);
      assert.equal(second.media.alt, '第一次上传', 'the stored text is not replaced by a duplicate upload');
      assert.deepEqual(storedMediaFiles(server), filesAfterFirst);
      assert.equal(await mediaRows(), rowsAfterFirst);

      const entries = await audit(first.media.id);
      assert.deepEqual(
        entries.map((e) => [e.action, e.actorId === reporterId, e.details.deduplicated]),
        [
          ['media.upload', true, false],
          ['media.upload', false, true],
        ],
      );
      assert.equal(entries[0]?.details.sha256, first.media.sha256);
    });

    it('makes one row of identical uploads sent at the same time, and leaves only its files', async () => {
      const data = await freshImage();
      const filesBefore = storedMediaFiles(server).length;
      const rowsBefore = await mediaRows();
      const answers = await Promise.all(Array.from({ length: 4 }, () => uploadTestImage(server, reporter, data)));
      for (const answer of answers) assert.ok(answer.status === 200 || answer.status === 201, JSON.stringify(answer.json));
      assert.equal(new Set(answers.map((a) => a.media.id)).size, 1, 'every answer names the same upload');
      assert.equal(answers.filter((a) => !a.media.deduplicated).length, 1, 'exactly one upload stored the image');
      assert.equal(await mediaRows(), rowsBefore + 1);
      const variants = (answers[0] as (typeof answers)[number]).media.variants;
      assert.equal(storedMediaFiles(server).length, filesBefore + variants.length, 'the losers removed their files');
      for (const v of variants) assert.ok(storedMediaFiles(server).includes(v.key), v.key);
    });

    it('refuses to delete an image an article shows (409 with the articles), and deletes it with its files once it is not', async () => {
      const { media } = await uploadTestImage(server, reporter, await freshImage(), '河边的救援队');
      const first = await articleWithImage(media, '河堤加固工作持续进行');
      const second = await articleWithImage(media, '救援队连夜转移群众');

      const refused = await api.call('DELETE', `/media/${media.id}`, { session: reporter });
      assert.equal(refused.status, 409);
      assert.equal(errorCode(refused.json), 'media_in_use');
      assert.match(errorMessage(refused.json) ?? '', /2 篇稿件/);
      assert.deepEqual((refused.json.error as Json).articles, [
        { id: second.id, title: '救援队连夜转移群众' },
        { id: first.id, title: '河堤加固工作持续进行' },
      ]);
      for (const v of media.variants) assert.ok(storedMediaFiles(server).includes(v.key));

      // Removing the image from one article is not enough; from both, it is.
      const edit = async (article: { id: number; version: number }) => {
        const saved = await api.call('PATCH', `/articles/${article.id}`, { session: reporter, body: { version: article.version, body: [{ type: 'paragraph', text: '图片已撤下。' }] } });
        assert.equal(saved.status, 200, JSON.stringify(saved.json));
      };
      await edit(first);
      const stillUsed = await api.call('DELETE', `/media/${media.id}`, { session: reporter });
      assert.equal(stillUsed.status, 409);
      assert.deepEqual((stillUsed.json.error as Json).articles, [{ id: second.id, title: '救援队连夜转移群众' }]);
      await edit(second);

      const deleted = await api.call('DELETE', `/media/${media.id}`, { session: reporter });
      assert.equal(deleted.status, 204, JSON.stringify(deleted.json));
      for (const v of media.variants) {
        assert.equal(storedMediaFiles(server).includes(v.key), false, `${v.key} is removed`);
        assert.equal((await fetch(`${server.url}/media/${v.key}`)).status, 404);
      }
      assert.equal((await api.call('GET', `/media/${media.id}`, { session: reporter })).status, 404);
      assert.equal((await api.call('DELETE', `/media/${media.id}`, { session: reporter })).status, 404);

      const entries = await audit(media.id);
      assert.deepEqual(
        entries.map((e) => e.action),
        ['media.upload', 'media.delete'],
      );
      const deletion = entries[1] as AuditEntry;
      assert.equal(deletion.actorId, reporterId);
      assert.deepEqual(deletion.details.files, media.variants.map((v) => v.key));
    });

    it('lets the uploader, editors and admins delete, and no other reporter', async () => {
      const other = await api.session('other@library.test');
      const editor = await api.session('editor@library.test');
      const mine = async () => (await uploadTestImage(server, reporter, await freshImage())).media;

      const a = await mine();
      const forbidden = await api.call('DELETE', `/media/${a.id}`, { session: other });
      assert.equal(forbidden.status, 403);
      assert.match(errorMessage(forbidden.json) ?? '', /上传者、编辑或管理员/);
      assert.equal((await api.call('GET', `/media/${a.id}`, { session: reporter })).status, 200, 'a refused delete deletes nothing');
      assert.equal((await audit(a.id)).filter((e) => e.action === 'media.delete').length, 0);
      assert.equal((await api.call('DELETE', `/media/${a.id}`, { session: editor })).status, 204);
      assert.equal((await api.call('DELETE', `/media/${(await mine()).id}`, { session: admin })).status, 204);
      assert.equal((await api.call('DELETE', `/media/${(await mine()).id}`, { session: reporter })).status, 204);
    });

    it('lists uploads newest first with how many articles show each, 40 a page', async () => {
      const old = (await uploadTestImage(server, reporter, await freshImage(), '较早的图片')).media;
      const used = (await uploadTestImage(server, reporter, await freshImage(), '被两篇稿件使用')).media;
      await articleWithImage(used, '第一篇用图的稿件');
      await articleWithImage(used, '第二篇用图的稿件');
      await articleWithImage(old, '用较早图片的稿件');

      const { status, json } = await api.call('GET', '/media', { session: reporter });
      assert.equal(status, 200);
      const items = json.items as (Media & { usageCount: number })[];
      assert.deepEqual(
        items.slice(0, 2).map((m) => [m.id, m.alt, m.usageCount]),
        [
          [used.id, '被两篇稿件使用', 2],
          [old.id, '较早的图片', 1],
        ],
      );
      assert.ok(items.slice(2).every((m) => typeof m.usageCount === 'number' && Array.isArray(m.variants)));
      assert.equal(json.total, await mediaRows());
      assert.deepEqual([json.page, json.pageSize], [1, 40]);

      const beyond = await api.call('GET', '/media?page=2', { session: reporter });
      assert.deepEqual(beyond.json.items, []);
      assert.equal((await api.call('GET', '/media?page=0', { session: reporter })).status, 400);
      const anonymous = await api.call('GET', '/media');
      assert.equal(anonymous.status, 401);
    });
  });
}
