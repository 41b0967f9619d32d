import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { adminClient, addTestStaff, errorCode, errorMessage, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { listAudit } from '../newsroom/audit/audit.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import type { Story, StoryListItem } from './model.js';

type Detail = Story & { articles: { id: number; title: string; status: string }[] };

for (const dialect of TEST_DIALECTS) {
  describe(`stories admin API (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    let editor: TestSession;
    let reporter: TestSession;
    let editorId: number;
    let published: number;
    let draft: number;

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      editorId = (await addTestStaff(db, { email: 'editor@stories.test', name: '专题编辑', role: 'editor' })).id;
      await addTestStaff(db, { email: 'reporter@stories.test', name: '专题记者', role: 'reporter' });
      api = adminClient(server.url);
      editor = await api.session('editor@stories.test');
      reporter = await api.session('reporter@stories.test');
      published = await createArticle(db, { title: '青禾市地铁三号线今日开通' });
      draft = await createArticle(db, { title: '三号线客流统计（草稿）', status: 'draft', publishedAt: null });
    });
    after(() => server.close());

    it('creates, reads, changes and deletes a story; every change is audited', async () => {
      const created = await api.call('POST', '/stories', { session: editor, body: { slug: 'metro-line-3', title: ' 地铁三号线 ', summary: '三号线从动工到开通的报道。' } });
      assert.equal(created.status, 201);
      const story = created.json as unknown as Story;
      assert.deepEqual([story.slug, story.title, story.summary], ['metro-line-3', '地铁三号线', '三号线从动工到开通的报道。']);

      const listed = await api.call('GET', '/stories', { session: editor });
      const row = (listed.json.stories as StoryListItem[]).find((s) => s.id === story.id);
      assert.deepEqual([row?.slug, row?.articleCount], ['metro-line-3', 0]);

      const changed = await api.call('PATCH', `/stories/${story.id}`, { session: editor, body: { title: '地铁三号线开通' } });
      assert.equal(changed.status, 200);
      assert.deepEqual([changed.json.title, changed.json.slug, changed.json.summary], ['地铁三号线开通', 'metro-line-3', '三号线从动工到开通的报道。']);

      const read = await api.call('GET', `/stories/${story.id}`, { session: editor });
      assert.equal(read.json.title, '地铁三号线开通');
      assert.deepEqual(read.json.articles, []);

      assert.equal((await api.call('DELETE', `/stories/${story.id}`, { session: editor })).status, 204);
      assert.equal((await api.call('GET', `/stories/${story.id}`, { session: editor })).status, 404);
      assert.equal((await api.call('DELETE', `/stories/${story.id}`, { session: editor })).status, 404);

      const audit = (await listAudit(server.database.db, { limit: 20 })).filter((e) => e.subjectType === 'story' && e.subjectId === String(story.id));
      assert.deepEqual(audit.map((e) => e.action).reverse(), ['story.create', 'story.change', 'story.delete']);
      assert.ok(audit.every((e) => e.actorId === editorId));
      assert.deepEqual(audit.find((e) => e.action === 'story.change')?.details, {
        before: { slug: 'metro-line-3', title: '地铁三号线', summary: '三号线从动工到开通的报道。' },
        after: { slug: 'metro-line-3', title: '地铁三号线开通', summary: '三号线从动工到开通的报道。' },
      });
    });

    it('refuses bad fields with every problem named in Chinese', async () => {
      const bad = await api.call('POST', '/stories', { session: editor, body: { slug: 'Metro Line', title: '标'.repeat(61), summary: '摘'.repeat(501) } });
      assert.equal(bad.status, 400);
      const details = (bad.json.error as { details: string[] }).details;
      assert.equal(details.length, 3);
      assert.ok(details.some((d) => d.startsWith('slug: ') && d.includes('小写英文字母')));
      assert.ok(details.some((d) => d.startsWith('title: ') && d.includes('最多 60 个字')));
      assert.ok(details.some((d) => d.startsWith('summary: ') && d.includes('最多 500 个字')));

      const missing = await api.call('POST', '/stories', { session: editor, body: { slug: '-edge-', title: '   ' } });
      assert.equal(missing.status, 400);
      const missingDetails = (missing.json.error as { details: string[] }).details;
      assert.ok(missingDetails.some((d) => d === 'title: 请填写标题'));
      assert.ok(missingDetails.some((d) => d.startsWith('slug: ')));

      const empty = await api.call('PATCH', '/stories/1', { session: editor, body: {} });
      assert.equal(empty.status, 400);
    });

    it('refuses a slug that another story has, on create and on change', async () => {
      const a = (await api.call('POST', '/stories', { session: editor, body: { slug: 'slug-a', title: '甲' } })).json as unknown as Story;
      const b = (await api.call('POST', '/stories', { session: editor, body: { slug: 'slug-b', title: '乙' } })).json as unknown as Story;
      const again = await api.call('POST', '/stories', { session: editor, body: { slug: 'slug-a', title: '丙' } });
      assert.equal(again.status, 409);
      assert.equal(errorCode(again.json), 'slug_taken');
      assert.match(errorMessage(again.json) ?? '', /slug-a/);
      const steal = await api.call('PATCH', `/stories/${b.id}`, { session: editor, body: { slug: 'slug-a' } });
      assert.equal(steal.status, 409);
      const keep = await api.call('PATCH', `/stories/${a.id}`, { session: editor, body: { slug: 'slug-a', summary: '' } });
      assert.equal(keep.status, 200);
    });

    it('adds published and unpublished articles, removes them, and keeps an article in one story', async () => {
      const story = (await api.call('POST', '/stories', { session: editor, body: { slug: 'members', title: '成员' } })).json as unknown as Story;
      const other = (await api.call('POST', '/stories', { session: editor, body: { slug: 'members-other', title: '另一个专题' } })).json as unknown as Story;

      const addDraft = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: draft } });
      assert.equal(addDraft.status, 200);
      const addPublished = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: published } });
      const detail = addPublished.json as unknown as Detail;
      assert.deepEqual(
        detail.articles.map((a): [number, string] => [a.id, a.status]).sort((x, y) => x[0] - y[0]),
        [
          [published, 'published'],
          [draft, 'draft'],
        ],
      );

      const twice = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: published } });
      assert.equal(twice.status, 409);
      assert.equal(errorCode(twice.json), 'already_in_story');
      const elsewhere = await api.call('POST', `/stories/${other.id}/articles`, { session: editor, body: { articleId: published } });
      assert.equal(elsewhere.status, 409);
      assert.equal(errorCode(elsewhere.json), 'in_other_story');
      assert.match(errorMessage(elsewhere.json) ?? '', /成员/);

      const unknown = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: 987654 } });
      assert.equal(unknown.status, 404);
      assert.match(errorMessage(unknown.json) ?? '', /987654/);
      const junk = await api.call('POST', `/stories/${story.id}/articles`, { session: editor, body: { articleId: 'abc' } });
      assert.equal(junk.status, 400);
      const noStory = await api.call('POST', '/stories/999999/articles', { session: editor, body: { articleId: published } });
      assert.equal(noStory.status, 404);

      const removed = await api.call('DELETE', `/stories/${story.id}/articles/${published}`, { session: editor });
      assert.equal(removed.status, 200);
      assert.deepEqual((removed.json as unknown as Detail).articles.map((a) => a.id), [draft]);
      assert.equal((await api.call('DELETE', `/stories/${story.id}/articles/${published}`, { session: editor })).status, 404);
      // Free again: it may now join the other story.
      assert.equal((await api.call('POST', `/stories/${other.id}/articles`, { session: editor, body: { articleId: published } })).status, 200);

      const audit = (await listAudit(server.database.db, { limit: 50 })).filter((e) => e.subjectType === 'story' && e.subjectId === String(story.id));
      assert.deepEqual(audit.map((e) => e.action).reverse(), ['story.create', 'story.article_add', 'story.article_add', 'story.article_remove']);

      // Deleting a story frees its articles.
      assert.equal((await api.call('DELETE', `/stories/${story.id}`, { session: editor })).status, 204);
      assert.equal((await api.call('POST', `/stories/${other.id}/articles`, { session: editor, body: { articleId: draft } })).status, 200);
    });

    it('lets reporters read but not create, change or delete; anonymous callers get 401', async () => {
      const story = (await api.call('POST', '/stories', { session: editor, body: { slug: 'read-only', title: '只读' } })).json as unknown as Story;
      assert.equal((await api.call('GET', '/stories', { session: reporter })).status, 200);
      assert.equal((await api.call('GET', `/stories/${story.id}`, { session: reporter })).status, 200);
      const create = await api.call('POST', '/stories', { session: reporter, body: { slug: 'by-reporter', title: '记者建的' } });
      assert.equal(create.status, 403);
      assert.equal((await api.call('PATCH', `/stories/${story.id}`, { session: reporter, body: { title: '改' } })).status, 403);
      assert.equal((await api.call('POST', `/stories/${story.id}/articles`, { session: reporter, body: { articleId: published } })).status, 403);
      assert.equal((await api.call('DELETE', `/stories/${story.id}`, { session: reporter })).status, 403);
      assert.equal((await api.call('GET', '/stories')).status, 401);
      const list = (await api.call('GET', '/stories', { session: editor })).json.stories as StoryListItem[];
      assert.ok(!list.some((s) => s.slug === 'by-reporter'));
      assert.equal(list.find((s) => s.id === story.id)?.title, '只读');
    });

    it('needs the session CSRF token for cookie-authenticated changes', async () => {
      const res = await api.call('POST', '/stories', { session: editor, csrf: null, body: { slug: 'no-csrf', title: '无令牌' } });
      assert.equal(res.status, 403);
    });
  });
}
