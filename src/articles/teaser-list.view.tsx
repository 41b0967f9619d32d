import { sitePath, type SiteContext } from '../web/site-context.js';
import { articlePath } from './article.service.js';
import { formatDateTime, formatShortDate } from './format.js';
import type { ArticleTeaser } from './model.js';

export interface TeaserListProps {
  site: SiteContext;
  items: ArticleTeaser[];
  /** `compact` shows headline and date only (sidebars); `full` adds summary and section. */
  variant?: 'compact' | 'full';
  showSection?: boolean;
}

/** A list of article headlines linking to their canonical pages. */
export function TeaserList({ site, items, variant = 'compact', showSection = false }: TeaserListProps) {
  const tz = site.outlet.timezone;
  return (
    <ul class={`teasers teasers-${variant}`}>
      {items.map((a) => (
        <li class="teaser">
          <a class="teaser-title" href={sitePath(site, articlePath(a, tz))}>
            {a.title}
          </a>
          {variant === 'full' && a.summary && <p class="teaser-summary">{a.summary}</p>}
          <span class="teaser-meta">
            {showSection && (
              <a class="teaser-section" href={sitePath(site, `/section/${encodeURIComponent(a.sectionSlug)}`)}>
                {a.sectionName}
              </a>
            )}
            <time datetime={a.publishedAt}>
              {variant === 'full' ? formatDateTime(a.publishedAt, tz) : formatShortDate(a.publishedAt, tz)}
            </time>
          </span>
        </li>
      ))}
    </ul>
  );
}
