import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../testing/databases.js';
import { editionPath } from '../web/editions.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { qrCodeSvg } from '../web/share.js';
import { insertCorrection } from './article.store.js';
import { saveSection } from './outlet.service.js';

/** Text content between the first match of `open` and the next `close`. */
function between(html: string, open: string, close: string): string {
  const start = html.indexOf(open);
  assert.notEqual(start, -1, `expected ${open} in the page`);
  const end = html.indexOf(close, start + open.length);
  return html.slice(start + open.length, end);
}

function jsonLd(html: string): Record<string, unknown> {
  return JSON.parse(between(html, '<script type="application/ld+json">', '</script>')) as Record<string, unknown>;
}

const hans = (path: string) => editionPath('hans', path);

function teaserCount(html: string): number {
  return html.match(/class="teaser"/g)?.length ?? 0;
}

for (const dialect of TEST_DIALECTS) {
  describe(`reader site over HTTP (${dialect})`, () => {
    let server: TestServer;
    const ids: Record<string, number> = {};
    const get = (path: string) => fetch(`${server.url}${path}`, { redirect: 'manual' });
    // Reader pages are requested in the Simplified edition; assets and test routes have none.
    const page = async (path: string, status = 200) => {
      const res = await get(/^\/(assets|favicon|__test)/.test(path) ? path : hans(path));
      assert.equal(res.status, status, `GET ${path}`);
      return { res, html: await res.text() };
    };

    before(async () => {
      server = await startTestServer(dialect, {
        beforeListen: (app) =>
          app.get('/__test/boom', async () => {
            throw new Error('secret internal detail');
          }),
      });
      const { db } = server.database;
      await setUpNewsroom(db);
      await saveSection(db, { slug: 'world', name: '国际', position: 2 });
      ids.related = await createArticle(db, {
        title: '城市更新试点扩大到十个街区',
        section: 'top',
        publishedAt: '2025-03-17T08:00:00+08:00',
        dateline: { source: '本网', date: '2025-03-17', place: null, kind: '讯' },
      });
      await createArticle(db, { title: '春季植树活动周末举行', section: 'top', publishedAt: '2025-03-10T08:00:00+08:00' });
      ids.main = await createArticle(db, {
        title: '地铁新线今日开通运营',
        subtitle: '全程运行约四十分钟',
        summary: '连接城东与机场的地铁新线今日上午开通。',
        body: [
          { type: 'paragraph', text: '地铁新线今天上午九时正式开通。' },
          { type: 'subheading', text: '沿线设站' },
          { type: 'paragraph', text: '新线共设十二座车站。' },
          { type: 'subheading', text: '票价' },
          { type: 'quote', text: '我们希望更多市民选择公共交通。', cite: '运营公司负责人' },
          { type: 'subheading', text: '接驳' },
          { type: 'list', ordered: false, items: ['公交接驳', '共享单车'] },
        ],
        section: 'top',
        tags: ['交通', '地铁'],
        byline: { reporters: ['张明', '王芳'], reportType: '综合报导', place: null },
        editor: '李华',
        related: ['城市更新试点扩大到十个街区', '尚未发表的相关报道'],
        publishedAt: '2025-03-18T09:30:00+08:00',
        updatedAt: '2025-03-18T15:05:00+08:00',
      });
      ids.wire = await createArticle(db, {
        title: '东京举行国际防灾论坛',
        section: 'world',
        dateline: { source: '东亚通讯社', date: '2025-03-18', place: '东京', kind: '电' },
        byline: { reporters: ['赵海'], reportType: null, place: null },
        editor: null,
        tags: ['防灾'],
      });
      ids.hostile = await createArticle(db, {
        title: '<script>alert("t")</script>标题',
        summary: '摘要</script><script>alert(1)</script>',
        body: [{ type: 'paragraph', text: '<img src=x onerror=alert(1)>正文 & "引号"' }],
        tags: ['<b>标签</b>'],
        section: 'world',
      });
      ids.draft = await createArticle(db, { title: '尚未签发的稿件', status: 'draft', publishedAt: null });
      ids.traditional = await createArticle(db, {
        title: '臺北市推出新公車路線',
        sourceScript: 'zh-Hant',
        section: 'world',
        publishedAt: '2025-03-16T10:00:00+08:00',
        dateline: { source: '本网', date: '2025-03-16', place: '臺北', kind: '讯' },
      });
      for (let i = 1; i <= 23; i++) {
        await createArticle(db, {
          title: `中国栏目分页测试稿件第${i}篇`,
          section: 'china',
          tags: ['分页'],
          publishedAt: `2025-02-${String(i).padStart(2, '0')}T08:00:00+08:00`,
          dateline: { source: '本网', date: `2025-02-${String(i).padStart(2, '0')}`, place: null, kind: '讯' },
        });
      }
    });

    after(async () => {
      await server.close();
    });

    it('serves the article page with headline, dates, dateline, byline, body, editor and links', async () => {
      const { res, html } = await page('/2025/03/18/' + ids.main + '.html');
      assert.match(res.headers.get('content-type') ?? '', /^text\/html; charset=utf-8/);
      assert.match(res.headers.get('cache-control') ?? '', /public/);
      assert.match(html, /^<!doctype html><html lang="zh-Hans">/);
      assert.match(html, /<h1 class="article-title" data-speak>地铁新线今日开通运营<\/h1>/);
      assert.match(html, /<p class="article-subtitle">全程运行约四十分钟<\/p>/);
      assert.match(html, /<p class="article-summary">连接城东与机场的地铁新线今日上午开通。<\/p>/);
      assert.match(html, /发布：<time datetime="2025-03-18T09:30:00\+08:00">2025年03月18日 09:30<\/time>/);
      assert.match(html, /更新：<time datetime="2025-03-18T15:05:00\+08:00">2025年03月18日 15:05<\/time>/);
      assert.match(html, /<p data-speak><span class="dateline">【本网2025年03月18日讯】<\/span><span class="byline">（本网记者<a class="reporter" href="\/zh-hans\/reporter\/\d+">张明<\/a>、<a class="reporter" href="\/zh-hans\/reporter\/\d+">王芳<\/a>综合报导）<\/span>地铁新线今天上午九时正式开通。<\/p>/);
      assert.match(html, /<p class="responsible-editor">责任编辑：李华<\/p>/);
      assert.match(html, /<a class="section-link" href="\/zh-hans\/section\/top">要闻<\/a>/);
      assert.match(html, /<blockquote><p data-speak>我们希望更多市民选择公共交通。<\/p><cite>运营公司负责人<\/cite><\/blockquote>/);
      assert.match(html, /<ul><li data-speak>公交接驳<\/li><li data-speak>共享单车<\/li><\/ul>/);
      assert.match(html, /<a href="\/zh-hans\/tag\/%E4%BA%A4%E9%80%9A" rel="tag">交通<\/a>/);
    });

    it('anchors every subheading and lists them in a table of contents', async () => {
      const { html } = await page('/2025/03/18/' + ids.main + '.html');
      for (const [n, text] of [[1, '沿线设站'], [2, '票价'], [3, '接驳']] as const) {
        assert.match(html, new RegExp(`<h2 id="section-${n}" class="subheading">.*?<span data-speak>${text}</span></h2>`));
        assert.match(html, new RegExp(`<nav class="toc"[^>]*>.*<a href="#section-${n}">${text}</a>`));
      }
      const { html: short } = await page('/2025/03/17/' + ids.related + '.html');
      assert.doesNotMatch(short, /class="toc"/, 'a short article has no table of contents');
    });

    it('links related news (editor picks) and more news from the same section', async () => {
      const { html } = await page('/2025/03/18/' + ids.main + '.html');
      const related = between(html, '<h2 id="related-title">相关新闻</h2>', '</section>');
      assert.match(related, new RegExp(`href="/zh-hans/2025/03/17/${ids.related}.html">城市更新试点扩大到十个街区</a>`));
      assert.doesNotMatch(html, /尚未发表的相关报道/, 'unmatched related headlines are not shown to readers');
      const more = between(html, '<h2 id="more-news-title">', '</section>');
      assert.match(more, /更多<a href="\/zh-hans\/section\/top">要闻<\/a>新闻/);
    });

    it('offers share links and a locally generated WeChat QR code', async () => {
      const { html } = await page('/2025/03/18/' + ids.main + '.html');
      const url = encodeURIComponent(`${server.url}/zh-hans/2025/03/18/${ids.main}.html`);
      for (const prefix of [
        'https://www.facebook.com/sharer/sharer.php?u=',
        'https://x.com/intent/tweet?url=',
        'https://social-plugins.line.me/lineit/share?url=',
        'https://t.me/share/url?url=',
        'https://service.weibo.com/share/share.php?url=',
      ]) {
        assert.ok(html.includes(`${prefix}${url}`.replace(/&/g, '&amp;')), `share link ${prefix}`);
      }
      // The QR code is an image of its own, fetched when 微信 is opened, not drawn into every page.
      const qr = /<img src="(\/zh-hans\/article\/\d+\/qr\.svg)"[^>]*loading="lazy"/.exec(html);
      assert.ok(qr, 'QR code image');
      assert.equal(qr[1], `/zh-hans/article/${ids.main}/qr.svg`);
      const image = await get(qr[1] as string);
      assert.equal(image.status, 200);
      assert.equal(image.headers.get('content-type'), 'image/svg+xml');
      assert.match(await image.text(), /<svg[^>]*>.*<path/s);
      // It encodes the page's own address: the same as the code drawn for that URL.
      assert.equal(await (await get(qr[1] as string)).text(), await qrCodeSvg(`${server.url}/zh-hans/2025/03/18/${ids.main}.html`));
      assert.equal((await get('/zh-hans/article/999999/qr.svg')).status, 404, 'no code for an article that does not exist');
      assert.match(html, /<div class="font-size-control"[^>]*hidden>/, 'font-size control waits for its script');
    });

    it('describes the article with canonical URL, Open Graph and NewsArticle JSON-LD', async () => {
      const { html } = await page('/2025/03/18/' + ids.main + '.html');
      const canonical = `${server.url}/zh-hans/2025/03/18/${ids.main}.html`;
      assert.ok(html.includes(`<link rel="canonical" href="${canonical}"/>`));
      assert.ok(html.includes('<meta property="og:type" content="article"/>'));
      assert.ok(html.includes('<meta property="og:title" content="地铁新线今日开通运营"/>'));
      assert.ok(html.includes(`<meta property="og:url" content="${canonical}"/>`));
      assert.ok(html.includes('<meta property="article:published_time" content="2025-03-18T09:30:00+08:00"/>'));
      const ld = jsonLd(html);
      assert.equal(ld['@type'], 'NewsArticle');
      assert.equal(ld.headline, '地铁新线今日开通运营');
      assert.equal(ld.datePublished, '2025-03-18T09:30:00+08:00');
      assert.equal(ld.dateModified, '2025-03-18T15:05:00+08:00');
      assert.deepEqual(
        (ld.author as { '@type': string; name: string }[]).map((a) => [a['@type'], a.name]),
        [['Person', '张明'], ['Person', '王芳']],
      );
      assert.deepEqual(ld.editor, { '@type': 'Person', name: '李华' });
      assert.equal(ld.articleSection, '要闻');
      assert.deepEqual(ld.keywords, ['交通', '地铁']);
      assert.equal(ld.inLanguage, 'zh-Hans');
      assert.equal((ld.publisher as { '@type': string })['@type'], 'NewsMediaOrganization');
      assert.equal((ld.mainEntityOfPage as { '@id': string })['@id'], canonical);
    });

    it('shows dated 更正 notes after the body and in JSON-LD', async () => {
      await insertCorrection(server.database.db, {
        articleId: ids.wire as number,
        text: '本文早前版本误将论坛举办日期写作3月17日，现已更正为3月18日。',
        byId: null,
        at: '2025-03-19T02:15:00.000Z',
      });
      const { html } = await page('/2025/03/18/' + ids.wire + '.html');
      assert.match(
        html,
        /<section class="corrections"[^>]*><h2 id="corrections-title" class="corrections-title">更正<\/h2><ul><li id="correction-\d+"><time datetime="2025-03-19T10:15:00\+08:00">2025年03月19日 10:15<\/time><span class="correction-text">本文早前版本误将论坛举办日期写作3月17日，现已更正为3月18日。<\/span><\/li><\/ul><\/section>/,
      );
      assert.deepEqual(jsonLd(html).correction, [
        { '@type': 'CorrectionComment', text: '本文早前版本误将论坛举办日期写作3月17日，现已更正为3月18日。', datePublished: '2025-03-19T10:15:00+08:00' },
      ]);
      const { html: other } = await page('/2025/03/18/' + ids.main + '.html');
      assert.doesNotMatch(other, /class="corrections"/, 'no corrections block without corrections');
    });

    it('writes agency dispatches as {agency}{place}{M月D日}电（记者…）', async () => {
      const { html } = await page('/2025/03/18/' + ids.wire + '.html');
      assert.match(html, /<span class="dateline">东亚通讯社东京3月18日电<\/span><span class="byline">（记者<a class="reporter" href="\/zh-hans\/reporter\/\d+">赵海<\/a>）<\/span>/);
      assert.doesNotMatch(html, /责任编辑/, 'no editor line without an editor');
    });

    it('marks each edition of an article with its language', async () => {
      const { html } = await page('/2025/03/16/' + ids.traditional + '.html');
      assert.match(html, /<html lang="zh-Hans">/);
      assert.equal(jsonLd(html).inLanguage, 'zh-Hans');
      const traditional = await (await get(editionPath('hant', '/2025/03/16/' + ids.traditional + '.html'))).text();
      assert.match(traditional, /<html lang="zh-Hant">/);
      assert.equal(jsonLd(traditional).inLanguage, 'zh-Hant');
    });

    it('escapes hostile titles, summaries, bodies and tags everywhere they appear', async () => {
      const { html } = await page('/2025/03/18/' + ids.hostile + '.html');
      assert.ok(!html.includes('<script>alert'), 'no injected script element');
      assert.ok(!html.includes('<img src=x'), 'no injected image element');
      assert.ok(!html.includes('<b>标签</b>'), 'no injected markup from tags');
      assert.ok(html.includes('&lt;script>alert(&quot;t&quot;)&lt;/script>标题'), 'title shown as text');
      assert.ok(html.includes('&lt;img src=x onerror=alert(1)>正文 &amp; &quot;引号&quot;'), 'body shown as text');
      assert.equal(jsonLd(html).headline, '<script>alert("t")</script>标题', 'JSON-LD keeps the text, escaped for the script element');
      const scripts = html.match(/<script\b/g)?.length ?? 0;
      assert.equal(scripts, 3, 'only our head script, bundle and JSON-LD');
      const { html: home } = await page('/');
      assert.ok(!home.includes('<script>alert'));
    });

    it('redirects every other address of an article to its canonical URL', async () => {
      const canonical = `/2025/03/18/${ids.main}.html`;
      for (const path of [`/${ids.main}.html`, `/article/${ids.main}`, `/articles/${ids.main}`, `/2020/01/01/${ids.main}.html`, `/2025/03/18/${ids.main}`, `${canonical}/`]) {
        const res = await get(hans(path));
        assert.equal(res.status, 301, path);
        assert.equal(res.headers.get('location'), hans(canonical), path);
      }
      const res = await get(hans(`${canonical}?from=weibo`));
      assert.equal(res.status, 200, 'tracking parameters do not redirect');
    });

    it('keeps drafts off the public site', async () => {
      for (const path of [`/2025/03/18/${ids.draft}.html`, `/${ids.draft}.html`, `/article/${ids.draft}`]) {
        const { html } = await page(path, 404);
        assert.match(html, /页面不存在|不存在或已撤下/);
      }
      const { html } = await page('/');
      assert.ok(!html.includes('尚未签发的稿件'));
    });

    it('answers unknown addresses with a Chinese 404 page', async () => {
      for (const path of ['/no/such/page', '/section/nope', '/tag/%E6%B2%A1%E6%9C%89', '/reporter/999999', '/reporter/abc', '/2025/03/18/abc.html', '/99999999.html']) {
        const { res, html } = await page(path, 404);
        assert.equal(res.headers.get('cache-control'), 'no-store', path);
        assert.match(html, /<html lang="zh-Hans">/, path);
        assert.match(html, /<h1>页面不存在<\/h1>/, path);
        assert.match(html, /<meta name="robots" content="noindex"\/>/, path);
      }
    });

    it('answers internal errors with a Chinese 500 page that leaks nothing', async () => {
      const { html } = await page('/__test/boom', 500);
      assert.match(html, /<h1>服务器出错了<\/h1>/);
      assert.ok(!html.includes('secret internal detail'));
    });

    it('rejects bad page numbers with a Chinese 400 page', async () => {
      for (const bad of ['abc', '0', '-1', '1.5', '99999999']) {
        const { html } = await page(`/section/china?page=${bad}`, 400);
        assert.match(html, /页码无效/, bad);
      }
    });

    it('paginates section pages, newest first, with rel prev/next', async () => {
      const first = await page('/section/china');
      assert.equal(teaserCount(first.html), 20);
      assert.match(first.html, /<h1 class="list-title">中国<\/h1>/);
      assert.ok(first.html.indexOf('第23篇') < first.html.indexOf('第22篇'), 'newest first');
      assert.match(first.html, /<link rel="next" href="[^"]*\/section\/china\?page=2"\/>/);
      assert.match(first.html, /<a href="\/zh-hans\/section\/china" aria-current="page">中国<\/a>/);
      const second = await page('/section/china?page=2');
      // 23 pagination articles plus the hostile-free default fixtures in china: at least 3 on page 2.
      assert.ok(teaserCount(second.html) >= 3);
      assert.match(second.html, /<link rel="prev" href="[^"]*\/section\/china"\/>/);
      assert.match(second.html, /<title>中国（第2页）/);
      await page('/section/china?page=9', 404);
    });

    it('lists a tag and a reporter with their articles', async () => {
      const tag = await page(`/tag/${encodeURIComponent('分页')}`);
      assert.match(tag.html, /<p class="list-kicker">标签<\/p><h1 class="list-title">分页<\/h1>/);
      assert.equal(teaserCount(tag.html), 20);
      const article = await page('/2025/03/18/' + ids.main + '.html');
      const reporterPath = /href="\/zh-hans(\/reporter\/\d+)">王芳<\/a>/.exec(article.html)?.[1];
      assert.ok(reporterPath);
      const reporter = await page(reporterPath);
      assert.match(reporter.html, /<h1 class="list-title">王芳<\/h1>/);
      assert.equal(teaserCount(reporter.html), 1);
      assert.ok(reporter.html.includes('地铁新线今日开通运营'));
    });

    it('shows the lead story, the latest news and a block per section on the home page', async () => {
      const { html } = await page('/');
      const lead = between(html, '<section class="lead-story"', '</section>');
      assert.ok(lead.includes('地铁新线今日开通运营'), 'newest article in the default section leads');
      assert.match(html, /<h2 id="latest-title">最新<\/h2>/);
      for (const name of ['要闻', '中国', '国际']) assert.match(html, new RegExp(`<h2 id="block-[a-z]+"><a href="/zh-hans/section/[a-z]+">${name}</a></h2>`));
      assert.equal(jsonLd(html)['@type'], 'NewsMediaOrganization');
    });

    it('sends security headers whose CSP allows exactly our inline head script', async () => {
      const { res, html } = await page('/2025/03/18/' + ids.main + '.html');
      const csp = res.headers.get('content-security-policy') ?? '';
      assert.match(csp, /default-src 'self'/);
      assert.doesNotMatch(csp, /unsafe-inline/);
      const inline = between(html, '<script>', '</script>');
      const hash = createHash('sha256').update(inline).digest('base64');
      assert.ok(csp.includes(`'sha256-${hash}'`), 'CSP names the head script hash');
      assert.equal(res.headers.get('x-content-type-options'), 'nosniff');
    });

    it('serves the CSS and script bundles from hashed, immutable URLs', async () => {
      const { html } = await page('/');
      for (const path of [/href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(html)?.[1], /src="(\/assets\/site\.[0-9a-f]{12}\.js)"/.exec(html)?.[1]]) {
        assert.ok(path, 'asset linked from the page');
        const res = await get(path);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'public, max-age=31536000, immutable');
        assert.ok((await res.text()).length > 0);
      }
      await page('/assets/site.000000000000.css', 404);
    });

    it('serves a site icon drawn from the outlet name, and sends /favicon.ico there', async () => {
      const { res, html } = await page('/favicon.svg');
      assert.equal(res.headers.get('content-type'), 'image/svg+xml');
      assert.match(html, /^<svg[^>]*>.*<text[^>]*>本<\/text><\/svg>$/);
      const ico = await get('/favicon.ico');
      assert.equal(ico.status, 301);
      assert.equal(ico.headers.get('location'), '/favicon.svg');
    });
  });
}
