import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, addTestStaff, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import type { StoryListItem } from './model.js';

type Detail = { articles: { id: number }[]; title: string; summary: string; slug: string };

for (const dialect of TEST_DIALECTS) {
  describe(`the /admin/stories pages (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let reporter: TestSession;
    let published: number;
    let draft: number;

    const page = (session: TestSession | null, path: string) =>
      fetch(`${server.url}${path}`, { headers: session ? { cookie: session.cookie } : {}, redirect: 'manual' });
    const post = (session: TestSession, path: string, fields: Record<string, string>, headers: Record<string, string> = { 'sec-fetch-site': 'same-origin' }) =>
      fetch(`${server.url}${path}`, {
        method: 'POST',
        redirect: 'manual',
        headers: { cookie: session.cookie, 'content-type': 'application/x-www-form-urlencoded', ...headers },
        body: new URLSearchParams(fields).toString(),
      });
    const storyBySlug = async (slug: string) =>
      ((await api.call('GET', '/stories', { session: editor })).json.stories as StoryListItem[]).find((s) => s.slug === slug);
    const detail = async (id: number) => (await api.call('GET', `/stories/${id}`, { session: editor })).json as unknown as Detail;

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      await addTestStaff(db, { email: 'editor@story-page.test', name: '页面编辑', role: 'editor' });
      await addTestStaff(db, { email: 'reporter@story-page.test', name: '页面记者', role: 'reporter' });
      api = adminClient(server.url);
      editor = await api.session('editor@story-page.test');
      reporter = await api.session('reporter@story-page.test');
      published = await createArticle(db, { title: '台风“海燕”登陆青禾', publishedAt: '2025-03-19T02:00:00Z' });
      draft = await createArticle(db, { title: '台风灾后重建草稿', status: 'draft', publishedAt: null });
    });
    after(() => server.close());

    it('sends signed-out visitors to the login page', async () => {
      const res = await page(null, '/admin/stories');
      assert.equal(res.status, 302);
      assert.equal(res.headers.get('location'), '/admin/login?next=%2Fadmin%2Fstories');
    });

    it('shows editors the list, the create form and a nav link, uncached', async () => {
      const res = await page(editor, '/admin/stories');
      assert.equal(res.status, 200);
      assert.equal(res.headers.get('cache-control'), 'no-store');
      assert.equal(res.headers.get('x-robots-tag'), 'noindex, nofollow');
      const html = await res.text();
      assert.match(html, /<a href="\/admin\/stories">专题<\/a>/);
      assert.match(html, /<form method="post" action="\/admin\/stories">/);
      assert.ok(html.includes(`name="_csrf" value="${editor.csrfToken}"`));
    });

    it('creates a story, edits it, adds articles by id and from the list, removes one and deletes the story through plain forms', async () => {
      const created = await post(editor, '/admin/stories', { _csrf: editor.csrfToken, slug: 'typhoon-haiyan', title: '台风海燕', summary: '台风登陆前后。' });
      assert.equal(created.status, 303);
      const story = await storyBySlug('typhoon-haiyan');
      assert.ok(story);
      assert.equal(created.headers.get('location'), `/admin/stories/${story.id}?done=created`);

      const edit = await page(editor, `/admin/stories/${story.id}?done=created`);
      assert.equal(edit.status, 200);
      const editHtml = await edit.text();
      assert.ok(editHtml.includes('专题已创建。'));
      assert.ok(editHtml.includes('value="台风海燕"'));
      assert.ok(editHtml.includes(`<option value="${published}">`), 'the latest published articles can be picked');
      assert.ok(editHtml.includes('/zh-hans/story/typhoon-haiyan'), 'links the public page');

      const changed = await post(editor, `/admin/stories/${story.id}`, { _csrf: editor.csrfToken, slug: 'typhoon-haiyan', title: '台风“海燕”', summary: '台风登陆前后的报道。' });
      assert.equal(changed.status, 303);
      assert.equal(changed.headers.get('location'), `/admin/stories/${story.id}?done=changed`);
      assert.deepEqual([(await detail(story.id)).title, (await detail(story.id)).summary], ['台风“海燕”', '台风登陆前后的报道。']);

      const byId = await post(editor, `/admin/stories/${story.id}/articles`, { _csrf: editor.csrfToken, articleId: String(draft), recentId: '' });
      assert.equal(byId.status, 303);
      const picked = await post(editor, `/admin/stories/${story.id}/articles`, { _csrf: editor.csrfToken, articleId: '', recentId: String(published) });
      assert.equal(picked.status, 303);
      assert.deepEqual((await detail(story.id)).articles.map((a) => a.id).sort((a, b) => a - b), [published, draft]);

      const withArticles = await (await page(editor, `/admin/stories/${story.id}`)).text();
      assert.ok(withArticles.includes('台风灾后重建草稿'));
      assert.ok(withArticles.includes(`action="/admin/stories/${story.id}/articles/${draft}/remove"`));
      assert.ok(!withArticles.includes(`<option value="${published}">`), 'an article already in the story is not offered again');

      const removed = await post(editor, `/admin/stories/${story.id}/articles/${draft}/remove`, { _csrf: editor.csrfToken });
      assert.equal(removed.status, 303);
      assert.deepEqual((await detail(story.id)).articles.map((a) => a.id), [published]);

      const deleted = await post(editor, `/admin/stories/${story.id}/delete`, { _csrf: editor.csrfToken });
      assert.equal(deleted.status, 303);
      assert.equal(deleted.headers.get('location'), '/admin/stories?done=deleted');
      assert.equal(await storyBySlug('typhoon-haiyan'), undefined);
      assert.equal((await page(editor, `/admin/stories/${story.id}`)).status, 404);

      const actions = (await listAudit(server.database.db, { limit: 20 }))
        .filter((e) => e.subjectType === 'story' && e.subjectId === String(story.id))
        .map((e) => e.action)
        .reverse();
      assert.deepEqual(actions, ['story.create', 'story.change', 'story.article_add', 'story.article_add', 'story.article_remove', 'story.delete']);
    });

    it('renders a refused form again with the problems and what was typed, escaped', async () => {
      const res = await post(editor, '/admin/stories', { _csrf: editor.csrfToken, slug: 'Bad Slug', title: '<b>粗</b>', summary: '' });
      assert.equal(res.status, 400);
      const html = await res.text();
      assert.ok(html.includes('slug: '));
      assert.ok(html.includes('value="Bad Slug"'));
      assert.ok(html.includes('value="&lt;b>粗&lt;/b>"') || html.includes('value="&lt;b&gt;粗&lt;/b&gt;"'));
      assert.ok(!html.includes('<b>粗</b>'));

      await post(editor, '/admin/stories', { _csrf: editor.csrfToken, slug: 'empty-add', title: '空加入' });
      const story = await storyBySlug('empty-add');
      assert.ok(story);
      const empty = await post(editor, `/admin/stories/${story.id}/articles`, { _csrf: editor.csrfToken, articleId: '', recentId: '' });
      assert.equal(empty.status, 400);
      assert.ok((await empty.text()).includes('请填写稿件编号'));
      const unknown = await post(editor, `/admin/stories/${story.id}/articles`, { _csrf: editor.csrfToken, articleId: '99999', recentId: '' });
      assert.equal(unknown.status, 404);
      assert.ok((await unknown.text()).includes('没有编号为 99999 的稿件'));
    });

    it('refuses a form without the session token or from another site', async () => {
      const fields = { slug: 'cross-site', title: '跨站' };
      assert.equal((await post(editor, '/admin/stories', fields)).status, 403);
      assert.equal((await post(editor, '/admin/stories', { _csrf: editor.csrfToken, ...fields }, { 'sec-fetch-site': 'cross-site' })).status, 403);
      assert.equal(await storyBySlug('cross-site'), undefined);
    });

    it('lets reporters look without forms, and refuses their posts', async () => {
      await post(editor, '/admin/stories', { _csrf: editor.csrfToken, slug: 'reporter-view', title: '记者可看' });
      const story = await storyBySlug('reporter-view');
      assert.ok(story);
      const list = await page(reporter, '/admin/stories');
      assert.equal(list.status, 200);
      const listHtml = await list.text();
      assert.ok(listHtml.includes('记者可看'));
      assert.ok(!listHtml.includes('<form method="post" action="/admin/stories">'));
      const edit = await (await page(reporter, `/admin/stories/${story.id}`)).text();
      assert.ok(!edit.includes(`action="/admin/stories/${story.id}/articles"`));
      const refused = await post(reporter, '/admin/stories', { _csrf: reporter.csrfToken, slug: 'by-reporter', title: '记者建' });
      assert.equal(refused.status, 403);
      assert.equal(await storyBySlug('by-reporter'), undefined);
    });
  });
}
