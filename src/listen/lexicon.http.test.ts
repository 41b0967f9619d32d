import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, addTestStaff, errorCode, errorMessage, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { pronunciationLexicon, type PronunciationEntry } from './lexicon.service.js';

for (const dialect of TEST_DIALECTS) {
  describe(`pronunciation lexicon API and page (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let editorId: number;

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      editorId = (await addTestStaff(db, { email: 'editor@lexicon.test', name: '读音编辑', role: 'editor' })).id;
      await addTestStaff(db, { email: 'admin@lexicon.test', name: '读音管理员', role: 'admin' });
      await addTestStaff(db, { email: 'reporter@lexicon.test', name: '读音记者', role: 'reporter' });
      await addTestStaff(db, { email: 'moderator@lexicon.test', name: '读音审核', role: 'moderator' });
      api = adminClient(server.url);
      editor = await api.session('editor@lexicon.test');
    });
    after(async () => {
      await server.close();
    });

    const entries = async () => (await api.call('GET', '/pronunciations', { session: editor })).json.entries as PronunciationEntry[];

    describe('the JSON API', () => {
      it('adds, changes (PUT and PATCH) and deletes an entry, audited, with the lexicon following at once', async () => {
        const { db } = server.database;
        assert.deepEqual(await entries(), []);
        const added = await api.call('POST', '/pronunciations', { session: editor, body: { term: '曾国藩', pinyin: 'zeng1 guo2 fan1', note: '姓氏读 zeng' } });
        assert.equal(added.status, 201);
        const entry = added.json.entry as PronunciationEntry;
        assert.deepEqual([entry.term, entry.pinyin, entry.note, entry.updatedBy], ['曾国藩', 'zeng1 guo2 fan1', '姓氏读 zeng', editorId]);
        assert.equal((await pronunciationLexicon(db)).get('曾国藩'), 'zeng1 guo2 fan1');

        const put = await api.call('PUT', `/pronunciations/${entry.id}`, { session: editor, body: { note: '' } });
        assert.equal(put.status, 200);
        assert.equal((put.json.entry as PronunciationEntry).note, null);
        const patched = await api.call('PATCH', `/pronunciations/${entry.id}`, { session: editor, body: { term: '曾先生', pinyin: 'zeng1 xian1 sheng5' } });
        assert.equal(patched.status, 200);
        assert.equal((await pronunciationLexicon(db)).get('曾先生'), 'zeng1 xian1 sheng5');
        assert.equal((await pronunciationLexicon(db)).get('曾国藩'), undefined);

        assert.equal((await api.call('DELETE', `/pronunciations/${entry.id}`, { session: editor })).status, 204);
        assert.equal((await api.call('DELETE', `/pronunciations/${entry.id}`, { session: editor })).status, 404);
        assert.equal((await api.call('PATCH', '/pronunciations/abc', { session: editor, body: { note: 'x' } })).status, 404);
        const audit = (await listAudit(db, { limit: 20 })).filter((e) => e.subjectType === 'pronunciation' && e.subjectId === String(entry.id));
        assert.deepEqual(audit.map((e) => e.action).reverse(), ['pronunciation.create', 'pronunciation.change', 'pronunciation.change', 'pronunciation.delete']);
        assert.ok(audit.every((e) => e.actorId === editorId));
      });

      it('refuses bad entries naming each field in Chinese, and a term already listed', async () => {
        const bad = await api.call('POST', '/pronunciations', { session: editor, body: { term: '银行 ', pinyin: 'yin hang2', note: 5 } });
        assert.equal(bad.status, 400);
        assert.equal(errorMessage(bad.json), '读音信息有误');
        const details = (bad.json.error as { details: string[] }).details.join('\n');
        assert.match(details, /^pinyin: 拼音应为带声调数字的音节/m);
        assert.match(details, /^note: 备注应为文字/m);
        const count = await api.call('POST', '/pronunciations', { session: editor, body: { term: '银行', pinyin: 'yin2' } });
        assert.equal(count.status, 400);
        assert.match((count.json.error as { details: string[] }).details.join(), /「银行」有 2 个汉字，拼音却有 1 个音节/);
        const first = await api.call('POST', '/pronunciations', { session: editor, body: { term: '银行', pinyin: 'yin2 hang2' } });
        assert.equal(first.status, 201);
        const twin = await api.call('POST', '/pronunciations', { session: editor, body: { term: '銀行', pinyin: 'yin2 hang2' } });
        assert.equal(twin.status, 409);
        assert.equal(errorCode(twin.json), 'term_exists');
        assert.equal((await api.call('PATCH', `/pronunciations/${(first.json.entry as PronunciationEntry).id}`, { session: editor, body: {} })).status, 400);
        assert.equal((await api.call('DELETE', `/pronunciations/${(first.json.entry as PronunciationEntry).id}`, { session: editor })).status, 204);
      });

      it('tries a reading: numbers spoken and pinyin', async () => {
        const tried = await api.call('POST', '/pronunciations/try', { session: editor, body: { text: '银行行长3月18日抵达重庆。' } });
        assert.equal(tried.status, 200);
        assert.deepEqual(tried.json, {
          text: '银行行长3月18日抵达重庆。',
          utterances: [{ text: '银行行长3月18日抵达重庆。', spoken: '银行行长三月十八日抵达重庆。', pinyin: 'yin2 hang2 hang2 zhang3 san1 yue4 shi2 ba1 ri4 di3 da2 chong2 qing4.' }],
        });
        const empty = await api.call('POST', '/pronunciations/try', { session: editor, body: { text: '  ' } });
        assert.equal(empty.status, 400);
        assert.match((empty.json.error as { details: string[] }).details.join(), /请填写要试读的文字/);
      });

      it('lets editors and admins in, not reporters, moderators, visitors or a request without the CSRF token', async () => {
        const admin = await api.session('admin@lexicon.test');
        assert.equal((await api.call('GET', '/pronunciations', { session: admin })).status, 200);
        for (const email of ['reporter@lexicon.test', 'moderator@lexicon.test']) {
          const session = await api.session(email);
          assert.equal((await api.call('GET', '/pronunciations', { session })).status, 403, email);
          assert.equal((await api.call('POST', '/pronunciations', { session, body: { term: '测试', pinyin: 'ce4 shi4' } })).status, 403, email);
          assert.equal((await api.call('POST', '/pronunciations/try', { session, body: { text: '测试' } })).status, 403, email);
          assert.equal((await api.call('DELETE', '/pronunciations/1', { session })).status, 403, email);
        }
        assert.equal((await api.call('GET', '/pronunciations')).status, 401);
        assert.equal((await api.call('POST', '/pronunciations', { session: editor, csrf: null, body: { term: '测试', pinyin: 'ce4 shi4' } })).status, 403);
        assert.deepEqual(await entries(), []);
      });

      it('is in the OpenAPI document', async () => {
        const doc = await api.call('GET', '/openapi.json', { session: editor });
        const paths = doc.json.paths as Record<string, Record<string, unknown>>;
        assert.ok(paths['/api/admin/pronunciations']?.get && paths['/api/admin/pronunciations']?.post);
        assert.ok(paths['/api/admin/pronunciations/{id}']?.put && paths['/api/admin/pronunciations/{id}']?.patch && paths['/api/admin/pronunciations/{id}']?.delete);
        assert.ok(paths['/api/admin/pronunciations/try']?.post);
      });
    });

    describe('the /admin/pronunciations page', () => {
      const page = (session: TestSession | null, path = '/admin/pronunciations') =>
        fetch(`${server.url}${path}`, { headers: session ? { cookie: session.cookie } : {}, redirect: 'manual' });
      const post = (session: TestSession, path: string, fields: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(fields).toString(),
        });

      it('sends signed-out visitors to the login page and refuses reporters and moderators', async () => {
        const anonymous = await page(null);
        assert.equal(anonymous.status, 302);
        assert.equal(anonymous.headers.get('location'), '/admin/login?next=%2Fadmin%2Fpronunciations');
        assert.equal((await page(await api.session('reporter@lexicon.test'))).status, 403);
        assert.equal((await page(await api.session('moderator@lexicon.test'))).status, 403);
      });

      it('shows the forms to editors, uncached, with a nav link next to the dictionary', async () => {
        const res = await page(editor);
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const html = await res.text();
        assert.match(html, /<a href="\/admin\/dictionary">词典<\/a><a href="\/admin\/pronunciations">读音<\/a>/);
        for (const action of ['/admin/pronunciations/try', '/admin/pronunciations']) assert.ok(html.includes(`method="post" action="${action}"`), action);
        assert.ok(html.includes('还没有词条。'));
        assert.ok(html.includes(`name="_csrf" value="${editor.csrfToken}"`));
        const reporterDashboard = await (await page(await api.session('reporter@lexicon.test'), '/admin')).text();
        assert.ok(!reporterDashboard.includes('href="/admin/pronunciations"'), 'no link for those who may not open it');
      });

      it('adds, changes and deletes an entry through plain forms carrying the session token', async () => {
        const added = await post(editor, '/admin/pronunciations', { _csrf: editor.csrfToken, term: '单于', pinyin: 'chan2 yu2', note: '匈奴君主称号' });
        assert.equal(added.status, 303);
        const entry = (await entries()).find((e) => e.term === '单于');
        assert.ok(entry);
        assert.equal(added.headers.get('location'), `/admin/pronunciations?done=added#pronunciation-row-${entry.id}`);
        const shown = await (await page(editor, '/admin/pronunciations?done=added')).text();
        assert.ok(shown.includes('已添加读音。') && shown.includes('value="chan2 yu2"') && shown.includes('共 1 条'));

        const changed = await post(editor, `/admin/pronunciations/${entry.id}`, { _csrf: editor.csrfToken, term: '单于', pinyin: 'chan2 yu2', note: '' });
        assert.equal(changed.status, 303);
        assert.equal((await entries()).find((e) => e.id === entry.id)?.note, null);

        const deleted = await post(editor, `/admin/pronunciations/${entry.id}/delete`, { _csrf: editor.csrfToken });
        assert.equal(deleted.status, 303);
        assert.equal(deleted.headers.get('location'), '/admin/pronunciations?done=deleted#entries-h');
        assert.deepEqual(await entries(), []);
      });

      it('renders a refused add again with the problem and what was typed, escaped', async () => {
        const res = await post(editor, '/admin/pronunciations', { _csrf: editor.csrfToken, term: '<b>重庆</b>', pinyin: 'chong2', note: '' });
        assert.equal(res.status, 400);
        const html = await res.text();
        assert.ok(html.includes('term: 词语只能由汉字和字母组成'));
        assert.ok(html.includes('value="&lt;b>重庆&lt;/b>"') || html.includes('value="&lt;b&gt;重庆&lt;/b&gt;"'));
        assert.ok(!html.includes('<b>重庆</b>'));
        assert.ok(html.includes('value="chong2"'), 'the pinyin typed is kept');
        assert.deepEqual(await entries(), []);
      });

      it('试读 shows how a sentence is read: numbers spoken and the pinyin', async () => {
        const html = await (await post(editor, '/admin/pronunciations/try', { _csrf: editor.csrfToken, text: '重庆的行长说，增长3.5%。' })).text();
        assert.match(html, /data-reading="spoken">重庆的行长说，增长百分之三点五。</);
        assert.match(html, /data-reading="pinyin"><code>chong2 qing4 de5 hang2 zhang3 shuo1, zeng1 zhang3 bai3 fen1 zhi1 san1 dian3 wu3\.<\/code>/);
        const refused = await post(editor, '/admin/pronunciations/try', { _csrf: editor.csrfToken, text: '' });
        assert.equal(refused.status, 400);
        assert.ok((await refused.text()).includes('请填写要试读的文字'));
      });

      it('refuses a form without the session token or from another site', async () => {
        const fields = { term: '跨站', pinyin: 'kua4 zhan4' };
        assert.equal((await post(editor, '/admin/pronunciations', fields)).status, 403);
        assert.equal((await post(editor, '/admin/pronunciations', { _csrf: editor.csrfToken, ...fields }, { 'sec-fetch-site': 'cross-site' })).status, 403);
        assert.equal((await post(editor, '/admin/pronunciations', { _csrf: 'wrong', ...fields })).status, 403);
        assert.deepEqual(await entries(), []);
      });
    });
  });
}
