import { formatDateTime } from '../articles/format.js';
import { Pager } from '../articles/list-pages.view.js';
import { Layout } from '../web/layout.js';
import { sitePath, type SiteContext } from '../web/site-context.js';
import type { SearchResults } from './search.service.js';

/** The search form's fields as the reader typed them (query parameters, unvalidated). */
export interface SearchForm {
  q: string;
  section: string;
  from: string;
  to: string;
  reporter: string;
}

/** What the page shows under the form. */
export type SearchOutcome =
  | { kind: 'form' }
  | { kind: 'results'; results: SearchResults; pageCount: number; limited: boolean }
  | { kind: 'invalid'; message: string; details: string[] };

export interface SearchPageProps {
  site: SiteContext;
  form: SearchForm;
  reporters: { id: number; displayName: string }[];
  outcome: SearchOutcome;
}

/** The search page's address with these fields (empty ones left out) and page. */
export function searchPath(form: SearchForm, page = 1): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'section', 'from', 'to', 'reporter'] as const) {
    if (form[key] !== '') params.set(key, form[key]);
  }
  if (page > 1) params.set('page', String(page));
  const query = params.toString();
  return query === '' ? '/search' : `/search?${query}`;
}

function SearchFormView({ site, form, reporters }: Omit<SearchPageProps, 'outcome'>) {
  return (
    <form class="search-form" action={sitePath(site, '/search')} method="get" role="search">
      <p class="search-query">
        <label for="search-q">搜索</label>
        <input id="search-q" type="search" name="q" value={form.q} maxLength={100} required placeholder="关键词；用引号搜索整个短语，如“地铁三号线”" />
        <button type="submit">搜索</button>
      </p>
      <fieldset class="search-filters">
        <legend>筛选</legend>
        <label>
          栏目
          <select name="section">
            <option value="">全部栏目</option>
            {site.sections.map((s) => (
              <option value={s.slug} selected={form.section === s.slug}>
                {s.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          记者
          <select name="reporter">
            <option value="">全部记者</option>
            {reporters.map((r) => (
              <option value={String(r.id)} selected={form.reporter === String(r.id)}>
                {r.displayName}
              </option>
            ))}
          </select>
        </label>
        <label>
          从
          <input type="date" name="from" value={form.from} />
        </label>
        <label>
          到
          <input type="date" name="to" value={form.to} />
        </label>
      </fieldset>
    </form>
  );
}

function Results({ site, form, outcome }: { site: SiteContext; form: SearchForm; outcome: Extract<SearchOutcome, { kind: 'results' }> }) {
  const { results, pageCount, limited } = outcome;
  if (results.total === 0) {
    return (
      <p class="empty search-none">
        没有找到与“{form.q}”相关的文章。请检查用词，换一个说法，或减少筛选条件。
      </p>
    );
  }
  const offset = (results.page - 1) * results.pageSize;
  return (
    <>
      <p class="search-count" role="status">
        找到 {results.totalIsEstimate && '约 '}{results.total.toLocaleString('en-US')} 篇相关文章
        {limited && '，按相关度排列其中最新的一千篇'}
        {results.results.length > 0 && results.results.length < results.total && `，这是第 ${offset + 1}–${offset + results.results.length} 篇`}。
      </p>
      {results.results.length === 0 ? (
        <p class="empty">这一页没有结果了。</p>
      ) : (
        <ol class="search-results" start={offset + 1}>
          {results.results.map((r) => (
            <li class="search-result">
              <h2 class="search-result-title">
                <a href={sitePath(site, r.url)}>{r.title}</a>
              </h2>
              {/* The snippet is HTML built by buildSnippet (search/snippet.ts): every character
                  of article text is escaped there and the only tags are its own <mark>s, so it
                  is safe to insert as is; this is the page's only raw HTML. */}
              <p class="search-snippet" dangerouslySetInnerHTML={{ __html: r.snippet }} />
              <time datetime={r.publishedAt}>{formatDateTime(r.publishedAt, site.outlet.timezone)}</time>
            </li>
          ))}
        </ol>
      )}
      <Pager page={results.page} pageCount={pageCount} href={(n) => sitePath(site, searchPath(form, n))} />
    </>
  );
}

/** /search: the form, and the results of the query in the address (or why it was refused). */
export function SearchPage({ site, form, reporters, outcome }: SearchPageProps) {
  const page = outcome.kind === 'results' ? outcome.results.page : 1;
  const pageCount = outcome.kind === 'results' ? outcome.pageCount : 1;
  const title = form.q === '' ? '搜索' : `“${form.q}”的搜索结果${page > 1 ? `（第${page}页）` : ''}`;
  return (
    <Layout
      site={site}
      activeSection={null}
      meta={{
        title,
        // Result pages are endless variations of the archive: kept out of search engines, links followed.
        robots: 'noindex, follow',
        prevPath: page > 1 ? searchPath(form, page - 1) : null,
        nextPath: page < pageCount ? searchPath(form, page + 1) : null,
      }}
    >
      <header class="list-header">
        <h1 class="list-title">{form.q === '' ? '搜索' : '搜索结果'}</h1>
      </header>
      <SearchFormView site={site} form={form} reporters={reporters} />
      {outcome.kind === 'invalid' && (
        <div class="search-invalid" role="alert">
          <p>{outcome.message}</p>
          {outcome.details.length > 0 && (
            <ul>
              {outcome.details.map((d) => (
                <li>{d}</li>
              ))}
            </ul>
          )}
        </div>
      )}
      {outcome.kind === 'results' && <Results site={site} form={form} outcome={outcome} />}
    </Layout>
  );
}
