import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { articlePath, saveArticle } from '../articles/article.service.js';
import type { ArticleInput } from '../articles/model.js';
import { publishBus } from '../articles/publish-events.js';
import { RELATED_SIZE } from '../articles/reader.service.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { articleInput, setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { editionPath } from '../web/editions.js';
import { METRO, NOISE, TYPHOON, type RelatedFixture } from './fixtures/related-articles.js';
import { fixtureInput } from './related.testing.js';

/** The headlines of a page section (相关新闻 or 更多…新闻), in order. */
function headlines(html: string, headingId: string): string[] {
  const start = html.indexOf(`id="${headingId}"`);
  if (start === -1) return [];
  const section = html.slice(start, html.indexOf('</section>', start));
  return [...section.matchAll(/class="teaser-title" href="[^"]*">([^<]*)</g)].map((m) => m[1] ?? '');
}

const byKey = (key: string): RelatedFixture => {
  const found = [...METRO, ...TYPHOON, ...NOISE].find((f) => f.key === key);
  assert.ok(found, key);
  return found;
};

for (const dialect of TEST_DIALECTS) {
  describe(`相关新闻 on the article page (${dialect})`, () => {
    let server: TestServer;
    const ids = new Map<string, number>();
    const id = (key: string) => {
      const found = ids.get(key);
      assert.ok(found !== undefined, key);
      return found;
    };
    const save = async (input: ArticleInput) => {
      const saved = await saveArticle(server.database.db, input);
      ids.set(input.sourceKey.replace(/^related-/, ''), saved.id);
      return saved.id;
    };
    const articlePage = async (key: string) => {
      const f = byKey(key);
      const path = editionPath('hans', articlePath({ id: id(key), publishedAt: fixtureInput(f).publishedAt }, 'Asia/Shanghai'));
      const res = await fetch(`${server.url}${path}`, { redirect: 'manual' });
      assert.equal(res.status, 200, `GET ${path}`);
      return res.text();
    };

    before(async () => {
      // Rows are changed behind the pipeline's back below: pages are rendered afresh, uncached.
      server = await startTestServer(dialect, { adapters: { pageCache: false } });
      const { db } = server.database;
      await setUpNewsroom(db);
      for (const f of [...METRO, ...TYPHOON, ...NOISE].sort((a, b) => a.day - b.day)) {
        // The editors picked an unrelated story and one that is also an automatic neighbour.
        const related = f.key === 'metro-opening' ? [byKey('library-exhibition').title, byKey('metro-fares').title] : [];
        await save(fixtureInput(f, { related }));
      }
      await save(articleInput({ sourceKey: 'related-draft', title: '尚未签发的台风稿件', status: 'draft', publishedAt: null }));
      await publishBus(db).idle();
    });
    after(() => server.close());

    it('lists the editor picks first, then the automatic neighbours not already picked', async () => {
      const html = await articlePage('metro-opening');
      const shown = headlines(html, 'related-title');
      assert.deepEqual(shown.slice(0, 3), [byKey('library-exhibition').title, byKey('metro-fares').title, byKey('metro-first-week').title]);
      assert.equal(new Set(shown).size, shown.length, 'no story twice');
      assert.ok(shown.length <= RELATED_SIZE);
      for (const title of headlines(html, 'more-news-title')) assert.ok(!shown.includes(title), `${title} is not repeated in more news`);
    });

    it('shows automatic neighbours on a page without editor picks', async () => {
      const shown = headlines(await articlePage('typhoon-warning'), 'related-title');
      assert.equal(shown[0], byKey('typhoon-aftermath').title);
    });

    it('renders the stored rows without computing anything: published ones, in rank order, at most six', async () => {
      const { db } = server.database;
      // Without any terms nothing could be computed; the page must still show what is stored.
      await db.deleteFrom('related_terms').execute();
      await db.deleteFrom('related_docs').execute();
      const stored = ['draft', 'tea-harvest', 'school-football', 'metro-fares', 'metro-first-week', 'metro-opening', 'library-exhibition', 'typhoon-aftermath'];
      await db.deleteFrom('article_related_auto').where('article_id', '=', id('typhoon-warning')).execute();
      await db
        .insertInto('article_related_auto')
        .values(stored.map((key, i) => ({ article_id: id('typhoon-warning'), rank: i + 1, related_article_id: id(key), score: 1 - i / 10 })))
        .execute();
      const shown = headlines(await articlePage('typhoon-warning'), 'related-title');
      assert.deepEqual(
        shown,
        stored.slice(1, 1 + RELATED_SIZE).map((key) => byKey(key).title),
        'the draft is left out and the list stops at six',
      );
    });
  });
}
