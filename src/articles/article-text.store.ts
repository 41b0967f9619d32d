import type { BodyBlock } from './model.js';
import type { Queryable } from './outlet.store.js';

/** A published article's row with its tags and reporters' names, for derived text indexes. */
export interface ArticleTextRow {
  id: number;
  title: string;
  subtitle: string | null;
  summary: string | null;
  body: BodyBlock[];
  sectionId: number;
  publishedAt: string;
  tags: string[];
  reporters: string[];
  reporterIds: number[];
}

/**
 * Published articles with their text, by id: either the given `ids`, or the next `limit`
 * articles after `afterId` in id order (keyset paging for a full rebuild).
 */
export async function listPublishedArticleTexts(
  db: Queryable,
  which: { ids: readonly number[] } | { afterId: number; limit: number },
): Promise<ArticleTextRow[]> {
  // Selected by id alone and filtered on status here: with a status condition SQLite (which
  // has no statistics) walks the status index over every published article instead of the
  // primary key: 40 ms a batch at 100,000 articles instead of a few.
  const columns = ['id', 'title', 'subtitle', 'summary', 'body', 'section_id', 'status', 'published_at', 'updated_at'] as const;
  let rows;
  if ('ids' in which) {
    if (which.ids.length === 0) return [];
    rows = (await db.selectFrom('articles').select(columns).where('id', 'in', [...which.ids]).execute()).filter((r) => r.status === 'published');
  } else {
    // Skip over ranges without a published article, so an empty result means there are no more.
    let afterId = which.afterId;
    for (;;) {
      const scanned = await db.selectFrom('articles').select(columns).where('id', '>', afterId).orderBy('id', 'asc').limit(which.limit).execute();
      rows = scanned.filter((r) => r.status === 'published');
      const last = scanned[scanned.length - 1];
      if (rows.length > 0 || !last) break;
      afterId = last.id;
    }
  }
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [reporters, tags] = await Promise.all([
    db
      .selectFrom('article_reporters')
      .innerJoin('people', 'people.id', 'article_reporters.person_id')
      .select(['article_reporters.article_id', 'people.id', 'people.display_name'])
      .where('article_reporters.article_id', 'in', ids)
      .orderBy('article_reporters.article_id')
      .orderBy('article_reporters.position')
      .execute(),
    db
      .selectFrom('article_tags')
      .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
      .select(['article_tags.article_id', 'tags.name'])
      .where('article_tags.article_id', 'in', ids)
      .orderBy('article_tags.article_id')
      .orderBy('article_tags.position')
      .execute(),
  ]);
  const reportersOf = new Map<number, { id: number; display_name: string }[]>();
  for (const r of reporters) reportersOf.set(r.article_id, [...(reportersOf.get(r.article_id) ?? []), r]);
  const tagsOf = new Map<number, string[]>();
  for (const t of tags) tagsOf.set(t.article_id, [...(tagsOf.get(t.article_id) ?? []), t.name]);
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    subtitle: r.subtitle,
    summary: r.summary,
    body: JSON.parse(r.body) as BodyBlock[],
    sectionId: r.section_id,
    publishedAt: r.published_at ?? r.updated_at,
    tags: tagsOf.get(r.id) ?? [],
    reporters: (reportersOf.get(r.id) ?? []).map((p) => p.display_name),
    reporterIds: (reportersOf.get(r.id) ?? []).map((p) => p.id),
  }));
}

/** How many articles are published. */
export async function countPublishedArticles(db: Queryable): Promise<number> {
  const row = await db
    .selectFrom('articles')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('status', '=', 'published')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** People named as reporter on at least one published article, by name. */
export async function listBylineReporters(db: Queryable): Promise<{ id: number; displayName: string }[]> {
  const rows = await db
    .selectFrom('people')
    .select(['people.id', 'people.display_name'])
    .where((eb) =>
      eb.exists(
        eb
          .selectFrom('article_reporters')
          .innerJoin('articles', 'articles.id', 'article_reporters.article_id')
          .select('article_reporters.article_id')
          .whereRef('article_reporters.person_id', '=', 'people.id')
          .where('articles.status', '=', 'published'),
      ),
    )
    .orderBy('people.display_name')
    .execute();
  return rows.map((r) => ({ id: r.id, displayName: r.display_name }));
}
