/**
 * Comments end to end in a real Chromium: a reader posts, replies, likes and reports on the
 * article page; a comment with a link waits (等待审核); a moderator approves it with one key on
 * /admin/comments; it then appears on the page. Markup in a comment stays text.
 * Run: node --import tsx --test src/comments/comments.browser.test.ts
 * Needs Chromium (CHROMIUM_PATH overrides /usr/bin/chromium); screenshots go to test-results/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { addTestStaff, adminClient, TEST_PASSWORD } from '../newsroom/auth/admin-api.testing.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { approveWaiting, commentBrowser } from './comments.testing.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

const XSS_BODY = '先说一句：<img src=x onerror="window.__xss=1"><script>window.__xss=2</script>';
const HELD_BODY = '统计局的原始表格在 https://stats.example.org/2025/q1 可以下载。';

describe('comments in a browser', { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;
  let articleUrl = '';
  const errors: string[] = [];

  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startTestServer('sqlite');
    const { db } = server.database;
    await setUpNewsroom(db);
    const id = await createArticle(db, { title: '城市绿道网络年内再添一百公里', section: 'china', publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    await addTestStaff(db, { email: 'mod@browser.test', name: '评论审核员', role: 'moderator' });
    // Someone else commented first (with markup that must stay text).
    const other = await commentBrowser(server.url).post(id, { guestName: '早到的读者', body: XSS_BODY });
    assert.equal(other.status, 201);
    // However the spam filter scores markup, it is on the page for this test.
    await approveWaiting(server.url, await adminClient(server.url).session('mod@browser.test'), id);
    articleUrl = `${server.url}${(await fetch(`${server.url}/article/${id}`, { redirect: 'manual' })).headers.get('location')}`;
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-sync'] });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function newPage(label: string): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${label}: ${e.message}`));
    page.on('console', (m) => {
      if (m.type() === 'error') errors.push(`${label}: ${m.text()}`);
    });
    return page;
  }

  let reader: Page;

  it('1. a reader posts, replies, likes and reports on the article page', async () => {
    reader = await newPage('reader');
    await reader.goto(articleUrl);
    const app = reader.locator('[data-comments-app]');
    await app.locator('.comment-thread').first().waitFor();
    assert.equal(await reader.locator('[data-comments-fallback]').isHidden(), true);
    assert.match((await reader.locator('[data-comments-count]').textContent()) ?? '', /1/);
    // The markup in the earlier comment is shown as text and never ran.
    assert.match((await app.locator('.comment-body').first().textContent()) ?? '', /<img src=x onerror=/);
    assert.equal(await reader.evaluate(() => (window as { __xss?: number }).__xss), undefined);

    const form = app.locator('form.comment-form').first();
    await form.locator('input[name=guestName]').fill('城东老李');
    await form.locator('textarea[name=body]').fill('绿道修到家门口，周末骑车方便多了。');
    await form.locator('button[type=submit]').click();
    await app.locator('.comment', { hasText: '绿道修到家门口' }).waitFor();
    await app.locator('.comments-notice', { hasText: '评论已发表' }).waitFor();

    const earlier = app.locator('.comment', { hasText: '早到的读者' });
    await earlier.locator('.comment-reply').click();
    const replyForm = earlier.locator('form.comment-form');
    await replyForm.locator('textarea').fill('同意，希望夜间照明也跟上。');
    await replyForm.locator('button[type=submit]').click();
    await app.locator('.comment.depth-1', { hasText: '希望夜间照明也跟上' }).waitFor();
    assert.match((await app.locator('.comment.depth-1 .comment-reply-to, .comment.depth-1 .comment-author').allTextContents()).join(' '), /城东老李/);

    const like = app.locator('.comment', { hasText: '早到的读者' }).locator('.comment-like');
    await like.click();
    await app.locator('.comment', { hasText: '早到的读者' }).locator('.comment-like[aria-pressed=true]', { hasText: '赞 1' }).waitFor();

    await app.locator('.comment', { hasText: '早到的读者' }).first().locator('.comment-report').click();
    const report = app.locator('form.comment-report-form');
    await report.locator('select').selectOption('垃圾广告');
    await report.locator('input[name=detail]').fill('夹带代码');
    await report.locator('button[type=submit]').click();
    await app.locator('.comment-reported', { hasText: '已举报' }).waitFor();

    const rows = await server.database.db.selectFrom('comment_reports').select('reason').execute();
    assert.deepEqual(rows.map((r) => r.reason), ['垃圾广告：夹带代码']);
    await reader.screenshot({ path: `${RESULTS_DIR}comments-reader.png`, fullPage: true });
  });

  it('2. a comment with a link waits for moderation, visible to its author as 等待审核', async () => {
    const app = reader.locator('[data-comments-app]');
    const form = app.locator('form.comment-form').first();
    await form.locator('textarea[name=body]').fill(HELD_BODY);
    await form.locator('button[type=submit]').click();
    await app.locator('.comments-awaiting .comment', { hasText: 'stats.example.org' }).locator('.comment-awaiting', { hasText: '等待审核' }).waitFor();
    const stranger = await newPage('stranger');
    await stranger.goto(articleUrl);
    await stranger.locator('[data-comments-app] .comment-thread').first().waitFor();
    assert.equal(await stranger.locator('[data-comments-app]', { hasText: 'stats.example.org' }).count(), 0);
    await stranger.context().close();
  });

  it('3. a moderator approves the held comment with one key, and it appears on the page', async () => {
    const mod = await newPage('moderator');
    await mod.goto(`${server.url}/admin/comments`);
    await mod.waitForURL(/\/admin\/login/);
    await mod.fill('input[name=email]', 'mod@browser.test');
    await mod.fill('input[name=password]', TEST_PASSWORD);
    await mod.click('#login-form button[type=submit]');
    await mod.waitForURL(`${server.url}/admin/comments`);
    await mod.click('.mod-tab[data-queue=held]');
    const item = mod.locator('.mod-item', { hasText: 'stats.example.org' });
    await item.waitFor();
    // Each signal that held it, with its score.
    assert.match((await item.locator('.mod-reasons').textContent()) ?? '', /评分 \d+\.\d\d.*(links|contacts|bayes)\S*\d\.\d\d/s);
    await mod.screenshot({ path: `${RESULTS_DIR}comments-moderation.png`, fullPage: true });
    await item.click({ position: { x: 5, y: 5 } });
    await mod.keyboard.press('a');
    await mod.locator('#mod-status', { hasText: '已通过 1 条' }).waitFor();
    await mod.locator('.mod-empty').waitFor();

    await reader.reload();
    const app = reader.locator('[data-comments-app]');
    const approved = app.locator('.comment-list .comment', { hasText: 'stats.example.org' });
    await approved.waitFor();
    assert.equal(await approved.locator('.comment-awaiting').count(), 0);
    const link = approved.locator('a[href="https://stats.example.org/2025/q1"]');
    assert.equal(await link.getAttribute('rel'), 'nofollow ugc noopener');
    assert.match((await reader.locator('[data-comments-count]').textContent()) ?? '', /4/);
    await reader.screenshot({ path: `${RESULTS_DIR}comments-approved.png`, fullPage: true });
    assert.deepEqual(errors, []);
  });
});
