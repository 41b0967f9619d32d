/**
 * The two editions as a reader meets them, in a real Chromium: the 简体/繁體 switch keeps the
 * reader on the same article and is remembered, and a search typed in Traditional script finds
 * an article written in Simplified. Run: node --import tsx --test src/editions/editions.browser.test.ts
 * Needs Chromium (Debian: `apt-get install chromium fonts-noto-cjk`); CHROMIUM_PATH overrides /usr/bin/chromium.
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type Page } from 'playwright-core';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

describe('editions in a browser', { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;
  let page: Page;
  let articleId = 0;

  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startTestServer('sqlite');
    const { db } = server.database;
    await setUpNewsroom(db);
    articleId = await createArticle(db, {
      title: '地铁三号线东段今日开通',
      summary: '新开通的地铁线路连接城东与高铁站。',
      body: [{ type: 'paragraph', text: '地铁三号线东段今天上午开通，沿线设站九座，首班车早上六时发车。' }],
      section: 'china',
      publishedAt: '2025-03-18T02:00:00Z',
    });
    await createArticle(db, { title: '春季植树活动周末举行', section: 'china', publishedAt: '2025-03-17T02:00:00Z' });
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    page = await (await browser.newContext({ locale: 'zh-CN', viewport: { width: 1200, height: 900 } })).newPage();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  it('switches an article page to Traditional, stays on the article, and remembers the choice', async () => {
    await page.goto(`${server.url}/${articleId}.html`);
    assert.equal(new URL(page.url()).pathname, `/zh-hans/2025/03/18/${articleId}.html`);
    assert.equal(await page.textContent('h1'), '地铁三号线东段今日开通');
    await page.click('.edition-switch a:text("繁體")');
    await page.waitForURL(`${server.url}/zh-hant/2025/03/18/${articleId}.html`);
    assert.equal(await page.textContent('h1'), '地鐵三號線東段今日開通');
    assert.equal(await page.getAttribute('html', 'lang'), 'zh-Hant');
    assert.equal(await page.textContent('.edition-switch [aria-current]'), '繁體');
    await page.screenshot({ path: `${RESULTS_DIR}edition-traditional.png`, fullPage: true });
    // The choice is remembered: an address without an edition opens the Traditional one.
    await page.goto(`${server.url}/`);
    assert.equal(new URL(page.url()).pathname, '/zh-hant/');
  });

  it('finds the Simplified article with a two-character word typed in Traditional', async () => {
    await page.goto(`${server.url}/zh-hant/search`);
    await page.fill('input[name=q]', '地鐵');
    await page.press('input[name=q]', 'Enter');
    await page.waitForURL(/\/zh-hant\/search\?q=/);
    const result = page.locator('.search-result').first();
    assert.equal(await result.locator('a').first().textContent(), '地鐵三號線東段今日開通');
    assert.equal(await result.locator('a').first().getAttribute('href'), `/zh-hant/2025/03/18/${articleId}.html`);
    assert.match(await result.locator('.search-snippet').innerHTML(), /<mark>地鐵<\/mark>/);
    assert.equal(await page.locator('.search-result').count(), 1, 'the tree-planting story does not match');
    await page.screenshot({ path: `${RESULTS_DIR}edition-search.png`, fullPage: true });
    await result.locator('a').first().click();
    await page.waitForURL(`${server.url}/zh-hant/2025/03/18/${articleId}.html`);
  });
});
