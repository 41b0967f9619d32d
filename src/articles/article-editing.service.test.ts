import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import {
  changeArticleStage,
  createDraftArticle,
  loadEditableArticle,
  paragraphsFromText,
  publishDueArticles,
  saveArticleContent,
} from './article-editing.service.js';
import { listPublished } from './article.store.js';
import type { EditableContent } from './model.js';
import { ensureStaff } from './outlet.service.js';

function content(overrides: Partial<EditableContent> = {}): EditableContent {
  return {
    title: '新区公交线路调整',
    subtitle: null,
    summary: '新区三条公交线路下月起调整走向。',
    body: [
      { type: 'paragraph', text: '市交通部门今天公布了新区公交线路调整方案。' },
      { type: 'subheading', text: '调整内容' },
      { type: 'paragraph', text: '三条线路将延伸至新建的地铁站。' },
    ],
    section: 'china',
    tags: ['交通'],
    dateline: { source: '本网', date: '2025-03-18', place: null, kind: '讯' },
    byline: { reporters: ['编辑部记者'], reportType: '报导', place: null },
    related: [],
    seoTitle: null,
    seoDescription: null,
    ...overrides,
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`article editing (${dialect})`, () => {
    let t: TestDatabase;
    let authorId: number;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      authorId = (await ensureStaff(t.db, '编辑部记者', 'reporter')).id;
    });
    after(async () => {
      await t.drop();
    });

    it('creates a draft at version 1 that is not public', async () => {
      const id = await createDraftArticle(t.db, content(), authorId, new Date('2025-03-18T02:00:00Z'));
      const article = await loadEditableArticle(t.db, id);
      assert.ok(article);
      assert.equal(article.version, 1);
      assert.equal(article.status, 'draft');
      assert.equal(article.authorId, authorId);
      assert.equal(article.url, null);
      assert.deepEqual(article.content, content());
      assert.equal((await listPublished(t.db, {}, { limit: 10, offset: 0 })).length, 0);
    });

    it('saves content over the version it was read at, and refuses a stale version', async () => {
      const id = await createDraftArticle(t.db, content(), authorId, new Date());
      const v2 = await saveArticleContent(t.db, id, 1, content({ title: '新区公交线路调整方案公布' }), new Date());
      assert.equal(v2, 2);
      const stale = await saveArticleContent(t.db, id, 1, content({ title: '另一人的修改' }), new Date());
      assert.equal(stale, null, 'the second writer does not overwrite the first');
      assert.equal((await loadEditableArticle(t.db, id))?.content.title, '新区公交线路调整方案公布');
    });

    it('changes stage only from the expected version and status', async () => {
      const id = await createDraftArticle(t.db, content(), authorId, new Date());
      const submitted = await changeArticleStage(t.db, id, { version: 1, status: 'draft' }, { status: 'submitted' }, new Date());
      assert.equal(submitted, 2);
      assert.equal(await changeArticleStage(t.db, id, { version: 1, status: 'draft' }, { status: 'submitted' }, new Date()), null);
      const editor = await ensureStaff(t.db, '值班编辑', 'editor');
      const published = await changeArticleStage(
        t.db,
        id,
        { version: 2, status: 'submitted' },
        { status: 'published', publishedAt: '2025-03-18T03:00:00.000Z', editorId: editor.id },
        new Date('2025-03-18T03:00:00Z'),
      );
      assert.equal(published, 3);
      const article = await loadEditableArticle(t.db, id);
      assert.equal(article?.editor, '值班编辑');
      assert.equal(article?.url, `/2025/03/18/${id}.html`);
    });

    it('publishes a scheduled article exactly once, even when two runners race', async () => {
      const id = await createDraftArticle(t.db, content({ title: '定时签发的稿件' }), authorId, new Date());
      await changeArticleStage(
        t.db,
        id,
        { version: 1, status: 'draft' },
        { status: 'scheduled', scheduledAt: '2025-03-20T00:00:00.000Z' },
        new Date('2025-03-19T00:00:00Z'),
      );
      assert.deepEqual(await publishDueArticles(t.db, new Date('2025-03-19T23:59:00Z')), [], 'not yet due');
      const now = new Date('2025-03-20T00:00:05Z');
      const [a, b] = await Promise.all([publishDueArticles(t.db, now), publishDueArticles(t.db, now)]);
      const published = [...(a ?? []), ...(b ?? [])].filter((r) => r.id === id);
      assert.equal(published.length, 1, 'exactly one runner published it');
      const article = await loadEditableArticle(t.db, id);
      assert.equal(article?.status, 'published');
      assert.equal(article?.publishedAt, '2025-03-20T00:00:00.000Z', 'published at the scheduled time');
      assert.deepEqual(await publishDueArticles(t.db, new Date('2025-03-21T00:00:00Z')), []);
    });
  });
}

describe('paragraphsFromText', () => {
  it('splits plain text on blank lines and joins wrapped lines', () => {
    assert.deepEqual(paragraphsFromText('第一段\r\n继续第一段。\r\n\r\n\r\n第二段。\n  \n'), [
      { type: 'paragraph', text: '第一段继续第一段。' },
      { type: 'paragraph', text: '第二段。' },
    ]);
    assert.deepEqual(paragraphsFromText('The Xinwen\nplatform 发布\n新版'), [{ type: 'paragraph', text: 'The Xinwen platform 发布新版' }]);
  });
});
