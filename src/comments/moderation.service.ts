import { z } from 'zod';
import type { Db, Queryable } from '../platform/db/database.js';
import { ForbiddenError, NotFoundError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { recordAudit } from '../newsroom/audit/audit.service.js';
import { worksOnDesk, type Actor } from '../newsroom/staff/actor.js';
import { learnFromDecision } from '../spam/spam.service.js';
import { selectCommentableArticle, selectComments, selectReports, setModeratedStatus } from './comment.store.js';
import {
  QUEUES,
  countByStatusForAuthor,
  countQueue,
  deleteBan,
  insertBan,
  selectBan,
  selectBans,
  selectQueue,
  selectRejectableIdsByAuthor,
  type Ban,
  type Queue,
  type QueueItem,
} from './moderation.store.js';

/** Most comments one bulk decision may cover. */
export const MAX_BULK = 100;
const QUEUE_PAGE = 50;

const REJECT_REASONS = ['spam', 'abuse', 'off_topic', 'other'] as const;
/** Why a comment was rejected; only `spam` teaches the spam filter. */
export type RejectReason = (typeof REJECT_REASONS)[number] | 'ban';

const AuthorKeySchema = z.string({ error: '请指定评论者' }).regex(/^(r:\d{1,12}|g:[0-9a-f]{32})$/, { error: '评论者标识格式错误' });

export const QueueQuerySchema = z.object({
  queue: z.enum(QUEUES, { message: '队列须为 pending、held、reported、approved 或 rejected' }).default('pending'),
  article: z.coerce.number({ message: '稿件编号须为数字' }).int().positive().optional(),
  after: z.coerce.number({ message: '翻页参数须为数字' }).int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(100).default(QUEUE_PAGE),
});

export const HistoryQuerySchema = z.object({
  author: AuthorKeySchema,
  after: z.coerce.number().int().positive().optional(),
});

export const DecisionSchema = z
  .object({
    ids: z.array(z.number().int().positive(), { error: '请选择评论' }).min(1, { error: '请至少选择一条评论' }).max(MAX_BULK, { error: `一次最多处理 ${MAX_BULK} 条` }),
    reason: z.enum(REJECT_REASONS, { message: '理由须为 spam、abuse、off_topic 或 other' }).optional(),
  })
  .strict();

export const BanSchema = z
  .object({
    authorKey: AuthorKeySchema,
    reason: z.string().trim().min(1, { error: '请填写封禁理由' }).max(300, { error: '理由不能超过 300 字' }),
    rejectAll: z.boolean().default(false),
  })
  .strict();

/** Desks whose comments the actor moderates: null for all (moderators, admins, all-desk editors). */
export function moderatedSections(actor: Actor): number[] | null {
  if (actor.role === 'admin' || actor.role === 'moderator' || actor.allDesks) return null;
  return actor.deskIds;
}

/** A queue item with the reports readers filed. */
export interface ModerationItem extends QueueItem {
  reports: { reason: string; at: string; resolved: boolean }[];
}

async function withReports(db: Queryable, items: QueueItem[]): Promise<ModerationItem[]> {
  const reports = await selectReports(db, items.filter((i) => i.openReports > 0 || i.status !== 'approved').map((i) => i.id));
  return items.map((item) => ({
    ...item,
    reports: reports.filter((r) => r.commentId === item.id).map(({ commentId: _c, ...r }) => r),
  }));
}

/** One page of a moderation queue, limited to the actor's desks; `nextAfter` pages on. */
export async function listModerationQueue(db: Queryable, actor: Actor, query: unknown): Promise<{ queue: Queue; items: ModerationItem[]; nextAfter: number | null }> {
  const q = parseInput(QueueQuerySchema, query, '审核队列的参数有误');
  const items = await selectQueue(db, {
    queue: q.queue,
    articleId: q.article ?? null,
    authorKey: null,
    sectionIds: moderatedSections(actor),
    after: q.after ?? null,
    limit: q.limit + 1,
  });
  const page = items.slice(0, q.limit);
  return { queue: q.queue, items: await withReports(db, page), nextAfter: items.length > q.limit ? (page.at(-1)?.id ?? null) : null };
}

/** Sizes of the queues that wait for work, for the tabs. */
export async function queueCounts(db: Queryable, actor: Actor): Promise<Record<'pending' | 'held' | 'reported', number>> {
  const sectionIds = moderatedSections(actor);
  const [pending, held, reported] = await Promise.all([countQueue(db, 'pending', sectionIds), countQueue(db, 'held', sectionIds), countQueue(db, 'reported', sectionIds)]);
  return { pending, held, reported };
}

/** A commenter's history: every comment (newest first, within the actor's desks), counts and ban. */
export async function authorHistory(db: Queryable, actor: Actor, query: unknown) {
  const q = parseInput(HistoryQuerySchema, query, '评论者参数有误');
  const items = await selectQueue(db, { queue: null, articleId: null, authorKey: q.author, sectionIds: moderatedSections(actor), after: q.after ?? null, limit: QUEUE_PAGE + 1 });
  const page = items.slice(0, QUEUE_PAGE);
  return {
    authorKey: q.author,
    authorName: page[0]?.authorName ?? null,
    counts: await countByStatusForAuthor(db, q.author),
    ban: await selectBan(db, q.author),
    items: await withReports(db, page),
    nextAfter: items.length > QUEUE_PAGE ? (page.at(-1)?.id ?? null) : null,
  };
}

/**
 * Approves or rejects comments (one or a bulk selection) in one transaction, each audited.
 * Every comment must be on a desk the actor moderates (403 otherwise, and nothing changes).
 * Approving a pending or held comment teaches the spam filter "ham"; rejecting as spam, "spam".
 */
export async function decideComments(
  db: Db,
  actor: Actor,
  decision: 'approve' | 'reject',
  input: unknown,
  options: { now?: Date } = {},
): Promise<{ decided: number[] }> {
  const { ids, reason } = parseInput(DecisionSchema, input, '审核操作有误');
  const now = options.now ?? new Date();
  const rejectReason: RejectReason | null = decision === 'reject' ? (reason ?? 'spam') : null;
  const learn: { text: string; label: 'spam' | 'ham' }[] = [];
  const result = await db.transaction().execute(async (tx) => {
    const comments = await selectComments(tx, [...new Set(ids)]);
    if (comments.length !== new Set(ids).size) throw new NotFoundError('有评论不存在，请刷新后再试。');
    await assertDesks(tx, actor, comments.map((c) => c.articleId));
    const changing = comments.filter((c) => c.status !== 'deleted');
    await setModeratedStatus(tx, changing.map((c) => c.id), { status: decision === 'approve' ? 'approved' : 'rejected', by: actor.id, at: now.toISOString(), rejectReason });
    for (const c of changing) {
      await recordAudit(
        tx,
        { actorId: actor.id, action: `comment.${decision}`, subjectType: 'comment', subjectId: c.id, details: { from: c.status, articleId: c.articleId, ...(rejectReason && { reason: rejectReason }) } },
        { now },
      );
      if (decision === 'approve' && (c.status === 'pending' || c.status === 'held')) learn.push({ text: c.body, label: 'ham' });
      if (decision === 'reject' && rejectReason === 'spam' && c.status !== 'rejected') learn.push({ text: c.body, label: 'spam' });
    }
    return { decided: changing.map((c) => c.id) };
  });
  // Learnt once the decision is committed: the filter only ever learns decisions that stand.
  for (const { text, label } of learn) await learnFromDecision(db, text, label);
  return result;
}

async function assertDesks(db: Queryable, actor: Actor, articleIds: number[]): Promise<void> {
  if (moderatedSections(actor) === null) return;
  for (const articleId of new Set(articleIds)) {
    const article = await selectCommentableArticle(db, articleId);
    if (!article || !worksOnDesk(actor, article.sectionId)) throw new ForbiddenError('您只能审核自己负责栏目的评论。');
  }
}

/**
 * Bans a commenter from posting (not desk-limited editors: a ban reaches every desk); with
 * `rejectAll`, rejects all their comments that are not rejected yet. Audited.
 */
export async function banAuthor(db: Db, actor: Actor, input: unknown, options: { now?: Date } = {}): Promise<{ ban: Ban; rejected: number }> {
  const { authorKey, reason, rejectAll } = parseInput(BanSchema, input, '封禁信息有误');
  if (moderatedSections(actor) !== null) throw new ForbiddenError('只有评论审核员、管理员和负责全部栏目的编辑可以封禁评论者。');
  const now = options.now ?? new Date();
  return db.transaction().execute(async (tx) => {
    const ban = await insertBan(tx, { authorKey, reason, bannedBy: actor.id, createdAt: now.toISOString() });
    const ids = rejectAll ? await selectRejectableIdsByAuthor(tx, authorKey) : [];
    await setModeratedStatus(tx, ids, { status: 'rejected', by: actor.id, at: now.toISOString(), rejectReason: 'ban' });
    await recordAudit(tx, { actorId: actor.id, action: 'comment.ban', subjectType: 'commenter', subjectId: authorKey, details: { reason, rejected: ids.length } }, { now });
    return { ban, rejected: ids.length };
  });
}

/** Lifts a ban (audited). */
export async function liftBan(db: Db, actor: Actor, id: number): Promise<Ban> {
  if (moderatedSections(actor) !== null) throw new ForbiddenError('只有评论审核员、管理员和负责全部栏目的编辑可以解除封禁。');
  return db.transaction().execute(async (tx) => {
    const ban = await deleteBan(tx, id);
    if (!ban) throw new NotFoundError('没有这条封禁记录。');
    await recordAudit(tx, { actorId: actor.id, action: 'comment.unban', subjectType: 'commenter', subjectId: ban.authorKey, details: { reason: ban.reason } });
    return ban;
  });
}

/** The newest bans. */
export async function listBans(db: Queryable): Promise<Ban[]> {
  return selectBans(db, 200);
}
