import { z } from 'zod';
import type { Queryable } from '../platform/db/database.js';
import { NotFoundError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { closedReason, settingsForArticle } from './comment-settings.service.js';
import {
  countApprovedOnArticle,
  countVisibleReplies,
  selectAwaitingByAuthor,
  selectCommentableArticle,
  selectComment,
  selectComments,
  selectFirstReplies,
  selectLikedAmong,
  selectRootPage,
  selectThreadReplies,
  type CommentableArticle,
  type RootCursor,
} from './comment.store.js';
import { textSegments } from './comment-text.js';
import { COMMENT_SORTS, type CommentRecord, type CommentSort, type Commenter, type EffectiveSettings, type PublicComment, type PublicThread } from './model.js';

/** Replies are indented at most this deep; deeper ones say whom they answer. */
export const MAX_DISPLAY_DEPTH = 3;
/** Replies shown with each top comment before "更多回复". */
export const INLINE_REPLIES = 3;
/** Top comments per page, and replies per "更多回复" load. */
export const PAGE_SIZE = 20;
/** How long after posting an author may still edit. */
export const EDIT_WINDOW_MS = 15 * 60 * 1000;

export const ListQuerySchema = z.object({
  sort: z.enum(COMMENT_SORTS, { message: '排序须为 newest、oldest 或 liked' }).default('newest'),
  cursor: z.string().max(60).optional(),
});

export const RepliesQuerySchema = z.object({ cursor: z.string().max(400).optional() });

/** Encodes where the next page starts; opaque to clients. */
export function encodeRootCursor(sort: CommentSort, last: CommentRecord): string {
  return sort === 'liked' ? `l.${last.likes}.${last.id}` : `${sort === 'newest' ? 'n' : 'o'}.${last.id}`;
}

/** Reads a cursor for `sort`; a cursor made for another order (or garbage) is a 400. */
export function decodeRootCursor(sort: CommentSort, raw: string | undefined): RootCursor | null {
  if (!raw) return null;
  const liked = /^l\.(\d{1,9})\.(\d{1,12})$/.exec(raw);
  if (sort === 'liked' && liked) return { sort, likes: Number(liked[1]), id: Number(liked[2]) };
  const plain = /^([no])\.(\d{1,12})$/.exec(raw);
  if (plain && (sort === 'newest' ? 'n' : 'o') === plain[1] && sort !== 'liked') return { sort, id: Number(plain[2]) };
  throw new ValidationError('翻页参数有误，请从第一页重新加载。', ['cursor: 与排序方式不符或格式错误']);
}

/** What one viewer may see and do on a comment. */
interface ViewerState {
  commenter: Commenter | null;
  liked: Set<number>;
  now: Date;
}

/** The text readers see: links found and checked on the server; a deleted comment has none. */
export function toPublicComment(record: CommentRecord, viewer: ViewerState, parentNames: ReadonlyMap<number, string>): PublicComment {
  const mine = viewer.commenter !== null && viewer.commenter.key === record.authorKey;
  const deleted = record.status === 'deleted';
  const editableUntil = new Date(Date.parse(record.createdAt) + EDIT_WINDOW_MS);
  const editable = mine && !deleted && record.status !== 'rejected' && viewer.now < editableUntil;
  return {
    id: record.id,
    parentId: record.parentId,
    rootId: record.rootId,
    displayDepth: Math.min(record.depth, MAX_DISPLAY_DEPTH),
    replyTo: record.depth > 1 && record.parentId !== null ? (parentNames.get(record.parentId) ?? null) : null,
    authorName: deleted ? '' : record.authorName,
    authorKind: record.readerId === null ? 'guest' : 'reader',
    segments: deleted ? [] : textSegments(record.body),
    body: deleted ? '' : record.body,
    status: record.status,
    likes: record.likes,
    createdAt: record.createdAt,
    editedAt: record.editedAt,
    mine,
    liked: viewer.liked.has(record.id),
    editableUntil: editable ? editableUntil.toISOString() : null,
  };
}

async function parentNamesFor(db: Queryable, records: CommentRecord[]): Promise<Map<number, string>> {
  const known = new Map(records.map((r) => [r.id, r.status === 'deleted' ? '' : r.authorName]));
  const missing = [...new Set(records.flatMap((r) => (r.depth > 1 && r.parentId !== null && !known.has(r.parentId) ? [r.parentId] : [])))];
  for (const parent of await selectComments(db, missing)) known.set(parent.id, parent.status === 'deleted' ? '' : parent.authorName);
  return known;
}

async function viewerState(db: Queryable, commenter: Commenter | null, ids: number[], now: Date): Promise<ViewerState> {
  return { commenter, liked: commenter ? await selectLikedAmong(db, ids, commenter.key) : new Set(), now };
}

/** A published article, or 404 (drafts have no comments). */
export async function publicArticle(db: Queryable, articleId: number): Promise<CommentableArticle> {
  const article = await selectCommentableArticle(db, articleId);
  if (!article || article.status !== 'published') throw new NotFoundError('没有这篇文章，或它尚未发布。');
  return article;
}

/** One page of an article's comments for one viewer, with what the form needs to know. */
export interface CommentPage {
  articleId: number;
  /** Approved comments on the article, replies included. */
  total: number;
  sort: CommentSort;
  threads: PublicThread[];
  nextCursor: string | null;
  /** The viewer's own comments still waiting for moderation (first page only). */
  awaiting: PublicComment[];
  settings: Pick<EffectiveSettings, 'guestsAllowed' | 'mode'>;
  /** Why comments are closed, or null. */
  closed: string | null;
  viewer: { kind: 'reader' | 'guest' | 'anonymous'; name: string | null; verified: boolean };
}

/**
 * A page of top comments in the chosen order, each with its first INLINE_REPLIES replies in
 * tree order and how many more there are. Pages follow a keyset cursor, so a page is an index
 * range however many comments came before it.
 */
export async function listArticleComments(
  db: Queryable,
  articleId: number,
  query: unknown,
  options: { commenter: Commenter | null; now?: Date; pageSize?: number },
): Promise<CommentPage> {
  const { sort, cursor } = parseInput(ListQuerySchema, query, '评论列表的参数有误');
  const after = decodeRootCursor(sort, cursor);
  const now = options.now ?? new Date();
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const article = await publicArticle(db, articleId);
  const settings = await settingsForArticle(db, article);
  const roots = await selectRootPage(db, articleId, sort, after, pageSize + 1);
  const hasMore = roots.length > pageSize;
  const pageRoots = roots.slice(0, pageSize);
  const rootIds = pageRoots.map((r) => r.id);
  const [replies, replyCounts, total, awaitingRecords] = await Promise.all([
    selectFirstReplies(db, rootIds, INLINE_REPLIES),
    countVisibleReplies(db, rootIds),
    countApprovedOnArticle(db, articleId),
    options.commenter && !after ? selectAwaitingByAuthor(db, articleId, options.commenter.key) : Promise.resolve([]),
  ]);
  const all = [...pageRoots, ...replies, ...awaitingRecords];
  const viewer = await viewerState(db, options.commenter, all.map((r) => r.id), now);
  const names = await parentNamesFor(db, all);
  const threads: PublicThread[] = pageRoots.map((root) => {
    const own = replies.filter((r) => r.rootId === root.id);
    const more = (replyCounts.get(root.id) ?? 0) - own.length;
    const last = own.at(-1);
    return {
      ...toPublicComment(root, viewer, names),
      replies: own.map((r) => toPublicComment(r, viewer, names)),
      moreReplies: Math.max(0, more),
      repliesCursor: more > 0 && last ? last.threadPath : null,
    };
  });
  const lastRoot = pageRoots.at(-1);
  const commenter = options.commenter;
  return {
    articleId,
    total,
    sort,
    threads,
    nextCursor: hasMore && lastRoot ? encodeRootCursor(sort, lastRoot) : null,
    awaiting: awaitingRecords.map((r) => toPublicComment(r, viewer, names)),
    settings: { guestsAllowed: settings.guestsAllowed, mode: settings.mode },
    closed: closedReason(settings, article.publishedAt, now),
    viewer: commenter
      ? { kind: commenter.kind, name: commenter.displayName, verified: commenter.verified }
      : { kind: 'anonymous', name: null, verified: false },
  };
}

/** The rest of a thread after `cursor` (a thread path), PAGE_SIZE at a time. */
export async function listThreadReplies(
  db: Queryable,
  rootId: number,
  query: unknown,
  options: { commenter: Commenter | null; now?: Date; pageSize?: number },
): Promise<{ rootId: number; replies: PublicComment[]; nextCursor: string | null }> {
  const parsed = RepliesQuerySchema.safeParse(query);
  const cursor = parsed.success ? (parsed.data.cursor ?? null) : null;
  if (!parsed.success || (cursor !== null && !/^\d{10}(\/\d{10})*$/.test(cursor))) throw new ValidationError('翻页参数有误，请重新加载。', ['cursor: 格式错误']);
  const root = await selectComment(db, rootId);
  if (!root || root.depth !== 0 || !root.visible) throw new NotFoundError('没有这条评论。');
  await publicArticle(db, root.articleId);
  const pageSize = options.pageSize ?? PAGE_SIZE;
  const rows = await selectThreadReplies(db, rootId, cursor, pageSize + 1);
  const page = rows.slice(0, pageSize);
  const viewer = await viewerState(db, options.commenter, page.map((r) => r.id), options.now ?? new Date());
  const names = await parentNamesFor(db, [root, ...page]);
  const last = page.at(-1);
  return { rootId, replies: page.map((r) => toPublicComment(r, viewer, names)), nextCursor: rows.length > pageSize && last ? last.threadPath : null };
}
