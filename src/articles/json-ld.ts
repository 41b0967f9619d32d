import { isoWithOffset } from '../platform/time.js';
import { EDITIONS } from '../web/editions.js';
import { pageUrl, type SiteContext } from '../web/site-context.js';
import type { Article } from './model.js';

/**
 * schema.org `NewsArticle` for an article page: headline, dates with the outlet's offset,
 * authors and editor as Person, section, keywords, language and the publisher.
 */
export function newsArticleJsonLd(site: SiteContext, article: Article, canonicalPath: string): object {
  const tz = site.outlet.timezone;
  const url = pageUrl(site, canonicalPath);
  const person = (p: { id: number; displayName: string }) => ({
    '@type': 'Person',
    name: p.displayName,
    url: pageUrl(site, `/reporter/${p.id}`),
  });
  return {
    '@context': 'https://schema.org',
    '@type': 'NewsArticle',
    mainEntityOfPage: { '@type': 'WebPage', '@id': url },
    url,
    headline: article.title,
    ...(article.subtitle && { alternativeHeadline: article.subtitle }),
    ...(article.summary && { description: article.summary }),
    ...(article.publishedAt && { datePublished: isoWithOffset(article.publishedAt, tz) }),
    dateModified: isoWithOffset(article.updatedAt, tz),
    author: article.byline.reporters.map(person),
    ...(article.editor && { editor: { '@type': 'Person', name: article.editor.displayName } }),
    ...(article.corrections.length > 0 && {
      correction: article.corrections.map((c) => ({ '@type': 'CorrectionComment', text: c.text, datePublished: isoWithOffset(c.at, tz) })),
    }),
    articleSection: article.section.name,
    keywords: article.tags,
    inLanguage: EDITIONS[site.edition].lang,
    isAccessibleForFree: true,
    publisher: {
      '@type': 'NewsMediaOrganization',
      name: site.outlet.name,
      alternateName: site.outlet.shortName,
      url: pageUrl(site, '/'),
    },
  };
}
