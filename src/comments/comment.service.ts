import { z } from 'zod';
import type { Db, Queryable } from '../platform/db/database.js';
import { AppError, ForbiddenError, NotFoundError, TooManyRequestsError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import { outletSettings } from '../articles/outlet.service.js';
import { DisplayNameSchema, reservedNameProblem } from '../readers/reader.schema.js';
import { checkText } from '../spam/spam.service.js';
import { EDIT_WINDOW_MS, publicArticle, toPublicComment } from './comment-list.service.js';
import { closedReason, settingsForArticle } from './comment-settings.service.js';
import {
  countApprovedByAuthor,
  hasVisibleChildren,
  insertComment,
  insertLike,
  insertReport,
  markDeleted,
  selectComment,
  selectLikes,
  updateCommentBody,
} from './comment.store.js';
import { countLinks } from './comment-text.js';
import { selectBan } from './moderation.store.js';
import type { CommentRecord, CommentStatus, Commenter, EffectiveSettings, PublicComment, SpamReason } from './model.js';

/** Longest comment, in characters (code points). */
export const MAX_BODY_CHARS = 2000;
/** Most links one comment may carry. */
export const MAX_LINKS = 3;
/** Replies nest at most this deep in storage; a reply deeper still joins its parent's level. */
export const MAX_STORED_DEPTH = 8;

/** Line breaks kept (at most one blank line in a row), other control characters dropped. */
function tidyBody(text: string): string {
  return text
    .replace(/\r\n?/g, '\n')
    .replace(/[\u0000-\u0008\u000b-\u001f\u007f\u200b-\u200f\u202a-\u202e\u2066-\u2069\ufeff]/g, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const BodySchema = z
  .string({ error: '请填写评论内容' })
  .transform(tidyBody)
  .pipe(
    z
      .string()
      .min(1, { error: '评论内容不能为空' })
      .refine((t) => [...t].length <= MAX_BODY_CHARS, { error: `评论不能超过 ${MAX_BODY_CHARS} 字` })
      .refine((t) => countLinks(t) <= MAX_LINKS, { error: `评论中的链接太多（最多 ${MAX_LINKS} 个）` }),
  );

/** A new comment or reply. Guests name themselves; readers post under their display name. */
export const NewCommentSchema = z.object({
  body: BodySchema,
  parentId: z.number({ error: '回复的评论编号有误' }).int().positive().nullable().optional(),
  guestName: DisplayNameSchema.optional(),
});

export const EditCommentSchema = z.object({ body: BodySchema }).strict();

export const ReportSchema = z
  .object({
    reason: z
      .string({ error: '请说明举报理由' })
      .transform((s) => tidyBody(s))
      .pipe(z.string().min(1, { error: '请说明举报理由' }).refine((s) => [...s].length <= 500, { error: '举报理由不能超过 500 字' })),
  })
  .strict();

/** 422: the spam filters refuse the comment outright. */
export class CommentBlockedError extends AppError {
  constructor() {
    super(422, 'comment_blocked', '您的评论含有本站不允许发布的内容，未能发表。');
    this.name = 'CommentBlockedError';
  }
}

/** Who posts, and from which network (a salted daily hash, never the address). */
export interface PostContext {
  commenter: Commenter;
  networkKey: string;
  now?: Date;
}

/** What posting answers: the comment as its author sees it, and what happened to it. */
export interface PostResult {
  comment: PublicComment;
  status: CommentStatus;
  /** A Chinese sentence for the author: published, or waiting for moderation. */
  message: string;
}

const STATUS_MESSAGES: Partial<Record<CommentStatus, string>> = {
  approved: '评论已发表。',
  pending: '评论已提交，等待审核后显示。',
  held: '评论已提交，需经审核后显示（等待审核）。',
};

type Verdict = Awaited<ReturnType<typeof checkText>>;

/** Rate limits are spam phases too: a refusal that only they caused is a 429, not a block. */
export function refuseIfBlocked(verdict: Pick<Verdict, 'action' | 'reasons'>): void {
  if (verdict.action !== 'block') return;
  const blocking = verdict.reasons.filter((r) => r.score > 0);
  if (blocking.length > 0 && blocking.every((r) => /rate/i.test(r.phase))) {
    throw new TooManyRequestsError('您发表评论太频繁了，请稍后再试。', 60, 'rate_limited');
  }
  throw new CommentBlockedError();
}

/**
 * Decides a new (or edited) comment's status from the spam verdict and the settings:
 * held when the filters say so or it has links and links are held; pending under
 * pre-moderation or while its author is still a new commenter; otherwise approved.
 */
export function decideStatus(
  verdict: { action: string },
  settings: EffectiveSettings,
  facts: { links: number; approvedBefore: number },
): { status: CommentStatus; extraReasons: SpamReason[] } {
  // Listed whenever it applies, so a moderator sees every reason a comment waits.
  const links: SpamReason[] = settings.holdLinks && facts.links > 0 ? [{ phase: 'links', detail: `含 ${facts.links} 个链接（本站设置：含链接的评论需审核）`, score: 0 }] : [];
  if (verdict.action === 'hold' || links.length > 0) return { status: 'held', extraReasons: links };
  if (settings.mode === 'pre') return { status: 'pending', extraReasons: [] };
  if (facts.approvedBefore < settings.newCommenterApprovals) return { status: 'pending', extraReasons: [] };
  return { status: 'approved', extraReasons: [] };
}

async function assertNotBanned(db: Queryable, authorKey: string): Promise<void> {
  if (await selectBan(db, authorKey)) throw new ForbiddenError('您已被禁止在本站发表评论。', 'banned');
}

function scoredText(body: string, name: string | null): string {
  return name ? `${name}\n${body}` : body;
}

/** Where a reply goes: under its parent, or beside it once the thread is MAX_STORED_DEPTH deep. */
async function replyPlace(db: Queryable, articleId: number, parentId: number) {
  const parent = await selectComment(db, parentId);
  if (!parent || parent.articleId !== articleId || parent.status !== 'approved') throw new NotFoundError('要回复的评论不存在或已被删除。');
  if (parent.depth < MAX_STORED_DEPTH || parent.parentId === null) {
    return { parentId: parent.id, rootId: parent.rootId ?? parent.id, depth: parent.depth + 1, parentPath: parent.threadPath };
  }
  const grand = (await selectComment(db, parent.parentId)) as CommentRecord;
  return { parentId: grand.id, rootId: grand.rootId ?? grand.id, depth: grand.depth + 1, parentPath: grand.threadPath };
}

/**
 * Posts a comment or reply on a published article: validates it, checks closure, guests and
 * bans, scores it with the spam filters (sender: the author key and the network key), then
 * lets the verdict and the settings decide whether it is published, pending or held.
 * A block is refused (422), rate limits are 429, a banned author 403.
 */
export async function postComment(db: Db, articleId: number, input: unknown, context: PostContext): Promise<PostResult> {
  const now = context.now ?? new Date();
  const { commenter } = context;
  const data = parseInput(NewCommentSchema, input, '评论未能发表，请检查后再试');
  const article = await publicArticle(db, articleId);
  const settings = await settingsForArticle(db, article);
  const closed = closedReason(settings, article.publishedAt, now);
  if (closed) throw new ForbiddenError(closed, 'comments_closed');
  if (commenter.kind === 'guest' && !settings.guestsAllowed) throw new ForbiddenError('本文仅限注册读者评论，请先登录。', 'guests_not_allowed');
  if (commenter.kind === 'reader' && !commenter.verified) throw new ForbiddenError('请先点击验证邮件中的链接，完成邮箱验证后再评论。', 'reader_unverified');
  const authorName = commenter.kind === 'reader' ? (commenter.displayName ?? '读者') : data.guestName;
  if (!authorName) throw new ValidationError('请填写昵称', ['guestName: 请填写昵称']);
  if (commenter.kind === 'guest') {
    // Guests follow the readers' naming rules: nobody may pass for the newsroom.
    const outlet = await outletSettings(db);
    const problem = reservedNameProblem(authorName, [outlet.name, outlet.shortName]);
    if (problem) throw new ValidationError('评论未能发表，请检查后再试', [`guestName: ${problem}`]);
  }
  await assertNotBanned(db, commenter.key);
  const place = data.parentId ? await replyPlace(db, articleId, data.parentId) : null;

  const verdict = await checkText(db, scoredText(data.body, commenter.kind === 'guest' ? authorName : null), {
    sender: { readerKey: commenter.key, networkKey: context.networkKey },
    now,
  });
  refuseIfBlocked(verdict);
  const approvedBefore = settings.newCommenterApprovals > 0 ? await countApprovedByAuthor(db, commenter.key) : 0;
  const { status, extraReasons } = decideStatus(verdict, settings, { links: countLinks(data.body), approvedBefore });

  const id = await db.transaction().execute((tx) =>
    insertComment(
      tx,
      {
        article_id: articleId,
        parent_id: place?.parentId ?? null,
        root_id: place?.rootId ?? null,
        depth: place?.depth ?? 0,
        author_key: commenter.key,
        reader_id: commenter.readerId,
        author_name: authorName,
        body: data.body,
        status,
        visible: status === 'approved' ? 1 : 0,
        spam_score: verdict.score,
        spam_action: verdict.action,
        spam_reasons: JSON.stringify([...verdict.reasons, ...extraReasons]),
        created_at: now.toISOString(),
      },
      place?.parentPath ?? null,
    ),
  );
  const record = (await selectComment(db, id)) as CommentRecord;
  return { comment: toPublicComment(record, { commenter, liked: new Set(), now }, new Map()), status, message: STATUS_MESSAGES[status] ?? '' };
}

/** The author's own comment, or 404/403. */
async function ownComment(db: Queryable, id: number, commenter: Commenter): Promise<CommentRecord> {
  const record = await selectComment(db, id);
  if (!record || record.status === 'deleted') throw new NotFoundError('没有这条评论。');
  if (record.authorKey !== commenter.key) throw new ForbiddenError('只能修改或删除自己的评论。', 'not_author');
  return record;
}

/**
 * Edits the author's own comment within EDIT_WINDOW_MS of posting. The new text is scored
 * and decided again, so an edit cannot slip a link or spam past the filters.
 */
export async function editComment(db: Db, id: number, input: unknown, context: PostContext): Promise<PostResult> {
  const now = context.now ?? new Date();
  const { body } = parseInput(EditCommentSchema, input, '评论未能修改，请检查后再试');
  const record = await ownComment(db, id, context.commenter);
  if (record.status === 'rejected') throw new ForbiddenError('这条评论未通过审核，不能再修改。', 'comment_rejected');
  if (now.getTime() > Date.parse(record.createdAt) + EDIT_WINDOW_MS) {
    throw new ForbiddenError(`评论发表 ${EDIT_WINDOW_MS / 60000} 分钟后不能再修改。`, 'edit_window_passed');
  }
  await assertNotBanned(db, context.commenter.key);
  const article = await publicArticle(db, record.articleId);
  const settings = await settingsForArticle(db, article);
  const verdict = await checkText(db, scoredText(body, record.readerId === null ? record.authorName : null), {
    sender: { readerKey: context.commenter.key, networkKey: context.networkKey },
    now,
  });
  refuseIfBlocked(verdict);
  const approvedBefore = settings.newCommenterApprovals > 0 ? await countApprovedByAuthor(db, record.authorKey) : 0;
  // Decided like a new comment: under pre-moderation an edit waits for a moderator again.
  const decided = decideStatus(verdict, settings, { links: countLinks(body), approvedBefore });
  const status = decided.status;
  const visible = status === 'approved' || (await hasVisibleChildren(db, id));
  await updateCommentBody(db, id, {
    body,
    editedAt: now.toISOString(),
    status,
    visible,
    spamScore: verdict.score,
    spamAction: verdict.action,
    spamReasons: [...verdict.reasons, ...decided.extraReasons],
  });
  const updated = (await selectComment(db, id)) as CommentRecord;
  return { comment: toPublicComment(updated, { commenter: context.commenter, liked: new Set(), now }, new Map()), status, message: STATUS_MESSAGES[status] ?? '' };
}

/** Deletes the author's own comment; if replies hang on it, "此评论已删除" stays in its place. */
export async function deleteOwnComment(db: Db, id: number, commenter: Commenter): Promise<void> {
  await db.transaction().execute(async (tx) => {
    await ownComment(tx, id, commenter);
    await markDeleted(tx, id, await hasVisibleChildren(tx, id));
  });
}

/** Likes a published comment once per reader or guest; returns the count and that the viewer likes it. */
export async function likeComment(db: Db, id: number, commenter: Commenter, options: { now?: Date } = {}): Promise<{ likes: number; liked: true }> {
  const record = await selectComment(db, id);
  if (!record || record.status !== 'approved') throw new NotFoundError('没有这条评论。');
  await db.transaction().execute((tx) => insertLike(tx, id, commenter.key, (options.now ?? new Date()).toISOString()));
  return { likes: await selectLikes(db, id), liked: true };
}

/** Reports a published comment with a reason (once per reporter); it enters the reported queue. */
export async function reportComment(db: Db, id: number, input: unknown, commenter: Commenter, options: { now?: Date } = {}): Promise<{ reported: true }> {
  const { reason } = parseInput(ReportSchema, input, '举报未能提交');
  const record = await selectComment(db, id);
  if (!record || record.status !== 'approved') throw new NotFoundError('没有这条评论。');
  await db.transaction().execute((tx) => insertReport(tx, { commentId: id, reporterKey: commenter.key, reason, at: (options.now ?? new Date()).toISOString() }));
  return { reported: true };
}
