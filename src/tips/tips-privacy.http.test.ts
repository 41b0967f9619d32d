import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { addNewsroomKey, sendTipAsBrowser } from './tips.testing.js';

for (const dialect of TEST_DIALECTS) {
  describe(`tip routes leave no trace in the logs (${dialect})`, () => {
    let server: TestServer;
    const lines: string[] = [];
    const ip = '203.0.113.77';
    const agent = `XWAgent/${randomBytes(6).toString('hex')}`;
    const referer = `https://referrer.example/${randomBytes(6).toString('hex')}`;
    const headers = { 'x-forwarded-for': ip, 'user-agent': agent, referer };

    before(async () => {
      // debug: Fastify logs every request and response, as a newsroom debugging a problem would run it.
      server = await startTestServer(dialect, { env: { LOG_LEVEL: 'debug' }, adapters: { logStream: { write: (line) => void lines.push(line) } } });
      await setUpNewsroom(server.database.db);
      await addNewsroomKey(server.database.db);
    });
    after(() => server.close());

    it('logs tip requests by method and route only: no address, user agent, referrer, upload id or receipt', async () => {
      const started = (await (await fetch(`${server.url}/api/tips`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{}' })).json()) as {
        uploadId: string;
        receipt: string;
      };
      const uploadId = started.uploadId;
      await fetch(`${server.url}/api/tips/uploads/${uploadId}/items`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: '{"kind":"message"}' });
      await fetch(`${server.url}/api/tips/uploads/${uploadId}/items/1/chunks/0`, { method: 'PUT', headers: { ...headers, 'content-type': 'application/octet-stream' }, body: 'not age' });
      await fetch(`${server.url}/api/tips/status`, { method: 'POST', headers: { ...headers, 'content-type': 'application/json' }, body: JSON.stringify({ receipt: started.receipt }) });
      await fetch(`${server.url}/zh-hans/tips`, { headers });
      await fetch(`${server.url}/tips`, { headers, redirect: 'manual' });
      await fetch(`${server.url}/zh-hant/tips/receipt`, { method: 'POST', headers: { ...headers, 'content-type': 'application/x-www-form-urlencoded' }, body: 'receipt=1234123412341234' });
      await fetch(`${server.url}/api/admin/tips`, { headers });
      const form = new FormData();
      form.append('message', '测试');
      await fetch(`${server.url}/zh-hans/tips`, { method: 'POST', headers, body: form });

      const tipLines = lines.filter((l) => /"route":"[^"]*tips/.test(l));
      assert.ok(tipLines.length >= 8, `tip requests are logged (by route): ${tipLines.length}`);
      const log = lines.join('');
      for (const secret of [ip, agent, referer, uploadId, started.receipt, started.receipt.replace(/ /g, '')]) {
        assert.ok(!log.includes(secret), `the log holds ${secret}`);
      }
      assert.ok(!log.includes('remoteAddress') || !tipLines.some((l) => l.includes('remoteAddress')));

      // The same headers on an ordinary page are logged as usual: the check above can fail.
      await fetch(`${server.url}/zh-hans/`, { headers });
      assert.ok(lines.join('').includes(ip), 'other routes still log the address');
    });
  });

  describe(`tip rate limits count the whole site, never a person (${dialect})`, () => {
    let server: TestServer;

    before(async () => {
      server = await startTestServer(dialect, { adapters: { tipBudget: { startsPerMinute: 2 } } });
      await setUpNewsroom(server.database.db);
      await addNewsroomKey(server.database.db);
    });
    after(() => server.close());

    it('past the budget, new tips get a Chinese 429 with Retry-After, on the API and the plain form alike', async () => {
      await sendTipAsBrowser(server.url, { message: '一' });
      await sendTipAsBrowser(server.url, { message: '二' });
      const api = await fetch(`${server.url}/api/tips`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-forwarded-for': '198.51.100.9' }, body: '{}' });
      assert.equal(api.status, 429);
      assert.ok(Number(api.headers.get('retry-after')) > 0);
      const body = (await api.json()) as { error: { code: string; message: string } };
      assert.equal(body.error.code, 'tips_busy');
      assert.match(body.error.message, /只限制整个网站接收线索的总量|只限制全站的总流量/);
      const form = new FormData();
      form.append('message', '三');
      const page = await fetch(`${server.url}/zh-hans/tips`, { method: 'POST', body: form });
      assert.equal(page.status, 429);
      assert.match(await page.text(), /线索通道此刻太繁忙/);
      const rows = await server.database.db.selectFrom('tips').select('id').execute();
      assert.equal(rows.length, 2, 'a refused tip stores nothing');
    });
  });
}
