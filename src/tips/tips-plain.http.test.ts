import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { promisify } from 'node:util';
import { addTestStaff, adminClient, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { addNewsroomKey, encryptReply, filesUnder, placesHolding, staffFetch } from './tips.testing.js';
import type { AdminTipDetail, AdminTipListResponse } from './tips-protocol.js';

const run = promisify(execFile);
const RECEIPT = /(\d{4} \d{4} \d{4} \d{4})/;

function form(fields: [string, string | { name: string; type: string; bytes: Uint8Array }][]): FormData {
  const data = new FormData();
  for (const [name, value] of fields) {
    if (typeof value === 'string') data.append(name, value);
    else data.append(name, new Blob([Buffer.from(value.bytes)], { type: value.type }), value.name);
  }
  return data;
}

for (const dialect of TEST_DIALECTS) {
  describe(`tips without JavaScript: plain forms, server-side encryption, Debian's age (${dialect})`, () => {
    let server: TestServer;
    let base: string;
    let newsroom: { identity: string; recipient: string };
    let editor: TestSession;
    let keyDir: string;
    let identityFile: string;
    let receipt = '';
    let tipId = 0;
    const marker = `XWPLAIN${randomBytes(8).toString('hex')}`;
    const fileMarker = `XWPLAINFILE${randomBytes(8).toString('hex')}`;
    const attachment = Buffer.from(`会议纪要（复印件）\n${fileMarker}\n${'第三季度预算被挪作他用。\n'.repeat(2000)}`);
    const photo = randomBytes(300 * 1024);

    before(async () => {
      server = await startTestServer(dialect);
      base = server.url;
      await setUpNewsroom(server.database.db);
      newsroom = await addNewsroomKey(server.database.db);
      await addTestStaff(server.database.db, { email: 'editor@plain.test', name: '孙编辑', role: 'editor' });
      await addTestStaff(server.database.db, { email: 'admin@plain.test', name: '冯主编', role: 'admin' });
      editor = await adminClient(base).session('editor@plain.test');
      keyDir = mkdtempSync(join(tmpdir(), 'xinwen-plain-key-'));
      identityFile = join(keyDir, 'identity.txt');
      writeFileSync(identityFile, `# public key: ${newsroom.recipient}\n${newsroom.identity}\n`, { mode: 0o600 });
    });
    after(async () => {
      await server.close();
      rmSync(keyDir, { recursive: true, force: true });
    });

    it('the tip page explains the limits and has a form that needs no JavaScript', async () => {
      const page = await (await fetch(`${base}/zh-hans/tips`)).text();
      assert.match(page, /<form[^>]*data-tip-form[^>]*method="post"[^>]*action="\/zh-hans\/tips"[^>]*enctype="multipart\/form-data"/);
      assert.match(page, /name="message"/);
      assert.match(page, /name="contact"/);
      assert.match(page, /type="file" name="attachments" multiple/);
      for (const warning of ['IP 地址', 'Tor 浏览器', '元数据', 'JavaScript', '较弱的方式', '服务器能看到原文']) assert.ok(page.includes(warning), warning);
      const hant = await (await fetch(`${base}/zh-hant/tips`)).text();
      assert.match(hant, /新聞線索/);
    });

    it('every article page ends with the call to the tip page of its edition', async () => {
      const id = await createArticle(server.database.db, { title: '河道清淤工程完工', publishedAt: '2025-03-20T08:05:00Z' });
      const hans = await (await fetch(`${base}/zh-hans/2025/03/20/${id}.html`)).text();
      assert.match(hans, /如果您有新闻线索或资料给本网，请进入<a href="\/zh-hans\/tips">新闻线索<\/a>/);
      const hant = await (await fetch(`${base}/zh-hant/2025/03/20/${id}.html`)).text();
      assert.match(hant, /如果您有新聞線索或資料給本網，請進入<a href="\/zh-hant\/tips">新聞線索<\/a>/);
    });

    it('a plain POST streams the attachments into age; the answer is the receipt; nothing at rest holds the markers', async () => {
      const response = await fetch(`${base}/zh-hans/tips`, {
        method: 'POST',
        body: form([
          ['message', `区里的学校翻修款去向不明。${marker}`],
          ['contact', `邮箱 ${marker}@example.org`],
          ['attachments', { name: '纪要.txt', type: 'text/plain', bytes: attachment }],
          ['attachments', { name: 'photo.jpg', type: 'image/jpeg', bytes: photo }],
        ]),
      });
      const page = await response.text();
      assert.equal(response.status, 200, page.slice(0, 500));
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.match(page, /线索已收到/);
      receipt = RECEIPT.exec(page)?.[1] ?? '';
      assert.ok(receipt, 'the page shows the receipt');
      assert.deepEqual(await placesHolding(server, marker), []);
      assert.deepEqual(await placesHolding(server, fileMarker), []);
      const list = (await (await staffFetch(base, editor, 'GET', '/tips')).json()) as AdminTipListResponse;
      assert.equal(list.total, 1);
      tipId = list.tips[0]?.id ?? 0;
      assert.equal(list.tips[0]?.itemCount, 3);
    });

    it('xinwen tips decrypt writes the message and the attachments under their names', async () => {
      const out = mkdtempSync(join(tmpdir(), 'xinwen-plain-out-'));
      try {
        const env = { ...process.env, DATABASE_URL: server.database.url, XINWEN_DATA_DIR: server.dataDir, LOG_LEVEL: 'warn' };
        const { stdout } = await run(process.execPath, ['bin/xinwen.js', 'tips', 'decrypt', '--identity', identityFile, '--out', out], { env });
        assert.match(stdout, /Decrypted 4 file\(s\) of 1 tip\(s\)/);
        const dir = join(out, `tip-${tipId}`);
        assert.match(readFileSync(join(dir, 'message.txt'), 'utf8'), new RegExp(marker));
        const payload = JSON.parse(readFileSync(join(dir, 'message.json'), 'utf8')) as { files: { name: string; size: number }[]; contact: string };
        assert.deepEqual(payload.files.map((f) => [f.name, f.size]), [['纪要.txt', attachment.length], ['photo.jpg', photo.length]]);
        assert.ok(readFileSync(join(dir, '纪要.txt')).equals(attachment));
        assert.ok(readFileSync(join(dir, 'photo.jpg')).equals(photo));
      } finally {
        rmSync(out, { recursive: true, force: true });
      }
    });

    it("Debian's age -d -i reads a stored item", async () => {
      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      const first = detail.items.find((i) => i.kind === 'file');
      const cipher = Buffer.from(await (await staffFetch(base, editor, 'GET', `/tips/${tipId}/items/${first?.id}`)).arrayBuffer());
      const file = join(keyDir, 'item.age');
      writeFileSync(file, cipher);
      const { stdout } = await run('age', ['-d', '-i', identityFile, file], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 });
      assert.ok(stdout.equals(attachment));
      // The chunk as it lies in the file store is the same age file.
      const row = await server.database.db.selectFrom('tip_items').select('file_key').where('id', '=', first?.id ?? 0).executeTakeFirstOrThrow();
      const stored = join(server.dataDir, 'tips', row.file_key, '0');
      assert.ok((await run('age', ['-d', '-i', identityFile, stored], { encoding: 'buffer', maxBuffer: 64 * 1024 * 1024 })).stdout.equals(attachment));
    });

    it('the receipt page opens the tip on the server and shows the replies; a wrong receipt is a Chinese 404 that says nothing', async () => {
      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      const replyText = `请问翻修款的合同编号是多少？${randomBytes(3).toString('hex')}`;
      assert.equal((await staffFetch(base, editor, 'POST', `/tips/${tipId}/replies`, await encryptReply(detail.readerRecipient, detail.newsroomRecipients, replyText))).status, 201);
      const open = (edition: string, value: string) =>
        fetch(`${base}/${edition}/tips/receipt`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams({ receipt: value }) });
      const response = await open('zh-hans', receipt.replace(/ /g, '-'));
      const page = await response.text();
      assert.equal(response.status, 200, page.slice(0, 400));
      assert.equal(response.headers.get('cache-control'), 'no-store');
      assert.ok(page.includes(replyText), 'the reply, decrypted with the tip identity unlocked by the receipt');
      assert.match(page, /状态：新线索/);
      const hant = await (await open('zh-hant', receipt)).text();
      assert.match(hant, /狀態：新線索/);

      const wrong = await open('zh-hans', '1234 5678 9012 3456');
      assert.equal(wrong.status, 404);
      assert.match(await wrong.text(), /回执码不正确，或这条线索已按保存期限删除/);
      const malformed = await open('zh-hans', '12345');
      assert.equal(malformed.status, 400);
      assert.match(await malformed.text(), /回执码应为 16 位数字/);
    });

    it('the plain follow-up form adds a second submission to the same tip', async () => {
      const response = await fetch(`${base}/zh-hans/tips/receipt/more`, {
        method: 'POST',
        body: form([
          ['receipt', receipt],
          ['message', `合同编号在附件里。${marker}`],
          ['attachments', { name: '合同.txt', type: 'text/plain', bytes: Buffer.from(`HT-2025-118 ${fileMarker}`) }],
        ]),
      });
      const page = await response.text();
      assert.equal(response.status, 200, page.slice(0, 400));
      assert.match(page, /补充材料已加密发送（含 1 个附件）/);
      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      assert.deepEqual(detail.items.filter((i) => i.batch === 2).map((i) => i.kind), ['file', 'message']);
      assert.deepEqual(await placesHolding(server, marker), []);
      assert.deepEqual(await placesHolding(server, fileMarker), []);
    });

    it('past the total limit the upload is aborted with a Chinese 413 and nothing of it stays', async () => {
      const admin = await adminClient(base).session('admin@plain.test');
      await staffFetch(base, admin, 'PUT', '/tips/settings', { inboxRoles: ['editor'], retentionDays: 90, maxTotalBytes: 1024 * 1024 });
      const tipsBefore = await server.database.db.selectFrom('tips').select('id').execute();
      const filesBefore = filesUnder(server.dataDir).length;
      const response = await fetch(`${base}/zh-hans/tips`, {
        method: 'POST',
        body: form([
          ['message', '附件太大'],
          ['attachments', { name: 'big.bin', type: 'application/octet-stream', bytes: randomBytes(3 * 1024 * 1024) }],
        ]),
      });
      assert.equal(response.status, 413);
      assert.match(await response.text(), /超过了 1 MB 的总上限/);
      assert.deepEqual(await server.database.db.selectFrom('tips').select('id').execute(), tipsBefore);
      assert.equal(filesUnder(server.dataDir).length, filesBefore);
      const empty = await fetch(`${base}/zh-hans/tips`, { method: 'POST', body: form([['message', '  ']]) });
      assert.equal(empty.status, 400);
      assert.match(await empty.text(), /请写下您要告诉我们的事/);
      await staffFetch(base, admin, 'PUT', '/tips/settings', { inboxRoles: ['editor'], retentionDays: 90, maxTotalBytes: 200 * 1024 * 1024 });
    });
  });
}
