import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { publishBus, type ArticleEvent } from '../articles/publish-events.js';
import { adminClient, addTestStaff, errorCode, errorMessage, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { articleConverter, newsroomConverter, newsroomSegmenter } from './dictionary.service.js';
import type { ConversionEntry, SegmentationWord } from './model.js';

for (const dialect of TEST_DIALECTS) {
  describe(`dictionary admin API and pages (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let editorId: number;
    let articleId: number;

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      editorId = (await addTestStaff(db, { email: 'editor@dict.test', name: '词典编辑', role: 'editor' })).id;
      await addTestStaff(db, { email: 'reporter@dict.test', name: '词典记者', role: 'reporter' });
      await addTestStaff(db, { email: 'moderator@dict.test', name: '词典审核', role: 'moderator' });
      await addTestStaff(db, { email: 'desk@dict.test', name: '要闻编辑', role: 'editor', desks: ['top'] });
      articleId = await createArticle(db, { section: 'china', title: '新闻发布会今日举行', summary: '发言人在新闻发布会上回答提问。' });
      api = adminClient(server.url);
      editor = await api.session('editor@dict.test');
    });
    after(async () => {
      await server.close();
    });

    describe('the JSON API', () => {
      it('lists the seeded dictionary to anyone who reads copy', async () => {
        for (const session of [editor, await api.session('reporter@dict.test')]) {
          const { status, json } = await api.call('GET', '/dictionary', { session });
          assert.equal(status, 200);
          assert.ok((json.entries as ConversionEntry[]).some((e) => e.source === '发布' && e.target === '發布'));
          assert.ok((json.words as SegmentationWord[]).some((w) => w.word === '泽连斯基'));
          assert.equal(json.taiwanPhrases, false);
          assert.match(String(json.version), /^e\d+\.w\d+\.o\d+\.p0$/);
        }
      });

      it('adds, changes and deletes an entry, audited, with the converter following at once', async () => {
        const { db } = server.database;
        assert.equal((await newsroomConverter(db)).toTraditional('她的硅谷之行'), '她的硅谷之行');
        const added = await api.call('POST', '/dictionary/entries', { session: editor, body: { source: ' 硅谷 ', target: '矽谷', direction: 'both', note: '台湾译法' } });
        assert.equal(added.status, 201);
        const entry = added.json.entry as ConversionEntry;
        assert.deepEqual([entry.source, entry.target, entry.direction, entry.phrasesOnly, entry.note, entry.updatedBy], ['硅谷', '矽谷', 'both', false, '台湾译法', editorId]);
        assert.equal((await newsroomConverter(db)).toTraditional('她的硅谷之行'), '她的矽谷之行');
        assert.equal((await newsroomConverter(db)).toSimplified('她的矽谷之行'), '她的硅谷之行');

        const changed = await api.call('PATCH', `/dictionary/entries/${entry.id}`, { session: editor, body: { phrasesOnly: true, note: '' } });
        assert.equal(changed.status, 200);
        assert.deepEqual([(changed.json.entry as ConversionEntry).phrasesOnly, (changed.json.entry as ConversionEntry).note], [true, null]);
        assert.equal((await newsroomConverter(db)).toTraditional('硅谷'), '硅谷', 'phrases only, and phrases are off');

        assert.equal((await api.call('DELETE', `/dictionary/entries/${entry.id}`, { session: editor })).status, 204);
        assert.equal((await api.call('DELETE', `/dictionary/entries/${entry.id}`, { session: editor })).status, 404);
        const audit = (await listAudit(db, { limit: 20 })).filter((e) => e.subjectType === 'dictionary_entry' && e.subjectId === String(entry.id));
        assert.deepEqual(audit.map((e) => e.action).reverse(), ['dictionary_entry.create', 'dictionary_entry.change', 'dictionary_entry.delete']);
        assert.ok(audit.every((e) => e.actorId === editorId));
      });

      it('refuses bad entries naming every field in Chinese, and a repeated source and direction', async () => {
        const bad = await api.call('POST', '/dictionary/entries', { session: editor, body: { source: 'Trump', target: '', direction: 'up', phrasesOnly: 'yes' } });
        assert.equal(bad.status, 400);
        assert.equal(errorMessage(bad.json), '词条信息有误');
        const details = (bad.json.error as { details: string[] }).details.join('\n');
        assert.match(details, /^source: 原文只能由汉字组成/m);
        assert.match(details, /^target: 请填写转换结果/m);
        assert.match(details, /^direction: 方向应为/m);
        assert.match(details, /^phrasesOnly: /m);
        const long = await api.call('POST', '/dictionary/entries', { session: editor, body: { source: '字'.repeat(41), target: '字', direction: 's2t' } });
        assert.equal(long.status, 400);
        const twin = await api.call('POST', '/dictionary/entries', { session: editor, body: { source: '发布', target: '發佈', direction: 's2t' } });
        assert.equal(twin.status, 409);
        assert.equal(errorCode(twin.json), 'entry_exists');
        const none = await api.call('PATCH', '/dictionary/entries/1', { session: editor, body: {} });
        assert.equal(none.status, 400);
      });

      it('adds a word the segmenter then keeps whole, refuses short words and a word already listed in the other script', async () => {
        const { db } = server.database;
        assert.ok(!(await newsroomSegmenter(db)).segment('莫格里尼抵达').includes('莫格里尼'));
        const added = await api.call('POST', '/dictionary/words', { session: editor, body: { word: '莫格里尼', tag: 'nr' } });
        assert.equal(added.status, 201);
        const word = added.json.word as SegmentationWord;
        assert.deepEqual((await newsroomSegmenter(db)).segment('莫格里尼抵达'), ['莫格里尼', '抵达']);
        const changed = await api.call('PATCH', `/dictionary/words/${word.id}`, { session: editor, body: { freq: 5000, note: '人名' } });
        assert.deepEqual([(changed.json.word as SegmentationWord).freq, (changed.json.word as SegmentationWord).note], [5000, '人名']);
        const short = await api.call('POST', '/dictionary/words', { session: editor, body: { word: '莫' } });
        assert.equal(short.status, 400);
        assert.match((short.json.error as { details: string[] }).details.join(), /词语应为 2 到 20 个字/);
        const twin = await api.call('POST', '/dictionary/words', { session: editor, body: { word: '澤連斯基' } });
        assert.equal(errorCode(twin.json), 'word_exists');
        assert.equal((await api.call('DELETE', `/dictionary/words/${word.id}`, { session: editor })).status, 204);
        assert.ok(!(await newsroomSegmenter(db)).segment('莫格里尼抵达').includes('莫格里尼'));
      });

      it('switches Taiwan phrases and previews a sentence with the current dictionary', async () => {
        const preview = async () => (await api.call('POST', '/dictionary/preview', { session: editor, body: { text: '特朗普的软件发布会' } })).json;
        assert.equal((await preview()).traditional, '特朗普的軟件發布會');
        const on = await api.call('PUT', '/dictionary/settings', { session: editor, body: { taiwanPhrases: true } });
        assert.deepEqual(on.json, { taiwanPhrases: true });
        const phrased = await preview();
        assert.equal(phrased.traditional, '川普的軟體發布會');
        assert.equal(phrased.simplified, '特朗普的软件发布会');
        assert.equal((await api.call('GET', '/dictionary', { session: editor })).json.taiwanPhrases, true);
        await api.call('PUT', '/dictionary/settings', { session: editor, body: { taiwanPhrases: false } });
        assert.equal((await preview()).traditional, '特朗普的軟件發布會');
        assert.equal((await api.call('PUT', '/dictionary/settings', { session: editor, body: { taiwanPhrases: 'on' } })).status, 400);
      });

      it('lets editors and admins change the dictionary, not reporters or moderators', async () => {
        for (const email of ['reporter@dict.test', 'moderator@dict.test']) {
          const session = await api.session(email);
          const entry = await api.call('POST', '/dictionary/entries', { session, body: { source: '测试', target: '測試', direction: 's2t' } });
          assert.equal(entry.status, 403, email);
          assert.equal((await api.call('POST', '/dictionary/words', { session, body: { word: '测试词' } })).status, 403);
          assert.equal((await api.call('PUT', '/dictionary/settings', { session, body: { taiwanPhrases: true } })).status, 403);
          assert.equal((await api.call('DELETE', '/dictionary/entries/1', { session })).status, 403);
          assert.equal((await api.call('PUT', `/articles/${articleId}/conversion-overrides`, { session, body: { overrides: [] } })).status, 403);
        }
        assert.equal((await api.call('POST', '/dictionary/entries', { body: { source: '测试', target: '測試', direction: 's2t' } })).status, 401);
        assert.equal((await api.call('POST', '/dictionary/entries', { session: editor, csrf: null, body: { source: '测试', target: '測試', direction: 's2t' } })).status, 403);
      });

      it("replaces an article's overrides, which win for that article only, and announces the published article as changed", async () => {
        const { db } = server.database;
        const other = await createArticle(db, { section: 'china' });
        const events: ArticleEvent[] = [];
        const unsubscribe = publishBus(db).subscribe('dictionary-http-test', async (event) => void events.push(event));
        try {
          assert.deepEqual((await api.call('GET', `/articles/${articleId}/conversion-overrides`, { session: editor })).json, { overrides: [] });
          const overrides = [{ source: '发布会', target: '記者會', direction: 's2t' }];
          const put = await api.call('PUT', `/articles/${articleId}/conversion-overrides`, { session: editor, body: { overrides } });
          assert.equal(put.status, 200);
          assert.deepEqual(put.json, { overrides });
          assert.deepEqual((await api.call('GET', `/articles/${articleId}/conversion-overrides`, { session: await api.session('reporter@dict.test') })).json, { overrides });
          await publishBus(db).idle();
          assert.deepEqual(events, [{ type: 'article.changed', articleId }]);
          assert.equal((await articleConverter(db, articleId)).toTraditional('新闻发布会'), '新聞記者會');
          assert.equal((await articleConverter(db, other)).toTraditional('新闻发布会'), '新聞發布會');
        } finally {
          unsubscribe();
        }
        const tooMany = Array.from({ length: 51 }, (_, i) => ({ source: `甲${String.fromCharCode(0x4e00 + i)}`, target: '乙', direction: 's2t' }));
        const refused = await api.call('PUT', `/articles/${articleId}/conversion-overrides`, { session: editor, body: { overrides: tooMany } });
        assert.equal(refused.status, 400);
        assert.match((refused.json.error as { details: string[] }).details.join(), /最多 50 条/);
        assert.equal((await api.call('PUT', '/articles/999999/conversion-overrides', { session: editor, body: { overrides: [] } })).status, 404);
        const offDesk = await api.session('desk@dict.test');
        assert.equal((await api.call('PUT', `/articles/${articleId}/conversion-overrides`, { session: offDesk, body: { overrides: [] } })).status, 403);
        assert.equal((await articleConverter(db, articleId)).toTraditional('发布会'), '記者會', 'the refused changes left the list alone');
      });
    });

    describe('the /admin/dictionary page and the overrides page', () => {
      const page = (session: TestSession | null, path = '/admin/dictionary') =>
        fetch(`${server.url}${path}`, { headers: session ? { cookie: session.cookie } : {}, redirect: 'manual' });
      const post = (session: TestSession, path: string, fields: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(fields).toString(),
        });
      const entries = async () => (await api.call('GET', '/dictionary', { session: editor })).json.entries as ConversionEntry[];
      const words = async () => (await api.call('GET', '/dictionary', { session: editor })).json.words as SegmentationWord[];

      it('sends signed-out visitors to the login page and refuses reporters', async () => {
        const anonymous = await page(null);
        assert.equal(anonymous.status, 302);
        assert.equal(anonymous.headers.get('location'), '/admin/login?next=%2Fadmin%2Fdictionary');
        assert.equal((await page(await api.session('reporter@dict.test'))).status, 403);
        assert.equal((await page(await api.session('reporter@dict.test'), `/admin/articles/${articleId}/conversion`)).status, 403);
      });

      it('shows the entries, words, the switch and the forms to editors, uncached, with a nav link', async () => {
        const res = await page(editor);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const html = await res.text();
        assert.match(html, /<a href="\/admin\/dictionary">词典<\/a>/);
        for (const action of ['/admin/dictionary/preview', '/admin/dictionary/settings', '/admin/dictionary/entries', '/admin/dictionary/words']) {
          assert.ok(html.includes(`method="post" action="${action}"`), action);
        }
        assert.ok(html.includes('value="發布"'));
        assert.ok(html.includes('value="泽连斯基"'));
        assert.ok(html.includes('当前：未开启'));
        assert.ok(html.includes(`name="_csrf" value="${editor.csrfToken}"`));
      });

      it('adds, changes and deletes entries and words through plain forms carrying the session token', async () => {
        const added = await post(editor, '/admin/dictionary/entries', { _csrf: editor.csrfToken, source: '脸书', target: '臉書', direction: 's2t', phrasesOnly: 'on', note: '' });
        assert.equal(added.status, 303);
        const entry = (await entries()).find((e) => e.source === '脸书');
        assert.ok(entry);
        assert.equal(added.headers.get('location'), `/admin/dictionary?done=entry-added#entry-row-${entry.id}`);
        assert.equal(entry.phrasesOnly, true);
        // The row form sends no phrasesOnly when the box is cleared: that means false.
        const changed = await post(editor, `/admin/dictionary/entries/${entry.id}`, { _csrf: editor.csrfToken, source: '脸书', target: '臉書', direction: 'both', note: '社交网站' });
        assert.equal(changed.status, 303);
        const after = (await entries()).find((e) => e.id === entry.id);
        assert.deepEqual([after?.direction, after?.phrasesOnly, after?.note], ['both', false, '社交网站']);
        assert.ok((await (await page(editor, '/admin/dictionary?done=entry-changed')).text()).includes('已保存转换词条。'));
        assert.equal((await post(editor, `/admin/dictionary/entries/${entry.id}/delete`, { _csrf: editor.csrfToken })).status, 303);
        assert.ok(!(await entries()).some((e) => e.id === entry.id));

        const word = await post(editor, '/admin/dictionary/words', { _csrf: editor.csrfToken, word: '卡恰托雷', tag: 'nr', freq: '', note: '' });
        assert.equal(word.status, 303);
        const saved = (await words()).find((w) => w.word === '卡恰托雷');
        assert.deepEqual([saved?.tag, saved?.freq], ['nr', null]);
        assert.equal((await post(editor, `/admin/dictionary/words/${saved?.id}`, { _csrf: editor.csrfToken, word: '卡恰托雷', tag: 'nz', freq: '800', note: '' })).status, 303);
        assert.deepEqual(
          (await words()).filter((w) => w.id === saved?.id).map((w) => [w.tag, w.freq]),
          [['nz', 800]],
        );
        assert.equal((await post(editor, `/admin/dictionary/words/${saved?.id}/delete`, { _csrf: editor.csrfToken })).status, 303);
        assert.ok(!(await words()).some((w) => w.id === saved?.id));
      });

      it('renders a refused add again with the problem and what was typed, escaped', async () => {
        const res = await post(editor, '/admin/dictionary/entries', { _csrf: editor.csrfToken, source: '<b>x</b>', target: '叉', direction: 's2t' });
        assert.equal(res.status, 400);
        const html = await res.text();
        assert.ok(html.includes('source: 原文只能由汉字组成'));
        assert.ok(html.includes('value="&lt;b>x&lt;/b>"') || html.includes('value="&lt;b&gt;x&lt;/b&gt;"'));
        assert.ok(!html.includes('<b>x</b>'));
        const word = await post(editor, '/admin/dictionary/words', { _csrf: editor.csrfToken, word: '甲', tag: 'nr', freq: 'many' });
        assert.equal(word.status, 400);
        const wordHtml = await word.text();
        assert.ok(wordHtml.includes('词语应为 2 到 20 个字') && wordHtml.includes('freq: 词频应为'));
      });

      it('toggles Taiwan phrases and previews a sentence in both scripts', async () => {
        const text = '特朗普出席软件发布会';
        const before = await (await post(editor, '/admin/dictionary/preview', { _csrf: editor.csrfToken, text })).text();
        assert.match(before, /data-script="traditional">特朗普出席軟件發布會</);
        assert.match(before, /data-script="simplified">特朗普出席软件发布会</);
        const on = await post(editor, '/admin/dictionary/settings', { _csrf: editor.csrfToken, taiwanPhrases: 'on' });
        assert.equal(on.status, 303);
        assert.ok((await (await page(editor)).text()).includes('当前：已开启'));
        const after = await (await post(editor, '/admin/dictionary/preview', { _csrf: editor.csrfToken, text })).text();
        assert.match(after, /data-script="traditional">川普出席軟體發布會</);
        assert.equal((await post(editor, '/admin/dictionary/settings', { _csrf: editor.csrfToken, taiwanPhrases: 'off' })).status, 303);
        assert.equal((await newsroomConverter(server.database.db)).phrases, false);
      });

      it('refuses a form without the session token or from another site', async () => {
        const fields = { source: '跨站', target: '跨站', direction: 's2t' };
        assert.equal((await post(editor, '/admin/dictionary/entries', fields)).status, 403);
        assert.equal((await post(editor, '/admin/dictionary/entries', { _csrf: editor.csrfToken, ...fields }, { 'sec-fetch-site': 'cross-site' })).status, 403);
        assert.equal((await post(editor, '/admin/dictionary/settings', { _csrf: 'wrong', taiwanPhrases: 'on' })).status, 403);
        assert.ok(!(await entries()).some((e) => e.source === '跨站'));
        assert.equal((await api.call('GET', '/dictionary', { session: editor })).json.taiwanPhrases, false);
      });

      it("edits one article's overrides on its own page, linked from the editor", async () => {
        const id = await createArticle(server.database.db, { section: 'china', title: '余先生出席发布会', summary: null });
        const editorPage = await (await page(editor, `/admin/articles/${id}`)).text();
        assert.ok(editorPage.includes(`href="/admin/articles/${id}/conversion"`));
        const empty = await (await page(editor, `/admin/articles/${id}/conversion`)).text();
        assert.ok(empty.includes('余先生出席发布会'));
        assert.match(empty, /data-script="traditional">余先生出席發布會</);
        assert.match(empty, /name="source-0" value(="")? /, 'an empty row to fill in');

        const saved = await post(editor, `/admin/articles/${id}/conversion`, {
          _csrf: editor.csrfToken,
          'source-0': '',
          'target-0': '',
          'direction-0': 's2t',
          'source-1': '发布会',
          'target-1': '記者會',
          'direction-1': 's2t',
        });
        assert.equal(saved.status, 303);
        assert.equal(saved.headers.get('location'), `/admin/articles/${id}/conversion?done=saved`);
        assert.deepEqual((await api.call('GET', `/articles/${id}/conversion-overrides`, { session: editor })).json, {
          overrides: [{ source: '发布会', target: '記者會', direction: 's2t' }],
        });
        const shown = await (await page(editor, `/admin/articles/${id}/conversion?done=saved`)).text();
        assert.ok(shown.includes('已保存本篇的转换例外。'));
        assert.ok(shown.includes('name="source-0" value="发布会"'));
        assert.match(shown, /data-script="traditional">余先生出席記者會</);

        const refused = await post(editor, `/admin/articles/${id}/conversion`, { _csrf: editor.csrfToken, 'source-0': 'abc', 'target-0': '甲', 'direction-0': 's2t' });
        assert.equal(refused.status, 400);
        const refusedHtml = await refused.text();
        assert.ok(refusedHtml.includes('name="source-0" value="abc"'), 'what was typed is kept');
        assert.ok(refusedHtml.includes('原文只能由汉字组成'));
        assert.equal((await post(editor, `/admin/articles/${id}/conversion`, { 'source-0': '发布会', 'target-0': '發佈會', 'direction-0': 's2t' })).status, 403);
        assert.equal((await articleConverter(server.database.db, id)).toTraditional('发布会'), '記者會');
        assert.equal((await page(editor, '/admin/articles/999999/conversion')).status, 404);
      });
    });
  });
}
