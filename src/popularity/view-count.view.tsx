import { formatViews } from './format.js';

/**
 * 人气 N in the article's meta line, as of render time; the page's view beacon
 * (web/client/views.ts) counts the view and writes the fresh number in.
 */
export function ViewCount({ articleId, views }: { articleId: number; views: number }) {
  return (
    <span class="meta-item view-count" data-view-count={String(articleId)}>
      人气{' '}
      <span class="view-count-number" data-view-count-number title={`${views}次阅读`}>
        {formatViews(views)}
      </span>
    </span>
  );
}
