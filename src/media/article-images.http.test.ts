import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveArticle } from '../articles/article.service.js';
import type { BodyBlock } from '../articles/model.js';
import { adminClient, addTestStaff, errorCode, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { ValidationError } from '../platform/errors.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { uploadTestImage } from './media-api.testing.js';
import { smallImage } from './test-images.testing.js';

type Json = Record<string, unknown>;

const image = (mediaId: number, alt = '图片说明'): BodyBlock => ({ type: 'image', mediaId, alt, caption: null, credit: null });
const paragraph = (text: string): BodyBlock => ({ type: 'paragraph', text });

for (const dialect of TEST_DIALECTS) {
  describe(`image blocks must name an existing upload (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let reporter: TestSession;
    let goodId: number;

    const count = async (table: 'articles' | 'article_revisions' | 'media_usage') =>
      Number((await server.database.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);
    const snapshot = async () => ({ articles: await count('articles'), revisions: await count('article_revisions'), usage: await count('media_usage') });
    const details = (json: Json) => (json.error as { details?: string[] }).details ?? [];

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'reporter@images.test', name: '配图记者', role: 'reporter' });
      api = adminClient(server.url);
      reporter = await api.session('reporter@images.test');
      goodId = (await uploadTestImage(server, reporter, await smallImage('png', 64, 48))).media.id;
    });
    after(async () => {
      await server.close();
    });

    it('refuses a new draft whose image block names no upload, naming the block, and writes nothing', async () => {
      const before = await snapshot();
      const body = [paragraph('第一段。'), image(goodId), paragraph('第三段。'), image(999_999), image(2 ** 40)];
      const { status, json } = await api.call('POST', '/articles', { session: reporter, body: { title: '配图有误的稿件', section: 'china', body } });
      assert.equal(status, 400);
      assert.equal(errorCode(json), 'invalid_input');
      assert.match((json.error as Json).message as string, /图片不存在/);
      assert.deepEqual(details(json), ['body.3.mediaId: 图片 999999 不存在或已被删除', `body.4.mediaId: 图片 ${2 ** 40} 不存在或已被删除`]);
      assert.deepEqual(await snapshot(), before);
    });

    it('refuses an edit the same way and keeps the saved version', async () => {
      const created = await api.call('POST', '/articles', { session: reporter, body: { title: '配图正确的稿件', section: 'china', body: [paragraph('正文。'), image(goodId)] } });
      assert.equal(created.status, 201, JSON.stringify(created.json));
      const id = created.json.id as number;
      const before = await snapshot();
      const bad = await api.call('PATCH', `/articles/${id}`, { session: reporter, body: { version: 1, body: [image(424_242), paragraph('改过的正文。')] } });
      assert.equal(bad.status, 400);
      assert.deepEqual(details(bad.json), ['body.0.mediaId: 图片 424242 不存在或已被删除']);
      assert.deepEqual(await snapshot(), before);
      const current = await api.call('GET', `/articles/${id}`, { session: reporter });
      assert.equal(current.json.version, 1);
      assert.deepEqual((current.json.content as Json).body, [paragraph('正文。'), image(goodId)]);
    });

    it('refuses an import (saveArticle) with a missing upload, new or updating, and writes nothing', async () => {
      const before = await snapshot();
      const input = articleInput({ title: '导入的配图稿件', body: [paragraph('导入正文。'), image(31_337)] });
      await assert.rejects(
        saveArticle(server.database.db, input),
        (err: unknown) => err instanceof ValidationError && err.details.join() === 'body.1.mediaId: 图片 31337 不存在或已被删除',
      );
      assert.deepEqual(await snapshot(), before);

      const saved = await saveArticle(server.database.db, { ...input, body: [paragraph('导入正文。'), image(goodId)] });
      const again = await snapshot();
      await assert.rejects(saveArticle(server.database.db, { ...input, body: [image(31_337)] }), ValidationError);
      assert.deepEqual(await snapshot(), again);
      const row = await server.database.db.selectFrom('articles').select('body').where('id', '=', saved.id).executeTakeFirstOrThrow();
      assert.deepEqual(JSON.parse(row.body), [paragraph('导入正文。'), image(goodId)]);
    });

    it('refuses to restore a revision that shows an image deleted since, leaving the article as it was', async () => {
      const photo = (await uploadTestImage(server, reporter, await smallImage('png', 80, 48), '后来删掉的图片')).media;
      const created = await api.call('POST', '/articles', { session: reporter, body: { title: '图片后来被删除', section: 'china', body: [paragraph('第一版。'), image(photo.id)] } });
      const id = created.json.id as number;
      const edited = await api.call('PATCH', `/articles/${id}`, { session: reporter, body: { version: 1, body: [paragraph('第二版，不再用图。')] } });
      assert.equal(edited.status, 200, JSON.stringify(edited.json));
      assert.equal((await api.call('DELETE', `/media/${photo.id}`, { session: reporter })).status, 204);

      const before = await snapshot();
      const restored = await api.call('POST', `/articles/${id}/revisions/1/restore`, { session: reporter, body: { version: 2 } });
      assert.equal(restored.status, 400, JSON.stringify(restored.json));
      assert.deepEqual(details(restored.json), [`body.1.mediaId: 图片 ${photo.id} 不存在或已被删除`]);
      assert.deepEqual(await snapshot(), before);
      const current = await api.call('GET', `/articles/${id}`, { session: reporter });
      assert.equal(current.json.version, 2);
      assert.deepEqual((current.json.content as Json).body, [paragraph('第二版，不再用图。')]);
      // A revision whose images all exist still restores.
      assert.equal((await api.call('POST', `/articles/${id}/revisions/2/restore`, { session: reporter, body: { version: 2 } })).status, 200);
    });

    it('keeps media_usage to what current bodies show, so the database itself refuses deleting a used image', async () => {
      const photo = (await uploadTestImage(server, reporter, await smallImage('png', 96, 48), '外键保护的图片')).media;
      const { id } = await saveArticle(server.database.db, articleInput({ body: [image(photo.id), paragraph('正文。'), image(photo.id)] }));
      const usage = await server.database.db.selectFrom('media_usage').selectAll().where('article_id', '=', id).execute();
      assert.deepEqual(usage, [{ media_id: photo.id, article_id: id }]);
      // Even a delete that skipped the service's check could not leave the article pointing nowhere.
      await assert.rejects(server.database.db.deleteFrom('media').where('id', '=', photo.id).execute());
    });
  });
}
