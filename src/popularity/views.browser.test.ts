/**
 * The view beacon and 阅读排行 in a real Chromium: the page shows 人气 at render time, the
 * beacon counts the visit once and writes the new number in, a reload within 30 minutes is not
 * counted again, a headless (bot) browser is never counted, and the most-read box sits beside
 * the content on wide screens. Needs Chromium (CHROMIUM_PATH, default /usr/bin/chromium).
 */
import assert from 'node:assert/strict';
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { BROWSER_UA, sendView, startViewsServer, storedViews, type ViewsServer } from './popularity.testing.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const DESKTOP = { width: 1280, height: 900 };
const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

describe('人气 and 阅读排行 in a browser', { skip: chromiumMissing }, () => {
  let t: TestDatabase;
  let server: ViewsServer;
  let browser: Browser;
  const env = { XINWEN_VIEW_FLUSH_MS: '200' };
  const contexts: BrowserContext[] = [];
  let articleUrl: string;

  before(async () => {
    t = await createTestDatabase('sqlite');
    await setUpNewsroom(t.db);
    server = await startViewsServer(t, { env });
    const id = await createArticle(t.db, { title: '地铁新线今晨开通 首日客流超过十万人次', section: 'china' });
    for (const ip of ['198.51.100.21', '198.51.100.22']) await sendView(server.url, id, { ip });
    const location = (await fetch(`${server.url}/article/${id}`, { redirect: 'manual' })).headers.get('location');
    assert.ok(location);
    articleUrl = new URL(location, server.url).toString();
    browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
    mkdirSync(RESULTS_DIR, { recursive: true });
  });
  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
    await t?.drop();
  });

  async function open(userAgent?: string) {
    const context = await browser.newContext({ viewport: DESKTOP, locale: 'zh-CN', ...(userAgent && { userAgent }) });
    contexts.push(context);
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('console', (m) => {
      if (m.type() === 'error') problems.push(m.text());
    });
    page.on('pageerror', (e) => problems.push(e.message));
    return { page, problems };
  }

  it('counts the visit once and shows the answer', async () => {
    const { page, problems } = await open(BROWSER_UA);
    const counted = page.waitForResponse((r) => r.url().includes('/api/views/') && r.request().method() === 'POST');
    await page.goto(articleUrl);
    assert.deepEqual(await (await counted).json(), { views: 3, counted: true });
    await page.waitForSelector('[data-view-count][data-view-counted="true"]');
    assert.equal(await page.textContent('[data-view-count]'), '人气 3');
    assert.equal(await page.getAttribute('[data-view-count-number]', 'title'), '3次阅读');

    const again = page.waitForResponse((r) => r.url().includes('/api/views/'));
    await page.reload();
    assert.deepEqual(await (await again).json(), { views: 3, counted: false });
    assert.equal(await page.textContent('[data-view-count]'), '人气 3', 'rendered with the unflushed count');
    assert.deepEqual(problems, [], 'no script or CSP errors');
  });

  it('never counts a headless browser', async () => {
    const { page } = await open(); // Chromium's own headless user agent: a bot
    const answer = page.waitForResponse((r) => r.url().includes('/api/views/'));
    await page.goto(articleUrl);
    assert.deepEqual(await (await answer).json(), { views: 3, counted: false });
  });

  it('puts 阅读排行 beside the content on wide screens', async () => {
    const ids: number[] = [];
    for (const title of ['跨江大桥主体结构完工', '老城区改造征求居民意见', '春季植树活动周末举行']) {
      ids.push(await createArticle(t.db, { title, section: 'china' }));
    }
    for (const [i, id] of ids.entries()) {
      for (let n = 0; n <= i; n++) await sendView(server.url, id, { ip: `198.51.100.${40 + i * 5 + n}` });
    }
    // The earlier pages are done: closed before their server goes, so no open page of the old
    // server is left in the browser (the only place this file hung, twice in full-suite runs, was
    // the next context's creation after the restart).
    for (const context of contexts.splice(0)) await context.close();
    // A fresh process: every view flushed, and no most-read list cached from the earlier pages.
    await server.close();
    assert.equal(await storedViews(t, ids[2] ?? 0), 3);
    server = await startViewsServer(t, { env });

    const { page } = await open(BROWSER_UA);
    await page.goto(`${server.url}/`);
    const latest = await page.locator('.latest').boundingBox();
    const mostRead = await page.locator('.most-read').boundingBox();
    const lead = await page.locator('.lead-story').boundingBox();
    assert.ok(latest && mostRead && lead);
    assert.ok(mostRead.x > lead.x + lead.width, 'in the rail, right of the lead story');
    assert.ok(mostRead.y >= latest.y + latest.height - 1, 'under 最新');
    // 3 views each for the first two: the newer article first.
    assert.deepEqual(await page.locator('#most-read-day ~ ol a').allTextContents(), [
      '春季植树活动周末举行',
      '地铁新线今晨开通 首日客流超过十万人次',
      '老城区改造征求居民意见',
      '跨江大桥主体结构完工',
    ]);
    await page.screenshot({ path: `${RESULTS_DIR}/most-read-home-desktop.png`, fullPage: true });

    await page.goto(`${server.url}/section/china`);
    const list = await page.locator('.teasers-full').boundingBox();
    const aside = await page.locator('.list-most-read').boundingBox();
    assert.ok(list && aside);
    assert.ok(aside.x >= list.x + list.width, 'beside the list');
    assert.ok(Math.abs(aside.y - list.y) < 200, 'at the top, not after the list');
    await page.screenshot({ path: `${RESULTS_DIR}/most-read-section-desktop.png`, fullPage: true });

    // Phones: one column, nothing wider than the screen.
    await page.setViewportSize({ width: 360, height: 740 });
    for (const [name, path] of [['home', '/'], ['section', '/section/china'], ['article', new URL(articleUrl).pathname]] as const) {
      await page.goto(`${server.url}${path}`);
      assert.ok(await page.locator('.most-read').isVisible(), name);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `${name}: ${overflow}px wider than the screen`);
      await page.screenshot({ path: `${RESULTS_DIR}/most-read-${name}-phone.png`, fullPage: true });
    }
  });
});
