import type { Selectable } from 'kysely';
import type { Db } from '../platform/db/database.js';
import type { ArticleAudioTable } from '../platform/db/schema.js';

export type AudioRow = Selectable<ArticleAudioTable>;

/** The states of an article's audio. */
export const AUDIO_STATUSES = ['queued', 'rendering', 'ready', 'failed', 'unavailable'] as const;
export type AudioStatus = (typeof AUDIO_STATUSES)[number];

export async function getAudioRow(db: Db, articleId: number): Promise<AudioRow | undefined> {
  return db.selectFrom('article_audio').selectAll().where('article_id', '=', articleId).executeTakeFirst();
}

export async function deleteAudioRow(db: Db, articleId: number): Promise<void> {
  await db.deleteFrom('article_audio').where('article_id', '=', articleId).execute();
}

/**
 * Inserts or resets the row to `status` for `hash`: attempts back to 0, no error, claimable from
 * `nowIso`. The file of the last rendering (file_key, duration, timings) is kept until a new one
 * replaces it, so the listen API serves the old audio meanwhile.
 */
export async function upsertAudioRow(db: Db, articleId: number, hash: string, status: AudioStatus, nowIso: string, error: string | null = null): Promise<void> {
  await db
    .insertInto('article_audio')
    .values({ article_id: articleId, content_hash: hash, status, attempts: 0, error, not_before: nowIso, requested_at: nowIso })
    .onConflict((oc) =>
      oc.column('article_id').doUpdateSet({ content_hash: hash, status, attempts: 0, error, not_before: nowIso, requested_at: nowIso }),
    )
    .execute();
}

/**
 * Claims the oldest claimable row — queued and due, or left 'rendering' since before
 * `staleBeforeIso` by a process that died — with one conditional UPDATE, so two processes
 * never claim the same row: the loser's update matches nothing and it tries the next one.
 * `startedIso` becomes the claim's token (started_at). Returns the claimed row, or null.
 */
export async function claimNextAudio(db: Db, nowIso: string, staleBeforeIso: string, startedIso: string): Promise<AudioRow | null> {
  for (let tries = 0; tries < 5; tries++) {
    const candidate = await db
      .selectFrom('article_audio')
      .select(['article_id', 'status', 'started_at'])
      .where((eb) =>
        eb.or([
          eb.and([eb('status', '=', 'queued'), eb('not_before', '<=', nowIso)]),
          eb.and([eb('status', '=', 'rendering'), eb('started_at', '<', staleBeforeIso)]),
        ]),
      )
      .orderBy('not_before')
      .orderBy('article_id')
      .limit(1)
      .executeTakeFirst();
    if (!candidate) return null;
    const result = await db
      .updateTable('article_audio')
      .set((eb) => ({ status: 'rendering', started_at: startedIso, attempts: eb('attempts', '+', 1) }))
      .where('article_id', '=', candidate.article_id)
      .where((eb) =>
        candidate.status === 'queued'
          ? eb.and([eb('status', '=', 'queued'), eb('not_before', '<=', nowIso)])
          : eb.and([eb('status', '=', 'rendering'), eb('started_at', '<', staleBeforeIso)]),
      )
      .executeTakeFirst();
    if (Number(result.numUpdatedRows) === 1) return (await getAudioRow(db, candidate.article_id)) ?? null;
  }
  return null;
}

/**
 * Marks a row 'rendering' for a render asked for now (the CLI, the admin's 重新生成 run by the
 * worker goes through the queue instead), whatever its state; `startedIso` is the claim's token.
 */
export async function forceClaimAudio(db: Db, articleId: number, hash: string, startedIso: string): Promise<void> {
  await db
    .insertInto('article_audio')
    .values({ article_id: articleId, content_hash: hash, status: 'rendering', attempts: 1, not_before: startedIso, requested_at: startedIso, started_at: startedIso })
    .onConflict((oc) =>
      oc.column('article_id').doUpdateSet({ content_hash: hash, status: 'rendering', attempts: 1, error: null, not_before: startedIso, started_at: startedIso }),
    )
    .execute();
}

export interface FinishedAudio {
  hash: string;
  fileKey: string;
  bytes: number;
  durationMs: number;
  timings: [number, number][];
  engine: string;
  renderedIso: string;
}

/**
 * Records a finished rendering — only while the claim `startedIso` still holds (the article was
 * not re-queued or claimed by another process meanwhile). Returns the file it replaced (to be
 * deleted), or `false` when the claim was lost.
 */
export async function finishAudio(db: Db, articleId: number, startedIso: string, done: FinishedAudio): Promise<{ previousKey: string | null } | false> {
  return db.transaction().execute(async (tx) => {
    const row = await tx.selectFrom('article_audio').select(['file_key', 'status', 'started_at']).where('article_id', '=', articleId).executeTakeFirst();
    if (!row || row.status !== 'rendering' || row.started_at === null || new Date(row.started_at).getTime() !== new Date(startedIso).getTime()) return false;
    await tx
      .updateTable('article_audio')
      .set({
        content_hash: done.hash,
        status: 'ready',
        file_key: done.fileKey,
        bytes: done.bytes,
        duration_ms: done.durationMs,
        timings: JSON.stringify(done.timings),
        engine: done.engine,
        error: null,
        rendered_at: done.renderedIso,
      })
      .where('article_id', '=', articleId)
      .execute();
    return { previousKey: row.file_key };
  });
}

/** Records a failed attempt of the claim `startedIso`: queued again from `retryIso`, or `status` (failed / unavailable) for good. */
export async function failAudio(db: Db, articleId: number, startedIso: string, error: string, next: { status: 'queued'; retryIso: string } | { status: 'failed' | 'unavailable' }): Promise<void> {
  await db
    .updateTable('article_audio')
    .set({ status: next.status, error, ...(next.status === 'queued' && { not_before: next.retryIso }) })
    .where('article_id', '=', articleId)
    .where('status', '=', 'rendering')
    .where('started_at', '=', startedIso)
    .execute();
}

/** Queues again every row left 'unavailable' (the engine is installed now). Returns how many. */
export async function requeueUnavailable(db: Db, nowIso: string): Promise<number> {
  const result = await db.updateTable('article_audio').set({ status: 'queued', attempts: 0, not_before: nowIso }).where('status', '=', 'unavailable').executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** A published article with its audio state, for the admin list. */
export interface AudioListRow {
  articleId: number;
  title: string;
  publishedAt: string | null;
  status: AudioStatus | null;
  durationMs: number | null;
  fileKey: string | null;
  error: string | null;
  attempts: number;
  renderedAt: string | null;
}

/** Published articles, newest first, with their audio state; `status` 'none' means no row yet. */
export async function listPublishedAudio(db: Db, filter: { status?: AudioStatus | 'none' }, page: { limit: number; offset: number }): Promise<{ rows: AudioListRow[]; total: number }> {
  let base = db.selectFrom('articles').leftJoin('article_audio', 'article_audio.article_id', 'articles.id').where('articles.status', '=', 'published');
  if (filter.status === 'none') base = base.where('article_audio.article_id', 'is', null);
  else if (filter.status) base = base.where('article_audio.status', '=', filter.status);
  const [rows, count] = await Promise.all([
    base
      .select([
        'articles.id',
        'articles.title',
        'articles.published_at',
        'article_audio.status',
        'article_audio.duration_ms',
        'article_audio.file_key',
        'article_audio.error',
        'article_audio.attempts',
        'article_audio.rendered_at',
      ])
      .orderBy('articles.published_at', 'desc')
      .orderBy('articles.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    base.select((eb) => eb.fn.countAll<number | string>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return {
    total: Number(count.n),
    rows: rows.map((r) => ({
      articleId: r.id,
      title: r.title,
      publishedAt: r.published_at,
      status: (r.status as AudioStatus | null) ?? null,
      durationMs: r.duration_ms ?? null,
      fileKey: r.file_key ?? null,
      error: r.error ?? null,
      attempts: r.attempts ?? 0,
      renderedAt: r.rendered_at ?? null,
    })),
  };
}

/** The ids of every published article (for `xinwen audio queue-all`). */
export async function publishedArticleIds(db: Db): Promise<number[]> {
  const rows = await db.selectFrom('articles').select('id').where('status', '=', 'published').orderBy('id').execute();
  return rows.map((r) => r.id);
}

/** A published article with ready audio, as a podcast item needs it. */
export interface PodcastRow {
  id: number;
  title: string;
  summary: string | null;
  publishedAt: string;
  updatedAt: string;
  contentHash: string;
  fileKey: string;
  bytes: number;
  durationMs: number;
}

/** The newest `limit` published articles (of one section, when given) with a rendered audio file. */
export async function listPodcastRows(db: Db, filter: { sectionId?: number }, limit: number): Promise<PodcastRow[]> {
  let q = db
    .selectFrom('article_audio')
    .innerJoin('articles', 'articles.id', 'article_audio.article_id')
    .where('articles.status', '=', 'published')
    .where('articles.published_at', 'is not', null)
    .where('article_audio.file_key', 'is not', null);
  if (filter.sectionId !== undefined) q = q.where('articles.section_id', '=', filter.sectionId);
  const rows = await q
    .select([
      'articles.id',
      'articles.title',
      'articles.summary',
      'articles.published_at',
      'articles.updated_at',
      'article_audio.content_hash',
      'article_audio.file_key',
      'article_audio.bytes',
      'article_audio.duration_ms',
    ])
    .orderBy('articles.published_at', 'desc')
    .orderBy('articles.id', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((r) =>
    r.file_key !== null && r.bytes !== null && r.duration_ms !== null && r.published_at !== null
      ? [{ id: r.id, title: r.title, summary: r.summary, publishedAt: r.published_at, updatedAt: r.updated_at, contentHash: r.content_hash, fileKey: r.file_key, bytes: r.bytes, durationMs: r.duration_ms }]
      : [],
  );
}

/** Whether the article exists and is published. */
export async function isPublishedArticle(db: Db, articleId: number): Promise<boolean> {
  const row = await db.selectFrom('articles').select('status').where('id', '=', articleId).executeTakeFirst();
  return row?.status === 'published';
}
