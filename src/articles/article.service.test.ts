import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ValidationError } from '../platform/errors.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { articlePath, saveArticle } from './article.service.js';
import { countPublished, listPublished, loadArticle } from './article.store.js';
import { changeOutlet, outletSettings } from './outlet.service.js';
import { findPersonByName } from './outlet.store.js';

for (const dialect of TEST_DIALECTS) {
  describe(`article store and service (${dialect})`, () => {
    let t: TestDatabase;

    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
    });
    after(async () => {
      await t.drop();
    });

    it('creates an article with its section, reporters, editor, tags and dateline', async () => {
      const { id, created } = await saveArticle(
        t.db,
        articleInput({
          sourceKey: 'svc-create',
          title: '新建文章',
          section: 'china',
          byline: { reporters: ['甲记者', '乙记者'], reportType: '综合报导', place: '上海' },
          editor: '丙编辑',
          tags: ['经济', '上海'],
        }),
      );
      assert.equal(created, true);
      const article = await loadArticle(t.db, id);
      assert.ok(article);
      assert.equal(article.title, '新建文章');
      assert.equal(article.section.slug, 'china');
      assert.deepEqual(article.byline.reporters.map((p) => p.displayName), ['甲记者', '乙记者']);
      assert.equal(article.byline.reportType, '综合报导');
      assert.equal(article.byline.place, '上海');
      assert.equal(article.editor?.displayName, '丙编辑');
      assert.deepEqual(article.tags, ['经济', '上海']);
      assert.deepEqual(article.dateline, { source: '本网', date: '2025-03-18', place: null, kind: '讯' });
      assert.equal(article.publishedAt, '2025-03-18T01:30:00.000Z');
      assert.deepEqual(article.body[1], { type: 'subheading', text: '事件经过' });
    });

    it('records names it does not know as contributors without a login, and reuses known people', async () => {
      await saveArticle(t.db, articleInput({ sourceKey: 'svc-people-1', byline: { reporters: ['新特约'], reportType: null, place: null } }));
      await saveArticle(t.db, articleInput({ sourceKey: 'svc-people-2', byline: { reporters: ['新特约'], reportType: null, place: null } }));
      const person = await findPersonByName(t.db, '新特约');
      assert.equal(person?.role, 'contributor');
      const rows = await t.db.selectFrom('people').select('id').where('display_name', '=', '新特约').execute();
      assert.equal(rows.length, 1);
    });

    it('updates the article with the same source key instead of duplicating it', async () => {
      const first = await saveArticle(t.db, articleInput({ sourceKey: 'svc-same', title: '初稿标题', tags: ['甲'] }));
      const second = await saveArticle(t.db, articleInput({ sourceKey: 'svc-same', title: '修订后的标题', tags: ['乙', '丙'] }));
      assert.equal(second.id, first.id);
      assert.equal(second.created, false);
      const article = await loadArticle(t.db, first.id);
      assert.equal(article?.title, '修订后的标题');
      assert.deepEqual(article?.tags, ['乙', '丙']);
      const rows = await t.db.selectFrom('articles').select('id').where('source_key', '=', 'svc-same').execute();
      assert.equal(rows.length, 1);
    });

    it('resolves related headlines by title, including articles that arrive later', async () => {
      const early = await saveArticle(t.db, articleInput({ sourceKey: 'svc-rel-a', title: '先到的报道', related: ['后到的报道', '永远不会有的报道'] }));
      let article = await loadArticle(t.db, early.id);
      assert.deepEqual(article?.related.map((r) => [r.headline, r.article]), [['后到的报道', null], ['永远不会有的报道', null]]);

      const late = await saveArticle(t.db, articleInput({ sourceKey: 'svc-rel-b', title: '后到的报道', related: ['先到的报道'] }));
      article = await loadArticle(t.db, early.id);
      assert.equal(article?.related[0]?.article?.id, late.id, 'the waiting headline now links');
      assert.equal(article?.related[1]?.article, null);
      const lateArticle = await loadArticle(t.db, late.id);
      assert.equal(lateArticle?.related[0]?.article?.id, early.id);
    });

    it('never links a related headline to an unpublished article', async () => {
      const draft = await saveArticle(t.db, articleInput({ sourceKey: 'svc-rel-draft', title: '未发表的稿件', status: 'draft', publishedAt: null }));
      const { id } = await saveArticle(t.db, articleInput({ sourceKey: 'svc-rel-c', related: ['未发表的稿件'] }));
      const article = await loadArticle(t.db, id);
      assert.equal(article?.related[0]?.article, null);
      const draftArticle = await loadArticle(t.db, draft.id);
      assert.equal(draftArticle?.publishedAt, null);
    });

    it("uses the outlet's default section, and derives the publish time from the dateline date", async () => {
      const { id } = await saveArticle(
        t.db,
        articleInput({ sourceKey: 'svc-default', section: null, publishedAt: null, dateline: { source: '本网', date: '2025-01-02', place: null, kind: '讯' } }),
      );
      const article = await loadArticle(t.db, id);
      assert.equal(article?.section.slug, 'top');
      assert.equal(article?.publishedAt, '2025-01-01T16:00:00.000Z', 'midnight in Asia/Shanghai');
      assert.equal(articlePath({ id, publishedAt: article?.publishedAt ?? null }, 'Asia/Shanghai'), `/2025/01/02/${id}.html`);
    });

    it('rejects invalid input with every problem named, and stores nothing', async () => {
      const before = await countPublished(t.db, {});
      await assert.rejects(
        saveArticle(t.db, articleInput({ sourceKey: 'svc-bad', title: '  ', dateline: { source: '本网', date: '2025-02-30', place: null, kind: '讯' } })),
        (error: unknown) => {
          assert.ok(error instanceof ValidationError);
          assert.ok(error.details.some((d) => d.startsWith('title:')));
          assert.ok(error.details.some((d) => d.startsWith('dateline.date:')));
          return true;
        },
      );
      await assert.rejects(saveArticle(t.db, articleInput({ sourceKey: 'svc-bad-2', section: 'no-such-desk' })), /栏目不存在/);
      assert.equal(await countPublished(t.db, {}), before);
    });

    it('keeps the stored article intact when an update fails part-way', async () => {
      const { id } = await saveArticle(t.db, articleInput({ sourceKey: 'svc-atomic', title: '完好的标题', tags: ['原标签'] }));
      await assert.rejects(saveArticle(t.db, articleInput({ sourceKey: 'svc-atomic', title: '新标题', tags: ['新标签'], section: 'gone' })));
      const article = await loadArticle(t.db, id);
      assert.equal(article?.title, '完好的标题');
      assert.deepEqual(article?.tags, ['原标签']);
    });

    it('lists published articles newest first, filtered by section, tag and reporter', async () => {
      const all = await listPublished(t.db, {}, { limit: 1000, offset: 0 });
      const times = all.map((a) => a.publishedAt);
      assert.deepEqual(times, [...times].sort().reverse());
      const tagged = await listPublished(t.db, { tag: '经济' }, { limit: 10, offset: 0 });
      assert.deepEqual(tagged.map((a) => a.title), ['新建文章']);
      const reporter = await findPersonByName(t.db, '甲记者');
      assert.ok(reporter);
      assert.equal(await countPublished(t.db, { reporterId: reporter.id }), 1);
    });
  });

  describe(`outlet settings (${dialect})`, () => {
    let t: TestDatabase;
    before(async () => {
      t = await createTestDatabase(dialect);
    });
    after(async () => {
      await t.drop();
    });

    it('starts with a default outlet on Asia/Shanghai time and can be changed', async () => {
      const outlet = await outletSettings(t.db);
      assert.equal(outlet.timezone, 'Asia/Shanghai');
      assert.equal(outlet.defaultScript, 'zh-Hans');
      assert.equal(outlet.defaultSectionSlug, null);
      await setUpNewsroom(t.db);
      await changeOutlet(t.db, { name: '台北新闻网', timezone: 'Asia/Taipei', defaultScript: 'zh-Hant' });
      assert.deepEqual(await outletSettings(t.db), {
        name: '台北新闻网',
        shortName: '本网',
        defaultScript: 'zh-Hant',
        timezone: 'Asia/Taipei',
        tipCopy: '',
        defaultSectionSlug: 'top',
        taiwanPhrases: false,
      });
      await assert.rejects(changeOutlet(t.db, { defaultSectionSlug: 'missing' }), /no section with slug "missing"/);
    });
  });
}
