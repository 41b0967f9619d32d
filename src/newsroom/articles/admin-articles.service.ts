import { z } from 'zod';
import {
  changeArticleStage,
  changeResponsibleEditor,
  createDraftArticle,
  listNewsroomArticles,
  loadEditableArticle,
  paragraphsFromText,
  publishDueArticles,
  saveArticleContent,
  type EditableArticle,
  type NewsroomListItem,
} from '../../articles/article-editing.service.js';
import { EditableContentSchema } from '../../articles/article.schema.js';
import { addCorrection } from '../../articles/article.service.js';
import { announceArticleChange } from '../../articles/publish-events.js';
import type { ArticleStatus, EditableContent } from '../../articles/model.js';
import { outletSettings, personById, sectionBySlug } from '../../articles/outlet.service.js';
import type { Transaction } from 'kysely';
import type { Db } from '../../platform/db/database.js';
import type { Database } from '../../platform/db/schema.js';
import { AppError, NotFoundError, ValidationError } from '../../platform/errors.js';
import { jobQueue } from '../../platform/jobs/job-queue.js';
import { localDate } from '../../platform/time.js';
import { recordAudit } from '../audit/audit.service.js';
import { compareSnapshots, type SnapshotComparison } from '../revisions/compare.js';
import { checkArticleCopy } from '../../spam/article-check.js';
import { getRevision, recordRevision, snapshotForRestore } from '../revisions/revision.service.js';
import type { RevisionSnapshot } from '../revisions/snapshot.js';
import { worksOnDesk, type Actor } from '../staff/actor.js';
import { parseInput } from '../../platform/validation.js';
import type { Queryable } from '../../platform/db/database.js';
import { ACTION_LABELS, STAGES, STAGE_LABELS, allowedActions, assertTransition, whoFor, type Action } from '../workflow/workflow.js';

/** An article as the admin API returns it: content, workflow state, and what the caller may do next. */
export interface ArticleView extends EditableArticle {
  stageLabel: string;
  allowedActions: { action: Action; label: string }[];
}

/** 409: someone saved the article after the caller read it; `conflict` shows their change. */
export class VersionConflictError extends AppError {
  constructor(readonly conflict: { yourVersion: number; currentVersion: number; changes: SnapshotComparison | null }) {
    super(409, 'version_conflict', `稿件已被他人修改（您编辑的是第 ${conflict.yourVersion} 版，现在是第 ${conflict.currentVersion} 版）。请查看对方的修改后再保存。`);
    this.name = 'VersionConflictError';
  }

  override jsonFields(): Record<string, unknown> {
    return { conflict: this.conflict };
  }
}

const contentFields = EditableContentSchema.partial().extend({
  /** Plain paragraphs separated by blank lines; used when `body` is not given. */
  text: z.string().max(200_000).optional(),
});

export const CreateSchema = contentFields.extend({ title: EditableContentSchema.shape.title });
export const PatchSchema = contentFields.extend({ version: z.number().int().min(1) });
export const VersionSchema = z.object({ version: z.number().int().min(1).optional() });

function toView(article: EditableArticle, actor: Actor): ArticleView {
  const who = whoFor(actor, article);
  return {
    ...article,
    stageLabel: STAGE_LABELS[article.status],
    allowedActions: allowedActions(article.status, who).map((action) => ({ action, label: ACTION_LABELS[action] })),
  };
}

function snapshotOf(article: EditableArticle): RevisionSnapshot {
  return { ...article.content, editor: article.editor };
}

async function load(tx: Queryable, id: number): Promise<EditableArticle> {
  const article = await loadEditableArticle(tx, id);
  if (!article) throw new NotFoundError('没有这篇稿件。');
  return article;
}

/** Records the revision for the version the article is now at (every version is kept). */
async function recordCurrent(tx: Queryable, id: number, savedBy: number | null, now: Date): Promise<EditableArticle> {
  const article = await load(tx, id);
  await recordRevision(tx, { articleId: id, version: article.version, savedBy, snapshot: snapshotOf(article), now });
  return article;
}

/**
 * Records the revision an import produced (saved by nobody), so an imported article's history
 * starts at its first version like any other. Call it inside the import's transaction.
 */
export async function recordImportRevision(tx: Queryable, id: number, now: Date): Promise<void> {
  await recordCurrent(tx, id, null, now);
}

/** Merges submitted fields over `base`; `text` stands in for `body` when `body` is absent. */
function mergeContent(base: EditableContent, input: z.infer<typeof contentFields>): EditableContent {
  const { text, ...fields } = input;
  const merged = { ...base };
  for (const [key, value] of Object.entries(fields)) {
    if (value !== undefined) Object.assign(merged, { [key]: value });
  }
  if (fields.body === undefined && text !== undefined) merged.body = paragraphsFromText(text);
  return merged;
}

async function assertDesk(tx: Queryable, actor: Actor, sectionSlug: string): Promise<void> {
  const section = await sectionBySlug(tx, sectionSlug);
  if (section && !worksOnDesk(actor, section.id)) {
    throw new AppError(403, 'forbidden', `您不在「${section.name}」版，不能在该版写稿。`);
  }
}

/**
 * Creates a draft. Defaults follow the desk's habits: the outlet's default section, a 讯
 * dateline of today in the outlet's timezone, and the writer as reporter (报导).
 */
/**
 * Runs a change to one article in one transaction; once it has committed, announces on the
 * publish bus what the change meant for the public site.
 */
async function commitAndAnnounce(
  db: Db,
  id: number,
  change: (tx: Transaction<Database>) => Promise<{ before: ArticleStatus; view: ArticleView }>,
): Promise<ArticleView> {
  const { before, view } = await db.transaction().execute(change);
  announceArticleChange(db, id, before === 'published', view.status === 'published');
  return view;
}

export async function createArticle(db: Db, actor: Actor, body: unknown, now: Date = new Date()): Promise<ArticleView> {
  const input = parseInput(CreateSchema, body, '稿件内容无效');
  return db.transaction().execute(async (tx) => {
    const outlet = await outletSettings(tx);
    const defaults: EditableContent = {
      title: input.title,
      subtitle: null,
      summary: null,
      body: [],
      section: outlet.defaultSectionSlug ?? '',
      tags: [],
      dateline: { source: outlet.name, date: localDate(now, outlet.timezone), place: null, kind: '讯' },
      byline: { reporters: [actor.displayName], reportType: '报导', place: null },
      related: [],
      seoTitle: null,
      seoDescription: null,
    };
    const content = mergeContent(defaults, input);
    await assertDesk(tx, actor, content.section);
    const id = await createDraftArticle(tx, content, actor.id, now);
    const article = await recordCurrent(tx, id, actor.id, now);
    await recordAudit(tx, { actorId: actor.id, action: 'article.create', subjectType: 'article', subjectId: id, details: { title: content.title } }, { now });
    return toView(article, actor);
  });
}

/** An article for the editor with the spam scorer's warning about its copy (null when clean). */
export type CheckedArticleView = ArticleView & { copyWarning: string | null };

/**
 * Scores the article's copy with the one spam scorer (as imports are) and adds the warning to
 * the view. After a save (`alert`), copy that is not clean also leaves a `spam.edit_alert` in
 * the audit log. Runs after the save's transaction: the check advises, it never blocks a save.
 */
export async function withCopyCheck(
  db: Db,
  actor: Actor,
  view: ArticleView,
  options: { alert: boolean; now?: Date },
): Promise<CheckedArticleView> {
  const { verdict, warning } = await checkArticleCopy(db, view.content);
  if (warning && options.alert) {
    await recordAudit(
      db,
      {
        actorId: actor.id,
        action: 'spam.edit_alert',
        subjectType: 'article',
        subjectId: view.id,
        details: { version: view.version, score: verdict.score, action: verdict.action, reasons: verdict.reasons },
      },
      { now: options.now ?? new Date() },
    );
  }
  return { ...view, copyWarning: warning };
}

/** One article for the editor; any staff member may read any article. */
export async function getArticle(db: Db, actor: Actor, id: number): Promise<ArticleView> {
  return toView(await load(db, id), actor);
}

/**
 * Saves an edit made over `version`. When someone saved in between, nothing is written and a
 * 409 carries what they changed (their version against the one the caller started from).
 */
export async function updateArticle(db: Db, actor: Actor, id: number, body: unknown, now: Date = new Date()): Promise<ArticleView> {
  const { version, ...fields } = parseInput(PatchSchema, body, '稿件内容无效');
  return commitAndAnnounce(db, id, async (tx) => {
    const current = await load(tx, id);
    assertTransition(current.status, 'edit', whoFor(actor, current));
    if (current.version !== version) throw await conflict(tx, current, version);
    const content = mergeContent(current.content, fields);
    if (content.section !== current.content.section) await assertDesk(tx, actor, content.section);
    const saved = await saveArticleContent(tx, id, version, content, now);
    if (saved === null) throw await conflict(tx, await load(tx, id), version);
    const article = await recordCurrent(tx, id, actor.id, now);
    return { before: current.status, view: toView(article, actor) };
  });
}

async function conflict(tx: Queryable, current: EditableArticle, yourVersion: number): Promise<VersionConflictError> {
  const base = await getRevision(tx, current.id, yourVersion);
  return new VersionConflictError({
    yourVersion,
    currentVersion: current.version,
    changes: base ? compareSnapshots(base.snapshot, snapshotOf(current)) : null,
  });
}

export const TransitionBodies = {
  submit: VersionSchema,
  return: VersionSchema.extend({ comment: z.string().trim().min(1, '请写明退回原因').max(2_000) }),
  publish: VersionSchema.extend({ publishAt: z.string().datetime({ offset: true }).optional() }),
  unschedule: VersionSchema,
  unpublish: VersionSchema.extend({ reason: z.string().trim().min(1, '请写明撤稿原因').max(2_000) }),
  republish: VersionSchema,
} as const;

/** The workflow actions the API exposes as `POST /articles/:id/{action}`. */
export type TransitionName = keyof typeof TransitionBodies;
export const TRANSITIONS = Object.keys(TransitionBodies) as TransitionName[];

/**
 * Takes a workflow action. `publish` with a future `publishAt` schedules instead; whoever
 * signs off becomes 责任编辑. Every step is audited and leaves a revision.
 */
export async function transitionArticle(
  db: Db,
  actor: Actor,
  id: number,
  name: TransitionName,
  body: unknown,
  now: Date = new Date(),
): Promise<ArticleView> {
  const input = parseInput(TransitionBodies[name], body ?? {}, '请求内容无效') as {
    version?: number;
    comment?: string;
    publishAt?: string;
    reason?: string;
  };
  const view = await commitAndAnnounce(db, id, async (tx) => {
    const current = await load(tx, id);
    if (input.version !== undefined && input.version !== current.version) throw await conflict(tx, current, input.version);
    const publishAt = input.publishAt ? new Date(input.publishAt) : null;
    const action: Action = name === 'publish' && publishAt && publishAt > now ? 'schedule' : name;
    const to = assertTransition(current.status, action, whoFor(actor, current));
    const stage = stageColumns(action, to, actor, now, publishAt, input);
    const version = await changeArticleStage(tx, id, { version: current.version, status: current.status }, stage, now);
    if (version === null) throw await conflict(tx, await load(tx, id), current.version);
    const article = await recordCurrent(tx, id, actor.id, now);
    await recordAudit(
      tx,
      {
        actorId: actor.id,
        action: `article.${action}`,
        subjectType: 'article',
        subjectId: id,
        details: { from: current.status, to, ...(input.comment && { comment: input.comment }), ...(input.reason && { reason: input.reason }), ...(stage.scheduledAt && { publishAt: stage.scheduledAt }) },
      },
      { now },
    );
    return { before: current.status, view: toView(article, actor) };
  });
  if (name === 'publish' || name === 'unschedule') await keepPublishJob(db, view);
  return view;
}

/** The job that publishes a scheduled article at its time (scale mode; see src/scale/background.ts). */
export const PUBLISH_ARTICLE_JOB = 'publish-article';

/**
 * Scale mode: a scheduled article has a job of its own at its time, replaced when it is
 * rescheduled and removed when it is unscheduled or published now; the minute's sweep
 * (publishScheduledArticles) stays as the catch-up. Without a job queue (embedded) the sweep
 * every 15 s does it all.
 */
async function keepPublishJob(db: Db, article: EditableArticle): Promise<void> {
  const queue = jobQueue(db);
  if (!queue) return;
  const jobKey = `${PUBLISH_ARTICLE_JOB}:${article.id}`;
  if (article.status === 'scheduled' && article.scheduledAt) {
    const payload = { articleId: article.id, publishAt: article.scheduledAt };
    await queue.add(PUBLISH_ARTICLE_JOB, payload, { jobKey, runAt: new Date(article.scheduledAt) });
  } else {
    await queue.remove(jobKey);
  }
}

function stageColumns(
  action: Action,
  to: ArticleStatus,
  actor: Actor,
  now: Date,
  publishAt: Date | null,
  input: { comment?: string; reason?: string },
) {
  switch (action) {
    case 'publish':
    case 'republish':
      return { status: to, publishedAt: (publishAt ?? now).toISOString(), scheduledAt: null, editorId: actor.id, unpublishReason: null };
    case 'schedule':
      return { status: to, scheduledAt: (publishAt ?? now).toISOString(), editorId: actor.id };
    case 'unschedule':
      return { status: to, scheduledAt: null };
    case 'return':
      return { status: to, returnComment: input.comment ?? null };
    case 'unpublish':
      return { status: to, unpublishReason: input.reason ?? null };
    default:
      return { status: to, returnComment: null };
  }
}

export const CorrectionSchema = z.object({ text: z.string().trim().min(1, '请填写更正内容').max(2_000) });

/** Adds a dated 更正 note to a published article (desk only); audited. */
export async function correctArticle(db: Db, actor: Actor, id: number, body: unknown, now: Date = new Date()): Promise<ArticleView> {
  const { text } = parseInput(CorrectionSchema, body, '更正内容无效');
  return commitAndAnnounce(db, id, async (tx) => {
    const current = await load(tx, id);
    assertTransition(current.status, 'correct', whoFor(actor, current));
    const correctionId = await addCorrection(tx, { articleId: id, text, byId: actor.id, at: now.toISOString() });
    await recordAudit(tx, { actorId: actor.id, action: 'article.correct', subjectType: 'article', subjectId: id, details: { correctionId, text } }, { now });
    return { before: current.status, view: toView(await load(tx, id), actor) };
  });
}

const PAGE_SIZE = 50;

export const ListQuerySchema = z.object({
  status: z
    .string()
    .transform((v) => v.split(',').filter(Boolean))
    .pipe(z.array(z.enum(STAGES)))
    .optional(),
  section: z.string().max(100).optional(),
  desk: z
    .enum(['mine', 'all'])
    .optional()
    .describe("mine: only the caller's desks (everything for admins and all-desk staff); all (default): every desk"),
  mine: z.enum(['1', 'true']).optional(),
  q: z.string().trim().max(100).optional(),
  page: z.coerce.number().int().min(1).max(10_000).default(1),
});

/**
 * The newsroom's article list with filters: `status` (comma-separated stages), `section`
 * (slug), `desk=mine` (the sections the caller works on), `mine=1` (the caller's own),
 * `q` (title contains), `page` (50 a page). Filters combine.
 */
export async function listArticles(db: Db, actor: Actor, query: unknown): Promise<{ items: NewsroomListItem[]; total: number; page: number; pageSize: number }> {
  const input = parseInput(ListQuerySchema, query, '筛选条件无效');
  const section = input.section ? await sectionBySlug(db, input.section) : undefined;
  if (input.section && !section) throw new NotFoundError('没有这个栏目。');
  const result = await listNewsroomArticles(db, {
    ...(input.status && { statuses: input.status }),
    ...(section && { sectionId: section.id }),
    ...(input.desk === 'mine' && !(actor.role === 'admin' || actor.allDesks) && { sectionIds: actor.deskIds }),
    ...(input.mine && { authorId: actor.id }),
    ...(input.q && { titleContains: input.q }),
    limit: PAGE_SIZE,
    offset: (input.page - 1) * PAGE_SIZE,
  });
  return { ...result, page: input.page, pageSize: PAGE_SIZE };
}

/**
 * Restores revision `version`'s content as a new version (history is never rewritten).
 * The body may carry the `version` the caller is looking at, checked like any edit.
 */
export async function restoreRevision(db: Db, actor: Actor, id: number, revisionVersion: number, body: unknown, now: Date = new Date()): Promise<ArticleView> {
  const input = parseInput(VersionSchema, body ?? {}, '请求内容无效');
  return commitAndAnnounce(db, id, async (tx) => {
    const current = await load(tx, id);
    assertTransition(current.status, 'edit', whoFor(actor, current));
    const expected = input.version ?? current.version;
    if (expected !== current.version) throw await conflict(tx, current, expected);
    const { editor: _editor, ...content } = await snapshotForRestore(tx, id, revisionVersion);
    const saved = await saveArticleContent(tx, id, expected, content, now);
    if (saved === null) throw await conflict(tx, await load(tx, id), expected);
    const article = await recordCurrent(tx, id, actor.id, now);
    await recordAudit(tx, { actorId: actor.id, action: 'article.restore', subjectType: 'article', subjectId: id, details: { restoredVersion: revisionVersion, newVersion: article.version } }, { now });
    return { before: current.status, view: toView(article, actor) };
  });
}

/**
 * The job runner's task: publishes scheduled articles whose time has come (exactly once, see
 * publishDueArticles), each with a revision and an audit entry by the system.
 */
export async function publishScheduledArticles(db: Db, now: Date = new Date()): Promise<number[]> {
  const ids = await db.transaction().execute(async (tx) => {
    const published = await publishDueArticles(tx, now);
    for (const { id } of published) {
      await recordCurrent(tx, id, null, now);
      await recordAudit(tx, { actorId: null, action: 'article.run-schedule', subjectType: 'article', subjectId: id, details: { to: 'published' } }, { now });
    }
    return published.map((p) => p.id);
  });
  for (const id of ids) announceArticleChange(db, id, false, true);
  return ids;
}

export const EditorChangeSchema = VersionSchema.extend({ personId: z.number().int().min(1) });

/**
 * Changes 责任编辑 (admins only: sign-off sets it automatically); audited with before and after.
 * Only staff who can sign off (editors and admins) may be named.
 */
export async function setResponsibleEditor(db: Db, actor: Actor, id: number, body: unknown, now: Date = new Date()): Promise<ArticleView> {
  const input = parseInput(EditorChangeSchema, body, '请求内容无效');
  if (actor.role !== 'admin') throw new AppError(403, 'forbidden', '只有管理员可以更改责任编辑。');
  return commitAndAnnounce(db, id, async (tx) => {
    const current = await load(tx, id);
    const expected = input.version ?? current.version;
    if (expected !== current.version) throw await conflict(tx, current, expected);
    const person = await personById(tx, input.personId);
    if (!person || (person.role !== 'editor' && person.role !== 'admin')) {
      throw new ValidationError('责任编辑须为编辑或管理员', [`personId: ${input.personId} is not an editor or admin`]);
    }
    const version = await changeResponsibleEditor(tx, id, expected, person.id);
    if (version === null) throw await conflict(tx, await load(tx, id), expected);
    const article = await recordCurrent(tx, id, actor.id, now);
    await recordAudit(
      tx,
      { actorId: actor.id, action: 'article.editor_change', subjectType: 'article', subjectId: id, details: { from: current.editor, to: person.displayName } },
      { now },
    );
    return { before: current.status, view: toView(article, actor) };
  });
}
