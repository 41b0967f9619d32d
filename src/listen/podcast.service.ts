import { Feed } from 'feed';
import { articlePath } from '../articles/article.service.js';
import { sectionBySlug } from '../articles/outlet.service.js';
import { articlePermanentPath, podcastPath, scopePagePath, type PodcastScope } from '../feeds/feed-urls.js';
import { editionLanguage, FEED_SIZE } from '../feeds/feeds.service.js';
import type { Db } from '../platform/db/database.js';
import { NotFoundError } from '../platform/errors.js';
import { absoluteUrl, pageUrl, type SiteContext } from '../web/site-context.js';
import { listPodcastRows } from './audio.store.js';
import { audioPath, isCurrentFile } from './audio.service.js';

/** Escapes text for the feed package's CDATA fields, as the site's feeds do (src/feeds/feeds.service.ts). */
function htmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/**
 * The podcast of a scope (the site or one section): RSS 2.0 with iTunes tags, one item per
 * article among the newest FEED_SIZE whose audio matches its current text, with the MP3 as
 * enclosure (url, length, audio/mpeg), itunes:duration, pubDate and the summary. GUIDs are the
 * article's permanent `/{id}.html` address, like the site's feeds. The `feed` package writes the
 * RSS, the itunes namespace, itunes:author and itunes:duration (`podcast: true`); itunes:category
 * (an element with a text attribute, which the package would write as text) and itunes:explicit
 * are added as extensions. No itunes:image or itunes:owner: the outlet has no raster logo
 * (Apple wants a 1400 px JPEG or PNG; the favicon is SVG) and no public e-mail address.
 */
export async function renderPodcast(db: Db, site: Pick<SiteContext, 'outlet' | 'publicUrl' | 'edition'>, scope: PodcastScope): Promise<string> {
  let sectionId: number | undefined;
  let scopeTitle = '';
  if (scope.kind === 'section') {
    const section = await sectionBySlug(db, scope.slug);
    if (!section) throw new NotFoundError('没有这个栏目。');
    sectionId = section.id;
    scopeTitle = section.name;
  }
  const rows = (await listPodcastRows(db, sectionId === undefined ? {} : { sectionId }, FEED_SIZE)).filter((r) => isCurrentFile(r.id, r.contentHash, r.fileKey));
  const { outlet } = site;
  const title = scopeTitle ? `${scopeTitle} - ${outlet.name}播客` : `${outlet.name}播客`;
  const newest = rows.reduce<string | null>((max, r) => (max === null || r.updatedAt > max ? r.updatedAt : max), null);
  const self = pageUrl(site, podcastPath(scope));
  const feed = new Feed({
    id: self,
    title,
    description: scopeTitle ? `收听${outlet.name}${scopeTitle}最新报道` : `收听${outlet.name}最新报道`,
    link: pageUrl(site, scopePagePath(scope)),
    language: editionLanguage(site),
    updated: new Date(newest ?? 0),
    generator: 'Xinwen',
    feedLinks: { rss: self },
    favicon: absoluteUrl(site, '/favicon.svg'),
    copyright: `© ${outlet.name}`,
    podcast: true,
    author: { name: outlet.name },
  });
  feed.addExtension({ name: 'itunes:category', objects: { _attributes: { text: 'News' } } });
  feed.addExtension({ name: 'itunes:explicit', objects: { _text: 'false' } });
  feed.addExtension({ name: 'itunes:type', objects: { _text: 'episodic' } });
  for (const r of rows) {
    const permanent = pageUrl(site, articlePermanentPath(r.id));
    feed.addItem({
      title: htmlText(r.title),
      id: permanent,
      guid: permanent,
      link: pageUrl(site, articlePath({ id: r.id, publishedAt: r.publishedAt }, outlet.timezone)),
      ...(r.summary && { description: htmlText(r.summary) }),
      date: new Date(r.updatedAt),
      published: new Date(r.publishedAt),
      audio: { url: absoluteUrl(site, audioPath(r.fileKey)), type: 'audio/mpeg', length: r.bytes, duration: Math.max(1, Math.round(r.durationMs / 1000)) },
    });
  }
  return feed.rss2();
}
