import { formatDateTime } from '../articles/format.js';
import { isoWithOffset } from '../platform/time.js';
import { Layout } from '../web/layout.js';
import type { SiteContext } from '../web/site-context.js';
import type { CommentPage } from './comment-list.service.js';
import { CommentText } from './comment-text.view.js';
import type { CommentSort, PublicComment, PublicThread } from './model.js';

const SORT_LABELS: Record<CommentSort, string> = { newest: '最新', oldest: '最早', liked: '最热' };

export interface CommentsPageProps {
  site: SiteContext;
  article: { id: number; title: string; path: string };
  page: CommentPage;
  /** A whole thread when the reader followed "更多回复" (its replies after the inline ones). */
  thread: { root: PublicComment | null; replies: PublicComment[]; nextCursor: string | null } | null;
  /** The comment being replied to (from ?reply=). */
  replyTo: PublicComment | null;
  /** What the last post did, or why it failed. */
  notice: { kind: 'ok' | 'error'; text: string; details?: string[] } | null;
  /** The form's text after a failed post, so nothing typed is lost. */
  draft: { body: string; guestName: string };
  /** Hidden form field for a signed-in reader's CSRF token. */
  csrf: { name: string; token: string } | null;
}

function Comment({ comment, articleId, tz, canReply }: { comment: PublicComment; articleId: number; tz: string; canReply: boolean }) {
  const deleted = comment.status === 'deleted';
  return (
    <article class={`comment depth-${comment.displayDepth}`} id={`c${comment.id}`}>
      <header class="comment-meta">
        <span class="comment-author">{deleted ? '（已删除）' : comment.authorName}</span>
        {comment.replyTo && <span class="comment-reply-to">回复 {comment.replyTo}</span>}
        <time datetime={isoWithOffset(comment.createdAt, tz)}>{formatDateTime(comment.createdAt, tz)}</time>
        {comment.editedAt && <span class="comment-edited">已编辑</span>}
        {comment.status === 'pending' || comment.status === 'held' ? <span class="comment-awaiting">等待审核</span> : null}
      </header>
      <div class="comment-body">{deleted ? <p class="comment-deleted">此评论已删除</p> : <p><CommentText segments={comment.segments} /></p>}</div>
      <footer class="comment-actions">
        <span class="comment-likes">赞 {comment.likes}</span>
        {canReply && !deleted && comment.status === 'approved' && (
          <a href={`/comments/${articleId}?reply=${comment.id}#comment-form`}>回复</a>
        )}
      </footer>
    </article>
  );
}

function Thread({ thread, articleId, tz, canReply }: { thread: PublicThread; articleId: number; tz: string; canReply: boolean }) {
  return (
    <li class="comment-thread">
      <Comment comment={thread} articleId={articleId} tz={tz} canReply={canReply} />
      {thread.replies.map((r) => (
        <Comment comment={r} articleId={articleId} tz={tz} canReply={canReply} />
      ))}
      {thread.moreReplies > 0 && (
        <a class="comment-more" href={`/comments/${articleId}?thread=${thread.id}#c${thread.id}`}>
          更多回复（{thread.moreReplies}）
        </a>
      )}
    </li>
  );
}

function PostForm({ props }: { props: CommentsPageProps }) {
  const { page, article, replyTo, draft, csrf } = props;
  if (page.closed) return <p class="comments-closed">{page.closed}</p>;
  const guest = page.viewer.kind !== 'reader';
  if (guest && !page.settings.guestsAllowed) {
    return (
      <p class="comments-login">
        本文仅限注册读者评论。<a href={`/account/login?next=${encodeURIComponent(`/comments/${article.id}`)}`}>登录</a>或
        <a href="/account/register">注册</a>后即可发表评论。
      </p>
    );
  }
  return (
    <form class="comment-form" id="comment-form" method="post" action={`/comments/${article.id}`}>
      <h2>{replyTo ? `回复 ${replyTo.authorName}` : '发表评论'}</h2>
      {replyTo && (
        <>
          <blockquote class="comment-quote">
            <CommentText segments={replyTo.segments} />
          </blockquote>
          <input type="hidden" name="parentId" value={String(replyTo.id)} />
          <p>
            <a href={`/comments/${article.id}#comment-form`}>取消回复</a>
          </p>
        </>
      )}
      {csrf && <input type="hidden" name={csrf.name} value={csrf.token} />}
      {guest ? (
        <label class="comment-field">
          <span>昵称</span>
          <input name="guestName" required minLength={2} maxLength={24} autocomplete="nickname" value={draft.guestName} />
        </label>
      ) : (
        <p class="comment-as">以「{page.viewer.name}」的身份发表</p>
      )}
      <label class="comment-field">
        <span>评论</span>
        <textarea name="body" required rows={5} maxLength={2000}>
          {draft.body}
        </textarea>
      </label>
      <p class="comment-hint">{page.settings.mode === 'pre' ? '评论经审核后显示。' : '请文明发言；含链接的评论可能需要审核。'}</p>
      <button type="submit" class="comment-submit">
        发表
      </button>
    </form>
  );
}

/** The no-JavaScript comments page of an article: every thread, pages, a plain form. Never cached. */
export function CommentsPage(props: CommentsPageProps) {
  const { site, article, page, thread, notice } = props;
  const tz = site.outlet.timezone;
  const base = `/comments/${article.id}`;
  const canReply = !page.closed && (page.viewer.kind === 'reader' || page.settings.guestsAllowed);
  return (
    <Layout site={site} meta={{ title: `评论：${article.title}`, robots: 'noindex' }} activeSection={null}>
      <div class="comments-page">
        <p class="breadcrumb">
          <a href={article.path}>← 返回文章</a>
        </p>
        <h1 class="comments-page-title">
          评论：<a href={article.path}>{article.title}</a>
        </h1>
        <p class="comments-total">共 {page.total} 条评论</p>
        {notice && (
          <div class={`comments-notice comments-notice-${notice.kind}`} role={notice.kind === 'error' ? 'alert' : 'status'}>
            <p>{notice.text}</p>
            {notice.details && notice.details.length > 0 && (
              <ul>
                {notice.details.map((d) => (
                  <li>{d}</li>
                ))}
              </ul>
            )}
          </div>
        )}
        {page.awaiting.length > 0 && (
          <section class="comments-awaiting" aria-label="您的待审评论">
            {page.awaiting.map((c) => (
              <Comment comment={c} articleId={article.id} tz={tz} canReply={false} />
            ))}
          </section>
        )}
        {thread?.root ? (
          <ol class="comment-list">
            <li class="comment-thread">
              <Comment comment={thread.root} articleId={article.id} tz={tz} canReply={canReply} />
              {thread.replies.map((r) => (
                <Comment comment={r} articleId={article.id} tz={tz} canReply={canReply} />
              ))}
              {thread.nextCursor && (
                <a class="comment-more" href={`${base}?thread=${thread.root.id}&cursor=${encodeURIComponent(thread.nextCursor)}`}>
                  更多回复
                </a>
              )}
            </li>
          </ol>
        ) : (
          <>
            <nav class="comment-sorts" aria-label="排序">
              {(Object.keys(SORT_LABELS) as CommentSort[]).map((s) => (
                <a href={`${base}?sort=${s}`} aria-current={s === page.sort ? 'true' : undefined}>
                  {SORT_LABELS[s]}
                </a>
              ))}
            </nav>
            {page.threads.length === 0 ? (
              <p class="comments-empty">还没有评论。</p>
            ) : (
              <ol class="comment-list">
                {page.threads.map((t) => (
                  <Thread thread={t} articleId={article.id} tz={tz} canReply={canReply} />
                ))}
              </ol>
            )}
            {page.nextCursor && (
              <a class="comment-next" rel="next" href={`${base}?sort=${page.sort}&cursor=${encodeURIComponent(page.nextCursor)}`}>
                下一页
              </a>
            )}
          </>
        )}
        <PostForm props={props} />
      </div>
    </Layout>
  );
}
