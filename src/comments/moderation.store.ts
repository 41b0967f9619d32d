import type { Queryable } from '../platform/db/database.js';
import type { CommentStatus, SpamReason } from './model.js';

export const QUEUES = ['pending', 'held', 'reported', 'approved', 'rejected'] as const;
/** pending: pre-moderation; held: held by the filters; reported: readers reported it. */
export type Queue = (typeof QUEUES)[number];

/** A comment as moderators see it: everything, with its article. */
export interface QueueItem {
  id: number;
  articleId: number;
  articleTitle: string;
  sectionId: number;
  parentId: number | null;
  authorKey: string;
  authorName: string;
  authorKind: 'reader' | 'guest';
  body: string;
  status: CommentStatus;
  likes: number;
  openReports: number;
  spamScore: number;
  spamAction: string;
  spamReasons: SpamReason[];
  createdAt: string;
  editedAt: string | null;
  moderatedAt: string | null;
  rejectReason: string | null;
}

export interface QueueQuery {
  queue: Queue | null;
  articleId: number | null;
  authorKey: string | null;
  /** Desks the moderator may see; null for every desk. */
  sectionIds: number[] | null;
  /** Id of the last item of the previous page. */
  after: number | null;
  limit: number;
}

/** Oldest first for work waiting (pending, held, reported), newest first for decisions made. */
export function queueOrder(queue: Queue | null): 'asc' | 'desc' {
  return queue === 'pending' || queue === 'held' || queue === 'reported' ? 'asc' : 'desc';
}

/** One page of a moderation queue (or an author's history when `queue` is null), keyset by id. */
export async function selectQueue(db: Queryable, q: QueueQuery): Promise<QueueItem[]> {
  const order = queueOrder(q.queue);
  let query = db
    .selectFrom('comments as c')
    .innerJoin('articles as a', 'a.id', 'c.article_id')
    .select([
      'c.id',
      'c.article_id',
      'a.title as article_title',
      'a.section_id',
      'c.parent_id',
      'c.author_key',
      'c.author_name',
      'c.reader_id',
      'c.body',
      'c.status',
      'c.likes',
      'c.open_reports',
      'c.spam_score',
      'c.spam_action',
      'c.spam_reasons',
      'c.created_at',
      'c.edited_at',
      'c.moderated_at',
      'c.reject_reason',
    ]);
  if (q.queue === 'reported') query = query.where('c.open_reports', '>', 0).where('c.status', '!=', 'deleted');
  else if (q.queue) query = query.where('c.status', '=', q.queue);
  if (q.articleId !== null) query = query.where('c.article_id', '=', q.articleId);
  if (q.authorKey !== null) query = query.where('c.author_key', '=', q.authorKey);
  if (q.sectionIds !== null) query = q.sectionIds.length === 0 ? query.where('c.id', '<', 0) : query.where('a.section_id', 'in', q.sectionIds);
  if (q.after !== null) query = query.where('c.id', order === 'asc' ? '>' : '<', q.after);
  const rows = await query.orderBy('c.id', order).limit(q.limit).execute();
  return rows.map((r) => ({
    id: r.id,
    articleId: r.article_id,
    articleTitle: r.article_title,
    sectionId: r.section_id,
    parentId: r.parent_id,
    authorKey: r.author_key,
    authorName: r.author_name,
    authorKind: r.reader_id === null ? 'guest' : 'reader',
    body: r.body,
    status: r.status as CommentStatus,
    likes: r.likes,
    openReports: r.open_reports,
    spamScore: r.spam_score,
    spamAction: r.spam_action,
    spamReasons: JSON.parse(r.spam_reasons) as SpamReason[],
    createdAt: r.created_at,
    editedAt: r.edited_at,
    moderatedAt: r.moderated_at,
    rejectReason: r.reject_reason,
  }));
}

/** How many comments wait in a queue, within the desks given (null: all). */
export async function countQueue(db: Queryable, queue: 'pending' | 'held' | 'reported', sectionIds: number[] | null): Promise<number> {
  if (sectionIds !== null && sectionIds.length === 0) return 0;
  let query = db.selectFrom('comments as c').select((eb) => eb.fn.countAll<number>().as('n'));
  query = queue === 'reported' ? query.where('c.open_reports', '>', 0).where('c.status', '!=', 'deleted') : query.where('c.status', '=', queue);
  if (sectionIds !== null) query = query.innerJoin('articles as a', 'a.id', 'c.article_id').where('a.section_id', 'in', sectionIds);
  return Number((await query.executeTakeFirstOrThrow()).n);
}

/** Counts per status of an author's comments. */
export async function countByStatusForAuthor(db: Queryable, authorKey: string): Promise<Record<string, number>> {
  const rows = await db
    .selectFrom('comments')
    .select(['status', (eb) => eb.fn.countAll<number>().as('n')])
    .where('author_key', '=', authorKey)
    .groupBy('status')
    .execute();
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Ids of the author's comments that are not rejected or deleted yet. */
export async function selectRejectableIdsByAuthor(db: Queryable, authorKey: string): Promise<number[]> {
  const rows = await db
    .selectFrom('comments')
    .select('id')
    .where('author_key', '=', authorKey)
    .where('status', 'in', ['pending', 'approved', 'held'])
    .execute();
  return rows.map((r) => r.id);
}

export interface Ban {
  id: number;
  authorKey: string;
  reason: string;
  bannedBy: number | null;
  createdAt: string;
}

export async function selectBan(db: Queryable, authorKey: string): Promise<Ban | null> {
  const row = await db.selectFrom('comment_bans').selectAll().where('author_key', '=', authorKey).executeTakeFirst();
  return row ? { id: row.id, authorKey: row.author_key, reason: row.reason, bannedBy: row.banned_by, createdAt: row.created_at } : null;
}

/** Bans an author key; returns the ban (an existing ban is kept as it was). */
export async function insertBan(db: Queryable, ban: Omit<Ban, 'id'>): Promise<Ban> {
  await db
    .insertInto('comment_bans')
    .values({ author_key: ban.authorKey, reason: ban.reason, banned_by: ban.bannedBy, created_at: ban.createdAt })
    .onConflict((oc) => oc.column('author_key').doNothing())
    .execute();
  return (await selectBan(db, ban.authorKey)) as Ban;
}

export async function deleteBan(db: Queryable, id: number): Promise<Ban | null> {
  const row = await db.selectFrom('comment_bans').selectAll().where('id', '=', id).executeTakeFirst();
  if (!row) return null;
  await db.deleteFrom('comment_bans').where('id', '=', id).execute();
  return { id: row.id, authorKey: row.author_key, reason: row.reason, bannedBy: row.banned_by, createdAt: row.created_at };
}

export async function selectBans(db: Queryable, limit: number): Promise<Ban[]> {
  const rows = await db.selectFrom('comment_bans').selectAll().orderBy('id', 'desc').limit(limit).execute();
  return rows.map((row) => ({ id: row.id, authorKey: row.author_key, reason: row.reason, bannedBy: row.banned_by, createdAt: row.created_at }));
}
