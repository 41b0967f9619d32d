import type { MostReadLists } from '../popularity/most-read.js';
import { MostRead } from '../popularity/most-read.view.js';
import type { FeedLink } from '../feeds/feed-urls.js';
import { Layout } from '../web/layout.js';
import { absoluteUrl, sitePath, type SiteContext } from '../web/site-context.js';
import { articlePath } from './article.service.js';
import { formatDateTime } from './format.js';
import type { ArticleTeaser, Section } from './model.js';
import { TeaserList } from './teaser-list.view.js';

/** Page position within a paginated list. */
export interface Pagination {
  page: number;
  pageCount: number;
  /** Path of page 1; other pages add `?page=N`. */
  basePath: string;
}

/** Path of page `n` of a list. */
export function pagePath(basePath: string, n: number): string {
  return n <= 1 ? basePath : `${basePath}?page=${n}`;
}

/** Links to the other pages of a list (`href(n)` is page n's address): previous, nearby numbers, next. */
export function Pager({ page, pageCount, href }: { page: number; pageCount: number; href: (n: number) => string }) {
  if (pageCount <= 1) return null;
  const first = Math.max(1, page - 3);
  const last = Math.min(pageCount, page + 3);
  const numbers = Array.from({ length: last - first + 1 }, (_, i) => first + i);
  return (
    <nav class="pager" aria-label="分页">
      {page > 1 && (
        <a class="pager-prev" href={href(page - 1)} rel="prev">
          上一页
        </a>
      )}
      {numbers.map((n) =>
        n === page ? (
          <span class="pager-current" aria-current="page">
            {n}
          </span>
        ) : (
          <a href={href(n)}>{n}</a>
        ),
      )}
      {page < pageCount && (
        <a class="pager-next" href={href(page + 1)} rel="next">
          下一页
        </a>
      )}
    </nav>
  );
}

/** The pager of a list whose page n is `{basePath}?page=n`, in the page's edition. */
export function ListPager({ site, pagination }: { site: SiteContext; pagination: Pagination }) {
  return <Pager page={pagination.page} pageCount={pagination.pageCount} href={(n) => sitePath(site, pagePath(pagination.basePath, n))} />;
}

export interface ListPageProps {
  site: SiteContext;
  /** The h1 and the page title. */
  heading: string;
  /** Small label above the heading, e.g. 标签 or 记者. */
  kicker?: string;
  description?: string;
  items: ArticleTeaser[];
  pagination: Pagination;
  activeSection?: string | null;
  showSection?: boolean;
  /** 阅读排行 beside the list (section pages), named after `heading`. */
  mostRead?: MostReadLists;
  /** The list's own RSS and Atom feeds (section and tag pages). */
  feeds?: FeedLink[];
}

/** A section, tag or reporter page: a paginated list of articles, newest first. */
export function ListPage({ site, heading, kicker, description, items, pagination, activeSection = null, showSection = false, mostRead, feeds }: ListPageProps) {
  const { page, pageCount, basePath } = pagination;
  return (
    <Layout
      site={site}
      activeSection={activeSection}
      meta={{
        title: page > 1 ? `${heading}（第${page}页）` : heading,
        description: description ?? `${site.outlet.name}${heading}最新报道`,
        canonicalPath: pagePath(basePath, page),
        openGraph: { type: 'website' },
        prevPath: page > 1 ? pagePath(basePath, page - 1) : null,
        nextPath: page < pageCount ? pagePath(basePath, page + 1) : null,
        ...(feeds && { feeds }),
      }}
    >
      <header class="list-header">
        {kicker && <p class="list-kicker">{kicker}</p>}
        <h1 class="list-title">{heading}</h1>
        {description && <p class="list-description">{description}</p>}
      </header>
      {items.length === 0 ? (
        <p class="empty">暂无文章。</p>
      ) : (
        <TeaserList site={site} items={items} variant="full" showSection={showSection} />
      )}
      <ListPager site={site} pagination={pagination} />
      {mostRead && <MostRead site={site} lists={mostRead} limit={8} scopeName={heading} asideClass="list-most-read" />}
    </Layout>
  );
}

export interface HomePageProps {
  site: SiteContext;
  lead: ArticleTeaser | null;
  latest: ArticleTeaser[];
  sectionBlocks: { section: Section; items: ArticleTeaser[] }[];
  /** 阅读排行, site-wide. */
  mostRead?: MostReadLists;
}

/** The home page: the lead story, the latest news, and a block per section. */
export function HomePage({ site, lead, latest, sectionBlocks, mostRead }: HomePageProps) {
  const { outlet } = site;
  return (
    <Layout
      site={site}
      meta={{
        title: outlet.name,
        description: `${outlet.name}：${site.sections.map((s) => s.name).join('、')}最新新闻报道`,
        canonicalPath: '/',
        openGraph: { type: 'website' },
        jsonLd: {
          '@context': 'https://schema.org',
          '@type': 'NewsMediaOrganization',
          name: outlet.name,
          alternateName: outlet.shortName,
          url: absoluteUrl(site, sitePath(site, '/')),
        },
      }}
    >
      <h1 class="visually-hidden">{outlet.name}</h1>
      {!lead ? (
        <p class="empty">暂无新闻。</p>
      ) : (
        <div class="home">
          <section class="lead-story" aria-label="头条">
            <p class="lead-section">
              <a href={sitePath(site, `/section/${encodeURIComponent(lead.sectionSlug)}`)}>{lead.sectionName}</a>
            </p>
            <h2 class="lead-title">
              <a href={sitePath(site, articlePath(lead, outlet.timezone))}>{lead.title}</a>
            </h2>
            {lead.summary && <p class="lead-summary">{lead.summary}</p>}
            <time datetime={lead.publishedAt}>{formatDateTime(lead.publishedAt, outlet.timezone)}</time>
          </section>
          <section class="latest" aria-labelledby="latest-title">
            <h2 id="latest-title">最新</h2>
            <TeaserList site={site} items={latest} showSection />
          </section>
          {mostRead && <MostRead site={site} lists={mostRead} limit={8} />}
          <div class="section-blocks">
            {sectionBlocks.map(({ section, items }) => (
              <section class="section-block" aria-labelledby={`block-${section.slug}`}>
                <h2 id={`block-${section.slug}`}>
                  <a href={sitePath(site, `/section/${encodeURIComponent(section.slug)}`)}>{section.name}</a>
                </h2>
                <TeaserList site={site} items={items} />
              </section>
            ))}
          </div>
        </div>
      )}
    </Layout>
  );
}
