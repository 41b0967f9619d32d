import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { addTestStaff, adminClient, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { addTestReader, readerLogin } from '../readers/readers.testing.js';
import { addSpamTerm } from '../spam/terms.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { commentBrowser, postedComment } from './comments.testing.js';

type Thread = { id: number; authorName: string; body: string; status: string; likes: number; mine: boolean; segments: { type: string; href?: string }[]; replies: { id: number; replyTo: string | null }[] };

for (const dialect of TEST_DIALECTS) {
  describe(`comments for readers, over HTTP (${dialect})`, () => {
    let server: TestServer;
    let admin: TestSession;
    let api: ReturnType<typeof adminClient>;
    // A fresh article per test: settings and counts never leak from one test into another.
    const article = () => createArticle(server.database.db, { publishedAt: new Date(Date.now() - 3_600_000).toISOString() });
    const settings = async (body: Record<string, unknown>) => {
      const r = await api.call('PATCH', '/comments/settings', { session: admin, body });
      assert.equal(r.status, 200, JSON.stringify(r.json));
    };

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      await addTestStaff(server.database.db, { email: 'mod@comments.test', name: '审核员甲', role: 'moderator' });
      api = adminClient(server.url);
      admin = await api.session('mod@comments.test');
    });
    after(async () => {
      await server.close();
    });

    it('a guest posts under post-moderation: published at once, counted, theirs to edit; the cookie is httpOnly', async () => {
      const id = await article();
      const guest = commentBrowser(server.url);
      const posted = await guest.post(id, { guestName: '路过的读者', body: '这篇报道写得很清楚，谢谢记者。' });
      assert.equal(posted.status, 201, posted.text);
      assert.equal(posted.json.status, 'approved');
      assert.equal(posted.json.message, '评论已发表。');
      const cookie = posted.response.headers.getSetCookie().find((c) => c.startsWith('xinwen_commenter='));
      assert.match(cookie ?? '', /HttpOnly/i);
      assert.match(cookie ?? '', /SameSite=Lax/i);

      const other = commentBrowser(server.url);
      const page = await other.list(id);
      assert.equal(page.json.total, 1);
      const threads = page.json.threads as Thread[];
      assert.equal(threads[0]?.authorName, '路过的读者');
      assert.equal(threads[0]?.mine, false);
      assert.equal(page.response.headers.get('cache-control'), 'no-store');
      const own = (await guest.list(id)).json.threads as (Thread & { editableUntil: string | null })[];
      assert.equal(own[0]?.mine, true);
      assert.ok(own[0]?.editableUntil);
    });

    it('pre-moderation holds every comment as pending: only its author sees it, marked 等待审核', async () => {
      const id = await article();
      await settings({ scope: 'article', id, mode: 'pre' });
      const guest = commentBrowser(server.url);
      const posted = await guest.post(id, { guestName: '张三丰', body: '希望后续继续跟进报道。' });
      assert.equal(posted.json.status, 'pending');
      assert.match(String(posted.json.message), /等待审核/);
      assert.equal((await commentBrowser(server.url).list(id)).json.total, 0);
      const mine = await guest.list(id);
      assert.deepEqual((mine.json.awaiting as Thread[]).map((c) => c.status), ['pending']);
      const page = await guest.call('GET', `/comments/${id}`);
      assert.match(page.text, /等待审核/);
    });

    it('new commenters are pre-moderated until N of theirs are approved', async () => {
      const id = await article();
      await settings({ scope: 'article', id, newCommenterApprovals: 1 });
      const guest = commentBrowser(server.url);
      const first = postedComment((await guest.post(id, { guestName: '新来的', body: '第一次在这里留言。' })).json);
      assert.equal(first.status, 'pending');
      const approve = await api.call('POST', '/comments/approve', { session: admin, body: { ids: [first.id] } });
      assert.equal(approve.status, 200);
      const second = postedComment((await guest.post(id, { guestName: '新来的', body: '第二条留言，应该直接显示了。' })).json);
      assert.equal(second.status, 'approved');
      const stranger = postedComment((await commentBrowser(server.url).post(id, { guestName: '另一位', body: '我也是第一次来。' })).json);
      assert.equal(stranger.status, 'pending');
    });

    it('comments with links are held (with the reason) unless links are allowed; too many links are refused', async () => {
      const id = await article();
      const guest = commentBrowser(server.url);
      const held = await guest.post(id, { guestName: '发链接的', body: '详细数据见 https://data.example.org/report 第三页。' });
      assert.equal(held.json.status, 'held');
      const queue = await api.call('GET', `/comments?queue=held&article=${id}`, { session: admin });
      const item = (queue.json.items as { spamReasons: { phase: string }[] }[])[0];
      assert.ok(item?.spamReasons.some((r) => r.phase === 'links'));

      await settings({ scope: 'article', id, holdLinks: false });
      const ok = await commentBrowser(server.url).post(id, { guestName: '另一个发链接的', body: '原文在 https://example.org/a 可以看到。' });
      assert.equal(ok.json.status, 'approved');
      const link = ((await guest.list(id)).json.threads as Thread[])[0]?.segments.find((s) => s.type === 'link');
      assert.equal(link?.href, 'https://example.org/a');

      const many = await guest.post(id, { guestName: '发链接的', body: 'a.example.com b.example.com c.example.com d.example.com' });
      assert.equal(many.status, 400);
      assert.match(JSON.stringify(many.json), /链接太多/);
    });

    it('refuses empty and overlong comments with Chinese messages', async () => {
      const id = await article();
      const guest = commentBrowser(server.url);
      const empty = await guest.post(id, { guestName: '空白先生', body: '   \n ' });
      assert.equal(empty.status, 400);
      assert.match(JSON.stringify(empty.json), /评论内容不能为空/);
      const long = await guest.post(id, { guestName: '话痨', body: '长'.repeat(2001) });
      assert.equal(long.status, 400);
      assert.match(JSON.stringify(long.json), /不能超过 2000 字/);
      const justRight = await guest.post(id, { guestName: '话痨', body: '好'.repeat(2000) });
      assert.equal(justRight.status, 201);
      const noName = await commentBrowser(server.url).post(id, { body: '没有昵称' });
      assert.equal(noName.status, 400);
      const posing = await commentBrowser(server.url).post(id, { guestName: '本网小编', body: '冒充工作人员。' });
      assert.equal(posing.status, 400);
      assert.match(JSON.stringify(posing.json), /昵称不能包含/);
    });

    it('closes comments by hand and after N days', async () => {
      const id = await article();
      await settings({ scope: 'article', id, closed: true });
      const closed = await commentBrowser(server.url).post(id, { guestName: '迟到的人', body: '还能评论吗？' });
      assert.equal(closed.status, 403);
      assert.equal((closed.json.error as { code: string }).code, 'comments_closed');

      const old = await createArticle(server.database.db, { publishedAt: '2025-01-02T09:00:00+08:00' });
      await settings({ scope: 'article', id: old, closeAfterDays: 30 });
      const late = await commentBrowser(server.url).post(old, { guestName: '迟到的人', body: '这是旧闻了。' });
      assert.equal(late.status, 403);
      assert.match(String((late.json.error as { message: string }).message), /超过 30 天/);
      assert.match(String((await commentBrowser(server.url).list(old)).json.closed), /评论已关闭/);
      await settings({ scope: 'article', id: old, closeAfterDays: 0 });
      assert.equal((await commentBrowser(server.url).post(old, { guestName: '迟到的人', body: '现在又可以了。' })).status, 201);
    });

    it('guests may be refused; a verified reader then posts under their display name', async () => {
      const id = await article();
      await settings({ scope: 'article', id, guestsAllowed: false });
      const guest = await commentBrowser(server.url).post(id, { guestName: '游客', body: '游客能评论吗？' });
      assert.equal(guest.status, 403);
      assert.equal((guest.json.error as { code: string }).code, 'guests_not_allowed');

      await addTestReader(server.database.db, { email: 'wang@reader.test', displayName: '读者老王' });
      const session = await readerLogin(server.url, 'wang@reader.test');
      const reader = commentBrowser(server.url, { reader: session });
      const posted = await reader.post(id, { body: '注册读者的评论。' });
      assert.equal(posted.status, 201, posted.text);
      const threads = (await commentBrowser(server.url).list(id)).json.threads as (Thread & { authorKind: string })[];
      assert.equal(threads[0]?.authorName, '读者老王');
      assert.equal(threads[0]?.authorKind, 'reader');

      const noCsrf = commentBrowser(server.url, { reader: { cookie: session.cookie, csrfToken: 'wrong' } });
      assert.equal((await noCsrf.post(id, { body: '没有正确的令牌。' })).status, 403);

      await addTestReader(server.database.db, { email: 'new@reader.test', displayName: '未验证读者', verified: false });
      const unverified = commentBrowser(server.url, { reader: await readerLogin(server.url, 'new@reader.test') });
      const refused = await unverified.post(id, { body: '还没验证邮箱。' });
      assert.equal((refused.json.error as { code: string }).code, 'reader_unverified');
    });

    it('edits and deletes only your own comment; a deleted comment with replies stays as a placeholder', async () => {
      const id = await article();
      const author = commentBrowser(server.url);
      const other = commentBrowser(server.url);
      const c = postedComment((await author.post(id, { guestName: '作者本人', body: '原来的说法。' })).json);
      assert.equal((await other.call('PATCH', `/api/comments/${c.id}`, { body: '改别人的评论' })).status, 403);
      assert.equal((await other.call('DELETE', `/api/comments/${c.id}`)).status, 403);
      const edited = await author.call('PATCH', `/api/comments/${c.id}`, { body: '修改后的说法。' });
      assert.equal(edited.status, 200, edited.text);
      const listed = ((await other.list(id)).json.threads as (Thread & { editedAt: string | null })[])[0];
      assert.equal(listed?.body, '修改后的说法。');
      assert.ok(listed?.editedAt);

      await other.post(id, { guestName: '回复的人', body: '我来回复一下。', parentId: c.id });
      assert.equal((await author.call('DELETE', `/api/comments/${c.id}`)).status, 204);
      const after = ((await other.list(id)).json.threads as Thread[])[0];
      assert.equal(after?.status, 'deleted');
      assert.equal(after?.body, '');
      assert.equal(after?.replies.length, 1);

      const lone = postedComment((await author.post(id, { guestName: '作者本人', body: '没人回复的评论。' })).json);
      assert.equal((await author.call('DELETE', `/api/comments/${lone.id}`)).status, 204);
      assert.ok(!((await other.list(id)).json.threads as Thread[]).some((t) => t.id === lone.id));
    });

    it('likes count once per reader; reports need a reason and reach the reported queue', async () => {
      const id = await article();
      const c = postedComment((await commentBrowser(server.url).post(id, { guestName: '被赞的人', body: '说得在理。' })).json);
      const fan = commentBrowser(server.url);
      assert.equal((await fan.call('POST', `/api/comments/${c.id}/like`)).json.likes, 1);
      assert.equal((await fan.call('POST', `/api/comments/${c.id}/like`)).json.likes, 1);
      assert.equal((await commentBrowser(server.url).call('POST', `/api/comments/${c.id}/like`)).json.likes, 2);
      assert.equal(((await fan.list(id)).json.threads as (Thread & { liked: boolean })[])[0]?.liked, true);

      assert.equal((await fan.call('POST', `/api/comments/${c.id}/report`, { reason: '' })).status, 400);
      assert.equal((await fan.call('POST', `/api/comments/${c.id}/report`, { reason: '人身攻击' })).status, 201);
      const reported = await api.call('GET', `/comments?queue=reported&article=${id}`, { session: admin });
      const item = (reported.json.items as { id: number; reports: { reason: string }[] }[])[0];
      assert.equal(item?.id, c.id);
      assert.equal(item?.reports[0]?.reason, '人身攻击');
    });

    it('the spam filters decide: a block term is refused, a burst from one reader is held for its rate', async () => {
      const id = await article();
      await addSpamTerm(server.database.db, { term: '禁发测试词', category: 'other', weight: 10, action: 'block' }, { actorId: null });
      const blocked = await commentBrowser(server.url).post(id, { guestName: '广告商', body: '快来看禁发测试词' });
      assert.equal(blocked.status, 422);
      assert.equal((blocked.json.error as { code: string }).code, 'comment_blocked');

      const talker = commentBrowser(server.url);
      const statuses: string[] = [];
      for (let i = 1; i <= 10; i += 1) {
        const r = await talker.post(id, { guestName: '话很多', body: `第${i}条想法：${'甲乙丙丁戊己庚辛壬癸'.slice(0, i)}各有不同的看法${i * 7}` });
        statuses.push(String(r.json.status ?? r.status));
      }
      assert.equal(statuses[0], 'approved');
      assert.equal(statuses.at(-1), 'held', statuses.join(','));
      const held = await api.call('GET', `/comments?queue=held&article=${id}`, { session: admin });
      assert.ok((held.json.items as { spamReasons: { phase: string }[] }[]).some((i) => i.spamReasons.some((r) => r.phase === 'rate')));
    });

    it('works without JavaScript: the /comments page lists, pages and takes a plain form post and reply', async () => {
      const id = await article();
      const browser = commentBrowser(server.url);
      const posted = await browser.form(`/comments/${id}`, { guestName: '不用脚本', body: '没有 JavaScript 也能评论。' });
      assert.equal(posted.status, 303);
      assert.match(posted.location ?? '', new RegExp(`^/comments/${id}\\?posted=approved#c\\d+$`));
      const commentId = Number(/#c(\d+)$/.exec(posted.location ?? '')?.[1]);
      const page = await browser.call('GET', posted.location ?? '');
      assert.match(page.text, /评论已发表/);
      assert.match(page.text, /没有 JavaScript 也能评论。/);
      assert.match(page.text, new RegExp(`href="/comments/${id}\\?reply=${commentId}#comment-form"`));

      const replyPage = await browser.call('GET', `/comments/${id}?reply=${commentId}`);
      assert.match(replyPage.text, new RegExp(`name="parentId" value="${commentId}"`));
      const reply = await browser.form(`/comments/${id}`, { guestName: '不用脚本', body: '这是一条回复。', parentId: String(commentId) });
      assert.equal(reply.status, 303);
      const threads = (await browser.list(id)).json.threads as Thread[];
      assert.equal(threads[0]?.replies.length, 1);

      const bad = await browser.form(`/comments/${id}`, { guestName: '不用脚本', body: '长'.repeat(2001) });
      assert.equal(bad.status, 400);
      assert.match(bad.text, /不能超过 2000 字/);
      assert.match(bad.text, /长{2001}<\/textarea>/);
      assert.equal((await browser.call('GET', `/comments/${id}?sort=bogus`)).status, 400);
    });

    it('refuses state changes from other sites', async () => {
      const id = await article();
      const guest = commentBrowser(server.url);
      const r = await guest.call('POST', `/api/articles/${id}/comments`, { guestName: '跨站', body: '来自别的网站' }, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
      assert.equal(r.status, 403);
      assert.equal((r.json.error as { code: string }).code, 'csrf');
    });

    it('the article page is the same for everyone and carries the 评论 section', async () => {
      const id = await article();
      const path = (await fetch(`${server.url}/article/${id}`, { redirect: 'manual' })).headers.get('location') ?? '';
      const a = await fetch(`${server.url}${path}`);
      const b = await fetch(`${server.url}${path}`, { headers: { cookie: 'xinwen_commenter=abcdefghijklmnopqrstuvwxyz012345' } });
      const [htmlA, htmlB] = [await a.text(), await b.text()];
      assert.equal(htmlA, htmlB);
      assert.match(htmlA, new RegExp(`data-article-id="${id}"`));
      assert.match(htmlA, new RegExp(`href="/comments/${id}"`));
      assert.match(a.headers.get('cache-control') ?? '', /public/);
    });
  });
}
