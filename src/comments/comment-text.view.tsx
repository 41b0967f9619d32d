import type { TextSegment } from './model.js';

/**
 * A comment's text as markup: text stays text (preact escapes it), line breaks become <br>,
 * and only links the server checked (http/https) become anchors that pass no rank or opener.
 */
export function CommentText({ segments }: { segments: TextSegment[] }) {
  return (
    <>
      {segments.map((segment) =>
        segment.type === 'link' ? (
          <a href={segment.href} rel="nofollow ugc noopener" target="_blank">
            {segment.text}
          </a>
        ) : (
          segment.text.split('\n').map((line, i) => (
            <>
              {i > 0 && <br />}
              {line}
            </>
          ))
        ),
      )}
    </>
  );
}

/** The 评论 section of the article page: the count and the widget, filled by the browser script; a plain link without it. */
export function CommentsSection({ articleId, timeZone }: { articleId: number; timeZone: string }) {
  // The outlet's timezone travels with the section, so the script shows times as the page does.
  return (
    <section class="comments" id="comments" aria-labelledby="comments-title" data-comments data-article-id={String(articleId)} data-time-zone={timeZone}>
      <h2 id="comments-title" class="comments-title">
        评论 <span class="comments-count" data-comments-count />
      </h2>
      <p class="comments-fallback" data-comments-fallback>
        <a href={`/comments/${articleId}`}>查看评论、发表评论</a>
      </p>
      <div class="comments-app" data-comments-app hidden />
    </section>
  );
}
