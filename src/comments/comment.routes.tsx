import { fromOtherOrigin } from '../platform/http/same-origin.js';
import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { articlePath } from '../articles/article.service.js';
import type { Db } from '../platform/db/database.js';
import { AppError, ForbiddenError, NotFoundError, ValidationError } from '../platform/errors.js';
import { assertReaderCsrf, CSRF_FIELD, readerSession, requestCookie, type ReaderSession } from '../readers/reader-auth.js';
import { renderDocument } from '../web/render.js';
import type { SiteContext } from '../web/site-context.js';
import { listArticleComments, listThreadReplies, publicArticle, toPublicComment } from './comment-list.service.js';
import { deleteOwnComment, editComment, likeComment, postComment, reportComment } from './comment.service.js';
import { selectComment } from './comment.store.js';
import { CommentsPage, type CommentsPageProps } from './comments-page.view.js';
import { createNetworkHasher, GUEST_COOKIE, GUEST_COOKIE_MAX_AGE_S, guestAuthorKey, isGuestToken, newGuestToken, readerAuthorKey } from './commenter.js';
import type { Commenter, CommentStatus } from './model.js';

export interface CommentRoutesOptions {
  db: Db;
  siteContext(request: FastifyRequest): Promise<SiteContext>;
  /** Turns an address into the day's network key; default a per-process secret (createNetworkHasher). */
  networkKey?: (ip: string, now: Date) => string;
}

type IdParams = { Params: { id: string } };

function idParam(raw: string, message = '没有这条评论。'): number {
  if (!/^\d{1,10}$/.test(raw) || Number(raw) < 1) throw new NotFoundError(message);
  return Number(raw);
}

/**
 * A state change must come from this site's own pages: a browser names the page's origin
 * (Sec-Fetch-Site / Origin), so a form or script on another site is refused. Clients that
 * send neither (not a browser) carry no borrowed cookies to worry about.
 */
function assertSameSite(request: FastifyRequest): void {
  if (fromOtherOrigin(request)) throw new ForbiddenError('请求来源不明（安全校验失败），请在本站页面上操作。', 'csrf');
}

const FORM_STATUS_TEXT: Partial<Record<CommentStatus, string>> = {
  approved: '评论已发表。',
  pending: '评论已提交，等待审核后显示。',
  held: '评论已提交，需经审核后显示（等待审核）。',
};

/**
 * The readers' side of comments: the JSON API the article page's script uses
 * (/api/articles/:id/comments, /api/comments/:id/…) and the no-JavaScript page
 * /comments/:articleId with its plain form. Answers depend on who asks, so none is cached.
 */
export async function commentRoutes(app: FastifyInstance, options: CommentRoutesOptions): Promise<void> {
  const { db, siteContext } = options;
  const networkKey = options.networkKey ?? createNetworkHasher();
  if (!app.hasRequestDecorator('cookies')) await app.register(fastifyCookie);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    return payload;
  });

  /** The reader (signed in) or the guest (cookie), or null for a guest without a cookie yet. */
  const identify = async (request: FastifyRequest): Promise<{ commenter: Commenter | null; session: ReaderSession | null }> => {
    const session = await readerSession(db, request);
    if (session) {
      const { reader } = session;
      return { session, commenter: { kind: 'reader', key: readerAuthorKey(reader.id), readerId: reader.id, displayName: reader.displayName, verified: reader.verified } };
    }
    const token = requestCookie(request, GUEST_COOKIE);
    if (!isGuestToken(token)) return { session: null, commenter: null };
    return { session: null, commenter: { kind: 'guest', key: guestAuthorKey(token), readerId: null, displayName: null, verified: false } };
  };

  /** For a change: CSRF checks, then the commenter (a new guest gets their cookie now). */
  const actingCommenter = async (request: FastifyRequest, reply: FastifyReply): Promise<Commenter> => {
    assertSameSite(request);
    const { commenter, session } = await identify(request);
    if (session) assertReaderCsrf(request, session);
    if (commenter) return commenter;
    const token = newGuestToken();
    reply.setCookie(GUEST_COOKIE, token, { httpOnly: true, sameSite: 'lax', path: '/', secure: request.protocol === 'https', maxAge: GUEST_COOKIE_MAX_AGE_S });
    return { kind: 'guest', key: guestAuthorKey(token), readerId: null, displayName: null, verified: false };
  };

  const existingCommenter = async (request: FastifyRequest): Promise<Commenter> => {
    assertSameSite(request);
    const { commenter, session } = await identify(request);
    if (session) assertReaderCsrf(request, session);
    if (!commenter) throw new ForbiddenError('只能修改或删除自己的评论。', 'not_author');
    return commenter;
  };

  app.get<IdParams>('/api/articles/:id/comments', async (request) => {
    const { commenter } = await identify(request);
    return listArticleComments(db, idParam(request.params.id, '没有这篇文章。'), request.query, { commenter });
  });

  app.post<IdParams>('/api/articles/:id/comments', async (request, reply) => {
    const commenter = await actingCommenter(request, reply);
    const result = await postComment(db, idParam(request.params.id, '没有这篇文章。'), request.body, { commenter, networkKey: networkKey(request.ip, new Date()) });
    return reply.code(201).send(result);
  });

  app.get<IdParams>('/api/comments/:id/replies', async (request) => {
    const { commenter } = await identify(request);
    return listThreadReplies(db, idParam(request.params.id), request.query, { commenter });
  });

  app.patch<IdParams>('/api/comments/:id', async (request) => {
    const commenter = await existingCommenter(request);
    return editComment(db, idParam(request.params.id), request.body, { commenter, networkKey: networkKey(request.ip, new Date()) });
  });

  app.delete<IdParams>('/api/comments/:id', async (request, reply) => {
    const commenter = await existingCommenter(request);
    await deleteOwnComment(db, idParam(request.params.id), commenter);
    return reply.code(204).send();
  });

  app.post<IdParams>('/api/comments/:id/like', async (request, reply) => {
    const commenter = await actingCommenter(request, reply);
    return likeComment(db, idParam(request.params.id), commenter);
  });

  app.post<IdParams>('/api/comments/:id/report', async (request, reply) => {
    const commenter = await actingCommenter(request, reply);
    return reply.code(201).send(await reportComment(db, idParam(request.params.id), request.body, commenter));
  });

  // ---- The page for browsers without JavaScript ----

  type PageQuery = { Querystring: Record<string, string | undefined> };

  const renderPage = async (
    request: FastifyRequest<IdParams & PageQuery>,
    reply: FastifyReply,
    extra: Pick<CommentsPageProps, 'notice' | 'draft'>,
    status = 200,
  ) => {
    const articleId = idParam(request.params.id, '没有这篇文章。');
    const query = request.query;
    const site = await siteContext(request);
    const article = await publicArticle(db, articleId);
    const { commenter, session } = await identify(request);
    const threadId = query.thread && /^\d{1,10}$/.test(query.thread) ? Number(query.thread) : null;
    const page = await listArticleComments(db, articleId, threadId ? {} : { sort: query.sort, cursor: query.cursor }, { commenter });
    let thread: CommentsPageProps['thread'] = null;
    if (threadId) {
      const replies = await listThreadReplies(db, threadId, { cursor: query.cursor }, { commenter });
      const root = await selectComment(db, threadId);
      thread = { root: root && toPublicComment(root, { commenter, liked: new Set(), now: new Date() }, new Map()), replies: replies.replies, nextCursor: replies.nextCursor };
    }
    let replyTo = null;
    if (query.reply && /^\d{1,10}$/.test(query.reply)) {
      const parent = await selectComment(db, Number(query.reply));
      if (parent && parent.articleId === articleId && parent.status === 'approved') replyTo = toPublicComment(parent, { commenter, liked: new Set(), now: new Date() }, new Map());
    }
    const path = articlePath({ id: article.id, publishedAt: article.publishedAt }, site.outlet.timezone);
    return reply
      .code(status)
      .type('text/html; charset=utf-8')
      .send(
        renderDocument(
          <CommentsPage
            site={site}
            article={{ id: article.id, title: article.title, path }}
            page={page}
            thread={thread}
            replyTo={replyTo}
            csrf={session ? { name: CSRF_FIELD, token: session.csrfToken } : null}
            {...extra}
          />,
        ),
      );
  };

  app.get<IdParams & PageQuery>('/comments/:id', async (request, reply) => {
    const posted = request.query.posted as CommentStatus | undefined;
    const text = posted ? FORM_STATUS_TEXT[posted] : undefined;
    return renderPage(request, reply, { notice: text ? { kind: 'ok', text } : null, draft: { body: '', guestName: '' } });
  });

  app.post<IdParams & PageQuery>('/comments/:id', async (request, reply) => {
    const form = (request.body ?? {}) as Record<string, unknown>;
    const text = (name: string) => (typeof form[name] === 'string' ? (form[name] as string) : '');
    const parentRaw = text('parentId');
    const input = {
      body: text('body'),
      ...(parentRaw && /^\d{1,10}$/.test(parentRaw) && { parentId: Number(parentRaw) }),
      ...(text('guestName') && { guestName: text('guestName') }),
    };
    try {
      const commenter = await actingCommenter(request, reply);
      const result = await postComment(db, idParam(request.params.id, '没有这篇文章。'), input, { commenter, networkKey: networkKey(request.ip, new Date()) });
      return reply.redirect(`/comments/${request.params.id}?posted=${result.status}#c${result.comment.id}`, 303);
    } catch (err) {
      if (!(err instanceof AppError) || err instanceof NotFoundError) throw err;
      const details = err instanceof ValidationError ? err.details.map((d) => d.replace(/^[^:]+: /, '')) : [];
      request.query.reply = parentRaw || undefined;
      return renderPage(request, reply, { notice: { kind: 'error', text: err.publicMessage, details }, draft: { body: input.body, guestName: text('guestName') } }, err.status);
    }
  });
}
