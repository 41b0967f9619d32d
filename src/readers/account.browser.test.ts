/**
 * Reader accounts in a real Chromium: with JavaScript off, a reader registers, follows the
 * mailed link, signs in and out through the plain forms (so the browser's own Sec-Fetch-Site
 * and SameSite cookies are what the CSRF checks see); with JavaScript on, the masthead link
 * reads 我的账户 once signed in, on the same cached page HTML.
 * Run: node --import tsx --test src/readers/account.browser.test.ts
 * Needs Chromium (CHROMIUM_PATH overrides /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { setUpNewsroom } from '../testing/fixtures.js';
import { linkToken, startReaderTestServer, type ReaderTestServer } from './readers.testing.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

describe('reader accounts in a browser', { skip: chromiumMissing }, () => {
  let server: ReaderTestServer;
  let browser: Browser;

  before(async () => {
    server = await startReaderTestServer('sqlite');
    await setUpNewsroom(server.database.db);
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('registers, verifies, signs in and out without JavaScript; the header link follows with it', async () => {
    const noJs = await browser.newContext({ javaScriptEnabled: false, locale: 'zh-CN' });
    const page = await noJs.newPage();
    await page.goto(`${server.url}/account/register`);
    await page.fill('input[name=email]', 'browser.reader@example.com');
    await page.fill('input[name=displayName]', '浏览器读者');
    await page.fill('input[name=password]', 'short');
    await page.click('main button[type=submit]');
    assert.match(await page.locator('#field-password-error').innerText(), /密码至少需要 8 个字符/);
    assert.equal(await page.inputValue('input[name=email]'), 'browser.reader@example.com', 'typed values survive the error');

    await page.fill('input[name=password]', 'a long password');
    await page.click('main button[type=submit]');
    assert.match(page.url(), /\/account\/login\?notice=check-mail$/);
    assert.match(await page.locator('.account-notice').innerText(), /请按邮件中的说明完成注册/);

    const mail = await server.mail.waitFor('browser.reader@example.com');
    await page.goto(`${server.url}/account/verify?token=${linkToken(mail.text, '/account/verify')}`);
    assert.match(await page.locator('.account-message').innerText(), /您的邮箱已验证/);

    await page.goto(`${server.url}/account/login?next=%2Faccount`);
    await page.fill('input[name=email]', 'browser.reader@example.com');
    await page.fill('input[name=password]', 'a long password');
    await page.click('main button[type=submit]');
    assert.match(page.url(), /\/account$/);
    assert.match(await page.locator('.account-facts').innerText(), /browser\.reader@example\.com\s*已验证/);
    assert.equal(await page.locator('a[data-account-link]').innerText(), '登录', 'without JavaScript the link keeps its static label');

    const withJs = await browser.newContext({ locale: 'zh-CN', storageState: await noJs.storageState() });
    const home = await withJs.newPage();
    await home.goto(`${server.url}/`);
    await home.locator('a[data-account-link]', { hasText: '我的账户' }).waitFor();

    await home.click('a[data-account-link]');
    assert.match(home.url(), /\/account$/);
    await home.click('form[action="/account/logout"] button');
    assert.match(home.url(), /\/account\/login\?notice=logged-out$/);
    await home.goto(`${server.url}/`);
    assert.equal(await home.locator('a[data-account-link]').innerText(), '登录', 'signed out: the hint cookie is gone');
    await withJs.close();
    await noJs.close();
  });
});
