import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { addTestStaff, adminClient, errorCode, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { filesUnder, addNewsroomKey, ageDecrypt, encryptReply, placesHolding, sendTipAsBrowser, staffFetch } from './tips.testing.js';
import type { AdminTipDetail, AdminTipListResponse, TipMessagePayload, TipStatusResponse } from './tips-protocol.js';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

for (const dialect of TEST_DIALECTS) {
  describe(`tips API: the JavaScript path, receipts and the inbox (${dialect})`, () => {
    let server: TestServer;
    let base: string;
    let newsroom: { identity: string; recipient: string };
    let editor: TestSession;
    let editorId: number;
    const marker = `XWJS${randomBytes(8).toString('hex')}`;
    const fileMarker = `XWJSFILE${randomBytes(8).toString('hex')}`;
    // Over one 4 MiB chunk, so the file is uploaded in two.
    const bigFile = Buffer.concat([Buffer.from(`${fileMarker}\n`), randomBytes(5 * 1024 * 1024), Buffer.from(fileMarker)]);
    let receipt = '';
    let tipId = 0;

    before(async () => {
      server = await startTestServer(dialect);
      base = server.url;
      const { db } = server.database;
      await setUpNewsroom(db);
      newsroom = await addNewsroomKey(db);
      editorId = (await addTestStaff(db, { email: 'editor@tips.test', name: '周编辑', role: 'editor' })).id;
      await addTestStaff(db, { email: 'reporter@tips.test', name: '吴记者', role: 'reporter' });
      await addTestStaff(db, { email: 'admin@tips.test', name: '郑主编', role: 'admin' });
      await addTestStaff(db, { email: 'mod@tips.test', name: '钱审核', role: 'moderator' });
      editor = await adminClient(base).session('editor@tips.test');
    });
    after(() => server.close());

    it('sends a tip in encrypted chunks; neither the database nor the data dir holds the marker', async () => {
      const sent = await sendTipAsBrowser(base, {
        message: `港口仓库有走私冷冻肉的账本。${marker}`,
        contact: `signal: ${marker}`,
        files: [{ name: '账本.bin', type: 'application/octet-stream', bytes: bigFile }],
      });
      receipt = sent.receipt;
      assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
      assert.deepEqual(await placesHolding(server, marker), []);
      assert.deepEqual(await placesHolding(server, fileMarker), []);
      assert.ok(filesUnder(server.dataDir).length >= 3, 'the ciphertext is in the file store');
    });

    it('the inbox lists it without any address, and an editor decrypts message and file with the newsroom identity', async () => {
      const list = await staffFetch(base, editor, 'GET', '/tips');
      assert.equal(list.status, 200);
      assert.equal(list.headers.get('cache-control'), 'no-store');
      const body = (await list.json()) as AdminTipListResponse;
      assert.equal(body.total, 1);
      const [tip] = body.tips;
      assert.ok(tip);
      tipId = tip.id;
      assert.equal(tip.status, 'new');
      assert.equal(tip.itemCount, 2);
      assert.ok(tip.totalBytes > bigFile.length);
      assert.deepEqual(Object.keys(tip).sort(), ['assignee', 'createdAt', 'id', 'itemCount', 'status', 'totalBytes', 'updatedAt']);

      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      assert.deepEqual(detail.newsroomRecipients, [newsroom.recipient]);
      const [messageItem, fileItem] = detail.items;
      assert.equal(messageItem?.kind, 'message');
      assert.equal(fileItem?.kind, 'file');
      assert.equal(fileItem?.batch, 1);
      const messageCipher = new Uint8Array(await (await staffFetch(base, editor, 'GET', `/tips/${tipId}/items/${messageItem?.id}`)).arrayBuffer());
      const payload = JSON.parse(text(await ageDecrypt(messageCipher, { identities: [newsroom.identity] }))) as TipMessagePayload;
      assert.ok(payload.message.endsWith(marker));
      assert.deepEqual(payload.files, [{ name: '账本.bin', type: 'application/octet-stream', size: bigFile.length }]);
      const fileCipher = new Uint8Array(await (await staffFetch(base, editor, 'GET', `/tips/${tipId}/items/${fileItem?.id}`)).arrayBuffer());
      assert.ok(Buffer.from(await ageDecrypt(fileCipher, { identities: [newsroom.identity] })).equals(bigFile));
    });

    it('the receipt holder reads a reply encrypted to the tip and the newsroom; a wrong receipt learns nothing', async () => {
      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      const replyText = `谢谢，我们想再了解账本的来源。${randomBytes(3).toString('hex')}`;
      const onlyNewsroom = await encryptReply(newsroom.recipient, [], 'x');
      const refused = await staffFetch(base, editor, 'POST', `/tips/${tipId}/replies`, onlyNewsroom);
      assert.equal(refused.status, 400, 'a reply the source could not read is refused');
      const posted = await staffFetch(base, editor, 'POST', `/tips/${tipId}/replies`, await encryptReply(detail.readerRecipient, detail.newsroomRecipients, replyText));
      assert.equal(posted.status, 201, await posted.clone().text());

      const status = await fetch(`${base}/api/tips/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
      assert.equal(status.status, 200);
      assert.equal(status.headers.get('referrer-policy'), 'no-referrer');
      const body = (await status.json()) as TipStatusResponse;
      assert.equal(body.status, 'new');
      assert.equal(body.replies.length, 1);
      const identity = text(await ageDecrypt(Buffer.from(body.lockedIdentity, 'base64'), { passphrase: receipt.replace(/ /g, '') }));
      assert.match(identity, /^AGE-SECRET-KEY-1/);
      const cipher = await fetch(`${base}${body.replies[0]?.url}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
      assert.equal(cipher.status, 200);
      const bytes = new Uint8Array(await cipher.arrayBuffer());
      assert.equal(JSON.parse(text(await ageDecrypt(bytes, { identities: [identity] }))).message, replyText);
      assert.equal(JSON.parse(text(await ageDecrypt(bytes, { identities: [newsroom.identity] }))).message, replyText, 'the newsroom reads its own reply');

      // The source's own message is NOT readable with the receipt's identity.
      const messageItem = detail.items.find((i) => i.kind === 'message');
      const messageCipher = new Uint8Array(await (await staffFetch(base, editor, 'GET', `/tips/${tipId}/items/${messageItem?.id}`)).arrayBuffer());
      await assert.rejects(ageDecrypt(messageCipher, { identities: [identity] }));

      const digits = receipt.replace(/ /g, '');
      const wrong = `${digits.slice(0, 15)}${(Number(digits[15]) + 1) % 10}`;
      for (const attempt of [wrong, '0000 0000 0000 0000']) {
        const answer = await fetch(`${base}/api/tips/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt: attempt }) });
        assert.equal(answer.status, 404);
        const json = (await answer.json()) as { error: { code: string; message: string } };
        assert.equal(json.error.code, 'receipt_not_found');
        assert.match(json.error.message, /回执码不正确/);
      }
    });

    it('a follow-up with the receipt joins the same tip as batch 2', async () => {
      await sendTipAsBrowser(base, { message: `补充：账本第二册。${marker}` }, { receipt });
      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      const followUp = detail.items.filter((i) => i.author === 'source' && i.batch === 2);
      assert.equal(followUp.length, 1);
      const cipher = new Uint8Array(await (await staffFetch(base, editor, 'GET', `/tips/${tipId}/items/${followUp[0]?.id}`)).arrayBuffer());
      assert.match(JSON.parse(text(await ageDecrypt(cipher, { identities: [newsroom.identity] }))).message, /账本第二册/);
      assert.deepEqual(await placesHolding(server, marker), []);
    });

    it('the protocol refuses plaintext, chunks out of order, and an unfinished upload stays invisible', async () => {
      const start = (await (await fetch(`${base}/api/tips`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { uploadId: string };
      const fileFirst = await fetch(`${base}/api/tips/uploads/${start.uploadId}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'file' }) });
      assert.equal(fileFirst.status, 409);
      const item = (await (await fetch(`${base}/api/tips/uploads/${start.uploadId}/items`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ kind: 'message' }) })).json()) as { itemId: number };
      const put = (index: number, body: Uint8Array) =>
        fetch(`${base}/api/tips/uploads/${start.uploadId}/items/${item.itemId}/chunks/${index}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: Buffer.from(body) });
      const plain = await put(0, Buffer.from('这是没有加密的原文'));
      assert.equal(plain.status, 400);
      const cipher = await encryptReply(newsroom.recipient, [], 'x');
      const skipped = await put(1, cipher);
      assert.equal(skipped.status, 409);
      assert.equal(((await skipped.json()) as { error: { expectedIndex: number } }).error.expectedIndex, 0);
      assert.equal((await put(0, cipher)).status, 200);
      assert.equal((await put(0, cipher)).status, 409, 'the same chunk twice');
      const list = (await (await staffFetch(base, editor, 'GET', '/tips')).json()) as AdminTipListResponse;
      assert.equal(list.total, 1, 'the unfinished tip is not in the inbox');
    });

    it('the inbox is for editors and admins by default; admins may open it to other roles; tokens never', async () => {
      const client = adminClient(base);
      const reporter = await client.session('reporter@tips.test');
      const moderator = await client.session('mod@tips.test');
      const admin = await client.session('admin@tips.test');
      assert.equal((await staffFetch(base, reporter, 'GET', '/tips')).status, 403);
      assert.equal((await staffFetch(base, moderator, 'GET', `/tips/${tipId}`)).status, 403);
      assert.equal((await fetch(`${base}/api/admin/tips`)).status, 401);
      assert.equal((await staffFetch(base, admin, 'GET', '/tips')).status, 200);
      assert.equal((await staffFetch(base, editor, 'PUT', '/tips/settings', { inboxRoles: ['editor', 'reporter'], retentionDays: 90, maxTotalBytes: 200 * 1024 * 1024 })).status, 403);
      const changed = await staffFetch(base, admin, 'PUT', '/tips/settings', { inboxRoles: ['editor', 'reporter'], retentionDays: 90, maxTotalBytes: 200 * 1024 * 1024 });
      assert.equal(changed.status, 200);
      assert.deepEqual(((await changed.json()) as { inboxRoles: string[] }).inboxRoles.sort(), ['admin', 'editor', 'reporter']);
      assert.equal((await staffFetch(base, reporter, 'GET', '/tips')).status, 200);
      await staffFetch(base, admin, 'PUT', '/tips/settings', { inboxRoles: ['editor'], retentionDays: 90, maxTotalBytes: 200 * 1024 * 1024 });
      assert.equal((await staffFetch(base, reporter, 'GET', '/tips')).status, 403);

      const token = await client.call('POST', '/tokens', { session: admin, body: { name: 'tips-test', scopes: ['articles:read'] } });
      const secret = (token.json as { token?: string }).token;
      assert.ok(secret, JSON.stringify(token.json));
      const withToken = await fetch(`${base}/api/admin/tips`, { headers: { authorization: `Bearer ${secret}` } });
      assert.equal(withToken.status, 403);
      assert.equal(errorCode((await withToken.json()) as Record<string, unknown>), 'session_required');
    });

    it('triage sets status and assignee; the list filters by status', async () => {
      const patched = await staffFetch(base, editor, 'PATCH', `/tips/${tipId}`, { status: 'in_progress', assigneeId: editorId });
      assert.equal(patched.status, 200);
      const detail = (await patched.json()) as AdminTipDetail;
      assert.equal(detail.status, 'in_progress');
      assert.deepEqual(detail.assignee, { id: editorId, name: '周编辑' });
      assert.equal((await staffFetch(base, editor, 'PATCH', `/tips/${tipId}`, { status: 'uploading' })).status, 400);
      assert.equal((await staffFetch(base, editor, 'PATCH', `/tips/${tipId}`, { assigneeId: 999999 })).status, 400);
      const inProgress = (await (await staffFetch(base, editor, 'GET', '/tips?status=in_progress')).json()) as AdminTipListResponse;
      assert.deepEqual(inProgress.tips.map((t) => t.id), [tipId]);
      const fresh = (await (await staffFetch(base, editor, 'GET', '/tips?status=new')).json()) as AdminTipListResponse;
      assert.equal(fresh.total, 0);
      assert.equal((await staffFetch(base, editor, 'PATCH', `/tips/${tipId}`, { assigneeId: null })).status, 200);
    });

    it('the total limit refuses a tip past it with 413, and deleting a tip removes its files', async () => {
      const admin = await adminClient(base).session('admin@tips.test');
      await staffFetch(base, admin, 'PUT', '/tips/settings', { inboxRoles: ['editor'], retentionDays: 90, maxTotalBytes: 1024 * 1024 });
      await assert.rejects(sendTipAsBrowser(base, { message: '太大', files: [{ name: 'a.bin', type: '', bytes: randomBytes(2 * 1024 * 1024) }] }), /413/);
      await staffFetch(base, admin, 'PUT', '/tips/settings', { inboxRoles: ['editor'], retentionDays: 90, maxTotalBytes: 200 * 1024 * 1024 });

      const detail = (await (await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).json()) as AdminTipDetail;
      const before = filesUnder(server.dataDir).length;
      const deleted = await staffFetch(base, editor, 'DELETE', `/tips/${tipId}`);
      assert.equal(deleted.status, 204);
      assert.equal(filesUnder(server.dataDir).length, before - detail.items.length - 1, 'every chunk of every item is gone (the file was two chunks)');
      assert.equal((await staffFetch(base, editor, 'GET', `/tips/${tipId}`)).status, 404);
      const status = await fetch(`${base}/api/tips/status`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ receipt }) });
      assert.equal(status.status, 404);
    });

    it('tip routes answer no-store, no-referrer and a CSP without third parties', async () => {
      for (const path of ['/api/tips/config', '/zh-hans/tips', '/zh-hant/tips/receipt']) {
        const response = await fetch(`${base}${path}`);
        assert.equal(response.status, 200, path);
        assert.equal(response.headers.get('cache-control'), 'no-store', path);
        assert.equal(response.headers.get('referrer-policy'), 'no-referrer', path);
        const csp = response.headers.get('content-security-policy') ?? '';
        assert.match(csp, /default-src 'self'/);
        assert.match(csp, /script-src 'self'/);
        assert.doesNotMatch(csp, /https?:/, 'no third-party source');
      }
      const article = await fetch(`${base}/zh-hans/`);
      assert.notEqual(article.headers.get('referrer-policy'), 'no-referrer', 'other pages keep their policy');
    });
  });
}
