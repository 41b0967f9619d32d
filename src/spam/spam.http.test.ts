import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, addTestStaff, errorCode, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import type { SpamTerm } from './model.js';

for (const dialect of TEST_DIALECTS) {
  describe(`spam admin API and page (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let editorId: number;

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      editorId = (await addTestStaff(server.database.db, { email: 'editor@spam.test', name: '编辑甲', role: 'editor' })).id;
      await addTestStaff(server.database.db, { email: 'reporter@spam.test', name: '记者乙', role: 'reporter' });
      await addTestStaff(server.database.db, { email: 'moderator@spam.test', name: '审核丙', role: 'moderator' });
      api = adminClient(server.url);
      editor = await api.session('editor@spam.test');
    });
    after(async () => {
      await server.close();
    });

    it('lists the starter terms with their version', async () => {
      const { status, json } = await api.call('GET', '/spam/terms', { session: editor });
      assert.equal(status, 200);
      const terms = json.terms as SpamTerm[];
      assert.ok(terms.length > 100);
      assert.ok(terms.some((t) => t.term === '百家乐' && t.category === 'gambling'));
      assert.equal(typeof json.version, 'number');
    });

    it('adds, changes and deletes a term; each is audited and takes effect at once', async () => {
      const text = '这家新开的钓鱼场叫金鳞池，周末人很多';
      const before = await api.call('POST', '/spam/check', { session: editor, body: { text } });
      assert.equal(before.json.action, 'allow');

      const added = await api.call('POST', '/spam/terms', { session: editor, body: { term: ' 金 鱗 池 ', category: 'other', weight: 4, action: 'hold' } });
      assert.equal(added.status, 201);
      const term = added.json.term as SpamTerm;
      assert.equal(term.normalised, '金鳞池');
      assert.equal((await api.call('POST', '/spam/check', { session: editor, body: { text } })).json.action, 'hold');

      const changed = await api.call('PATCH', `/spam/terms/${term.id}`, { session: editor, body: { action: 'flag', weight: 0.5 } });
      assert.equal(changed.status, 200);
      assert.deepEqual([(changed.json.term as SpamTerm).action, (changed.json.term as SpamTerm).weight], ['flag', 0.5]);
      assert.equal((await api.call('POST', '/spam/check', { session: editor, body: { text } })).json.action, 'allow');

      assert.equal((await api.call('DELETE', `/spam/terms/${term.id}`, { session: editor })).status, 204);
      assert.equal((await api.call('DELETE', `/spam/terms/${term.id}`, { session: editor })).status, 404);

      const audit = (await listAudit(server.database.db, { limit: 10 })).filter((e) => e.subjectType === 'spam_term' && e.subjectId === String(term.id));
      assert.deepEqual(audit.map((e) => e.action).reverse(), ['spam_term.create', 'spam_term.change', 'spam_term.delete']);
      assert.ok(audit.every((e) => e.actorId === editorId));
      assert.deepEqual(audit.find((e) => e.action === 'spam_term.change')?.details.before, { term: ' 金 鱗 池 '.trim(), category: 'other', weight: 4, action: 'hold' });
    });

    it('refuses bad terms with every problem named, and a second term with the same normalised form', async () => {
      const bad = await api.call('POST', '/spam/terms', { session: editor, body: { term: '', category: 'sports', weight: 11, action: 'delete' } });
      assert.equal(bad.status, 400);
      const details = (bad.json.error as { details: string[] }).details.join('\n');
      for (const field of ['term', 'category', 'weight', 'action']) assert.match(details, new RegExp(`^${field}:`, 'm'));
      const single = await api.call('POST', '/spam/terms', { session: editor, body: { term: '赌', category: 'gambling', weight: 1, action: 'flag' } });
      assert.equal(single.status, 400);
      const twin = await api.call('POST', '/spam/terms', { session: editor, body: { term: '百 家 樂', category: 'gambling', weight: 1, action: 'flag' } });
      assert.equal(twin.status, 409);
      assert.equal(errorCode(twin.json), 'term_exists');
    });

    it('lets editors and admins manage the lists, not reporters or moderators; anyone signed in may check a text', async () => {
      for (const email of ['reporter@spam.test', 'moderator@spam.test']) {
        const session = await api.session(email);
        assert.equal((await api.call('GET', '/spam/terms', { session })).status, 403);
        assert.equal((await api.call('POST', '/spam/terms', { session, body: { term: '测试词', category: 'other', weight: 1, action: 'flag' } })).status, 403);
        assert.equal((await api.call('POST', '/spam/check', { session, body: { text: '你好' } })).status, 200);
      }
      assert.equal((await api.call('POST', '/spam/check', { body: { text: '你好' } })).status, 401);
    });

    it('answers a check with reasons and highlights in the original text', async () => {
      const text = '澳門線上娛樂城，加 V 信 lucky8899 首充送';
      const { status, json } = await api.call('POST', '/spam/check', { session: editor, body: { text } });
      assert.equal(status, 200);
      assert.equal(json.action, 'block');
      const highlights = json.highlights as { start: number; end: number }[];
      assert.ok(highlights.some((h) => text.slice(h.start, h.end).includes('lucky8899')));
      assert.ok((json.reasons as { phase: string }[]).some((r) => r.phase === 'contacts'));
    });

    describe('the /admin/spam page', () => {
      const page = (session: TestSession | null, path = '/admin/spam') =>
        fetch(`${server.url}${path}`, { headers: session ? { cookie: session.cookie } : {}, redirect: 'manual' });
      const post = (session: TestSession, path: string, fields: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) =>
        fetch(`${server.url}${path}`, {
          method: 'POST',
          redirect: 'manual',
          headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
          body: new URLSearchParams(fields).toString(),
        });

      it('sends signed-out visitors to the login page and refuses reporters', async () => {
        const anonymous = await page(null);
        assert.equal(anonymous.status, 302);
        assert.equal(anonymous.headers.get('location'), '/admin/login?next=%2Fadmin%2Fspam');
        assert.equal((await page(await api.session('reporter@spam.test'))).status, 403);
      });

      it('shows the lists, a check form and an add form to editors, uncached, with a nav link', async () => {
        const res = await page(editor, '/admin/spam?category=cta');
        assert.equal(res.status, 200);
        assert.equal(res.headers.get('cache-control'), 'no-store');
        const html = await res.text();
        assert.match(html, /<a href="\/admin\/spam">垃圾信息<\/a>/);
        assert.match(html, /<form method="post" action="\/admin\/spam\/check">/);
        assert.match(html, /<form method="post" action="\/admin\/spam\/terms"/);
        assert.ok(html.includes('开户'));
        assert.ok(!html.includes('>百家乐<') && !html.includes('value="百家乐"'), 'filtered to calls to action');
      });

      it('adds, changes and deletes through plain forms carrying the session token', async () => {
        const added = await post(editor, '/admin/spam/terms', { _csrf: editor.csrfToken, term: '嘀嗒彩', category: 'gambling', weight: '2.5', action: 'flag' });
        assert.equal(added.status, 303);
        assert.equal(added.headers.get('location'), '/admin/spam?done=added#add-h');
        const list = (await api.call('GET', '/spam/terms', { session: editor })).json.terms as SpamTerm[];
        const term = list.find((t) => t.term === '嘀嗒彩');
        assert.deepEqual([term?.weight, term?.action], [2.5, 'flag']);

        const changed = await post(editor, `/admin/spam/terms/${term?.id}`, { _csrf: editor.csrfToken, term: '嘀嗒彩', category: 'gambling', weight: '3', action: 'hold' });
        assert.equal(changed.status, 303);
        const html = await (await page(editor, '/admin/spam?done=changed')).text();
        assert.ok(html.includes('已保存修改。'));

        const deleted = await post(editor, `/admin/spam/terms/${term?.id}/delete`, { _csrf: editor.csrfToken });
        assert.equal(deleted.status, 303);
        const after = (await api.call('GET', '/spam/terms', { session: editor })).json.terms as SpamTerm[];
        assert.ok(!after.some((t) => t.term === '嘀嗒彩'));
      });

      it('renders a refused add again with the problem and what was typed, escaped', async () => {
        const res = await post(editor, '/admin/spam/terms', { _csrf: editor.csrfToken, term: '<b>x</b>', category: 'gambling', weight: 'lots', action: 'flag' });
        assert.equal(res.status, 400);
        const html = await res.text();
        assert.ok(html.includes('weight: '));
        assert.ok(html.includes('value="&lt;b>x&lt;/b>"') || html.includes('value="&lt;b&gt;x&lt;/b&gt;"'));
        assert.ok(!html.includes('<b>x</b>'));
      });

      it('checks a text and marks what it found', async () => {
        const res = await post(editor, '/admin/spam/check', { _csrf: editor.csrfToken, text: '加<V>信 lucky8899，百家乐' });
        assert.equal(res.status, 200);
        const html = await res.text();
        assert.match(html, /<mark title="[^"]*">lucky8899<\/mark>|<mark title="[^"]*">[^<]*lucky8899<\/mark>/);
        assert.ok(html.includes('加&lt;V>信') || html.includes('加&lt;V&gt;信'));
      });

      it('refuses a form without the session token or from another site', async () => {
        const term = { term: '跨站词', category: 'other', weight: '1', action: 'flag' };
        assert.equal((await post(editor, '/admin/spam/terms', term)).status, 403);
        assert.equal((await post(editor, '/admin/spam/terms', { _csrf: editor.csrfToken, ...term }, { 'sec-fetch-site': 'cross-site' })).status, 403);
        const list = (await api.call('GET', '/spam/terms', { session: editor })).json.terms as SpamTerm[];
        assert.ok(!list.some((t) => t.term === '跨站词'));
      });
    });
  });
}
