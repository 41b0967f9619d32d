import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveSection } from '../../articles/outlet.service.js';
import { TEST_DIALECTS } from '../../testing/databases.js';
import { setUpNewsroom } from '../../testing/fixtures.js';
import { startTestServer, type TestServer } from '../../testing/server.js';
import { adminClient, addTestStaff, type TestSession } from '../auth/admin-api.testing.js';
import { scopesForRole, type Scope } from '../auth/scopes.js';
import type { StaffRole } from '../staff/actor.js';
import { publishBus, type ArticleEvent } from '../../articles/publish-events.js';
import { adminArticlesApi } from './admin-articles.routes.js';
import { publishScheduledArticles } from './admin-articles.service.js';

type Json = Record<string, unknown>;

for (const dialect of TEST_DIALECTS) {
  describe(`admin articles API (${dialect})`, () => {
    let server: TestServer;
    let api: ReturnType<typeof adminClient>;
    const s: Record<string, TestSession> = {};
    // What the publish bus announced, for the pipeline's subscribers.
    const events: ArticleEvent[] = [];
    const eventsOf = async (id: number) => {
      await publishBus(server.database.db).idle();
      return events.filter((e) => e.articleId === id).map((e) => e.type);
    };

    before(async () => {
      server = await startTestServer(dialect);
      const { db } = server.database;
      await setUpNewsroom(db);
      await saveSection(db, { slug: 'world', name: '国际', position: 2 });
      const staff: [string, string, StaffRole, string[]?][] = [
        ['admin@x.test', '总编辑', 'admin'],
        ['china-editor@x.test', '中国版编辑', 'editor', ['china']],
        ['world-editor@x.test', '国际版编辑', 'editor', ['world']],
        ['reporter@x.test', '中国版记者', 'reporter', ['china']],
        ['reporter2@x.test', '另一位记者', 'reporter'],
        ['moderator@x.test', '评论审核员', 'moderator'],
      ];
      for (const [email, name, role, desks] of staff) await addTestStaff(db, { email, name, role, ...(desks && { desks }) });
      publishBus(db).subscribe('test-recorder', async (event) => {
        events.push(event);
      });
      api = adminClient(server.url);
      for (const [email] of staff) s[email.split('@')[0] as string] = await api.session(email);
    });

    after(async () => {
      await server.close();
    });

    const create = async (who: string, body: Json) => api.call('POST', '/articles', { session: s[who] as TestSession, body });
    const publicPage = async (url: string) => {
      const res = await fetch(`${server.url}${url}`);
      return { status: res.status, html: await res.text() };
    };

    it('creates a draft from {title, text} with the desk defaults', async () => {
      const { status, json } = await create('reporter', { title: '老旧小区加装电梯提速', text: '第一段。\n\n第二段。', section: 'china' });
      assert.equal(status, 201);
      assert.equal(json.status, 'draft');
      assert.equal(json.stageLabel, '待编');
      assert.equal(json.version, 1);
      const content = json.content as Json;
      assert.deepEqual(content.body, [
        { type: 'paragraph', text: '第一段。' },
        { type: 'paragraph', text: '第二段。' },
      ]);
      assert.deepEqual(content.byline, { reporters: ['中国版记者'], reportType: '报导', place: null });
      assert.equal((content.dateline as Json).source, '本网');
      assert.match(String((content.dateline as Json).date), /^\d{4}-\d{2}-\d{2}$/);
      assert.deepEqual(
        (json.allowedActions as { action: string }[]).map((a) => a.action),
        ['edit', 'submit'],
      );
    });

    it('keeps reporters to their desks and rejects invalid input with field details', async () => {
      const offDesk = await create('reporter', { title: '国际新闻', text: '正文。', section: 'world' });
      assert.equal(offDesk.status, 403);
      const bad = await create('reporter', { title: '', section: 'china', body: [{ type: 'paragraph' }] });
      assert.equal(bad.status, 400);
      const details = (bad.json.error as { details: string[] }).details;
      assert.ok(details.some((d) => d.startsWith('title:')));
      assert.ok(details.some((d) => d.startsWith('body.0')));
    });

    it('takes an article from draft through submit and sign-off to the public page, with 责任编辑', async () => {
      const { json: draft } = await create('reporter', { title: '社区食堂覆盖全部街道', text: '社区食堂已覆盖全市所有街道。', section: 'china' });
      const id = draft.id as number;
      const edited = await api.call('PATCH', `/articles/${id}`, {
        session: s.reporter as TestSession,
        body: { version: 1, body: [{ type: 'paragraph', text: '社区食堂已覆盖全市所有街道。' }, { type: 'subheading', text: '价格' }, { type: 'paragraph', text: '午餐十五元起。' }] },
      });
      assert.equal(edited.status, 200);
      assert.equal(edited.json.version, 2);
      const submitted = await api.call('POST', `/articles/${id}/submit`, { session: s.reporter as TestSession, body: { version: 2 } });
      assert.equal(submitted.json.status, 'submitted');
      const lateEdit = await api.call('PATCH', `/articles/${id}`, { session: s.reporter as TestSession, body: { version: 3, title: '改标题' } });
      assert.equal(lateEdit.status, 403, 'reporters lose the pen once submitted');
      const offDesk = await api.call('POST', `/articles/${id}/publish`, { session: s['world-editor'] as TestSession, body: {} });
      assert.equal(offDesk.status, 403);
      const published = await api.call('POST', `/articles/${id}/publish`, { session: s['china-editor'] as TestSession, body: {} });
      assert.equal(published.status, 200);
      assert.equal(published.json.status, 'published');
      assert.equal(published.json.editor, '中国版编辑');
      const url = published.json.url as string;
      assert.match(url, new RegExp(`^/\\d{4}/\\d{2}/\\d{2}/${id}\\.html$`));
      const page = await publicPage(url);
      assert.equal(page.status, 200);
      assert.match(page.html, /<p class="responsible-editor">责任编辑：中国版编辑<\/p>/);
      assert.match(page.html, /<h2 id="section-1" class="subheading">.*<span data-speak>价格<\/span><\/h2>/);

      const again = await api.call('POST', `/articles/${id}/submit`, { session: s['china-editor'] as TestSession, body: {} });
      assert.equal(again.status, 422);
      assert.equal((again.json.error as Json).code, 'transition_not_allowed');

      const corrected = await api.call('POST', `/articles/${id}/corrections`, { session: s['china-editor'] as TestSession, body: { text: '午餐价格应为十二元起。' } });
      assert.equal(corrected.status, 201);
      assert.match((await publicPage(url)).html, /<span class="correction-text">午餐价格应为十二元起。<\/span>/);

      const unpublished = await api.call('POST', `/articles/${id}/unpublish`, { session: s['china-editor'] as TestSession, body: { reason: '信息待核实' } });
      assert.equal(unpublished.json.status, 'unpublished');
      assert.equal(unpublished.json.unpublishReason, '信息待核实');
      assert.equal((await publicPage(url)).status, 404);
      const republished = await api.call('POST', `/articles/${id}/republish`, { session: s.admin as TestSession, body: {} });
      assert.equal(republished.json.status, 'published');
      // Drafting, submitting and refused actions announce nothing; each public change once.
      assert.deepEqual(await eventsOf(id), ['article.published', 'article.changed', 'article.unpublished', 'article.published']);
    });

    it('answers a stale version with 409 and the other editor’s change as a diff', async () => {
      const { json: draft } = await create('china-editor', { title: '地铁四号线开通', text: '地铁四号线今天开通。', section: 'china' });
      const id = draft.id as number;
      const first = await api.call('PATCH', `/articles/${id}`, { session: s['china-editor'] as TestSession, body: { version: 1, title: '地铁四号线今天正式开通' } });
      assert.equal(first.status, 200);
      const second = await api.call('PATCH', `/articles/${id}`, { session: s.admin as TestSession, body: { version: 1, title: '地铁四号线开通运营' } });
      assert.equal(second.status, 409);
      const error = second.json.error as { code: string; message: string; conflict: { yourVersion: number; currentVersion: number; changes: { title: { op: string; text: string }[] } } };
      assert.equal(error.code, 'version_conflict');
      assert.equal(error.conflict.yourVersion, 1);
      assert.equal(error.conflict.currentVersion, 2);
      assert.deepEqual(
        error.conflict.changes.title.filter((op) => op.op !== 'equal').map((op) => [op.op, op.text]),
        [['insert', '今天正式']],
      );
      const stored = await api.call('GET', `/articles/${id}`, { session: s.admin as TestSession });
      assert.equal((stored.json.content as Json).title, '地铁四号线今天正式开通', 'nothing was overwritten');
    });

    it('returns copy with a comment, and the reporter can resubmit', async () => {
      const { json: draft } = await create('reporter', { title: '菜价平稳', text: '本周菜价总体平稳。', section: 'china' });
      const id = draft.id as number;
      await api.call('POST', `/articles/${id}/submit`, { session: s.reporter as TestSession, body: {} });
      const noComment = await api.call('POST', `/articles/${id}/return`, { session: s['china-editor'] as TestSession, body: {} });
      assert.equal(noComment.status, 400);
      const returned = await api.call('POST', `/articles/${id}/return`, { session: s['china-editor'] as TestSession, body: { comment: '请补充数据来源' } });
      assert.equal(returned.json.status, 'returned');
      assert.equal(returned.json.returnComment, '请补充数据来源');
      const resubmitted = await api.call('POST', `/articles/${id}/submit`, { session: s.reporter as TestSession, body: {} });
      assert.equal(resubmitted.json.status, 'submitted');
    });

    it('schedules a sign-off and the job runner publishes it once', async () => {
      const { json: draft } = await create('china-editor', { title: '定时发布的稿件', text: '正文。', section: 'china' });
      const id = draft.id as number;
      const publishAt = new Date(Date.now() + 3_600_000).toISOString();
      const scheduled = await api.call('POST', `/articles/${id}/publish`, { session: s['china-editor'] as TestSession, body: { publishAt } });
      assert.equal(scheduled.json.status, 'scheduled');
      assert.equal(scheduled.json.scheduledAt, publishAt);
      const later = new Date(Date.now() + 7_200_000);
      assert.ok((await publishScheduledArticles(server.database.db, later)).includes(id));
      assert.ok(!(await publishScheduledArticles(server.database.db, later)).includes(id), 'exactly once');
      assert.deepEqual(await eventsOf(id), ['article.published'], 'scheduling announces nothing; the run once');
      const after = await api.call('GET', `/articles/${id}`, { session: s.admin as TestSession });
      assert.equal(after.json.status, 'published');
      assert.equal(after.json.publishedAt, publishAt);
      const audit = await api.call('GET', '/audit', { session: s.admin as TestSession });
      const entries = (audit.json.entries ?? audit.json.items) as { action: string; subjectId: string | null }[];
      assert.ok(entries.some((e) => e.action === 'article.run-schedule' && e.subjectId === String(id)));
      assert.ok(entries.some((e) => e.action === 'article.schedule' && e.subjectId === String(id)));
    });

    it('keeps every version as a revision, compares any two and restores one as a new version', async () => {
      const { json: draft } = await create('reporter2', { title: '第一版标题', text: '第一版正文。', section: 'china' });
      const id = draft.id as number;
      await api.call('PATCH', `/articles/${id}`, { session: s.reporter2 as TestSession, body: { version: 1, title: '第二版标题' } });
      const list = await api.call('GET', `/articles/${id}/revisions`, { session: s.reporter2 as TestSession });
      assert.deepEqual((list.json.revisions as { version: number }[]).map((r) => r.version), [2, 1]);
      const compare = await api.call('GET', `/articles/${id}/revisions/compare?from=1&to=2`, { session: s.reporter2 as TestSession });
      assert.equal(compare.status, 200);
      const restored = await api.call('POST', `/articles/${id}/revisions/1/restore`, { session: s.reporter2 as TestSession, body: { version: 2 } });
      assert.equal(restored.status, 200);
      assert.equal(restored.json.version, 3);
      assert.equal((restored.json.content as Json).title, '第一版标题');
      const missing = await api.call('GET', `/articles/${id}/revisions/compare?from=1&to=99`, { session: s.reporter2 as TestSession });
      assert.equal(missing.status, 404);
    });

    it('lists articles with filters', async () => {
      const mine = await api.call('GET', '/articles?mine=1', { session: s.reporter as TestSession });
      assert.equal(mine.status, 200);
      const items = mine.json.items as { author: string }[];
      assert.ok(items.length >= 3);
      assert.ok(items.every((i) => i.author === '中国版记者'));
      const queue = await api.call('GET', '/articles?status=submitted&section=china', { session: s['china-editor'] as TestSession });
      assert.ok((queue.json.items as { status: string }[]).every((i) => i.status === 'submitted'));
      const search = await api.call('GET', `/articles?q=${encodeURIComponent('地铁四号线')}`, { session: s.admin as TestSession });
      assert.equal(search.json.total, 1);
      const bad = await api.call('GET', '/articles?status=nonsense', { session: s.admin as TestSession });
      assert.equal(bad.status, 400);
    });

    it("narrows the list to the caller's desks with desk=mine (all desks for all-desk staff)", async () => {
      const submitted = async (who: string, title: string, section: string) => {
        const { json } = await create(who, { title, text: '正文。', section });
        const sub = await api.call('POST', `/articles/${json.id as number}/submit`, { session: s[who] as TestSession, body: { version: json.version } });
        assert.equal(sub.status, 200, JSON.stringify(sub.json));
      };
      await submitted('reporter', '桌面筛选：中国版待审稿', 'china');
      await submitted('world-editor', '桌面筛选：国际版待审稿', 'world');
      const titles = async (who: string, query: string) => {
        const res = await api.call('GET', `/articles?status=submitted&${query}`, { session: s[who] as TestSession });
        assert.equal(res.status, 200, JSON.stringify(res.json));
        return (res.json.items as { title: string; section: { slug: string } }[]).filter((i) => i.title.startsWith('桌面筛选'));
      };

      const chinaMine = await titles('china-editor', 'desk=mine');
      assert.deepEqual(chinaMine.map((i) => i.title), ['桌面筛选：中国版待审稿']);
      const chinaAll = await titles('china-editor', 'desk=all');
      assert.deepEqual(chinaAll.map((i) => i.title).sort(), ['桌面筛选：中国版待审稿', '桌面筛选：国际版待审稿'].sort());
      assert.equal((await titles('china-editor', '')).length, 2, 'no desk filter: every desk, as before');
      assert.deepEqual((await titles('world-editor', 'desk=mine')).map((i) => i.title), ['桌面筛选：国际版待审稿']);
      assert.equal((await titles('admin', 'desk=mine')).length, 2, 'an admin works on every desk');
      assert.equal((await titles('reporter2', 'desk=mine')).length, 2, 'staff without a desk limit see every desk');
      assert.deepEqual(await titles('china-editor', 'desk=mine&section=world'), [], 'filters combine');

      const everyMine = await api.call('GET', '/articles?desk=mine', { session: s['china-editor'] as TestSession });
      assert.ok((everyMine.json.items as { section: { slug: string } }[]).every((i) => i.section.slug === 'china'));
      const bad = await api.call('GET', '/articles?desk=theirs', { session: s['china-editor'] as TestSession });
      assert.equal(bad.status, 400);
    });

    it('enforces CSRF on cookie sessions but not on bearer tokens', async () => {
      const noCsrf = await api.call('POST', '/articles', { session: s.admin as TestSession, csrf: null, body: { title: '无令牌', section: 'china' } });
      assert.equal(noCsrf.status, 403);
      const wrong = await api.call('POST', '/articles', { session: s.admin as TestSession, csrf: 'wrong', body: { title: '错令牌', section: 'china' } });
      assert.equal(wrong.status, 403);
      const token = await api.call('POST', '/tokens', { session: s.admin as TestSession, body: { name: 'importer', scopes: ['articles:read', 'articles:write'] } });
      const bearer = await api.call('POST', '/articles', { token: token.json.token as string, body: { title: '来自接口', text: '正文。', section: 'china' } });
      assert.equal(bearer.status, 201);
      const publish = await api.call('POST', `/articles/${bearer.json.id as number}/publish`, { token: token.json.token as string, body: {} });
      assert.equal(publish.status, 403, 'a token without articles:publish cannot sign off');
    });

    it('answers every article route with 401 anonymously and 403 for a role without its scope', async () => {
      const roles: (StaffRole | 'anonymous')[] = ['anonymous', 'moderator', 'reporter', 'editor', 'admin'];
      const sessionFor: Record<StaffRole, string> = { moderator: 'moderator', reporter: 'reporter2', editor: 'china-editor', admin: 'admin' };
      for (const op of adminArticlesApi) {
        const path = op.path.replace('/api/admin', '').replace('{id}', '999999').replace('{version}', '1');
        for (const role of roles) {
          const session = role === 'anonymous' ? undefined : s[sessionFor[role]];
          const { status } = await api.call(op.method.toUpperCase(), path, { ...(session && { session }), ...(op.method !== 'get' && { body: {} }) });
          const label = `${op.method.toUpperCase()} ${op.path} as ${role}`;
          if (role === 'anonymous') assert.equal(status, 401, label);
          else if (!scopesForRole(role).includes(op.scope as Scope)) assert.equal(status, 403, label);
          else assert.ok(status !== 401 && status !== 403, `${label}: ${status}`);
        }
      }
    });

    it('lets an admin change 责任编辑, audited, and nobody else', async () => {
      const { json: draft } = await create('china-editor', { title: '责任编辑更换测试', text: '正文。', section: 'china' });
      const id = draft.id as number;
      const published = await api.call('POST', `/articles/${id}/publish`, { session: s['china-editor'] as TestSession, body: {} });
      const worldEditor = await api.call('GET', '/users', { session: s.admin as TestSession });
      const target = (worldEditor.json.users as { id: number; name: string }[]).find((u) => u.name === '国际版编辑');
      assert.ok(target);
      const byEditor = await api.call('PUT', `/articles/${id}/editor`, { session: s['china-editor'] as TestSession, body: { personId: target.id } });
      assert.equal(byEditor.status, 403);
      const reporter = (worldEditor.json.users as { id: number; name: string }[]).find((u) => u.name === '中国版记者');
      const notEditor = await api.call('PUT', `/articles/${id}/editor`, { session: s.admin as TestSession, body: { personId: reporter?.id } });
      assert.equal(notEditor.status, 400);
      const changed = await api.call('PUT', `/articles/${id}/editor`, { session: s.admin as TestSession, body: { personId: target.id } });
      assert.equal(changed.status, 200);
      assert.equal(changed.json.editor, '国际版编辑');
      assert.match((await publicPage(published.json.url as string)).html, /责任编辑：国际版编辑/);
      const audit = await api.call('GET', '/audit', { session: s.admin as TestSession });
      const entry = (audit.json.entries as { action: string; subjectId: string; details: Json }[]).find((e) => e.action === 'article.editor_change' && e.subjectId === String(id));
      assert.deepEqual(entry?.details, { from: '中国版编辑', to: '国际版编辑' });
    });

    it('tells an editor who else has the article open', async () => {
      const { json: draft } = await create('china-editor', { title: '多人同时编辑', text: '正文。', section: 'china' });
      const id = draft.id as number;
      const first = await api.call('POST', `/articles/${id}/presence`, { session: s['china-editor'] as TestSession });
      assert.deepEqual(first.json.editors, []);
      const second = await api.call('POST', `/articles/${id}/presence`, { session: s.admin as TestSession });
      assert.deepEqual((second.json.editors as { name: string }[]).map((e) => e.name), ['中国版编辑']);
      const left = await api.call('DELETE', `/articles/${id}/presence`, { session: s['china-editor'] as TestSession });
      assert.equal(left.status, 204);
      const third = await api.call('POST', `/articles/${id}/presence`, { session: s.admin as TestSession });
      assert.deepEqual(third.json.editors, []);
    });

    it('suggests existing tags containing the text, most used first', async () => {
      await create('reporter', { title: '标签一', section: 'china', tags: ['城市更新', '城市交通'] });
      await create('reporter', { title: '标签二', section: 'china', tags: ['城市交通'] });
      const { status, json } = await api.call('GET', `/tags?q=${encodeURIComponent('城市')}`, { session: s.reporter as TestSession });
      assert.equal(status, 200);
      assert.deepEqual(json.tags, ['城市交通', '城市更新']);
      const none = await api.call('GET', '/tags?q=%25', { session: s.reporter as TestSession });
      assert.deepEqual(none.json.tags, [], 'a % is a character, not a wildcard');
      assert.equal((await api.call('GET', '/tags?q=x')).status, 401);
    });

    it('publishes its OpenAPI document', async () => {
      const res = await fetch(`${server.url}/api/admin/openapi.json`);
      assert.equal(res.status, 200);
      const doc = (await res.json()) as { openapi: string; paths: Record<string, Record<string, unknown>> };
      assert.equal(doc.openapi, '3.1.0');
      for (const path of ['/api/admin/session', '/api/admin/articles', '/api/admin/articles/{id}', '/api/admin/articles/{id}/publish', '/api/admin/articles/{id}/revisions']) {
        assert.ok(doc.paths[path], path);
      }
      assert.ok(doc.paths['/api/admin/articles/{id}']?.patch);
      const list = doc.paths['/api/admin/articles']?.get as { parameters: { name: string; schema: { enum?: string[]; description?: string } }[] };
      const desk = list.parameters.find((p) => p.name === 'desk');
      assert.deepEqual(desk?.schema.enum, ['mine', 'all']);
      assert.match(desk?.schema.description ?? '', /caller's desks/);
    });
  });
}
