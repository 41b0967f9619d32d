import { Feed } from 'feed';
import { articlePath } from '../articles/article.service.js';
import { sectionBySlug } from '../articles/outlet.service.js';
import { isKnownTag, latestFeedItems } from '../articles/reader.service.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import { storyArticleIds, storyBySlug } from '../stories/stories.service.js';
import { EDITIONS } from '../web/editions.js';
import { absoluteUrl, pageUrl, type SiteContext } from '../web/site-context.js';
import { articlePermanentPath, feedPath, scopePagePath, type FeedFormat, type FeedScope } from './feed-urls.js';

/** Items in every feed. */
export const FEED_SIZE = 50;

/** The edition's language for feeds and the news sitemap: zh-cn (Simplified) or zh-tw (Traditional). */
export function editionLanguage(site: Pick<SiteContext, 'edition'>): string {
  return EDITIONS[site.edition].newsLanguage;
}

/**
 * Escapes text for the feed package's CDATA fields, which feed readers treat as HTML (Atom says
 * so with type="html"); escaping `>` also keeps `]]>` out of the CDATA section.
 */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A category for both formats: RSS reads name and domain, Atom term, label and scheme. */
function category(name: string, url: string) {
  return { name, term: name, domain: url, scheme: url };
}

/** Parses the tag segment of a URL; an over-long or unknown tag is a 404. */
async function resolveScope(db: Db, scope: FeedScope): Promise<{ filter: { sectionId?: number; tag?: string; ids?: number[] }; title: string }> {
  if (scope.kind === 'section') {
    const section = await sectionBySlug(db, scope.slug);
    if (!section) throw new NotFoundError('没有这个栏目。');
    return { filter: { sectionId: section.id }, title: section.name };
  }
  if (scope.kind === 'tag') {
    if (scope.name.length > 50 || !(await isKnownTag(db, scope.name))) throw new NotFoundError('没有这个标签。');
    return { filter: { tag: scope.name }, title: `标签：${scope.name}` };
  }
  if (scope.kind === 'story') {
    const story = await storyBySlug(db, scope.slug);
    return { filter: { ids: await storyArticleIds(db, story.id) }, title: `专题：${story.title}` };
  }
  return { filter: {}, title: '' };
}

/**
 * The RSS 2.0 or Atom document of a scope: its newest FEED_SIZE published articles. GUIDs and
 * Atom ids are the article's permanent `/{id}.html` address, so edits never change them.
 */
export async function renderFeed(db: Db, site: Pick<SiteContext, 'outlet' | 'publicUrl' | 'edition'>, scope: FeedScope, format: FeedFormat): Promise<string> {
  const { filter, title: scopeTitle } = await resolveScope(db, scope);
  const articles = await latestFeedItems(db, filter, FEED_SIZE);
  const { outlet } = site;
  const title = scopeTitle ? `${scopeTitle} - ${outlet.name}` : outlet.name;
  const newest = articles.reduce<string | null>((max, a) => (max === null || a.updatedAt > max ? a.updatedAt : max), null);
  const feed = new Feed({
    id: pageUrl(site, feedPath(scope, format)),
    title,
    description: scopeTitle ? `${outlet.name}${scopeTitle}最新报道` : `${outlet.name}最新报道`,
    link: pageUrl(site, scopePagePath(scope)),
    language: editionLanguage(site),
    // A feed with no articles yet still needs a stable <updated>; the epoch says "never".
    updated: new Date(newest ?? 0),
    generator: 'Xinwen',
    feedLinks: { rss: pageUrl(site, feedPath(scope, 'rss')), atom: pageUrl(site, feedPath(scope, 'atom')) },
    favicon: absoluteUrl(site, '/favicon.svg'),
    copyright: `© ${outlet.name}`,
  });
  for (const a of articles) {
    feed.addItem({
      title: htmlText(a.title),
      id: pageUrl(site, articlePermanentPath(a.id)),
      guid: pageUrl(site, articlePermanentPath(a.id)),
      link: pageUrl(site, articlePath({ id: a.id, publishedAt: a.publishedAt }, outlet.timezone)),
      ...(a.summary && { description: htmlText(a.summary) }),
      date: new Date(a.updatedAt),
      published: new Date(a.publishedAt),
      author: a.reporters.map((name) => ({ name })),
      category: [
        category(a.sectionName, pageUrl(site, scopePagePath({ kind: 'section', slug: a.sectionSlug }))),
        ...a.tags.map((name) => category(name, pageUrl(site, scopePagePath({ kind: 'tag', name })))),
      ],
    });
  }
  return format === 'rss' ? feed.rss2() : feed.atom1();
}
