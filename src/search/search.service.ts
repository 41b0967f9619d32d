import { z } from 'zod';
import { publishedArticleCount, publishedArticleTextBatch, publishedArticleTexts, type ArticleText } from '../articles/article-text.service.js';
import { articlePath } from '../articles/article.service.js';
import { outletSettings, sectionBySlug } from '../articles/outlet.service.js';
import type { ArticleEvent } from '../articles/publish-events.js';
import { newsroomSegmenter } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { isCalendarDate, zonedTimeToInstant } from '../platform/time.js';
import { parseInput } from '../platform/validation.js';
import { searchDocument } from './search-document.js';
import { fts5Match, isEmptyQuery, parseQuery, rankingTsqueryLiteral, tsqueryLiteral, tsqueryTokensLiteral } from './search-query.js';
import { buildSnippet } from './snippet.js';
import {
  countDocuments,
  deleteDocuments,
  deleteDocumentsIndexedBefore,
  newestMatches,
  settleRebuiltIndex,
  upsertDocuments,
  type Candidate,
} from './search.store.js';

// ---- keeping the index current ----------------------------------------------------------

/**
 * (Re)indexes these articles: the published ones are written, the others (drafts,
 * unpublished, deleted) removed. What the publish pipeline calls on every event.
 */
export async function indexArticles(db: Db, articleIds: readonly number[]): Promise<void> {
  if (articleIds.length === 0) return;
  const texts = await publishedArticleTexts(db, articleIds);
  const published = new Set(texts.map((t) => t.id));
  const segmenter = await newsroomSegmenter(db);
  const docs = texts.map((t) => searchDocument(t, segmenter));
  const indexedAt = new Date().toISOString();
  await db.transaction().execute(async (tx) => {
    await upsertDocuments(tx, docs, indexedAt);
    await deleteDocuments(tx, articleIds.filter((id) => !published.has(id)));
  });
}

/**
 * The publish pipeline's subscriber: published and changed articles are (re)indexed,
 * unpublished ones removed. A changed event reads the article again, so an event that
 * arrives after a later unpublish still leaves the index right.
 */
export async function onArticleEvent(db: Db, event: ArticleEvent): Promise<void> {
  if (event.type === 'article.unpublished') await deleteDocuments(db, [event.articleId]);
  else await indexArticles(db, [event.articleId]);
}

/** Articles written per transaction by a rebuild. */
export const REBUILD_BATCH = 500;

export interface RebuildOptions {
  /** Called after each batch with how many articles are done and how many there are. */
  onProgress?: (done: number, total: number) => void;
  batchSize?: number;
}

export interface RebuildResult {
  indexed: number;
  /** Documents removed because their article is no longer published. */
  removed: number;
  ms: number;
}

/**
 * Rebuilds the whole index from the published articles, in batches of {@link REBUILD_BATCH}
 * (each batch one transaction, so searches keep working and the publish pipeline keeps
 * writing while it runs). Documents it did not rewrite (articles no longer published) are
 * deleted at the end.
 */
export async function rebuildSearchIndex(db: Db, options: RebuildOptions = {}): Promise<RebuildResult> {
  const started = Date.now();
  const startedAt = new Date(started).toISOString();
  const batchSize = options.batchSize ?? REBUILD_BATCH;
  const total = await publishedArticleCount(db);
  options.onProgress?.(0, total);
  let done = 0;
  let afterId = 0;
  // The next batch is read and analysed while the previous one is being written: on
  // PostgreSQL the database works on one batch while this process segments the next.
  let writing: Promise<void> | null = null;
  for (;;) {
    const batch: ArticleText[] = await publishedArticleTextBatch(db, afterId, batchSize);
    const last = batch[batch.length - 1];
    if (!last) break;
    // Per batch, so a word added to the dictionary during a long rebuild applies from the next batch.
    const segmenter = await newsroomSegmenter(db);
    const docs = batch.map((t) => searchDocument(t, segmenter));
    // Stamped after the rebuild began, so the final sweep keeps it.
    const indexedAt = new Date(Math.max(Date.now(), started + 1)).toISOString();
    await writing;
    writing = db
      .transaction()
      .execute((tx) => upsertDocuments(tx, docs, indexedAt))
      .then(() => {
        done += batch.length;
        options.onProgress?.(done, Math.max(total, done));
      });
    // A failed write is rethrown by the `await writing` above; until then it is not "unhandled".
    writing.catch(() => undefined);
    afterId = last.id;
  }
  await writing;
  const removed = await db.transaction().execute((tx) => deleteDocumentsIndexedBefore(tx, startedAt));
  await settleRebuiltIndex(db);
  return { indexed: done, removed, ms: Date.now() - started };
}

/** How many articles are in the index. */
export async function searchIndexSize(db: Db): Promise<number> {
  return countDocuments(db);
}

// ---- querying ---------------------------------------------------------------------------

export const MAX_QUERY_LENGTH = 100;
export const DEFAULT_PAGE_SIZE = 10;
export const MAX_PAGE_SIZE = 50;
export const MAX_PAGE = 100;
/**
 * How many matches are ranked: the newest this many. A query matching more (a word in half
 * the archive) is ranked among its newest matches only; `total` still counts them all, and
 * the pages stop at this many results (50 pages of 10: beyond that readers narrow the search
 * with a filter). Ranking cost grows with this number, on PostgreSQL above all (each ranked
 * article's tsvector is read out of line): 500 instead of 1,000 took about a third off the
 * p95 at 100,000 articles.
 */
export const RANKED_MATCHES = 500;
/** R in the recency boost (see {@link rankScore}), in days. */
export const RECENCY_DAYS = 30;

/**
 * The ranking score: relevance × recency, where relevance is the database's (BM25 on
 * SQLite, ts_rank_cd on PostgreSQL, title : meta : body weighted 5 : 2 : 1; see
 * `newestMatches`) and
 *
 *     recency = 0.5 + 0.5 × R / (R + age),  age = days since publication (≥ 0), R = 30
 *
 * which is 1 today, 0.75 at a month, 0.54 at a year and never below 0.5. So of two equally
 * relevant articles the newer ranks first, while an old article that matches twice as well
 * as a new one still beats it.
 */
export function rankScore(candidate: Pick<Candidate, 'relevance' | 'minute'>, nowMinute: number): number {
  const ageDays = Math.max(0, nowMinute - candidate.minute) / 1_440;
  return candidate.relevance * (0.5 + (0.5 * RECENCY_DAYS) / (RECENCY_DAYS + ageDays));
}

/** A search: the words, optional filters and the page. */
export interface SearchQuery {
  q: string;
  /** Section slug. */
  section?: string;
  /** First day, YYYY-MM-DD in the outlet's timezone (inclusive). */
  from?: string;
  /** Last day, YYYY-MM-DD in the outlet's timezone (inclusive). */
  to?: string;
  /** Reporter (person id). */
  reporter?: number;
  /** 1-based. */
  page?: number;
  pageSize?: number;
}

export interface SearchResult {
  id: number;
  title: string;
  /** Canonical path (no edition prefix). */
  url: string;
  /** HTML: an excerpt with the matches in `<mark>`; everything else escaped. */
  snippet: string;
  publishedAt: string;
}

export interface SearchResults {
  total: number;
  /** Whether `total` is an estimate (shown as 约 N): see `Candidates.totalIsEstimate` in search.store.ts. */
  totalIsEstimate: boolean;
  page: number;
  pageSize: number;
  results: SearchResult[];
}

const dateField = (label: string) =>
  z
    .string({ error: `${label}应为日期` })
    .refine(isCalendarDate, { error: `${label}应为有效日期，格式如 2025-03-18` })
    .optional();

/** The validated form of a {@link SearchQuery}; numbers may come as strings (query parameters). */
export const SearchQuerySchema = z
  .object({
    q: z
      .string({ error: '请输入搜索词' })
      .trim()
      .min(1, { error: '请输入搜索词' })
      .max(MAX_QUERY_LENGTH, { error: `搜索词不能超过 ${MAX_QUERY_LENGTH} 个字` }),
    section: z.string({ error: '栏目应为栏目代码' }).trim().min(1, { error: '栏目应为栏目代码' }).max(100).optional(),
    from: dateField('开始日期'),
    to: dateField('结束日期'),
    reporter: z.coerce.number({ error: '记者编号应为正整数' }).int({ error: '记者编号应为正整数' }).positive({ error: '记者编号应为正整数' }).optional(),
    page: z.coerce
      .number({ error: '页码应为正整数' })
      .int({ error: '页码应为正整数' })
      .min(1, { error: '页码应为正整数' })
      .max(MAX_PAGE, { error: `页码不能超过 ${MAX_PAGE}` })
      .default(1),
    pageSize: z.coerce
      .number({ error: '每页条数应为整数' })
      .int({ error: '每页条数应为整数' })
      .min(1, { error: `每页条数应在 1 到 ${MAX_PAGE_SIZE} 之间` })
      .max(MAX_PAGE_SIZE, { error: `每页条数应在 1 到 ${MAX_PAGE_SIZE} 之间` })
      .default(DEFAULT_PAGE_SIZE),
  })
  .refine((v) => v.from === undefined || v.to === undefined || v.from <= v.to, { error: '开始日期不能晚于结束日期', path: ['from'] });

/** The day after a YYYY-MM-DD date. */
function nextDay(date: string): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

/**
 * Searches the published articles. The query goes through the same analysis as the
 * articles (so either script finds either script); quoted parts are phrases; every term
 * must match. Results are ranked by relevance with a recency boost ({@link rankScore}),
 * among the newest {@link RANKED_MATCHES} matches. Throws ValidationError (400) for bad input, an
 * unknown section, or a query with nothing searchable in it (only punctuation or words such
 * as 的 and 了).
 */
export async function searchArticles(db: Db, query: SearchQuery, now: Date = new Date()): Promise<SearchResults> {
  const input = parseInput(SearchQuerySchema, query, '搜索条件有误');
  const parsed = parseQuery(input.q, await newsroomSegmenter(db));
  if (isEmptyQuery(parsed)) {
    throw new ValidationError('搜索词里没有可以搜索的词语（标点和“的”“了”这类常用字不能单独搜索），请换个说法', [
      'q: 没有可搜索的词语',
    ]);
  }
  const outlet = await outletSettings(db);
  let sectionId: number | undefined;
  if (input.section !== undefined) {
    const section = await sectionBySlug(db, input.section);
    if (!section) throw new ValidationError('栏目不存在', [`section: 没有代码为「${input.section}」的栏目`]);
    sectionId = section.id;
  }
  const filter = {
    sectionId,
    publishedFrom: input.from === undefined ? undefined : zonedTimeToInstant(input.from, '00:00', outlet.timezone),
    publishedBefore: input.to === undefined ? undefined : zonedTimeToInstant(nextDay(input.to), '00:00', outlet.timezone),
    reporterId: input.reporter,
  };
  const expressions = { fts: fts5Match(parsed), tsquery: tsqueryLiteral(parsed), tsqueryTokens: tsqueryTokensLiteral(parsed), tsqueryRank: rankingTsqueryLiteral(parsed) };
  const { total, totalIsEstimate, newest } = await newestMatches(db, expressions, filter, RANKED_MATCHES);
  const nowMinute = Math.floor(now.getTime() / 60_000);
  const ranked = newest
    .map((c) => ({ ...c, score: rankScore(c, nowMinute) }))
    .sort((a, b) => b.score - a.score || b.minute - a.minute || b.articleId - a.articleId);
  const offset = (input.page - 1) * input.pageSize;
  const page = { total, ids: ranked.slice(offset, offset + input.pageSize).map((c) => c.articleId) };
  const texts = new Map((await publishedArticleTexts(db, page.ids)).map((t) => [t.id, t]));
  const results: SearchResult[] = [];
  for (const id of page.ids) {
    const text = texts.get(id);
    // Unpublished between the two queries: the next event removes it from the index.
    if (!text) continue;
    results.push({
      id,
      title: text.title,
      url: articlePath({ id, publishedAt: text.publishedAt }, outlet.timezone),
      snippet: buildSnippet([text.bodyText, text.summary ?? '', text.subtitle ?? ''], parsed.highlight),
      publishedAt: text.publishedAt,
    });
  }
  return { total: page.total, totalIsEstimate, page: input.page, pageSize: input.pageSize, results };
}
