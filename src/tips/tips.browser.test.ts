/**
 * Tips end to end in a real Chromium, against the real server: 1) a reader sends a tip with a
 * unique marker and an attachment from /zh-hans/tips (encrypted in the page) and reads the
 * receipt off the page — and neither the database nor the file store holds the marker; 2) an
 * editor opens the inbox, loads the identity file, reads the message and the attachment;
 * 3) replies; 4) the reader opens the receipt page with the receipt, reads the reply, and sends
 * more, which the editor reads too.
 * Run: node --import tsx --test src/tips/tips.browser.test.ts
 * Needs Chromium (CHROMIUM_PATH overrides /usr/bin/chromium); screenshots go to test-results/.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { generateX25519Identity, identityToRecipient } from 'age-encryption';
import { chromium, type Browser, type Page } from 'playwright-core';
import { adminClient, addTestStaff, TEST_PASSWORD } from '../newsroom/auth/admin-api.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { addRecipient, tipSettings, updateTipSettings } from './tips.service.js';
import { filesUnder, placesHolding } from './tips.testing.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

for (const dialect of TEST_DIALECTS) describe(`tips in a browser (${dialect})`, { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;
  let keyDir = '';
  let identityFile = '';
  let receipt = '';
  const errors: string[] = [];
  // Unique per run, so nothing else on the machine can contain it by accident.
  const marker = `XWTIP${randomBytes(8).toString('hex')}`;
  const attachmentMarker = `XWFILE${randomBytes(8).toString('hex')}`;
  const message = `市郊化工厂夜间偷排废水，已持续三个月。${marker}`;
  const attachmentText = `排污记录表（内部）\n2025-03-01 02:10 排放约 40 吨\n${attachmentMarker}\n`;
  const replyText = `收到，谢谢。能否说明排放口的大致位置？${randomBytes(4).toString('hex')}`;
  const followUpText = `排放口在厂区北墙外的涵洞。${marker}-2`;

  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startTestServer(dialect);
    const { db } = server.database;
    await setUpNewsroom(db);
    await addTestStaff(db, { email: 'editor@x.test', name: '李振华', role: 'editor' });
    await addTestStaff(db, { email: 'reporter@x.test', name: '王晓明', role: 'reporter' });
    // The newsroom key pair, as `xinwen tips keygen` would write it: the public key goes to the outlet.
    const identity = await generateX25519Identity();
    await addRecipient(db, await identityToRecipient(identity), '测试密钥');
    keyDir = mkdtempSync(join(tmpdir(), 'xinwen-tip-key-'));
    identityFile = join(keyDir, 'newsroom-identity.txt');
    writeFileSync(identityFile, `# created: test\n# public key: ${await identityToRecipient(identity)}\n${identity}\n`);
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (keyDir) rmSync(keyDir, { recursive: true, force: true });
  });

  async function newPage(who: string): Promise<Page> {
    const context = await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 }, acceptDownloads: true });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${who}: ${e.message}`));
    page.on('console', (m) => {
      // The chunk upload that step 1 makes fail on purpose is logged by the browser.
      if (m.type() === 'error' && !/ERR_CONNECTION_RESET/.test(m.text())) errors.push(`${who}: ${m.text()}`);
    });
    return page;
  }

  async function signIn(page: Page, next: string): Promise<void> {
    await page.goto(`${server.url}${next}`);
    assert.match(page.url(), /\/admin\/login\?next=/);
    await page.fill('input[name=email]', 'editor@x.test');
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL(`${server.url}${next}`);
  }

  it('0. the page refuses, before uploading anything, attachments over the tip limit (Traditional edition)', async () => {
    const { db } = server.database;
    const settings = await tipSettings(db);
    await updateTipSettings(db, { ...settings, maxTotalBytes: 1024 * 1024 });
    const page = await newPage('reader');
    const started: string[] = [];
    page.on('request', (r) => {
      if (r.method() !== 'GET' && r.url().includes('/api/tips')) started.push(r.url());
    });
    try {
      // The Traditional edition's page loads the Traditional copy of the tip script.
      await page.goto(`${server.url}/zh-hant/tips`);
      await page.fill('form[data-tip-form] textarea[name=message]', '一份很大的材料');
      await page.setInputFiles('form[data-tip-form] input[type=file]', { name: '大文件.bin', mimeType: 'application/octet-stream', buffer: Buffer.alloc(1100 * 1024, 7) });
      await page.click('form[data-tip-form] [type=submit]');
      const alert = page.locator('form[data-tip-form] [data-tip-alert]:not([hidden])');
      await alert.waitFor();
      assert.match((await alert.textContent()) ?? '', /超過了每條線索 1\.0 MB 的上限/);
      assert.deepEqual(started, [], 'nothing was sent');
      assert.equal(await page.locator('form[data-tip-form] [type=submit]').isEnabled(), true, 'the reader can change the files and send again');
    } finally {
      await updateTipSettings(db, settings);
      await page.context().close();
    }
  });

  it('1. a reader sends a tip with an attachment; the receipt is shown once; only ciphertext reaches the server', async () => {
    const page = await newPage('reader');
    // The first chunk upload fails (the network drops): the page offers 重试, which sends the same chunk again.
    let failures = 0;
    await page.route('**/chunks/*', async (route) => {
      if (failures === 0) {
        failures += 1;
        return route.abort('connectionreset');
      }
      return route.continue();
    });
    await page.goto(`${server.url}/zh-hans/tips`);
    await page.fill('form[data-tip-form] textarea[name=message]', message);
    await page.fill('form[data-tip-form] [name=contact]', 'Signal：王先生');
    await page.setInputFiles('form[data-tip-form] input[type=file]', { name: '排污记录.txt', mimeType: 'text/plain', buffer: Buffer.from(attachmentText) });
    await page.click('form[data-tip-form] [type=submit]');
    const retry = page.locator('[data-tip-retry]');
    await retry.waitFor();
    assert.match((await page.locator('.tip-progress-failure').textContent()) ?? '', /网络连接失败/);
    await retry.click();
    const code = page.locator('[data-tip-receipt-code]');
    await code.waitFor();
    receipt = (await code.textContent()) ?? '';
    assert.match(receipt, /^\d{4} \d{4} \d{4} \d{4}$/);
    assert.equal(await page.locator('form[data-tip-form]').isHidden(), true, 'the form gives way to the receipt');
    assert.match((await page.locator('[data-tip-receipt]').textContent()) ?? '', /只显示这一次/);
    // 复制 puts the receipt on the clipboard.
    await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.click('[data-tip-copy]');
    await page.getByText('已复制。').waitFor();
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), receipt);
    await page.screenshot({ path: `${RESULTS_DIR}tips-receipt.png`, fullPage: true });
    // Nothing about the tip is kept in the browser's storage.
    assert.deepEqual(await page.evaluate(() => [localStorage.length, sessionStorage.length]), [0, 0]);
    await page.context().close();

    assert.equal(failures, 1);

    // The database (file with its WAL, or the tip tables) and every stored file hold ciphertext only.
    assert.ok(
      filesUnder(server.dataDir).some((f) => readFileSync(f).includes('age-encryption.org/v1')),
      'the tip was stored (as age ciphertext) in the data directory',
    );
    assert.deepEqual(await placesHolding(server, marker), [], 'the message marker is nowhere at rest');
    assert.deepEqual(await placesHolding(server, attachmentMarker), [], 'the attachment marker is nowhere at rest');
    assert.deepEqual(await placesHolding(server, '偷排废水'), [], 'the message text is nowhere at rest');
  });

  it('2–3. an editor loads the identity file in the inbox, reads the tip and its attachment, and replies', async () => {
    assert.ok(receipt, 'step 1 produced a receipt');
    const page = await newPage('editor');
    await signIn(page, '/admin/tips');
    await page.locator('[data-tip-row]').first().waitFor();
    assert.equal(await page.locator('[data-tip-row]').count(), 1);
    // Without the key the tip's content stays locked.
    await page.click('[data-tip-open]');
    await page.waitForURL(/\/admin\/tips\/\d+$/);
    await page.getByText('载入私钥后可阅读').waitFor();
    await page.setInputFiles('[data-tip-identity-file]', identityFile);
    await page.getByText('已载入 1 把私钥').waitFor();
    const text = page.locator('[data-tip-message]').first();
    await text.waitFor();
    assert.equal(await text.textContent(), message);
    assert.match((await page.locator('.tip-contact').textContent()) ?? '', /Signal：王先生/);
    assert.match((await page.locator('.tip-attachment').first().textContent()) ?? '', /排污记录\.txt/);

    // The attachment: a preview in the page, and the download the journalist saves.
    await page.click('[data-tip-preview]');
    const preview = page.locator('[data-tip-preview-text]');
    await preview.waitFor();
    assert.equal(await preview.textContent(), attachmentText);
    const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-tip-download]')]);
    assert.equal(download.suggestedFilename(), '排污记录.txt');
    const saved = await download.path();
    assert.equal(readFileSync(saved, 'utf8'), attachmentText);

    // Triage: in progress, assigned to me; the list shows it after a reload of the list view.
    await page.selectOption('[data-tip-status]', 'in_progress');
    await page.locator('h1 .tip-status[data-status=in_progress]').waitFor();
    await page.selectOption('[data-tip-assignee]', { label: '我（李振华）' });
    await page.getByText('已保存。').waitFor();

    // The reply is encrypted in the page to the reader and the newsroom; the newsroom key reads it back.
    await page.fill('[data-tip-reply-text]', replyText);
    await page.click('[data-tip-reply-form] [type=submit]');
    const reply = page.locator('.tip-item[data-author=newsroom] [data-tip-message]');
    await reply.waitFor();
    assert.equal(await reply.textContent(), replyText);
    await page.screenshot({ path: `${RESULTS_DIR}tips-inbox-tip.png`, fullPage: true });

    await page.click('text=← 返回线索列表');
    const row = page.locator('[data-tip-row]').first();
    await row.waitFor();
    assert.match((await row.textContent()) ?? '', /处理中.*李振华/);
    await page.context().close();
  });

  it('the inbox page: signed-out visitors go to the login page, roles outside the tip settings get 403', async () => {
    const signedOut = await fetch(`${server.url}/admin/tips/1`, { redirect: 'manual' });
    assert.equal(signedOut.status, 302);
    assert.equal(signedOut.headers.get('location'), '/admin/login?next=%2Fadmin%2Ftips%2F1');
    const reporter = await adminClient(server.url).session('reporter@x.test');
    const refused = await fetch(`${server.url}/admin/tips`, { headers: { cookie: reporter.cookie } });
    assert.equal(refused.status, 403);
    assert.match(await refused.text(), /您的角色不能查看新闻线索/);
    const editor = await adminClient(server.url).session('editor@x.test');
    const page = await fetch(`${server.url}/admin/tips`, { headers: { cookie: editor.cookie } });
    assert.equal(page.status, 200);
    assert.equal(page.headers.get('cache-control'), 'no-store');
    assert.match(await page.text(), /data-tip-inbox/);
  });

  it('4. the reader opens the receipt page with the receipt, reads the reply and sends more', async () => {
    const page = await newPage('reader');
    await page.goto(`${server.url}/zh-hans/tips/receipt`);
    await page.fill('form[data-tip-receipt-form] input[name=receipt]', receipt);
    await page.click('form[data-tip-receipt-form] [type=submit]');
    const reply = page.locator('[data-tip-reply] .tip-reply-body');
    await reply.waitFor();
    assert.equal(await reply.textContent(), replyText);
    assert.match((await page.locator('.tip-thread-meta').textContent()) ?? '', /处理中/);

    await page.fill('form[data-tip-followup] textarea[name=message]', followUpText);
    await page.click('form[data-tip-followup] [type=submit]');
    await page.locator('[data-tip-followup-sent]').waitFor();
    await page.screenshot({ path: `${RESULTS_DIR}tips-receipt-page.png`, fullPage: true });
    await page.context().close();

    // The newsroom reads the follow-up with its key.
    const editor = await newPage('editor');
    await signIn(editor, '/admin/tips');
    await editor.click('[data-tip-open]');
    await editor.setInputFiles('[data-tip-identity-file]', identityFile);
    await editor.getByText(followUpText).waitFor();
    await editor.context().close();
    assert.deepEqual(errors, []);
  });

  it('5. a tip sent with the plain form (message last) reads in the inbox with its attachments named in order', async () => {
    const form = new FormData();
    form.append('message', `没有 JavaScript 的读者寄来的材料。${marker}-plain`);
    form.append('contact', '');
    form.append('attachments', new Blob(['第一份：会议记录\n'], { type: 'text/plain' }), '会议记录.txt');
    form.append('attachments', new Blob(['日期,金额\n2025-03-01,120000\n'], { type: 'text/csv' }), '账目.csv');
    const sent = await fetch(`${server.url}/zh-hans/tips`, { method: 'POST', body: form });
    assert.equal(sent.status, 200);
    assert.match(await sent.text(), /data-tip-receipt-code/);

    const page = await newPage('editor');
    await signIn(page, '/admin/tips');
    await page.setInputFiles('[data-tip-identity-file]', identityFile);
    await page.locator('[data-tip-row]:has([data-status=new]) [data-tip-open]').click();
    await page.getByText(`${marker}-plain`).waitFor();
    const attachments = page.locator('.tip-attachment strong');
    await attachments.nth(1).waitFor();
    assert.deepEqual(await attachments.allTextContents(), ['附件 1：会议记录.txt', '附件 2：账目.csv']);
    await page.locator('[data-tip-preview]').nth(1).click();
    await page.locator('[data-tip-preview-text]').waitFor();
    assert.equal(await page.locator('[data-tip-preview-text]').textContent(), '日期,金额\n2025-03-01,120000\n');
    await page.context().close();
    assert.deepEqual(errors, []);
  });
});
