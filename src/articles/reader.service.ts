import { NotFoundError, ValidationError } from '../platform/errors.js';
import type { StoryLink } from '../stories/model.js';
import { LIST_SIZE } from '../related/related.service.js';
import { articlePath } from './article.service.js';
import { loadArticlePage, type ArticlePageParts } from './article-read.store.js';
import {
  countPublished,
  listPublished,
  loadArticle,
  tagExists,
  type ListFilter,
} from './article.store.js';
import { listFeedItems, type FeedItemRow } from './feed-items.store.js';
import { getPerson, getSectionBySlug, listSections, type Queryable } from './outlet.store.js';
import type { Article, ArticleTeaser, Person, Section } from './model.js';

/** Articles per page on section, tag and reporter pages. */
export const PAGE_SIZE = 20;
/** Headlines in each home-page section block and in the article's "more news". */
export const BLOCK_SIZE = 6;
const LATEST_SIZE = 10;
/** 相关新闻 on an article page: automatic neighbours fill up to this many after the editor picks. */
export const RELATED_SIZE = 6;
const MAX_PAGE = 10_000;

/**
 * Parses a `?page=` value: absent means 1; anything but a whole number from 1 to 10000 is a
 * ValidationError with a message for the reader.
 */
export function parsePage(raw: unknown): number {
  if (raw === undefined || raw === '') return 1;
  const n = typeof raw === 'string' && /^\d{1,6}$/.test(raw) ? Number(raw) : Number.NaN;
  if (!Number.isInteger(n) || n < 1 || n > MAX_PAGE) throw new ValidationError('页码无效：请使用 1 到 10000 之间的整数。');
  return n;
}

export interface ListData {
  items: ArticleTeaser[];
  page: number;
  pageCount: number;
}

async function paginate(db: Queryable, filter: ListFilter, page: number): Promise<ListData> {
  const total = await countPublished(db, filter);
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  if (page > pageCount) throw new NotFoundError('没有这一页。');
  const items = await listPublished(db, filter, { limit: PAGE_SIZE, offset: (page - 1) * PAGE_SIZE });
  return { items, page, pageCount };
}

/** The home page: the lead story (newest in the default section, else newest anywhere), latest, a block per section. */
export async function homePageData(db: Queryable, defaultSectionSlug: string | null) {
  const sections = await listSections(db);
  const defaultSection = sections.find((s) => s.slug === defaultSectionSlug);
  const [lead] =
    (defaultSection && (await listPublished(db, { sectionId: defaultSection.id }, { limit: 1, offset: 0 }))) || [];
  const leadStory = lead ?? (await listPublished(db, {}, { limit: 1, offset: 0 }))[0] ?? null;
  const exclude = leadStory ? [leadStory.id] : [];
  const latest = await listPublished(db, { excludeIds: exclude }, { limit: LATEST_SIZE, offset: 0 });
  const blocks: { section: Section; items: ArticleTeaser[] }[] = [];
  for (const section of sections) {
    const items = await listPublished(db, { sectionId: section.id, excludeIds: exclude }, { limit: BLOCK_SIZE, offset: 0 });
    if (items.length > 0) blocks.push({ section, items });
  }
  return { lead: leadStory, latest, sectionBlocks: blocks };
}

export async function sectionPageData(db: Queryable, slug: string, page: number): Promise<{ section: Section } & ListData> {
  const section = await getSectionBySlug(db, slug);
  if (!section) throw new NotFoundError('没有这个栏目。');
  return { section, ...(await paginate(db, { sectionId: section.id }, page)) };
}

export async function tagPageData(db: Queryable, tag: string, page: number): Promise<ListData> {
  if (tag.length > 50 || !(await tagExists(db, tag))) throw new NotFoundError('没有这个标签。');
  return paginate(db, { tag }, page);
}

/** Parses a numeric id from a URL; anything else is a 404 (the page cannot exist). */
export function parseId(raw: string): number {
  if (!/^\d{1,10}$/.test(raw)) throw new NotFoundError();
  const id = Number(raw);
  if (id < 1 || id > 2_147_483_647) throw new NotFoundError();
  return id;
}

export async function reporterPageData(db: Queryable, rawId: string, page: number): Promise<{ person: Person } & ListData> {
  const person = await getPerson(db, parseId(rawId));
  if (!person) throw new NotFoundError('没有这位记者。');
  return { person, ...(await paginate(db, { reporterId: person.id }, page)) };
}

/**
 * A published article with its 相关新闻, its "more news" from the same section (without those)
 * and its 专题 story, if any; drafts are not found.
 */
export async function articlePageData(
  db: Queryable,
  id: number,
): Promise<{ article: Article; related: ArticleTeaser[]; moreNews: ArticleTeaser[]; story: StoryLink | null }> {
  // Everything (the article, its parts, its story, its stored neighbours' teasers and its
  // section's newest) comes in two queries sent at once: one wait for the database (on
  // PostgreSQL each query is a round trip to another process, with protocol work in both).
  const page = await loadArticlePage(db, id, PAGE_LIMITS);
  if (!page || page.article.status !== 'published') throw new NotFoundError('这篇文章不存在或已撤下。');
  return { article: page.article, ...articleLists(page), story: page.story };
}

/** A page of the published articles among `ids` (a story's timeline), newest first; unpublished ones are left out. */
export async function publishedAmong(db: Queryable, ids: number[], page: number): Promise<ListData> {
  return paginate(db, { ids }, page);
}

/**
 * The article page's data for any stage (the newsroom's preview of a draft); the caller
 * decides who may see it.
 */
export async function previewPageData(
  db: Queryable,
  id: number,
): Promise<{ article: Article; related: ArticleTeaser[]; moreNews: ArticleTeaser[] }> {
  const page = await loadArticlePage(db, id, PAGE_LIMITS);
  if (!page) throw new NotFoundError('没有这篇稿件。');
  return { article: page.article, ...articleLists(page) };
}

/**
 * What an article page reads: every stored neighbour, and enough of its section's newest to
 * fill 更多新闻 after leaving out the neighbours 相关新闻 shows (at most RELATED_SIZE of them).
 */
const PAGE_LIMITS = { neighbours: LIST_SIZE, sectionLatest: BLOCK_SIZE + RELATED_SIZE };

/**
 * 相关新闻: every editor pick that is published, in the editor's order, then the automatic
 * neighbours the publish pipeline stored (`neighbours`, published ones with their teasers, from
 * src/related's list; read, never computed here), closest first and not already picked, until
 * there are {@link RELATED_SIZE}. And 更多新闻: the newest of the same section without those.
 */
function articleLists({ article, neighbours, sectionLatest }: ArticlePageParts): { related: ArticleTeaser[]; moreNews: ArticleTeaser[] } {
  const shown = new Set([article.id]);
  const picks: ArticleTeaser[] = [];
  for (const { article: pick } of article.related) {
    if (pick && !shown.has(pick.id)) {
      shown.add(pick.id);
      picks.push(pick);
    }
  }
  const room = Math.max(0, RELATED_SIZE - picks.length);
  const auto = neighbours.filter((t) => !shown.has(t.id)).slice(0, room);
  for (const t of auto) shown.add(t.id);
  // sectionLatest already leaves out the article and its picks.
  const moreNews = sectionLatest.filter((t) => !shown.has(t.id)).slice(0, BLOCK_SIZE);
  return { related: [...picks, ...auto], moreNews };
}

/** Canonical path of a published article by id (for redirects from other URL forms). */
export async function canonicalArticlePath(db: Queryable, id: number, timeZone: string): Promise<string> {
  const article = await loadArticle(db, id);
  if (!article || article.status !== 'published') throw new NotFoundError('这篇文章不存在或已撤下。');
  return articlePath(article, timeZone);
}

export type { FeedItemRow };

/** The newest published articles of the site, a section, a tag or given articles (a story), with reporter and tag names (for feeds). */
export async function latestFeedItems(db: Queryable, filter: { sectionId?: number; tag?: string; ids?: number[] }, limit: number): Promise<FeedItemRow[]> {
  return listFeedItems(db, filter, limit);
}

/** Whether a tag exists (its page and its feeds are 404 otherwise). */
export async function isKnownTag(db: Queryable, name: string): Promise<boolean> {
  return tagExists(db, name);
}
