/**
 * Every newsroom page at phone size (360×740) in a real Chromium: nothing wider than the
 * screen, the main controls visible and at least 40px to tap. The login is done once without
 * JavaScript (plain form posts) and once with it. Screenshots go to /tmp/xinwen-phone-*.png.
 * Run: node --import tsx --test src/newsroom/ui/admin-phone.browser.test.ts
 * Needs Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { saveSection } from '../../articles/outlet.service.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, TEST_PASSWORD, type TestSession } from '../auth/admin-api.testing.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const PHONE = { width: 360, height: 740 };
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;
const CHINA_TITLE = '手机测试：中国版待审稿件，标题很长以检验窄屏下的换行是否正常';
const WORLD_TITLE = '手机测试：国际版待审稿件';

describe('the newsroom at phone width (360×740)', { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;
  let articleId = 0;
  let oneTimePassword = '';
  const errors: string[] = [];

  before(async () => {
    server = await startTestServer('sqlite');
    const { db } = server.database;
    await setUpNewsroom(db);
    await saveSection(db, { slug: 'world', name: '国际', position: 2 });
    await addTestStaff(db, { email: 'reporter@x.test', name: '王晓明', role: 'reporter', desks: ['china'] });
    await addTestStaff(db, { email: 'editor@x.test', name: '欧阳振华', role: 'editor', desks: ['china'] });
    await addTestStaff(db, { email: 'world@x.test', name: '国际版编辑', role: 'editor', desks: ['world'] });
    oneTimePassword = (await addTestStaff(db, { email: 'new@x.test', name: '新同事', role: 'reporter', mustChange: true })).password;

    // Copy waiting on two desks, and an article with two versions (for the revisions compare).
    const api = adminClient(server.url);
    const submit = async (session: TestSession, title: string, section: string) => {
      const created = await api.call('POST', '/articles', { session, body: { title, text: '第一段正文。\n\n第二段正文。', section } });
      const submitted = await api.call('POST', `/articles/${created.json.id as number}/submit`, { session, body: { version: created.json.version } });
      assert.equal(submitted.status, 200, JSON.stringify(submitted.json));
      return submitted.json;
    };
    const china = await submit(await api.session('reporter@x.test'), CHINA_TITLE, 'china');
    await submit(await api.session('world@x.test'), WORLD_TITLE, 'world');
    articleId = china.id as number;
    const edited = await api.call('PATCH', `/articles/${articleId}`, { session: await api.session('editor@x.test'), body: { version: china.version, subtitle: '编辑改过的副标题' } });
    assert.equal(edited.status, 200, JSON.stringify(edited.json));

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function phone(javaScriptEnabled: boolean): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ viewport: PHONE, locale: 'zh-CN', javaScriptEnabled });
    const page = await context.newPage();
    page.on('pageerror', (e) => errors.push(e.message));
    return { context, page };
  }

  /** Nothing on the page is wider than the screen; a screenshot to look at. */
  async function assertFits(page: Page, name: string): Promise<void> {
    await page.screenshot({ path: `/tmp/xinwen-phone-${name}.png`, fullPage: true });
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
    assert.equal(innerWidth, PHONE.width);
    assert.ok(scrollWidth <= innerWidth, `${name}: the page is ${scrollWidth}px wide on a ${innerWidth}px screen`);
  }

  /** Every element matching `selector` is visible, inside the screen's width and at least 40×40px. */
  async function assertTappable(page: Page, selector: string): Promise<void> {
    const elements = await page.locator(selector).all();
    assert.ok(elements.length > 0, `nothing matches ${selector}`);
    for (const element of elements) {
      const label = `${selector} "${(await element.textContent())?.trim() ?? ''}"`;
      assert.ok(await element.isVisible(), `${label} is visible`);
      const box = await element.boundingBox();
      assert.ok(box, label);
      assert.ok(box.height >= 40 && box.width >= 40, `${label} is ${Math.round(box.width)}×${Math.round(box.height)}px`);
      assert.ok(box.x >= 0 && box.x + box.width <= PHONE.width + 0.5, `${label} is inside the screen (${Math.round(box.x)}..${Math.round(box.x + box.width)})`);
    }
  }

  async function fillLogin(page: Page, email: string, password: string): Promise<void> {
    await page.fill('input[name=email]', email);
    await page.fill('input[name=password]', password);
    await page.click('#login-form button[type=submit]');
  }

  it('logs in, fails, logs in and out without JavaScript; the pages fit', async () => {
    const { context, page } = await phone(false);
    await page.goto(`${server.url}/admin`);
    assert.match(page.url(), /\/admin\/login\?next=%2Fadmin$/);
    await assertFits(page, 'nojs-login');
    await assertTappable(page, '#login-form input[name=email], #login-form input[name=password], #login-form button[type=submit]');

    await fillLogin(page, 'editor@x.test', 'not the password');
    await page.waitForSelector('#login-form .form-error:not([hidden])');
    assert.equal(await page.textContent('#login-form .form-error'), '邮箱或密码不正确。');
    assert.equal(await page.inputValue('input[name=email]'), 'editor@x.test', 'the typed email is kept');
    await assertFits(page, 'nojs-login-error');

    await page.fill('input[name=password]', TEST_PASSWORD);
    await page.click('#login-form button[type=submit]');
    await page.waitForURL(`${server.url}/admin`);
    assert.ok(await page.isVisible('main .notice-error:has-text("编辑部需要启用 JavaScript")'), 'the dashboard says it needs JavaScript');
    await assertFits(page, 'nojs-dashboard');
    await assertTappable(page, '.topbar-nav > a, .topbar-user button');

    await page.click('.logout-form button:has-text("退出"):not(:has-text("所有"))');
    await page.waitForURL(`${server.url}/admin/login`);
    await page.goto(`${server.url}/admin`);
    assert.match(page.url(), /\/admin\/login/, 'logged out');
    await context.close();
  });

  it('changes a one-time password without JavaScript', async () => {
    const { context, page } = await phone(false);
    await page.goto(`${server.url}/admin/login?next=%2Fadmin`);
    await fillLogin(page, 'new@x.test', oneTimePassword);
    await page.waitForSelector('#password-form:not([hidden])');
    assert.equal(await page.isVisible('#login-form'), false);
    await assertFits(page, 'nojs-password');
    await assertTappable(page, '#password-form input[type=password], #password-form button[type=submit]');
    await page.fill('input[name=currentPassword]', oneTimePassword);
    await page.fill('input[name=newPassword]', '手机上设置的新密码2025');
    await page.fill('input[name=newPassword2]', '手机上设置的新密码2025');
    await page.click('#password-form button[type=submit]');
    await page.waitForURL(`${server.url}/admin`);
    assert.ok(await page.isVisible('.whoami >> text=新同事'));
    await context.close();
  });

  it('with JavaScript: the dashboard (queue on my desks), editor, revisions compare and preview fit', async () => {
    const { context, page } = await phone(true);
    await page.goto(`${server.url}/admin/login?next=%2Fadmin`);
    await fillLogin(page, 'editor@x.test', TEST_PASSWORD);
    await page.waitForURL(`${server.url}/admin`);

    // The queue starts with the editor's desk; the toggle shows every desk.
    await page.waitForSelector(`#list-queue a:has-text("${CHINA_TITLE}")`);
    assert.equal(await page.locator(`#list-queue a:has-text("${WORLD_TITLE}")`).count(), 0, "another desk's copy is not in my queue");
    assert.equal(await page.getAttribute('#queue-desk button[data-desk=mine]', 'aria-pressed'), 'true');
    await page.waitForSelector('#list-all table');
    await assertFits(page, 'dashboard');
    await assertTappable(page, '.topbar-nav > a, .topbar-user button, .langs a, #queue-desk button, #filters select, #filters input, #filters button, #list-all .col-title a');
    const table = await page.locator('#list-all table').boundingBox();
    assert.ok(table && table.x + table.width <= PHONE.width, 'the list stays inside the screen');
    await page.click('#queue-desk button[data-desk=all]');
    await page.waitForSelector(`#list-queue a:has-text("${WORLD_TITLE}")`);
    assert.equal(await page.getAttribute('#queue-desk button[data-desk=all]', 'aria-pressed'), 'true');

    await page.goto(`${server.url}/admin/articles/new`);
    await page.waitForSelector('.body-prose');
    await assertFits(page, 'editor-new');
    await assertTappable(page, '#toolbar button:visible >> nth=0');
    const toolbar = await page.evaluate(() => {
      const el = document.getElementById('toolbar') as HTMLElement;
      const buttons = [...el.querySelectorAll('button')].map((b) => b.getBoundingClientRect().height);
      return { scrollWidth: el.scrollWidth, clientWidth: el.clientWidth, overflowX: getComputedStyle(el).overflowX, right: el.getBoundingClientRect().right, minButton: Math.min(...buttons) };
    });
    assert.ok(toolbar.right <= PHONE.width, 'the toolbar stays inside the screen');
    assert.ok(toolbar.scrollWidth <= toolbar.clientWidth || toolbar.overflowX === 'auto', 'a toolbar wider than the screen scrolls within itself');
    assert.ok(toolbar.minButton >= 40, `toolbar buttons are ${toolbar.minButton}px tall`);
    assert.ok(await page.isVisible('input[name=title]'));
    await assertTappable(page, '#save-button');

    await page.goto(`${server.url}/admin/articles/${articleId}`);
    await page.waitForSelector('#revisions li');
    await assertFits(page, 'editor');
    await assertTappable(page, '#save-button, #workflow-buttons button, select[name=section]');
    await page.click('#revisions .link-button >> nth=0');
    await page.waitForSelector('#diff-dialog[open] ins, #diff-dialog[open] del');
    const dialog = await page.locator('#diff-dialog').boundingBox();
    assert.ok(dialog && dialog.x >= 0 && dialog.x + dialog.width <= PHONE.width, 'the compare dialog fits');
    await assertFits(page, 'editor-compare');
    await assertTappable(page, '#diff-close');
    await page.click('#diff-close');

    await page.goto(`${server.url}/admin/articles/${articleId}/preview`);
    assert.ok(await page.isVisible(`h1:has-text("${CHINA_TITLE}")`));
    await assertFits(page, 'preview');
    await context.close();
    assert.deepEqual(errors, []);
  });
});
