/**
 * The newsroom UI end to end in a real Chromium: a reporter writes (with bold and a link) and submits, an editor
 * signs off (and becomes 责任编辑 on the public page), a correction appears on the page, and
 * two editors saving over each other get a conflict with the other's change, not an overwrite.
 * Run: node --import tsx --test src/newsroom/ui/newsroom.browser.test.ts
 * Needs Chromium (CHROMIUM_PATH overrides /usr/bin/chromium); screenshots go to test-results/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type Page } from 'playwright-core';
import { smallImage } from '../../media/test-images.testing.js';
import { createArticle, setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { addTestStaff, TEST_PASSWORD } from '../auth/admin-api.testing.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../../test-results/', import.meta.url));
const DESKTOP = { width: 1360, height: 900 };
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

/** The Tiptap editor, as its element exposes it (for waiting on the editor's own state). */
type EditorElement = HTMLElement & {
  editor?: { state: { selection: { from: number; to: number; head: number }; doc: { content: { size: number }; textBetween(from: number, to: number): string } } };
};

/**
 * Ctrl+End, then wait until the editor's caret is at the end of the text. The browser moves
 * the DOM caret and ProseMirror reads it on its own schedule: on a busy machine an Enter sent
 * straight after could split the paragraph where the caret was before.
 */
async function caretToEnd(page: Page): Promise<void> {
  await page.keyboard.press('Control+End');
  await page.waitForFunction(() => {
    const state = (document.querySelector('.body-prose') as EditorElement | null)?.editor?.state;
    return state !== undefined && state.selection.from === state.selection.to && state.selection.head === state.doc.content.size - 1;
  });
}

describe('the newsroom in a browser', { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;
  const errors: string[] = [];
  let articlePath = '';

  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startTestServer('sqlite');
    const { db } = server.database;
    await setUpNewsroom(db);
    await createArticle(db, { title: '地铁新线开通', section: 'china', tags: ['城市交通'] });
    await addTestStaff(db, { email: 'reporter@x.test', name: '王晓明', role: 'reporter', desks: ['china'] });
    await addTestStaff(db, { email: 'editor@x.test', name: '李振华', role: 'editor', desks: ['china'] });
    await addTestStaff(db, { email: 'editor2@x.test', name: '赵婷', role: 'editor', desks: ['china'] });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser session signed in through the login page. */
  async function signIn(email: string, next = '/admin'): Promise<Page> {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`${email}: ${e.message}`));
    page.on('console', (m) => {
      // The browser logs the 409 the conflict test provokes on purpose.
      if (m.type() === 'error' && !/status of 409/.test(m.text())) errors.push(`${email}: ${m.text()}`);
    });
    await page.goto(`${server.url}${next}`);
    assert.match(page.url(), /\/admin\/login\?next=/);
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL(`${server.url}${next}`);
    return page;
  }

  it('1. a reporter logs in, writes an article with a subheading and an image, and submits it', async () => {
    const page = await signIn('reporter@x.test');
    await page.waitForSelector('#list-mine .empty, #list-mine table');
    await page.screenshot({ path: `${RESULTS_DIR}newsroom-dashboard-empty.png` });
    await page.click('a.button-primary[href="/admin/articles/new"]');
    await page.waitForSelector('.body-prose');
    await page.fill('input[name=title]', '老旧小区加装电梯三年行动启动');
    await page.fill('input[name=subtitle]', '财政补贴比例提高至四成');
    await page.fill('textarea[name=summary]', '三年内完成3500台加装任务。');
    await page.click('.body-prose');
    // Bold with Ctrl+B, on and off again.
    await page.keyboard.type('市住房和城乡建设委员会今天上午召开新闻发布会，正式发布');
    await page.keyboard.press('Control+b');
    await page.waitForSelector('#toolbar button[data-cmd=bold][aria-pressed=true]');
    await page.keyboard.type('三年行动方案');
    await page.keyboard.press('Control+b');
    // A link on selected words with Ctrl+K: an unsafe address is refused, a safe one set.
    await page.keyboard.type('，详见方案全文');
    // Select 方案全文 as a mouse drag would, then wait for the editor to take the selection.
    await page.evaluate(() => {
      const walker = document.createTreeWalker(document.querySelector('.body-prose') as Node, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent?.indexOf('方案全文') ?? -1;
        if (at === -1) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + 4);
        getSelection()?.removeAllRanges();
        getSelection()?.addRange(range);
      }
    });
    // ProseMirror reads the DOM selection on its own schedule (selectionchange): on a busy machine
    // Ctrl+K could act on the editor's previous selection, so wait until the editor holds it.
    await page.waitForFunction(() => {
      const state = (document.querySelector('.body-prose') as EditorElement | null)?.editor?.state;
      return state !== undefined && state.doc.textBetween(state.selection.from, state.selection.to) === '方案全文';
    });
    await page.keyboard.press('Control+k');
    await page.waitForSelector('#link-bar #link-href:focus');
    await page.keyboard.type('javascript:alert(1)');
    await page.keyboard.press('Enter');
    assert.match(await page.textContent('#link-error') ?? '', /链接须以 https:\/\//);
    await page.screenshot({ path: `${RESULTS_DIR}newsroom-link-bar.png` });
    assert.equal(await page.$('.body-prose a'), null);
    await page.fill('#link-href', 'https://example.org/elevator-plan');
    await page.keyboard.press('Enter');
    await page.waitForSelector('#link-bar', { state: 'detached' });
    // The editor takes the focus back on the next frame (Tiptap's focus command).
    await page.waitForSelector('.body-prose:focus');
    await caretToEnd(page);
    await page.keyboard.type('。');
    assert.match(await page.innerHTML('.body-prose'), /发布<strong>三年行动方案<\/strong>，详见<a href="https:\/\/example\.org\/elevator-plan"[^>]*>方案全文<\/a>。<\/p>/);
    // In a link, the bar shows its address and can remove it (undone here with Ctrl+Z).
    await page.click('.body-prose a');
    await page.waitForSelector('#toolbar button[data-cmd=link][aria-pressed=true]');
    await page.keyboard.press('Control+k');
    await page.waitForSelector('#link-bar #link-href:focus');
    assert.equal(await page.inputValue('#link-href'), 'https://example.org/elevator-plan');
    await page.click('#link-bar [data-link=remove]');
    await page.waitForSelector('#link-bar', { state: 'detached' });
    await page.waitForSelector('.body-prose:focus');
    assert.equal(await page.$('.body-prose a'), null);
    await page.keyboard.press('Control+z');
    await page.waitForSelector('.body-prose a[href="https://example.org/elevator-plan"]');
    // Ctrl+End, not End: End stops at the end of the visual line, and this paragraph wraps.
    await caretToEnd(page);
    await page.keyboard.press('Enter');
    await page.click('#toolbar button[data-cmd=subheading]');
    await page.waitForSelector('#toolbar button[data-cmd=subheading][aria-pressed=true]');
    await page.waitForSelector('.body-prose:focus');
    await page.keyboard.type('补贴比例提高至四成');
    await page.keyboard.press('Enter');
    await page.keyboard.type('新方案将财政补贴比例由20%提高至40%。');
    // An image: its alt text, caption and credit are asked for, then it is uploaded and inserted.
    const answers = ['工人在老旧小区加装电梯', '西城区某小区的加装工地。', '本网记者 王晓明 摄'];
    page.on('dialog', (dialog) => void dialog.accept(answers.shift()));
    await page.setInputFiles('#image-file', { name: 'elevator.png', mimeType: 'image/png', buffer: await smallImage('png', 1200, 800) });
    await page.waitForSelector('.body-prose figure.image-block img[src^="/media/"]');
    page.removeAllListeners('dialog');
    await page.fill('input[name=tagInput]', '城市更新');
    await page.keyboard.press('Enter');
    await page.fill('input[name=tagInput]', '民生,');
    assert.match(await page.textContent('#counts') ?? '', /\d+ 字/);
    await page.keyboard.press('Control+s');
    await page.waitForFunction(() => /^\/admin\/articles\/\d+$/.test(location.pathname));
    articlePath = new URL(page.url()).pathname;
    await page.waitForSelector('#workflow-buttons [data-workflow=submit]');
    // The API's defaults fill the dateline and byline of a new article.
    assert.equal(await page.inputValue('input[name=reporters]'), '王晓明');
    assert.equal(await page.inputValue('select[name=reportType]'), '报导');
    await page.screenshot({ path: `${RESULTS_DIR}newsroom-editor-draft.png`, fullPage: true });
    await page.click('#workflow-buttons [data-workflow=submit]');
    await page.waitForSelector('#stage-badge.badge-submitted');
    assert.equal(await page.isHidden('#save-button'), true, 'a reporter cannot edit submitted copy');
    await page.goto(`${server.url}/admin`);
    await page.waitForSelector('#list-queue table');
    assert.match(await page.textContent('#list-queue') ?? '', /老旧小区加装电梯三年行动启动/);
    await page.screenshot({ path: `${RESULTS_DIR}newsroom-dashboard.png`, fullPage: true });
    await page.context().close();
  });

  it('2–4. an editor signs it off, becomes 责任编辑 on the public page, and adds a correction', async () => {
    const page = await signIn('editor@x.test', articlePath);
    await page.waitForSelector('#stage-badge.badge-submitted');
    assert.match(await page.innerHTML('.body-prose'), /<h2>补贴比例提高至四成<\/h2>/);
    // Tag suggestions come from the tags already in use.
    await page.fill('input[name=tagInput]', '城');
    await page.waitForSelector('#tag-options option[value="城市交通"]', { state: 'attached' });
    assert.equal(await page.$('#tag-options option[value="城市更新"]'), null, 'tags the article has are not suggested');
    await page.fill('input[name=tagInput]', '');
    await page.click('#workflow-buttons [data-workflow=publish]');
    await page.waitForSelector('#stage-badge.badge-published');
    const publicHref = await page.getAttribute('#public-link', 'href');
    assert.ok(publicHref && publicHref !== '#');
    const reader = await page.context().newPage();
    await reader.goto(`${server.url}${publicHref}`);
    const html = await reader.content();
    assert.match(html, /责任编辑/);
    assert.match(html, /李振华/);
    assert.match(html, /<h2[^>]*class="subheading"[^>]*>.*<span data-speak[^>]*>补贴比例提高至四成<\/span><\/h2>/);
    assert.match(html, /正式发布<strong>三年行动方案<\/strong>，详见<a href="https:\/\/example\.org\/elevator-plan" rel="noopener">方案全文<\/a>。/);
    assert.match(html, /<img[^>]*alt="工人在老旧小区加装电梯"/);
    assert.match(html, /西城区某小区的加装工地。/);

    await page.fill('textarea[name=correction]', '本文第二段中的补贴比例应为40%，原文有误。');
    await page.click('#add-correction');
    await page.waitForFunction(() => (document.querySelector('textarea[name=correction]') as HTMLTextAreaElement).value === '');
    await reader.reload();
    assert.match(await reader.content(), /补贴比例应为40%，原文有误/);
    await reader.screenshot({ path: `${RESULTS_DIR}newsroom-public-page.png`, fullPage: true });
    await page.screenshot({ path: `${RESULTS_DIR}newsroom-editor-published.png`, fullPage: true });
    await page.context().close();
  });

  it('5. two editors saving at once: the second sees the first one’s change and can load it', async () => {
    const first = await signIn('editor@x.test', articlePath);
    const second = await signIn('editor2@x.test', articlePath);
    await first.waitForSelector('#stage-badge');
    await second.waitForSelector('#stage-badge');
    // The second one opened it last, so their first heartbeat already names the first.
    await second.waitForSelector('#presence:not([hidden])');
    assert.match(await second.textContent('#presence') ?? '', /李振华 也在编辑/);
    await first.fill('input[name=title]', '老旧小区加装电梯三年行动正式启动');
    await first.keyboard.press('Control+s');
    await first.waitForSelector('#save-state:not(.save-state-dirty)');
    await first.waitForFunction(() => /已保存/.test(document.getElementById('save-state')?.textContent ?? ''));

    await second.fill('input[name=subtitle]', '补贴比例提高');
    await second.click('#save-button');
    await second.waitForSelector('#diff-dialog[open]');
    assert.match(await second.textContent('#diff-title') ?? '', /已被他人修改/);
    assert.equal(await second.textContent('#diff-body ins'), '正式');
    await second.screenshot({ path: `${RESULTS_DIR}newsroom-conflict.png` });
    await second.click('#diff-reload');
    await second.waitForSelector('#diff-dialog', { state: 'hidden' });
    assert.equal(await second.inputValue('input[name=title]'), '老旧小区加装电梯三年行动正式启动');
    assert.equal(await second.inputValue('input[name=subtitle]'), '财政补贴比例提高至四成', 'nothing was overwritten');
    assert.match(await second.textContent('#save-state') ?? '', /已保存（第 4 版）/);

    // The revisions list compares any version with the current one.
    await second.waitForSelector('#revisions li .link-button');
    await second.click('#revisions li:last-child .link-button');
    await second.waitForSelector('#diff-dialog[open] .diff-fields');
    await second.screenshot({ path: `${RESULTS_DIR}newsroom-compare.png` });
    await first.context().close();
    await second.context().close();
  });

  it('6. the desk returns copy with a comment, and schedules it with a publish time', async () => {
    const reporter = await signIn('reporter@x.test', '/admin/articles/new');
    await reporter.fill('input[name=title]', '城市夜间公交线路调整');
    await reporter.click('.body-prose');
    await reporter.keyboard.type('本市将调整夜间公交线路。');
    await reporter.keyboard.press('Control+s');
    await reporter.waitForSelector('#workflow-buttons [data-workflow=submit]');
    const path = await reporter.evaluate(() => location.pathname);
    await reporter.keyboard.press('Control+Enter');
    await reporter.waitForSelector('#stage-badge.badge-submitted');

    const editor = await signIn('editor@x.test', path);
    await editor.waitForSelector('#workflow-buttons [data-workflow=return]');
    editor.once('dialog', (dialog) => void dialog.accept('请补充线路名称。'));
    await editor.click('#workflow-buttons [data-workflow=return]');
    await editor.waitForSelector('#stage-badge.badge-returned');

    await reporter.reload();
    await reporter.waitForSelector('#return-comment:not([hidden])');
    assert.match(await reporter.textContent('#return-comment') ?? '', /请补充线路名称。/);
    await reporter.click('#workflow-buttons [data-workflow=submit]');
    await reporter.waitForSelector('#stage-badge.badge-submitted');

    await editor.reload();
    await editor.waitForSelector('#publish-at-field:not([hidden])');
    await editor.fill('input[name=publishAt]', '2099-01-01T08:00');
    await editor.click('#workflow-buttons [data-workflow=publish]');
    await editor.waitForSelector('#stage-badge.badge-scheduled');
    await editor.waitForSelector('#workflow-buttons [data-workflow=unschedule]');
    await editor.goto(`${server.url}/admin`);
    await editor.waitForSelector('#list-scheduled table');
    assert.match(await editor.textContent('#list-scheduled') ?? '', /城市夜间公交线路调整/);
    await reporter.context().close();
    await editor.context().close();
  });

  it('7. someone with a one-time password sets their own at login, then works', async () => {
    const { password } = await addTestStaff(server.database.db, { email: 'new@x.test', name: '新同事', role: 'reporter', desks: ['china'], mustChange: true });
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN' });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(`new: ${e.message}`));
    await page.goto(`${server.url}/admin`);
    await page.fill('input[name=email]', 'new@x.test');
    await page.fill('input[name=password]', password);
    await page.click('#login-form button[type=submit]');
    await page.waitForSelector('#password-form:not([hidden])');
    await page.screenshot({ path: `${RESULTS_DIR}newsroom-password.png` });
    await page.fill('input[name=newPassword]', '新的密码-足够长-2026');
    await page.fill('input[name=newPassword2]', '新的密码-足够长-2026');
    await page.click('#password-form button[type=submit]');
    await page.waitForURL(`${server.url}/admin`);
    await page.waitForSelector('#list-mine .empty, #list-mine table');
    await context.close();
  });

  it('raises no script errors (CSP included)', () => {
    assert.deepEqual(errors, []);
  });
});
