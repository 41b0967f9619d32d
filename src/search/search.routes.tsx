import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { publishedReporters } from '../articles/article-text.service.js';
import { outletSettings } from '../articles/outlet.service.js';
import { newsroomConverter } from '../dictionary/dictionary.service.js';
import type { Db } from '../platform/db/database.js';
import { ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { renderDocument } from '../web/render.js';
import { EDITION_LIST, editionOfScript, editionPath, type Edition } from '../web/editions.js';
import type { SiteContext } from '../web/site-context.js';
import { UNKEYED_PAGE_CACHE_CONTROL } from '../web/surrogate-keys.js';
import { SearchPage, type SearchForm, type SearchOutcome } from './search-page.view.js';
import { RANKED_MATCHES, searchArticles, type SearchQuery, type SearchResults } from './search.service.js';

/**
 * Results are the same for every reader, so caches may keep them briefly; the page cache does
 * not (any query is an address: a stream of random ones would push the articles out of it).
 */
const PAGE_CACHE_CONTROL = UNKEYED_PAGE_CACHE_CONTROL;

type SearchParams = { Querystring: Record<string, string | string[] | undefined> };

/** One query parameter as a trimmed string ('' when absent; the first when repeated). */
function param(query: SearchParams['Querystring'], name: string): string {
  const value = query[name];
  return (Array.isArray(value) ? (value[0] ?? '') : (value ?? '')).trim();
}

/** Digits as a number; anything else NaN, which the service's schema refuses with a Chinese message. */
function wholeNumber(value: string): number {
  return /^\d{1,9}$/.test(value) ? Number(value) : Number.NaN;
}

/** The reader's form fields, and the search they ask for (empty fields left out). */
function readForm(query: SearchParams['Querystring']): { form: SearchForm; search: SearchQuery } {
  const form: SearchForm = {
    q: param(query, 'q'),
    section: param(query, 'section'),
    from: param(query, 'from'),
    to: param(query, 'to'),
    reporter: param(query, 'reporter'),
  };
  const page = param(query, 'page');
  const search: SearchQuery = { q: form.q };
  if (form.section !== '') search.section = form.section;
  if (form.from !== '') search.from = form.from;
  if (form.to !== '') search.to = form.to;
  if (form.reporter !== '') search.reporter = wholeNumber(form.reporter);
  if (page !== '') search.page = wholeNumber(page);
  return { form, search };
}

/** How many pages the results fill (only the ranked matches are listed). */
function pageCountOf(results: SearchResults): number {
  return Math.max(1, Math.ceil(Math.min(results.total, RANKED_MATCHES) / results.pageSize));
}

export interface SearchPageRoutesOptions {
  db: Db;
  siteContext(request: FastifyRequest): Promise<SiteContext>;
}

/** The reader's search page, `/search?q=…&section=&from=&to=&reporter=&page=` (registered under each edition). */
export async function searchPageRoutes(app: FastifyInstance, { db, siteContext }: SearchPageRoutesOptions): Promise<void> {
  app.get<SearchParams>('/search', async (request, reply) => {
    const { form, search } = readForm(request.query);
    const [site, reporters] = await Promise.all([siteContext(request), publishedReporters(db)]);
    let outcome: SearchOutcome = { kind: 'form' };
    let status = 200;
    // A page with filters but no words shows the form; only words can be searched for.
    if (form.q !== '') {
      try {
        const results = await searchArticles(db, search);
        outcome = { kind: 'results', results, pageCount: pageCountOf(results), limited: results.total > RANKED_MATCHES };
      } catch (error) {
        if (!(error instanceof ValidationError)) throw error;
        status = 400;
        outcome = { kind: 'invalid', message: error.publicMessage, details: error.details.map((d) => d.replace(/^[\w.]+: /, '')) };
      }
    }
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .header('cache-control', status === 200 ? PAGE_CACHE_CONTROL : 'no-store')
      .send(renderDocument(<SearchPage site={site} form={form} reporters={reporters} outcome={outcome} />));
  });
}

export interface SearchApiRoutesOptions {
  db: Db;
}

const EditionParam = z.object({
  edition: z.enum(EDITION_LIST, { error: 'edition 应为 hans（简体）或 hant（繁體）' }).optional(),
});

/**
 * `GET /api/search?q=…&section=&from=&to=&reporter=&page=&pageSize=&edition=hans|hant`: the
 * results as JSON, `{total, totalIsEstimate, page, pageSize, results: [{id, title, url, snippet, publishedAt}]}`
 * (`totalIsEstimate`: `total` is an estimate, as the page's 约 says),
 * with each url in the requested edition (default: the outlet's) and title and snippet in its
 * script. Bad input is a 400 with the usual JSON error.
 */
export async function searchApiRoutes(app: FastifyInstance, { db }: SearchApiRoutesOptions): Promise<void> {
  app.get<SearchParams>('/api/search', async (request, reply) => {
    const { search } = readForm(request.query);
    const pageSize = param(request.query, 'pageSize');
    if (pageSize !== '') search.pageSize = wholeNumber(pageSize);
    const editionParam = param(request.query, 'edition');
    const { edition: asked } = parseInput(EditionParam, editionParam === '' ? {} : { edition: editionParam }, '搜索条件有误');
    const [results, outlet] = await Promise.all([searchArticles(db, search), outletSettings(db)]);
    const edition: Edition = asked ?? editionOfScript(outlet.defaultScript);
    const converter = await newsroomConverter(db);
    const toScript = edition === 'hant' ? (t: string) => converter.toTraditional(t) : (t: string) => converter.toSimplified(t);
    return reply.header('cache-control', PAGE_CACHE_CONTROL).send({
      total: results.total,
      totalIsEstimate: results.totalIsEstimate,
      page: results.page,
      pageSize: results.pageSize,
      results: results.results.map((r) => ({
        id: r.id,
        title: toScript(r.title),
        url: editionPath(edition, r.url),
        // Conversion touches only Han characters: the <mark> tags and escapes stay as they are.
        snippet: toScript(r.snippet),
        publishedAt: r.publishedAt,
      })),
    });
  });
}
