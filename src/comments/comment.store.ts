import type { Insertable, Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { CommentTable } from '../platform/db/schema.js';
import type { CommentRecord, CommentStatus, SpamReason } from './model.js';

type CommentRow = Selectable<CommentTable>;

function toRecord(row: CommentRow): CommentRecord {
  return {
    id: row.id,
    articleId: row.article_id,
    parentId: row.parent_id,
    rootId: row.root_id,
    depth: row.depth,
    threadPath: row.thread_path,
    authorKey: row.author_key,
    readerId: row.reader_id,
    authorName: row.author_name,
    body: row.body,
    status: row.status as CommentStatus,
    visible: row.visible === 1,
    likes: row.likes,
    openReports: row.open_reports,
    spamScore: row.spam_score,
    spamAction: row.spam_action,
    spamReasons: JSON.parse(row.spam_reasons) as SpamReason[],
    createdAt: row.created_at,
    editedAt: row.edited_at,
    moderatedBy: row.moderated_by,
    moderatedAt: row.moderated_at,
    rejectReason: row.reject_reason,
  };
}

/** What the comments feature needs of an article: whether it is public, its desk and date. */
export interface CommentableArticle {
  id: number;
  title: string;
  sectionId: number;
  status: string;
  publishedAt: string | null;
}

/** Reads the few article columns comments depend on (the articles table is only read here). */
export async function selectCommentableArticle(db: Queryable, id: number): Promise<CommentableArticle | null> {
  const row = await db
    .selectFrom('articles')
    .select(['id', 'title', 'section_id', 'status', 'published_at'])
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? { id: row.id, title: row.title, sectionId: row.section_id, status: row.status, publishedAt: row.published_at } : null;
}

/** Path segment for one id: fixed width, so text order is number order. */
export function pathSegment(id: number): string {
  return String(id).padStart(10, '0');
}

/** Inserts a comment and sets its thread path (which needs its id); returns the id. */
export async function insertComment(
  db: Queryable,
  row: Omit<Insertable<CommentTable>, 'thread_path'>,
  parentPath: string | null,
): Promise<number> {
  const { id } = await db.insertInto('comments').values({ ...row, thread_path: '' }).returning('id').executeTakeFirstOrThrow();
  const path = parentPath ? `${parentPath}/${pathSegment(id)}` : pathSegment(id);
  await db.updateTable('comments').set({ thread_path: path }).where('id', '=', id).execute();
  return id;
}

export async function selectComment(db: Queryable, id: number): Promise<CommentRecord | null> {
  const row = await db.selectFrom('comments').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toRecord(row) : null;
}

export async function selectComments(db: Queryable, ids: readonly number[]): Promise<CommentRecord[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('comments').selectAll().where('id', 'in', [...ids]).orderBy('id').execute();
  return rows.map(toRecord);
}

/** Where a page of top comments starts: after this comment in the chosen order. */
export type RootCursor = { sort: 'newest' | 'oldest'; id: number } | { sort: 'liked'; likes: number; id: number };

/**
 * One page of an article's visible top comments in keyset order: newest/oldest by id (ids grow
 * with time), most liked by (likes, id). Each page is one index range scan, never an OFFSET.
 */
export async function selectRootPage(
  db: Queryable,
  articleId: number,
  sort: 'newest' | 'oldest' | 'liked',
  after: RootCursor | null,
  limit: number,
): Promise<CommentRecord[]> {
  let query = db.selectFrom('comments').selectAll().where('article_id', '=', articleId).where('depth', '=', 0).where('visible', '=', 1);
  if (sort === 'oldest') {
    if (after) query = query.where('id', '>', after.id);
    query = query.orderBy('id', 'asc');
  } else if (sort === 'newest') {
    if (after) query = query.where('id', '<', after.id);
    query = query.orderBy('id', 'desc');
  } else {
    if (after?.sort === 'liked') {
      const { likes, id } = after;
      // A row-value comparison: one index range in both databases.
      query = query.where((eb) => eb(eb.refTuple('likes', 'id'), '<', eb.tuple(likes, id)));
    }
    query = query.orderBy('likes', 'desc').orderBy('id', 'desc');
  }
  return (await query.limit(limit).execute()).map(toRecord);
}

/** The first `perThread` visible replies of each thread, in tree order, in one query. */
export async function selectFirstReplies(db: Queryable, rootIds: readonly number[], perThread: number): Promise<CommentRecord[]> {
  if (rootIds.length === 0) return [];
  const rows = await db
    .selectFrom((eb) =>
      eb
        .selectFrom('comments')
        .selectAll()
        .select((e) => e.fn.agg<number>('row_number').over((ob) => ob.partitionBy('root_id').orderBy('thread_path')).as('rn'))
        .where('root_id', 'in', [...rootIds])
        .where('visible', '=', 1)
        .as('t'),
    )
    .selectAll()
    .where('rn', '<=', perThread)
    .orderBy('thread_path')
    .execute();
  return rows.map(({ rn: _rn, ...row }) => toRecord(row));
}

/** Visible replies per thread, for the roots given. */
export async function countVisibleReplies(db: Queryable, rootIds: readonly number[]): Promise<Map<number, number>> {
  if (rootIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('comments')
    .select(['root_id', (eb) => eb.fn.countAll<number>().as('n')])
    .where('root_id', 'in', [...rootIds])
    .where('visible', '=', 1)
    .groupBy('root_id')
    .execute();
  return new Map(rows.map((r) => [r.root_id as number, Number(r.n)]));
}

/** Visible replies of one thread after `afterPath`, in tree order. */
export async function selectThreadReplies(db: Queryable, rootId: number, afterPath: string | null, limit: number): Promise<CommentRecord[]> {
  let query = db.selectFrom('comments').selectAll().where('root_id', '=', rootId).where('visible', '=', 1);
  if (afterPath) query = query.where('thread_path', '>', afterPath);
  return (await query.orderBy('thread_path').limit(limit).execute()).map(toRecord);
}

/** Approved comments on an article (what the 评论 count shows). */
export async function countApprovedOnArticle(db: Queryable, articleId: number): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('article_id', '=', articleId)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** The author's own comments on an article that others cannot see yet (pending or held). */
export async function selectAwaitingByAuthor(db: Queryable, articleId: number, authorKey: string): Promise<CommentRecord[]> {
  const rows = await db
    .selectFrom('comments')
    .selectAll()
    .where('author_key', '=', authorKey)
    .where('article_id', '=', articleId)
    .where('status', 'in', ['pending', 'held'])
    .orderBy('id', 'desc')
    .limit(50)
    .execute();
  return rows.map(toRecord);
}

/** How many of the author's comments were approved (for the new-commenter rule). */
export async function countApprovedByAuthor(db: Queryable, authorKey: string): Promise<number> {
  const row = await db
    .selectFrom('comments')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('author_key', '=', authorKey)
    .where('status', '=', 'approved')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Whether the comment has replies that public lists show. */
export async function hasVisibleChildren(db: Queryable, id: number): Promise<boolean> {
  const row = await db.selectFrom('comments').select('id').where('parent_id', '=', id).where('visible', '=', 1).limit(1).executeTakeFirst();
  return row !== undefined;
}

export async function updateCommentBody(db: Queryable, id: number, changes: { body: string; editedAt: string; status: CommentStatus; visible: boolean; spamScore: number; spamAction: string; spamReasons: SpamReason[] }): Promise<void> {
  await db
    .updateTable('comments')
    .set({
      body: changes.body,
      edited_at: changes.editedAt,
      status: changes.status,
      visible: changes.visible ? 1 : 0,
      spam_score: changes.spamScore,
      spam_action: changes.spamAction,
      spam_reasons: JSON.stringify(changes.spamReasons),
    })
    .where('id', '=', id)
    .execute();
}

/** Marks a comment deleted by its author: the text goes, a placeholder stays if replies hang on it. */
export async function markDeleted(db: Queryable, id: number, keepPlaceholder: boolean): Promise<void> {
  await db.updateTable('comments').set({ status: 'deleted', body: '', visible: keepPlaceholder ? 1 : 0, open_reports: 0 }).where('id', '=', id).execute();
}

/** A moderator's decision on comments: status, visibility, who and when; open reports are resolved. */
export async function setModeratedStatus(
  db: Queryable,
  ids: readonly number[],
  change: { status: 'approved' | 'rejected'; by: number | null; at: string; rejectReason: string | null },
): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('comments')
    .set({
      status: change.status,
      visible: change.status === 'approved' ? 1 : 0,
      moderated_by: change.by,
      moderated_at: change.at,
      reject_reason: change.rejectReason,
      open_reports: 0,
    })
    .where('id', 'in', [...ids])
    .execute();
  await db.updateTable('comment_reports').set({ resolved_at: change.at }).where('comment_id', 'in', [...ids]).where('resolved_at', 'is', null).execute();
}

/** Records a like once per liker; returns whether it was new (and then counts it). */
export async function insertLike(db: Queryable, commentId: number, likerKey: string, at: string): Promise<boolean> {
  const result = await db
    .insertInto('comment_likes')
    .values({ comment_id: commentId, liker_key: likerKey, created_at: at })
    .onConflict((oc) => oc.columns(['comment_id', 'liker_key']).doNothing())
    .executeTakeFirst();
  const inserted = (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  if (inserted) await db.updateTable('comments').set((eb) => ({ likes: eb('likes', '+', 1) })).where('id', '=', commentId).execute();
  return inserted;
}

/** Which of `ids` the liker has liked. */
export async function selectLikedAmong(db: Queryable, ids: readonly number[], likerKey: string): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('comment_likes').select('comment_id').where('liker_key', '=', likerKey).where('comment_id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.comment_id));
}

export async function selectLikes(db: Queryable, id: number): Promise<number> {
  const row = await db.selectFrom('comments').select('likes').where('id', '=', id).executeTakeFirst();
  return row?.likes ?? 0;
}

/** Records a report once per reporter; a new one raises the comment's open report count. */
export async function insertReport(db: Queryable, report: { commentId: number; reporterKey: string; reason: string; at: string }): Promise<boolean> {
  const result = await db
    .insertInto('comment_reports')
    .values({ comment_id: report.commentId, reporter_key: report.reporterKey, reason: report.reason, created_at: report.at })
    .onConflict((oc) => oc.columns(['comment_id', 'reporter_key']).doNothing())
    .executeTakeFirst();
  const inserted = (result.numInsertedOrUpdatedRows ?? 0n) > 0n;
  if (inserted) await db.updateTable('comments').set((eb) => ({ open_reports: eb('open_reports', '+', 1) })).where('id', '=', report.commentId).execute();
  return inserted;
}

/** Reports on the comments given, newest first, for the moderation queue. */
export async function selectReports(db: Queryable, commentIds: readonly number[]): Promise<{ commentId: number; reason: string; at: string; resolved: boolean }[]> {
  if (commentIds.length === 0) return [];
  const rows = await db
    .selectFrom('comment_reports')
    .select(['comment_id', 'reason', 'created_at', 'resolved_at'])
    .where('comment_id', 'in', [...commentIds])
    .orderBy('id', 'desc')
    .execute();
  return rows.map((r) => ({ commentId: r.comment_id, reason: r.reason, at: r.created_at, resolved: r.resolved_at !== null }));
}
