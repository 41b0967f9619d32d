import { sql, type AliasableExpression, type Expression } from 'kysely';
import { precompile } from '../platform/db/precompiled.js';
import type { StoryLink } from '../stories/model.js';
import type { Queryable } from './outlet.store.js';
import type { Article, ArticleStatus, ArticleTeaser, BodyBlock, DatelineKind, Person, PersonRole, Script } from './model.js';

/** The columns of a teaser, from `articles` joined to `sections`. */
export const teaserColumns = [
  'articles.id',
  'articles.title',
  'articles.summary',
  'articles.published_at',
  'sections.slug as section_slug',
  'sections.name as section_name',
] as const;

/** A row read with {@link teaserColumns}. */
export interface TeaserRow {
  id: number;
  title: string;
  summary: string | null;
  published_at: string | null;
  section_slug: string;
  section_name: string;
}

export function toTeaser(r: TeaserRow): ArticleTeaser {
  return {
    id: r.id,
    title: r.title,
    summary: r.summary,
    sectionSlug: r.section_slug,
    sectionName: r.section_name,
    publishedAt: r.published_at ?? '',
  };
}

/**
 * One of an article's parts, as the one query that reads them all returns it: a reporter, a
 * tag, a correction, an editor's 相关新闻 pick, a stored neighbour or a candidate for 更多新闻.
 * The teaser columns (title
 * to status) are the linked article's, null when there is none or, for a pick, when it is not
 * published; `at` is a correction's instant or the linked article's publish time.
 */
interface ArticleLine {
  kind: 'reporter' | 'tag' | 'correction' | 'pick' | 'neighbour' | 'more';
  position: number;
  id: number | null;
  text: string | null;
  role: string | null;
  at: string | null;
  title: string | null;
  summary: string | null;
  section_slug: string | null;
  section_name: string | null;
  status: string | null;
}

/** What else an article page shows, read with the article (see {@link loadArticlePage}). */
export interface ArticlePageParts {
  article: Article;
  /** The 专题 story the article belongs to. */
  story: StoryLink | null;
  /** The stored automatic neighbours (src/related) that are published now, closest first. */
  neighbours: ArticleTeaser[];
  /**
   * The newest published articles of the article's section, newest first, without the
   * article and the editor's picks: 更多新闻 is these without the neighbours 相关新闻 shows.
   */
  sectionLatest: ArticleTeaser[];
}

/** How many of each list {@link loadArticlePage} reads. */
export interface ArticlePageLimits {
  neighbours: number;
  sectionLatest: number;
}

/** Loads one article with its section, people, tags and related links. */
export async function loadArticle(db: Queryable, id: number): Promise<Article | undefined> {
  return (await readArticle(db, id, null))?.article;
}

/**
 * An article with what its page shows besides it: its 专题 story, its stored automatic
 * neighbours (`article_related_auto`, written by the publish pipeline's src/related) as
 * teasers, published ones only, and the newest of its section (see {@link ArticlePageParts});
 * at most `limits` of each. Two queries, sent at once.
 */
export async function loadArticlePage(db: Queryable, id: number, limits: ArticlePageLimits): Promise<ArticlePageParts | undefined> {
  const parts = await readArticle(db, id, limits.sectionLatest);
  return parts && { ...parts, neighbours: parts.neighbours.slice(0, limits.neighbours) };
}

/** The article's own row, with its section and editor joined. */
function articleRow(db: Queryable, id: Expression<number>) {
  return db
    .selectFrom('articles')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .leftJoin('people as editor', 'editor.id', 'articles.editor_id')
    .selectAll('articles')
    .select(['sections.slug as section_slug', 'sections.name as section_name', 'sections.position as section_position'])
    .select(['editor.display_name as editor_display_name', 'editor.role as editor_role'])
    .where('articles.id', '=', id);
}

// Literal columns of the lines' union, typed for Kysely; PostgreSQL types each column of a
// union from its branches, so a null needs no cast once one branch gives the column a type.
const nullText = sql<string | null>`null`;

/** What one branch of the lines' union reads; a column it leaves out is null (`position`, 0). */
type LineValues = { [K in Exclude<keyof ArticleLine, 'kind'>]?: AliasableExpression<ArticleLine[K]> };

/** A branch's select list: every column of {@link ArticleLine}, in the one order all branches share. */
function lineColumns(k: ArticleLine['kind'], v: LineValues) {
  return [
    sql<ArticleLine['kind']>`${sql.lit(k)}`.as('kind'),
    (v.position ?? sql<number>`0`).as('position'),
    (v.id ?? sql<number | null>`null`).as('id'),
    (v.text ?? nullText).as('text'),
    (v.role ?? nullText).as('role'),
    (v.at ?? nullText).as('at'),
    (v.title ?? nullText).as('title'),
    (v.summary ?? nullText).as('summary'),
    (v.section_slug ?? nullText).as('section_slug'),
    (v.section_name ?? nullText).as('section_name'),
    (v.status ?? nullText).as('status'),
  ];
}

/**
 * Every part of an article but its row, as lines of one UNION ALL. Corrections come first:
 * PostgreSQL types a union's columns pair by pair from the left, so the branch with a real
 * instant in `at` must come before two branches of nulls make it text.
 */
function articleLines(db: Queryable, id: Expression<number>) {
  return db
    .selectFrom('corrections')
    .select((eb) => lineColumns('correction', { id: eb.ref('corrections.id'), text: eb.ref('corrections.text'), at: eb.ref('corrections.at') }))
    .where('corrections.article_id', '=', id)
    .unionAll(
      db
        .selectFrom('article_reporters')
        .innerJoin('people', 'people.id', 'article_reporters.person_id')
        .select((eb) =>
          lineColumns('reporter', { position: eb.ref('article_reporters.position'), id: eb.ref('people.id'), text: eb.ref('people.display_name'), role: eb.ref('people.role') }),
        )
        .where('article_reporters.article_id', '=', id),
    )
    .unionAll(
      db
        .selectFrom('article_tags')
        .innerJoin('tags', 'tags.id', 'article_tags.tag_id')
        .select((eb) => lineColumns('tag', { position: eb.ref('article_tags.position'), id: eb.ref('tags.id'), text: eb.ref('tags.name') }))
        .where('article_tags.article_id', '=', id),
    )
    // The editor's picks, in order; the linked article only when it is published.
    .unionAll(
      db
        .selectFrom('article_related')
        .leftJoin('articles', (join) =>
          join.onRef('articles.id', '=', 'article_related.related_article_id').on('articles.status', '=', 'published'),
        )
        .leftJoin('sections', 'sections.id', 'articles.section_id')
        .select((eb) =>
          lineColumns('pick', {
            position: eb.ref('article_related.position'),
            id: eb.ref('articles.id'),
            text: eb.ref('article_related.headline'),
            at: eb.ref('articles.published_at'),
            title: eb.ref('articles.title'),
            summary: eb.ref('articles.summary'),
            section_slug: eb.ref('sections.slug'),
            section_name: eb.ref('sections.name'),
            status: eb.ref('articles.status'),
          }),
        )
        .where('article_related.article_id', '=', id),
    );
}

/**
 * The article's lines and its page's: its stored neighbours, and the newest articles of its
 * section without itself and its picks, at most `sectionLimit`.
 */
function articlePageLines(db: Queryable, id: Expression<number>, sectionLimit: Expression<number>) {
  // The neighbours are joined to their articles by primary key only, and the status kept in
  // code rather than in the statement: with the status there, PostgreSQL without fresh
  // statistics (a just-written table) may scan every published article through the partial
  // status index for each page instead of looking up eight ids (see related.store.ts).
  const neighbours = db
    .selectFrom('article_related_auto')
    .innerJoin('articles', 'articles.id', 'article_related_auto.related_article_id')
    .innerJoin('sections', 'sections.id', 'articles.section_id')
    .select((eb) =>
      lineColumns('neighbour', {
        position: eb.ref('article_related_auto.rank'),
        id: eb.ref('articles.id'),
        at: eb.ref('articles.published_at'),
        title: eb.ref('articles.title'),
        summary: eb.ref('articles.summary'),
        section_slug: eb.ref('sections.slug'),
        section_name: eb.ref('sections.name'),
        status: eb.ref('articles.status'),
      }),
    )
    .where('article_related_auto.article_id', '=', id);
  // The section's newest, as listPublished reads them. A pick with no article (a headline
  // only) names none: NOT EXISTS, as NOT IN would match nothing once a null is in its list.
  const sectionLatest = db
    .selectFrom((eb) =>
      eb
        .selectFrom('articles')
        .innerJoin('sections', 'sections.id', 'articles.section_id')
        .select([...teaserColumns, 'articles.status'])
        .where('articles.status', '=', 'published')
        .where('articles.section_id', '=', eb.selectFrom('articles as own').select('own.section_id').where('own.id', '=', id))
        .where('articles.id', '!=', id)
        .where(({ not, exists, selectFrom }) =>
          not(
            exists(
              selectFrom('article_related as pick')
                .select('pick.related_article_id')
                .where('pick.article_id', '=', id)
                .whereRef('pick.related_article_id', '=', 'articles.id'),
            ),
          ),
        )
        .orderBy('articles.published_at', 'desc')
        .orderBy('articles.id', 'desc')
        .limit(sectionLimit)
        .as('latest'),
    )
    .select((eb) =>
      lineColumns('more', {
        id: eb.ref('latest.id'),
        at: eb.ref('latest.published_at'),
        title: eb.ref('latest.title'),
        summary: eb.ref('latest.summary'),
        section_slug: eb.ref('latest.section_slug'),
        section_name: eb.ref('latest.section_name'),
        status: eb.ref('latest.status'),
      }),
    );
  // A union's rows come in no set order: ordered as listPublished orders its rows (the same
  // column, so the same place for a null on each database), the section's newest keep theirs.
  // The other kinds are sorted by their own keys in readArticle.
  return articleLines(db, id).unionAll(neighbours).unionAll(sectionLatest).orderBy('at', 'desc').orderBy('id', 'desc');
}

/** A line's teaser, when it links a published article. */
function lineTeaser(line: ArticleLine): ArticleTeaser | null {
  return line.id !== null && line.status === 'published' && line.title !== null && line.section_slug !== null && line.section_name !== null
    ? toTeaser({ id: line.id, title: line.title, summary: line.summary, published_at: line.at, section_slug: line.section_slug, section_name: line.section_name })
    : null;
}

// The queries below are built once per database handle (see precompile): an article page
// spends no time building or compiling SQL. The plain article has no story column to read.
const articleQuery = precompile((db, id: Expression<number>) =>
  articleRow(db, id).select([nullText.as('story_slug'), nullText.as('story_title')]),
);
// A story holds an article at most once (story_articles' key is the article), so the join
// keeps one row.
const articlePageQuery = precompile((db, id: Expression<number>) =>
  articleRow(db, id)
    .leftJoin('story_articles', 'story_articles.article_id', 'articles.id')
    .leftJoin('stories', 'stories.id', 'story_articles.story_id')
    .select(['stories.slug as story_slug', 'stories.title as story_title']),
);
const linesQuery = precompile((db, id: Expression<number>) => articleLines(db, id));
const pageLinesQuery = precompile((db, id: Expression<number>, sectionLimit: Expression<number>) => articlePageLines(db, id, sectionLimit));

/** The article and, given how many of its section's newest to read, its page's parts. */
async function readArticle(db: Queryable, id: number, sectionLimit: number | null): Promise<ArticlePageParts | undefined> {
  // Every part is read by the article's id, so both queries go at once: on PostgreSQL each
  // query is a round trip to another process, with protocol work in both.
  const [[row], lines] = await Promise.all([
    sectionLimit === null ? articleQuery.execute(db, id) : articlePageQuery.execute(db, id),
    sectionLimit === null ? linesQuery.execute(db, id) : pageLinesQuery.execute(db, id, sectionLimit),
  ]);
  if (!row) return undefined;
  const linesOf = (k: ArticleLine['kind']) => lines.filter((line) => line.kind === k).sort((a, b) => a.position - b.position);
  const reporters = linesOf('reporter');
  const tags = linesOf('tag');
  // Instants are ISO strings in UTC on both databases, so text order is time order.
  const corrections = lines
    .filter((line) => line.kind === 'correction')
    .sort((a, b) => (a.at ?? '').localeCompare(b.at ?? '') || (a.id ?? 0) - (b.id ?? 0))
    .map((c) => ({ id: c.id ?? 0, at: c.at ?? '', text: c.text ?? '' }));
  const editor: Person | null =
    row.editor_id !== null && row.editor_display_name !== null && row.editor_role !== null
      ? { id: row.editor_id, displayName: row.editor_display_name, role: row.editor_role as PersonRole }
      : null;

  const article: Article = {
    id: row.id,
    sourceKey: row.source_key,
    title: row.title,
    subtitle: row.subtitle,
    summary: row.summary,
    body: JSON.parse(row.body) as BodyBlock[],
    section: { id: row.section_id, slug: row.section_slug, name: row.section_name, position: row.section_position },
    tags: tags.map((t) => t.text ?? ''),
    dateline:
      row.dateline_date && row.dateline_source && row.dateline_kind
        ? {
            source: row.dateline_source,
            date: row.dateline_date,
            place: row.dateline_place,
            kind: row.dateline_kind as DatelineKind,
          }
        : null,
    byline: {
      reporters: reporters.map((p) => ({ id: p.id ?? 0, displayName: p.text ?? '', role: p.role as PersonRole })),
      reportType: row.report_type,
      place: row.byline_place,
    },
    editor,
    status: row.status as ArticleStatus,
    publishedAt: row.published_at,
    updatedAt: row.updated_at,
    createdAt: row.created_at,
    sourceScript: row.source_script as Script,
    corrections,
    related: linesOf('pick').map((pick) => ({ headline: pick.text ?? '', article: lineTeaser(pick) })),
  };
  const story = row.story_slug !== null && row.story_title !== null ? { slug: row.story_slug, title: row.story_title } : null;
  const neighbours = linesOf('neighbour').flatMap((line) => lineTeaser(line) ?? []);
  const sectionLatest = lines.flatMap((line) => (line.kind === 'more' ? (lineTeaser(line) ?? []) : []));
  return { article, story, neighbours, sectionLatest };
}
