/**
 * Browser tests of the reader site in a real Chromium: layout at phone and desktop widths,
 * the A−/A+ control, WeChat QR sharing, the table of contents, dark mode and the CSP.
 * Run: node --import tsx --test src/web/article-page.browser.test.ts
 * Needs Chromium (Debian: `apt-get install chromium fonts-noto-cjk`); CHROMIUM_PATH overrides
 * /usr/bin/chromium. Screenshots go to test-results/ (git-ignored) for a human to look at.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { saveSection } from '../articles/outlet.service.js';
import type { ArticleInput } from '../articles/model.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { editionPath, type Edition } from './editions.js';

const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const RESULTS_DIR = fileURLToPath(new URL('../../test-results/', import.meta.url));
const PHONE = { width: 390, height: 844 };
const DESKTOP = { width: 1280, height: 900 };

const RELATED_TITLE = '本市去年为老旧小区加装电梯超过八百台';
const LONG_URL =
  'https://www.example.gov.cn/zwgk/tzgg/2025/03/18/ElevatorRetrofitImplementationPlanForOldResidentialCompounds2025to2027FullTextWithAppendices.html';

/** A realistic, long report: ≥3 subheadings (so the TOC shows), a quote, a list, a URL that will not break by itself. */
function longArticle(): Partial<ArticleInput> {
  return {
    title: '老旧小区加装电梯三年行动启动 今年计划完成1200台',
    subtitle: '财政补贴比例提高至四成，低层住户补偿办法同步出台',
    summary:
      '市住房和城乡建设委员会18日发布《老旧小区加装电梯三年行动方案（2025—2027年）》，提出三年内完成3500台加装任务，今年先行完成1200台，并首次明确低层住户补偿标准。',
    section: 'china',
    tags: ['城市更新', '加装电梯', '民生'],
    dateline: { source: '本网', date: '2025-03-18', place: null, kind: '讯' },
    byline: { reporters: ['张明', '王丽'], reportType: '综合报导', place: null },
    editor: '李华',
    publishedAt: '2025-03-18T09:30:00+08:00',
    updatedAt: '2025-03-18T15:05:00+08:00',
    related: [RELATED_TITLE],
    body: [
      {
        type: 'paragraph',
        text: '市住房和城乡建设委员会今天上午召开新闻发布会，正式发布《老旧小区加装电梯三年行动方案（2025—2027年）》。方案提出，到2027年底全市累计完成加装电梯3500台，其中今年完成1200台，优先覆盖60岁以上居民占比超过三成的楼栋。',
      },
      {
        type: 'paragraph',
        text: '据介绍，全市现有建成于2000年以前、四层及以上且未配备电梯的住宅楼约2.1万栋，涉及居民近60万户。随着人口老龄化加深，“爬楼难”已成为不少老年居民的日常困扰，也是近年来市民热线反映最集中的问题之一。',
      },
      { type: 'subheading', text: '补贴比例提高至四成' },
      {
        type: 'paragraph',
        text: '与此前的试点政策相比，新方案将财政补贴比例由工程总造价的20%提高至40%，单台补贴上限为32万元；对于低保家庭、特困人员等困难群体，还可申请额外补助。居民个人出资部分，可按规定提取住房公积金。',
      },
      {
        type: 'list',
        ordered: false,
        items: [
          '市、区两级财政按六比四的比例承担补贴资金；',
          '加装电梯项目纳入城市更新专项债券支持范围；',
          '鼓励“代建代运营”模式，由企业先行垫资，居民按月付费使用。',
        ],
      },
      { type: 'subheading', text: '低层住户补偿首次“有章可循”' },
      {
        type: 'paragraph',
        text: '加装电梯最大的难点往往在于协调不同楼层住户的意见。一楼、二楼居民基本不受益，却可能承受采光、通风和噪音方面的影响。为此，方案首次给出了低层住户补偿的参考标准，由楼栋居民协商确定具体金额，社区居委会全程参与调解。',
      },
      {
        type: 'quote',
        text: '我们希望把“一事一议”变成“有章可循”，让高层和低层住户都觉得公平，这样电梯才能真正装得上、用得好。',
        cite: '市住建委副主任陈建国',
      },
      {
        type: 'paragraph',
        text: '家住西城区某小区六楼的刘阿姨今年72岁，她告诉记者，小区从2023年开始征求意见，前后开了十几次协调会，“这次有了补偿标准，楼下的邻居也松口了，希望年底前能坐上电梯。”',
      },
      { type: 'subheading', text: '审批流程压缩至30个工作日' },
      {
        type: 'paragraph',
        text: '在审批环节，方案推行“一窗受理、并联审批”，规划、施工许可和特种设备登记等手续的办理时限由原来的90个工作日压缩至30个工作日。居民可通过“一网通办”平台在线提交申请并查询办理进度。',
      },
      {
        type: 'list',
        ordered: true,
        items: ['楼栋居民协商并签订加装协议；', '向街道提交申请材料，公示10日；', '并联办理规划和施工许可；', '施工、验收并办理使用登记。'],
      },
      { type: 'subheading', text: '下一步：同步推进适老化改造' },
      {
        type: 'paragraph',
        text: `市住建委表示，下一步将把加装电梯与楼道扶手、无障碍坡道等适老化改造统筹推进，并建立电梯运行维护的长效机制。方案全文及附件可在市政府网站查阅：${LONG_URL}。`,
      },
    ],
  };
}

function luminance(rgb: string): number {
  const match = /rgba?\((\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)[ ,]+(\d+(?:\.\d+)?)/.exec(rgb);
  assert.ok(match, `not an rgb() colour: ${rgb}`);
  const [r, g, b] = match.slice(1, 4).map((c) => {
    const v = Number(c) / 255;
    return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: number, b: number): number {
  return (Math.max(a, b) + 0.05) / (Math.min(a, b) + 0.05);
}

async function waitUntil(condition: () => Promise<boolean>, message: string, timeoutMs = 3000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) assert.fail(message);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const chromiumMissing = existsSync(CHROMIUM_PATH) ? false : `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH)`;

describe('reader pages in a browser', { skip: chromiumMissing }, () => {
  let server: TestServer;
  let browser: Browser;
  let articleUrl: string;
  let traditionalUrl: string;
  const contexts: BrowserContext[] = [];

  before(async () => {
    mkdirSync(RESULTS_DIR, { recursive: true });
    server = await startTestServer('sqlite');
    const { db } = server.database;
    await setUpNewsroom(db);
    // A full set of sections: more than a phone's width, so the navigation must scroll within itself.
    const more = ['国际', '港澳台', '财经', '科技', '体育', '文化', '健康', '社会', '评论', '视频'];
    for (const [i, name] of more.entries()) await saveSection(db, { slug: `s${i + 2}`, name, position: i + 2 });
    await createArticle(db, {
      title: RELATED_TITLE,
      summary: '去年全市共完成老旧小区加装电梯812台，惠及居民约1.2万户。',
      publishedAt: '2025-01-08T10:00:00+08:00',
    });
    const moreNews = [
      '地铁12号线东延段今日开工 预计2028年通车',
      '全市新增公共充电桩两万个 “充电难”有望缓解',
      '春季义务植树活动启动 市民可线上预约',
    ];
    for (const [i, title] of moreNews.entries()) {
      await createArticle(db, { title, publishedAt: `2025-03-1${5 + i}T08:00:00+08:00` });
    }
    await createArticle(db, {
      title: '两会闭幕 政府工作报告提出今年经济增长目标为5%左右',
      summary: '十四届全国人大三次会议11日闭幕，会议表决通过关于政府工作报告的决议。',
      section: 'top',
      publishedAt: '2025-03-11T16:00:00+08:00',
    });
    // Older 要闻 so that the section page needs a second page (and shows the pager).
    const briefs = ['国务院常务会议部署稳就业举措', '全国春运客流创新高', '多地出台措施促进消费', '气象台发布寒潮蓝色预警'];
    for (let day = 1; day <= 21; day += 1) {
      await createArticle(db, {
        title: `${briefs[day % briefs.length]}（${day}）`,
        section: 'top',
        publishedAt: `2025-02-${String(day).padStart(2, '0')}T07:00:00+08:00`,
      });
    }
    const traditionalId = await createArticle(db, {
      title: '港鐵東涌綫延線工程完成八成 明年通車',
      summary: '港鐵公司表示，東涌綫延線工程整體進度已達八成。',
      body: [{ type: 'paragraph', text: '港鐵公司今日表示，東涌綫延線工程整體進度已達八成，預計明年通車，屆時可紓緩區內交通壓力。' }],
      sourceScript: 'zh-Hant',
      publishedAt: '2025-03-17T12:00:00+08:00',
    });
    traditionalUrl = await canonicalUrl(traditionalId, 'hant');
    articleUrl = await canonicalUrl(await createArticle(db, longArticle()));

    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
      ],
    });
  });

  /** Where /article/{id} redirects: the article's canonical page. */
  async function canonicalUrl(id: number, edition: Edition = 'hans'): Promise<string> {
    const response = await fetch(`${server.url}${editionPath(edition, `/article/${id}`)}`, { redirect: 'manual' });
    const location = response.headers.get('location');
    assert.ok(location, 'the short article URL redirects to the canonical one');
    return new URL(location, server.url).toString();
  }

  after(async () => {
    for (const context of contexts) await context.close().catch(() => {});
    await browser?.close();
    await server?.close();
  });

  /** A fresh browser profile (own localStorage) at the given viewport. */
  async function openPage(viewport: { width: number; height: number }, colorScheme: 'light' | 'dark' = 'light'): Promise<Page> {
    const context = await browser.newContext({ viewport, colorScheme, locale: 'zh-CN', reducedMotion: 'reduce' });
    contexts.push(context);
    return context.newPage();
  }

  async function assertNoHorizontalOverflow(page: Page, what: string): Promise<void> {
    const { scrollWidth, innerWidth } = await page.evaluate(() => ({
      scrollWidth: document.documentElement.scrollWidth,
      innerWidth: window.innerWidth,
    }));
    assert.ok(scrollWidth <= innerWidth, `${what}: page is ${scrollWidth}px wide in a ${innerWidth}px viewport`);
  }

  /** Computed font size, in px, of the first paragraph of the article body. */
  async function bodyFontSize(page: Page): Promise<number> {
    return page.locator('.article-body p').first().evaluate((p) => Number.parseFloat(getComputedStyle(p).fontSize));
  }

  for (const [name, viewport] of [
    ['phone', PHONE],
    ['tablet', { width: 768, height: 1024 }],
    ['desktop', DESKTOP],
  ] as const) {
    it(`shows the article without horizontal scrolling on a ${name} (${viewport.width}px)`, async () => {
      const page = await openPage(viewport);
      await page.goto(articleUrl);
      await assertNoHorizontalOverflow(page, `article at ${viewport.width}px`);
      assert.ok(await page.locator('h1.article-title').isVisible(), 'headline visible');
      const dateline = page.locator('.article-body .dateline');
      assert.equal(await dateline.textContent(), '【本网2025年03月18日讯】');
      assert.ok(await dateline.isVisible(), 'dateline visible');
      const editor = page.locator('.responsible-editor');
      assert.match((await editor.textContent()) ?? '', /责任编辑：李华/);
      assert.ok(await editor.isVisible(), '责任编辑 visible');
      const bodyRight = await page.locator('.article-body').evaluate((el) => el.getBoundingClientRect().right);
      assert.ok(bodyRight <= viewport.width, 'article body inside the viewport');
      await page.screenshot({ path: `${RESULTS_DIR}article-${viewport.width}.png`, fullPage: true });
    });
  }

  it('puts 相关新闻 beside the article on a desktop and below it on a phone', async () => {
    const desktop = await openPage(DESKTOP);
    await desktop.goto(articleUrl);
    const article = await desktop.locator('article.article').boundingBox();
    const aside = await desktop.locator('.article-aside').boundingBox();
    assert.ok(article && aside);
    assert.ok(aside.x >= article.x + article.width, 'aside to the right of the article');
    assert.ok(await desktop.locator('.related a', { hasText: RELATED_TITLE }).isVisible());

    const phone = await openPage(PHONE);
    await phone.goto(articleUrl);
    const articleBox = await phone.locator('article.article').boundingBox();
    const asideBox = await phone.locator('.article-aside').boundingBox();
    assert.ok(articleBox && asideBox);
    assert.ok(asideBox.y >= articleBox.y + articleBox.height, 'aside below the article');
  });

  it('keeps the article inside a 360px phone screen; the section bar scrolls on its own', async () => {
    const page = await openPage({ width: 360, height: 740 });
    await page.goto(articleUrl);
    await assertNoHorizontalOverflow(page, 'article at 360px');
    const nav = page.locator('.section-nav ul');
    const { scrollWidth, clientWidth } = await nav.evaluate((el) => ({ scrollWidth: el.scrollWidth, clientWidth: el.clientWidth }));
    assert.ok(scrollWidth > clientWidth, 'all sections do not fit: the bar is scrollable');
    await nav.evaluate((el) => el.scrollTo({ left: el.scrollWidth }));
    assert.ok(await page.locator('.section-nav a', { hasText: '视频' }).isVisible(), 'the last section can be scrolled to');
    await assertNoHorizontalOverflow(page, 'article at 360px after scrolling the section bar');
  });

  it('lets the reader enlarge the text, remembers it, and stops at the smallest size', async () => {
    const page = await openPage(PHONE);
    await page.goto(articleUrl);
    const control = page.locator('[data-font-size-control]');
    assert.ok(await control.isVisible(), 'the script reveals the A−/A+ control');
    const smaller = control.getByRole('button', { name: '缩小字号' });
    const larger = control.getByRole('button', { name: '放大字号' });
    const original = await bodyFontSize(page);

    await larger.click();
    const enlarged = await bodyFontSize(page);
    assert.ok(enlarged > original, `A+ enlarges the body text (${original}px → ${enlarged}px)`);

    await page.reload();
    assert.equal(await page.evaluate(() => document.documentElement.dataset.fontSize), 'l');
    assert.equal(await bodyFontSize(page), enlarged, 'the larger size is remembered across page loads');

    await smaller.click();
    await smaller.click();
    const reduced = await bodyFontSize(page);
    assert.ok(reduced < original, `A− twice goes below the original (${reduced}px < ${original}px)`);
    assert.ok(await smaller.isDisabled(), 'A− is disabled at the smallest size');
    assert.ok(await larger.isEnabled(), 'A+ is still available');
  });

  for (const viewport of [PHONE, DESKTOP]) {
    it(`shows the WeChat QR code inside the screen at ${viewport.width}px`, async () => {
      const page = await openPage(viewport);
      await page.goto(articleUrl);
      const qr = page.locator('.share-qr img');
      assert.equal(await qr.isVisible(), false, 'QR hidden until asked for');
      await page.locator('.share-wechat summary').click();
      await qr.waitFor({ state: 'visible' });
      await qr.scrollIntoViewIfNeeded();
      // The code is its own (lazy) image: opening 微信 loads it.
      await page.waitForFunction(() => {
        const img = document.querySelector<HTMLImageElement>('.share-qr img');
        return img !== null && img.complete && img.naturalWidth > 0;
      });
      const box = await qr.boundingBox();
      assert.ok(box, 'QR image has a box');
      assert.ok(box.x >= 0 && box.x + box.width <= viewport.width, `QR within the screen width (x=${box.x}, w=${box.width})`);
      assert.ok(box.y >= 0 && box.y + box.height <= viewport.height, `QR within the screen height (y=${box.y}, h=${box.height})`);
      assert.ok(box.width >= 120, 'QR large enough to scan');
      await assertNoHorizontalOverflow(page, 'article with the QR panel open');
      await page.screenshot({ path: `${RESULTS_DIR}article-${viewport.width}-wechat.png` });
    });
  }

  it('shows the skip link to a keyboard user and moves focus to the content', async () => {
    const page = await openPage(PHONE);
    await page.goto(articleUrl);
    const skip = page.locator('.skip-link');
    const hiddenBox = await skip.boundingBox();
    assert.ok(hiddenBox && hiddenBox.y + hiddenBox.height <= 0, 'off screen until focused');
    await page.keyboard.press('Tab');
    assert.equal(await skip.evaluate((el) => el === document.activeElement), true, 'first Tab lands on the skip link');
    const box = await skip.boundingBox();
    assert.ok(box && box.y >= 0, 'on screen when focused');
    const outline = await skip.evaluate((el) => getComputedStyle(el).outlineStyle);
    assert.notEqual(outline, 'none', 'focus is outlined');
    await page.keyboard.press('Enter');
    await waitUntil(async () => new URL(page.url()).hash === '#main', 'the skip link goes to #main');
  });

  it('sets the Traditional edition in Traditional Chinese fonts', async () => {
    const page = await openPage(PHONE);
    await page.goto(traditionalUrl);
    const family = await page.locator('.article-body p').first().evaluate((p) => getComputedStyle(p).fontFamily);
    assert.match(family, /Noto Sans CJK TC/, family);
    assert.doesNotMatch(family, /PingFang SC/, family);
    await assertNoHorizontalOverflow(page, 'Traditional Chinese article at 390px');
  });

  it('explains a missing page in Chinese and fits a phone', async () => {
    const page = await openPage(PHONE);
    const response = await page.goto(`${server.url}/2025/03/18/999999.html`);
    assert.equal(response?.status(), 404);
    assert.equal(await page.locator('.error-page h1').textContent(), '页面不存在');
    assert.ok(await page.locator('.error-page a', { hasText: '返回首页' }).isVisible());
    await assertNoHorizontalOverflow(page, '404 page at 390px');
    await page.screenshot({ path: `${RESULTS_DIR}error-390.png`, fullPage: true });
  });

  it('jumps to a section from the table of contents', async () => {
    const page = await openPage(DESKTOP);
    await page.goto(articleUrl);
    const links = page.locator('nav.toc a');
    assert.equal(await links.count(), 4);
    await links.nth(2).click();
    await waitUntil(async () => new URL(page.url()).hash === '#section-3', 'URL hash becomes #section-3');
    const heading = page.locator('#section-3');
    assert.equal(await heading.textContent(), '#审批流程压缩至30个工作日');
    await waitUntil(async () => {
      const box = await heading.boundingBox();
      return box !== null && box.y >= 0 && box.y + box.height <= DESKTOP.height;
    }, 'the chosen heading is scrolled into view');
  });

  it('follows the dark colour scheme with light text on a dark background', async () => {
    for (const viewport of [PHONE, DESKTOP]) {
      const page = await openPage(viewport);
      await page.emulateMedia({ colorScheme: 'dark' });
      await page.goto(articleUrl);
      const colours = await page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const p = document.querySelector('.article-body p');
        return { background: body.backgroundColor, text: body.color, paragraph: p ? getComputedStyle(p).color : '' };
      });
      const bg = luminance(colours.background);
      assert.ok(bg < 0.05, `dark background (${colours.background})`);
      assert.ok(luminance(colours.text) > 0.6, `light text (${colours.text})`);
      assert.ok(contrast(bg, luminance(colours.paragraph)) >= 7, `body text contrast ≥ 7:1 (${colours.paragraph} on ${colours.background})`);
      await page.screenshot({ path: `${RESULTS_DIR}article-${viewport.width}-dark.png`, fullPage: true });
    }
  });

  it('prints the article alone, black on white, without the site furniture', async () => {
    const page = await openPage({ width: 794, height: 1123 }, 'dark');
    await page.goto(articleUrl);
    await page.emulateMedia({ media: 'print', colorScheme: 'dark' });
    for (const selector of ['.section-nav', '.skip-link', '.share', '[data-font-size-control]', '.article-aside', '.site-footer', 'nav.toc']) {
      assert.equal(await page.locator(selector).isVisible(), false, `${selector} is not printed`);
    }
    for (const selector of ['.brand', 'h1.article-title', '.article-body .dateline', '.responsible-editor']) {
      assert.ok(await page.locator(selector).isVisible(), `${selector} is printed`);
    }
    const colours = await page.evaluate(() => ({
      background: getComputedStyle(document.body).backgroundColor,
      text: getComputedStyle(document.querySelector('.article-body p') ?? document.body).color,
    }));
    assert.equal(colours.background, 'rgb(255, 255, 255)', 'white paper, even for a reader in dark mode');
    assert.equal(colours.text, 'rgb(0, 0, 0)', 'black ink');
    const printSize = await bodyFontSize(page);
    assert.ok(Math.abs(printSize - (11 * 96) / 72) < 0.1, `body text prints at 11pt (${printSize}px)`);
    await page.screenshot({ path: `${RESULTS_DIR}article-print.png`, fullPage: true });
    await page.pdf({ path: `${RESULTS_DIR}article.pdf`, format: 'A4', printBackground: true });
  });

  it('shows the home, section and tag pages without horizontal scrolling on a phone', async () => {
    const page = await openPage(PHONE);
    for (const [path, heading, file] of [
      ['/', '.lead-title', 'home-390.png'],
      ['/section/top', 'h1.list-title', 'section-390.png'],
      [`/tag/${encodeURIComponent('城市更新')}`, 'h1.list-title', 'tag-390.png'],
    ] as const) {
      const response = await page.goto(`${server.url}${path}`);
      assert.equal(response?.status(), 200, `${path} answers 200`);
      await assertNoHorizontalOverflow(page, `${path} at 390px`);
      assert.ok(await page.locator(heading).isVisible(), `${path} shows its headline`);
      await page.screenshot({ path: `${RESULTS_DIR}${file}`, fullPage: true });
    }
    await page.goto(`${server.url}/section/top`);
    const current = page.locator('.pager [aria-current="page"]');
    assert.equal(await current.textContent(), '1', 'the pager marks the current page');
    assert.ok(await page.locator('.pager a[rel="next"]').isVisible(), 'the pager offers the next page');
    const desktop = await openPage(DESKTOP);
    await desktop.goto(server.url);
    await assertNoHorizontalOverflow(desktop, 'home at 1280px');
    await desktop.screenshot({ path: `${RESULTS_DIR}home-1280.png`, fullPage: true });
  });

  it('loads the article without console errors or Content-Security-Policy violations', async () => {
    const page = await openPage(PHONE);
    const problems: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    page.on('pageerror', (error) => problems.push(`page error: ${error.message}`));
    // Init scripts are injected by the browser itself, so the page's CSP does not block this one.
    await page.addInitScript(() => {
      document.addEventListener('securitypolicyviolation', (event) => {
        const list = ((window as unknown as { __csp?: string[] }).__csp ??= []);
        list.push(`${event.violatedDirective} ${event.blockedURI}`);
      });
    });
    await page.goto(articleUrl, { waitUntil: 'load' });
    await page.locator('[data-font-size-control]').waitFor({ state: 'visible' });
    await page.locator('.share-wechat summary').click();
    const violations = await page.evaluate(() => (window as unknown as { __csp?: string[] }).__csp ?? []);
    assert.deepEqual(violations, [], 'no CSP violations');
    assert.deepEqual(problems, [], 'no console errors');
  });
});
