import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { closedReason, mergeSettings } from './comment-settings.service.js';
import { decideStatus, editComment, postComment, refuseIfBlocked, MAX_STORED_DEPTH } from './comment.service.js';
import { guestAuthorKey, newGuestToken, createNetworkHasher } from './commenter.js';
import { DEFAULT_SETTINGS, type Commenter } from './model.js';

describe('comment decisions', () => {
  const facts = { links: 0, approvedBefore: 5 };
  it('holds what the filters hold and links when links are held; pre-moderation and new commenters wait', () => {
    assert.equal(decideStatus({ action: 'hold' }, DEFAULT_SETTINGS, facts).status, 'held');
    assert.equal(decideStatus({ action: 'allow' }, DEFAULT_SETTINGS, { ...facts, links: 1 }).status, 'held');
    assert.equal(decideStatus({ action: 'allow' }, { ...DEFAULT_SETTINGS, holdLinks: false }, { ...facts, links: 1 }).status, 'approved');
    assert.equal(decideStatus({ action: 'flag' }, DEFAULT_SETTINGS, facts).status, 'approved');
    assert.equal(decideStatus({ action: 'allow' }, { ...DEFAULT_SETTINGS, mode: 'pre' }, facts).status, 'pending');
    assert.equal(decideStatus({ action: 'allow' }, { ...DEFAULT_SETTINGS, newCommenterApprovals: 6 }, facts).status, 'pending');
    assert.equal(decideStatus({ action: 'allow' }, { ...DEFAULT_SETTINGS, newCommenterApprovals: 5 }, facts).status, 'approved');
  });

  it('refuses a block with 422, and with 429 when only rate limits refused it', () => {
    const rate = { phase: 'rate', detail: '该读者 10 分钟内已发 12 条', score: 8 };
    assert.doesNotThrow(() => refuseIfBlocked({ action: 'hold', reasons: [rate] }));
    assert.throws(() => refuseIfBlocked({ action: 'block', reasons: [rate, { ...rate, detail: '同一网络', score: 6 }] }), (e: Error & { status?: number }) => e.status === 429);
    assert.throws(() => refuseIfBlocked({ action: 'block', reasons: [rate, { phase: 'terms', detail: '博彩', score: 4 }] }), (e: Error & { status?: number }) => e.status === 422);
  });

  it('inherits settings from outlet to section to article, and closes after N days or by hand', () => {
    const none = { mode: null, newCommenterApprovals: null, holdLinks: null, guestsAllowed: null, closeAfterDays: null, closed: null };
    const merged = mergeSettings({ ...none, mode: 'pre', closeAfterDays: 7 }, { ...none, mode: 'post' }, { ...none, guestsAllowed: false });
    assert.deepEqual(merged, { ...DEFAULT_SETTINGS, mode: 'post', closeAfterDays: 7, guestsAllowed: false });
    const now = new Date('2025-03-30T00:00:00Z');
    assert.equal(closedReason(merged, '2025-03-25T00:00:00Z', now), null);
    assert.match(closedReason(merged, '2025-03-18T00:00:00Z', now) ?? '', /超过 7 天/);
    assert.match(closedReason({ ...merged, closed: true }, '2025-03-29T00:00:00Z', now) ?? '', /已关闭/);
  });

  it('keys networks by a daily HMAC of the address (an IPv6 /64 counts once), never the address', () => {
    const hash = createNetworkHasher({ secret: 's' });
    const day = new Date('2025-03-18T10:00:00Z');
    assert.equal(hash('2001:db8:1:2:aaaa::1', day), hash('2001:db8:1:2:bbbb::9', day));
    assert.notEqual(hash('2001:db8:1:2::1', day), hash('2001:db8:1:3::1', day));
    assert.notEqual(hash('198.51.100.7', day), hash('198.51.100.7', new Date('2025-03-19T10:00:00Z')));
    assert.doesNotMatch(hash('198.51.100.7', day), /198/);
  });
});

for (const dialect of TEST_DIALECTS) {
  describe(`comment service (${dialect})`, () => {
    let database: TestDatabase;
    let articleId: number;
    const guest = (): Commenter => ({ kind: 'guest', key: guestAuthorKey(newGuestToken()), readerId: null, displayName: null, verified: false });

    before(async () => {
      database = await createTestDatabase(dialect);
      await setUpNewsroom(database.db);
      articleId = await createArticle(database.db, { publishedAt: '2025-03-18T09:30:00+08:00' });
    });
    after(async () => {
      await database.drop();
    });

    it('lets the author edit within 15 minutes of posting, and not after', async () => {
      const commenter = guest();
      const t0 = new Date('2025-03-18T10:00:00Z');
      const { comment } = await postComment(database.db, articleId, { guestName: '守时的人', body: '最初的文字。' }, { commenter, networkKey: 'n:a', now: t0 });
      const inTime = await editComment(database.db, comment.id, { body: '十分钟后的修改。' }, { commenter, networkKey: 'n:a', now: new Date(t0.getTime() + 10 * 60_000) });
      assert.equal(inTime.comment.body, '十分钟后的修改。');
      assert.ok(inTime.comment.editedAt);
      await assert.rejects(
        editComment(database.db, comment.id, { body: '太晚的修改。' }, { commenter, networkKey: 'n:a', now: new Date(t0.getTime() + 16 * 60_000) }),
        (err: Error & { code?: string }) => err.code === 'edit_window_passed',
      );
    });

    it('an edit is scored again: adding a link holds the comment', async () => {
      const commenter = guest();
      const now = new Date('2025-03-18T11:00:00Z');
      const { comment } = await postComment(database.db, articleId, { guestName: '改主意的人', body: '没有链接的评论。' }, { commenter, networkKey: 'n:b', now });
      assert.equal(comment.status, 'approved');
      const edited = await editComment(database.db, comment.id, { body: '现在加上 https://example.org/x 链接。' }, { commenter, networkKey: 'n:b', now });
      assert.equal(edited.status, 'held');
    });

    it(`stops nesting at depth ${MAX_STORED_DEPTH}: a deeper reply joins its parent's level`, async () => {
      const now = new Date('2025-03-18T12:00:00Z');
      let parentId: number | null = null;
      let depth = -1;
      for (let i = 0; i <= MAX_STORED_DEPTH + 1; i += 1) {
        const { comment } = await postComment(database.db, articleId, { guestName: `楼层${i}`, body: `第${i}层的想法。`, ...(parentId && { parentId }) }, { commenter: guest(), networkKey: `n:${i}`, now });
        parentId = comment.id;
        depth = comment.displayDepth;
        if (i === MAX_STORED_DEPTH + 1) assert.equal(comment.parentId !== null, true);
      }
      assert.equal(depth, 3);
      const last = await database.db.selectFrom('comments').select(['depth']).where('id', '=', parentId as number).executeTakeFirstOrThrow();
      assert.equal(last.depth, MAX_STORED_DEPTH);
    });
  });
}
