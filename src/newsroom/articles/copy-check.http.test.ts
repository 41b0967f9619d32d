import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { listAudit } from '../audit/audit.service.js';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, type TestSession } from '../auth/admin-api.testing.js';

const CASINO_TEXT = '图书馆今天开放。百家乐在线开户，首充返水，注册送彩金，加微信 abc8888 稳赚不赔。';

for (const dialect of TEST_DIALECTS) {
  describe(`spam check of newsroom copy (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let reporter: TestSession;

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'reporter@x.test', name: '本地记者', role: 'reporter' });
      api = adminClient(server.url);
      reporter = await api.session('reporter@x.test');
    });
    after(() => server.close());

    const alerts = async () => (await listAudit(server.database.db)).filter((a) => a.action === 'spam.edit_alert');

    it('answers clean copy without a warning and records no alert', async () => {
      const { status, json } = await api.call('POST', '/articles', { session: reporter, body: { title: '社区图书馆今日开放', text: '馆内藏书两万册，周末开放到晚上八点。' } });
      assert.equal(status, 201);
      assert.equal(json.copyWarning, null);
      assert.equal((await alerts()).length, 0);
    });

    it('warns on a save that carries gambling spam, keeps the save, and leaves an alert; GET shows it too', async () => {
      const created = await api.call('POST', '/articles', { session: reporter, body: { title: '社区图书馆今日开放', text: '馆内藏书两万册。' } });
      const id = created.json.id as number;
      const patched = await api.call('PATCH', `/articles/${id}`, { session: reporter, body: { version: created.json.version, text: CASINO_TEXT } });
      assert.equal(patched.status, 200);
      assert.equal(patched.json.version, 2);
      assert.match(String(patched.json.copyWarning), /^疑似博彩或垃圾内容/);
      const recorded = await alerts();
      assert.equal(recorded.length, 1);
      assert.equal(String(recorded[0]?.subjectId), String(id));

      const read = await api.call('GET', `/articles/${id}`, { session: reporter });
      assert.match(String(read.json.copyWarning), /^疑似博彩或垃圾内容/);
      assert.equal((await alerts()).length, 1, 'reading never records an alert');
    });
  });
}
