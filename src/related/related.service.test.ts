import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { saveArticle } from '../articles/article.service.js';
import type { ArticleInput } from '../articles/model.js';
import { publishBus } from '../articles/publish-events.js';
import type { Db } from '../platform/db/database.js';
import { attachPublishPipeline } from '../publish-pipeline.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { METRO, NOISE, TYPHOON, fixtureTime } from './fixtures/related-articles.js';
import { LIST_SIZE, rebuildRelated, recomputeList, relatedArticleIds } from './related.service.js';
import { fixtureInput } from './related.testing.js';

/** A one-paragraph article with no tags or summary, published on `day`. */
function shortInput(key: string, title: string, text: string, day: number): ArticleInput {
  return articleInput({ sourceKey: `related-${key}`, title, summary: null, body: [{ type: 'paragraph', text }], tags: [], publishedAt: fixtureTime(day) });
}

async function storedList(db: Db, articleId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('article_related_auto')
    .select('related_article_id')
    .where('article_id', '=', articleId)
    .orderBy('rank')
    .execute();
  return rows.map((r) => r.related_article_id);
}

for (const dialect of TEST_DIALECTS) {
  describe(`related news (${dialect})`, () => {
    let database: TestDatabase;
    let db: Db;
    let detach: () => void;
    const failures: string[] = [];
    const ids = new Map<string, number>();
    const id = (key: string) => {
      const found = ids.get(key);
      assert.ok(found !== undefined, `fixture ${key} was saved`);
      return found;
    };
    const save = async (input: ArticleInput) => {
      const { id: saved } = await saveArticle(db, input);
      ids.set(input.sourceKey.replace(/^related-/, ''), saved);
      await publishBus(db).idle();
      return saved;
    };
    const topOf = async (key: string, k: number) => (await relatedArticleIds(db, id(key))).slice(0, k);

    before(async () => {
      database = await createTestDatabase(dialect);
      db = database.db;
      await setUpNewsroom(db);
      detach = attachPublishPipeline(db, {
        warn: (details, message) => void (JSON.stringify(details).includes('"related"') && failures.push(message)),
        error: (details, message) => void (JSON.stringify(details).includes('"related"') && failures.push(message)),
      });
      // Oldest first, as a newsroom publishes them.
      for (const f of [...METRO, ...TYPHOON, ...NOISE].sort((a, b) => a.day - b.day)) await save(fixtureInput(f));
    });
    after(async () => {
      detach();
      await database.drop();
    });

    it('finds the stories on the same subject, and no unrelated ones, as closest neighbours', async () => {
      const metro = METRO.map((f) => f.key);
      for (const key of metro) {
        const expected = metro.filter((k) => k !== key).map(id).sort();
        assert.deepEqual([...(await topOf(key, 2))].sort(), expected, `${key}'s two closest`);
      }
      assert.deepEqual(await topOf('typhoon-warning', 1), [id('typhoon-aftermath')]);
      assert.deepEqual(await topOf('typhoon-aftermath', 1), [id('typhoon-warning')]);
      for (const f of NOISE) {
        for (const key of metro) assert.ok(!(await topOf(key, 2)).includes(id(f.key)), `${f.key} is not among ${key}'s closest`);
      }
      assert.deepEqual(failures, []);
    });

    it('ranks the closer in time first between two equally similar stories', async () => {
      const text = '城南湿地公园完成生态修复，苍鹭和野鸭重新在芦苇荡筑巢，观鸟爱好者纷纷前往拍摄。';
      const wetland = await save(shortInput('wetland', '城南湿地公园生态修复完成', text, 40));
      // Saved nearer first: on equal scores the later id would rank first, so only recency puts it ahead.
      const near = await save(shortInput('wetland-near', '城南湿地公园迎来观鸟季', text, 43));
      const far = await save(shortInput('wetland-far', '城南湿地公园迎来观鸟季', text, 100));
      assert.deepEqual((await relatedArticleIds(db, wetland)).slice(0, 2), [near, far]);
      // The earlier story picked the later ones up when they were published.
      assert.ok((await storedList(db, far)).includes(wetland));
    });

    it('weighs names: a shared name counts more than a shared common word', async () => {
      const visit = await save(shortInput('names-visit', '泽连斯基考察港口', '泽连斯基考察港口。', 50));
      const name = await save(shortInput('names-person', '泽连斯基出席峰会', '泽连斯基出席峰会。', 50));
      const word = await save(shortInput('names-word', '港口吞吐量回升', '港口吞吐量回升。', 50));
      assert.deepEqual((await relatedArticleIds(db, visit)).slice(0, 2), [name, word]);
    });

    it('recomputes the lists when a story changes subject', async () => {
      const typhoon = TYPHOON[0];
      assert.ok(typhoon);
      const fares = METRO.find((f) => f.key === 'metro-fares');
      assert.ok(fares);
      await save(
        fixtureInput(fares, {
          title: '台风“白鹭”登陆 沿海渔船停航避风',
          summary: '台风“白鹭”今天凌晨登陆，沿海风力达到十二级。',
          body: [{ type: 'paragraph', text: '气象台说，台风“白鹭”今天凌晨在沿海登陆，登陆时中心附近最大风力十二级。渔船全部回港避风，海上养殖人员已经撤离。' }],
          tags: ['台风'],
        }),
      );
      assert.deepEqual([...(await topOf('metro-fares', 2))].sort(), [id('typhoon-warning'), id('typhoon-aftermath')].sort());
      assert.equal((await topOf('metro-opening', 1))[0], id('metro-first-week'));
      assert.ok(!(await topOf('metro-opening', 2)).includes(id('metro-fares')), 'the metro stories no longer list it first');
      assert.ok((await topOf('typhoon-warning', 2)).includes(id('metro-fares')), 'the typhoon stories picked it up');
    });

    it('removes an unpublished story from every list, with its terms', async () => {
      const gone = id('metro-first-week');
      const metro = METRO.find((f) => f.key === 'metro-first-week');
      assert.ok(metro);
      assert.ok((await storedList(db, id('metro-opening'))).includes(gone));
      await save(fixtureInput(metro, { status: 'draft' }));
      const naming = await db.selectFrom('article_related_auto').select('article_id').where('related_article_id', '=', gone).execute();
      assert.deepEqual(naming, [], 'no stored list names it');
      assert.deepEqual(await storedList(db, gone), []);
      assert.deepEqual(await db.selectFrom('related_terms').select('term').where('article_id', '=', gone).execute(), []);
      assert.ok(!(await relatedArticleIds(db, id('metro-opening'))).includes(gone));
      // Of the indexed stories only the opening one still mentions 五号线 (the fares story changed subject).
      const df = await db.selectFrom('related_df').select('df').where('term', '=', '五号线').executeTakeFirst();
      assert.equal(df?.df, 1, 'its document frequencies were taken back');
    });

    it('keeps every document frequency equal to the count over the stored vectors through edits and unpublishing', async () => {
      const counted = new Map<string, number>();
      for (const { vector } of await db.selectFrom('related_docs').select('vector').execute()) {
        for (const [term] of JSON.parse(vector) as [string, number][]) counted.set(term, (counted.get(term) ?? 0) + 1);
      }
      const stored = await db.selectFrom('related_df').select(['term', 'df']).execute();
      assert.deepEqual(new Map(stored.map((r) => [r.term, r.df])), counted);
    });

    it('filters by status when reading, even before the pipeline has run', async () => {
      const aftermath = id('typhoon-aftermath');
      assert.ok((await relatedArticleIds(db, id('typhoon-warning'))).includes(aftermath));
      await db.updateTable('articles').set({ status: 'unpublished' }).where('id', '=', aftermath).execute();
      assert.ok(!(await relatedArticleIds(db, id('typhoon-warning'))).includes(aftermath));
      await db.updateTable('articles').set({ status: 'published' }).where('id', '=', aftermath).execute();
    });

    it('computes nothing when reading: without the pipeline a new story appears in no list', async () => {
      detach();
      const before = await relatedArticleIds(db, id('metro-opening'));
      const metro = METRO[0];
      assert.ok(metro);
      const copy = await save(fixtureInput(metro, { sourceKey: 'related-metro-copy', title: '地铁五号线开通运营首日' }));
      assert.deepEqual(await relatedArticleIds(db, id('metro-opening')), before);
      assert.deepEqual(await relatedArticleIds(db, copy), []);
      // Unpublished unnoticed: its stored list stays until a rebuild.
      await save(shortInput('names-word', '港口吞吐量回升', '港口吞吐量回升。', 50));
      await save({ ...shortInput('names-word', '港口吞吐量回升', '港口吞吐量回升。', 50), status: 'draft' });
      assert.ok((await storedList(db, id('names-word'))).length > 0);
      detach = attachPublishPipeline(db, { warn: () => {}, error: () => {} });
    });

    it('rebuilds every list from the published articles, reporting progress', async () => {
      const copy = id('metro-copy');
      const steps: [number, number][] = [];
      const published = await rebuildRelated(db, { onProgress: (done, total) => steps.push([done, total]) });
      const count = await db.selectFrom('articles').select((eb) => eb.fn.countAll<number>().as('n')).where('status', '=', 'published').executeTakeFirstOrThrow();
      assert.equal(published, Number(count.n));
      const last = steps[steps.length - 1];
      assert.deepEqual(last, [published * 3, published * 3]);
      assert.ok(steps.every(([done], i) => i === 0 || done >= (steps[i - 1]?.[0] ?? 0)), 'progress only grows');
      // The copy published while the pipeline was detached now has its neighbours, the original first.
      assert.equal((await relatedArticleIds(db, copy))[0], id('metro-opening'));
      assert.ok((await relatedArticleIds(db, id('metro-opening'))).includes(copy));
      assert.deepEqual(await storedList(db, id('metro-first-week')), [], 'the unpublished story has no list');
      assert.deepEqual(await storedList(db, id('names-word')), [], 'nor the one unpublished while nobody listened');
      const naming = await db.selectFrom('article_related_auto').select('article_id').where('related_article_id', '=', id('names-word')).execute();
      assert.deepEqual(naming, [], 'and no list names it');
      for (const key of ['metro-opening', 'typhoon-warning']) assert.ok((await storedList(db, id(key))).length <= LIST_SIZE);
    });

    it('computes in a rebuild exactly the lists the pipeline computes from the stored terms', async () => {
      const all = await db.selectFrom('article_related_auto').select(['article_id', 'rank', 'related_article_id', 'score']).orderBy('article_id').orderBy('rank').execute();
      assert.ok(all.length >= 10, `there are lists to compare (${all.length} rows)`);
      const articleIds = [...new Set(all.map((r) => r.article_id))];
      for (const articleId of articleIds) await recomputeList(db, articleId);
      const again = await db.selectFrom('article_related_auto').select(['article_id', 'rank', 'related_article_id', 'score']).orderBy('article_id').orderBy('rank').execute();
      assert.deepEqual(
        again.map((r) => [r.article_id, r.rank, r.related_article_id]),
        all.map((r) => [r.article_id, r.rank, r.related_article_id]),
      );
      again.forEach((r, i) => assert.ok(Math.abs(r.score - (all[i]?.score ?? Number.NaN)) < 1e-9, `score of ${r.article_id} #${r.rank}`));
    });
  });
}
