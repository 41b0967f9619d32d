import { articlePath } from '../articles/article.service.js';
import { formatDateTime } from '../articles/format.js';
import { ListPager, pagePath, type Pagination } from '../articles/list-pages.view.js';
import type { ArticleTeaser } from '../articles/model.js';
import { feedLinks } from '../feeds/feed-urls.js';
import { isoWithOffset } from '../platform/time.js';
import { Layout } from '../web/layout.js';
import { sitePath, type SiteContext } from '../web/site-context.js';
import type { Story } from './model.js';
import { storyPath } from './story-path.js';

export interface StoryPageProps {
  site: SiteContext;
  story: Story;
  /** This page of the timeline: published articles only, newest first. */
  items: ArticleTeaser[];
  page: number;
  pageCount: number;
}

/** A 专题 page: kicker, title, summary, and its articles as a timeline, newest first, with the story's feeds. */
export function StoryPage({ site, story, items, page, pageCount }: StoryPageProps) {
  const tz = site.outlet.timezone;
  const pagination: Pagination = { page, pageCount, basePath: storyPath(story.slug) };
  const { basePath } = pagination;
  return (
    <Layout
      site={site}
      activeSection={null}
      meta={{
        title: page > 1 ? `${story.title}（第${page}页）` : story.title,
        description: story.summary || `${site.outlet.name}专题：${story.title}`,
        canonicalPath: pagePath(basePath, page),
        openGraph: { type: 'website' },
        prevPath: page > 1 ? pagePath(basePath, page - 1) : null,
        nextPath: page < pageCount ? pagePath(basePath, page + 1) : null,
        feeds: feedLinks({ kind: 'story', slug: story.slug }, `专题：${story.title} - ${site.outlet.name}`),
      }}
    >
      <header class="list-header story-header">
        <p class="list-kicker">专题</p>
        <h1 class="list-title">{story.title}</h1>
        {story.summary && <p class="list-description story-summary">{story.summary}</p>}
      </header>
      {items.length === 0 ? (
        <p class="empty">这个专题暂无文章。</p>
      ) : (
        <ol class="story-timeline" aria-label="时间线（最新在前）">
          {items.map((a) => (
            <li class="story-entry">
              <time class="story-time" datetime={isoWithOffset(a.publishedAt, tz)}>
                {formatDateTime(a.publishedAt, tz)}
              </time>
              <h2 class="story-entry-title">
                <a href={sitePath(site, articlePath(a, tz))}>{a.title}</a>
              </h2>
              {a.summary && <p class="story-entry-summary">{a.summary}</p>}
            </li>
          ))}
        </ol>
      )}
      <ListPager site={site} pagination={pagination} />
    </Layout>
  );
}
