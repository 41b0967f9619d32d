import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { listArticleComments, listThreadReplies, MAX_DISPLAY_DEPTH } from './comment-list.service.js';
import { insertComment, selectComment } from './comment.store.js';
import type { CommentSort } from './model.js';

const ROOTS = 2000;

for (const dialect of TEST_DIALECTS) {
  describe(`comment pages (${dialect})`, () => {
    let database: TestDatabase;
    let articleId: number;
    let threadRoot: number;
    const replyIds: number[] = [];

    before(async () => {
      database = await createTestDatabase(dialect);
      await setUpNewsroom(database.db);
      articleId = await createArticle(database.db);
      const start = Date.parse('2025-03-18T00:00:00Z');
      await database.db.transaction().execute(async (tx) => {
        for (let i = 0; i < ROOTS; i += 1) {
          const id = await insertComment(
            tx,
            {
              article_id: articleId,
              parent_id: null,
              root_id: null,
              depth: 0,
              author_key: `g:${String(i).padStart(32, '0')}`,
              reader_id: null,
              author_name: `读者${i}`,
              body: `第${i}条评论`,
              // Hidden ones are interleaved: pages must skip them without gaps.
              status: i % 10 === 3 ? 'pending' : 'approved',
              visible: i % 10 === 3 ? 0 : 1,
              // Many ties, so the (likes, id) keyset is exercised.
              likes: (i * 7) % 13,
              spam_score: 0,
              spam_action: 'allow',
              spam_reasons: '[]',
              created_at: new Date(start + i * 1000).toISOString(),
            },
            null,
          );
          if (i === 5) threadRoot = id;
        }
        // A deep thread under one root: 30 replies, each answering the one before.
        let parent = await selectComment(tx, threadRoot);
        for (let d = 1; d <= 30 && parent; d += 1) {
          const id = await insertComment(
            tx,
            {
              article_id: articleId,
              parent_id: parent.id,
              root_id: threadRoot,
              depth: Math.min(d, 8),
              author_key: 'g:'.padEnd(34, 'a'),
              reader_id: null,
              author_name: `回复者${d}`,
              body: `第${d}层回复`,
              status: 'approved',
              visible: 1,
              likes: 0,
              spam_score: 0,
              spam_action: 'allow',
              spam_reasons: '[]',
              created_at: new Date(start + (ROOTS + d) * 1000).toISOString(),
            },
            parent.threadPath,
          );
          replyIds.push(id);
          parent = await selectComment(tx, id);
        }
      });
    });
    after(async () => {
      await database.drop();
    });

    const walk = async (sort: CommentSort) => {
      const seen: { id: number; likes: number }[] = [];
      let cursor: string | undefined;
      for (let pages = 0; pages < 200; pages += 1) {
        const page = await listArticleComments(database.db, articleId, { sort, ...(cursor && { cursor }) }, { commenter: null });
        seen.push(...page.threads.map((t) => ({ id: t.id, likes: t.likes })));
        if (!page.nextCursor) break;
        cursor = page.nextCursor;
      }
      return seen;
    };

    it('pages through ~2,000 top comments in every order without duplicates or gaps', async () => {
      const visible = ROOTS - ROOTS / 10;
      for (const sort of ['newest', 'oldest', 'liked'] as const) {
        const seen = await walk(sort);
        const ids = seen.map((s) => s.id);
        assert.equal(ids.length, visible, sort);
        assert.equal(new Set(ids).size, visible, `${sort}: duplicates`);
        for (let i = 1; i < seen.length; i += 1) {
          const [a, b] = [seen[i - 1], seen[i]] as [{ id: number; likes: number }, { id: number; likes: number }];
          if (sort === 'newest') assert.ok(a.id > b.id, sort);
          if (sort === 'oldest') assert.ok(a.id < b.id, sort);
          if (sort === 'liked') assert.ok(a.likes > b.likes || (a.likes === b.likes && a.id > b.id), sort);
        }
      }
      const first = await listArticleComments(database.db, articleId, {}, { commenter: null });
      assert.equal(first.total, visible + replyIds.length);
    });

    it('shows three replies inline, caps the indentation, and pages the rest of a thread by its path', async () => {
      const page = await listArticleComments(database.db, articleId, { sort: 'oldest' }, { commenter: null });
      const thread = page.threads.find((t) => t.id === threadRoot);
      assert.ok(thread);
      assert.deepEqual(thread.replies.map((r) => r.id), replyIds.slice(0, 3));
      assert.equal(thread.moreReplies, replyIds.length - 3);
      assert.deepEqual(thread.replies.map((r) => r.displayDepth), [1, 2, 3]);
      const collected = [...thread.replies.map((r) => r.id)];
      let cursor = thread.repliesCursor;
      while (cursor) {
        const more = await listThreadReplies(database.db, threadRoot, { cursor }, { commenter: null, pageSize: 7 });
        for (const r of more.replies) assert.ok(r.displayDepth <= MAX_DISPLAY_DEPTH);
        collected.push(...more.replies.map((r) => r.id));
        cursor = more.nextCursor;
      }
      assert.deepEqual(collected, replyIds);
      const deep = await listThreadReplies(database.db, threadRoot, { cursor: thread.repliesCursor }, { commenter: null });
      assert.equal(deep.replies[0]?.replyTo, '回复者3');
    });

    it('refuses a cursor made for another order', async () => {
      const page = await listArticleComments(database.db, articleId, { sort: 'newest' }, { commenter: null });
      await assert.rejects(
        listArticleComments(database.db, articleId, { sort: 'liked', cursor: page.nextCursor }, { commenter: null }),
        (err: Error & { status?: number }) => err.status === 400,
      );
    });
  });
}
