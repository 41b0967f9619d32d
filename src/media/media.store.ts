import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { MediaTable } from '../platform/db/schema.js';
import type { Media, MediaVariant } from './model.js';

type MediaRow = Selectable<MediaTable>;

function toMedia(row: MediaRow): Media {
  return {
    id: row.id,
    uploadedBy: row.uploaded_by,
    createdAt: row.created_at,
    originalMime: row.original_mime,
    width: row.width,
    height: row.height,
    bytes: row.bytes,
    sha256: row.sha256,
    alt: row.alt,
    caption: row.caption,
    credit: row.credit,
    variants: JSON.parse(row.variants) as MediaVariant[],
  };
}

/**
 * Inserts the upload; null when a row with the same content (sha256) already exists, which
 * the unique index decides, so concurrent identical uploads cannot both get a row.
 */
export async function insertMedia(db: Queryable, media: Omit<Media, 'id'>): Promise<number | null> {
  const row = await db
    .insertInto('media')
    .values({
      uploaded_by: media.uploadedBy,
      created_at: media.createdAt,
      original_mime: media.originalMime,
      width: media.width,
      height: media.height,
      bytes: media.bytes,
      sha256: media.sha256,
      alt: media.alt,
      caption: media.caption,
      credit: media.credit,
      variants: JSON.stringify(media.variants),
    })
    .onConflict((oc) => oc.columns(['sha256', 'legacy_copy']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

/** The upload with this content (the oldest, should legacy copies exist), or null. */
export async function selectMediaBySha256(db: Queryable, sha256: string): Promise<Media | null> {
  const row = await db.selectFrom('media').selectAll().where('sha256', '=', sha256).orderBy('legacy_copy').orderBy('id').limit(1).executeTakeFirst();
  return row ? toMedia(row) : null;
}

/** Deletes the row; false when there was none. Fails (foreign key) while an article shows it. */
export async function deleteMediaRow(db: Queryable, id: number): Promise<boolean> {
  const result = await db.deleteFrom('media').where('id', '=', id).executeTakeFirst();
  return result.numDeletedRows > 0n;
}

/** Which of `ids` have a row, in one query. */
export async function selectExistingMediaIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await db.selectFrom('media').select('id').where('id', 'in', [...ids]).execute();
  return new Set(rows.map((r) => r.id));
}

/** Makes `mediaIds` the uploads article `articleId` shows (replacing what it showed before). */
export async function replaceArticleUsage(db: Queryable, articleId: number, mediaIds: readonly number[]): Promise<void> {
  await db.deleteFrom('media_usage').where('article_id', '=', articleId).execute();
  if (mediaIds.length === 0) return;
  await db
    .insertInto('media_usage')
    .values(mediaIds.map((mediaId) => ({ media_id: mediaId, article_id: articleId })))
    .execute();
}

/** The articles whose current body shows the upload, newest first. */
export async function selectMediaUsers(db: Queryable, mediaId: number): Promise<{ id: number; title: string }[]> {
  return db
    .selectFrom('media_usage')
    .innerJoin('articles', 'articles.id', 'media_usage.article_id')
    .select(['articles.id', 'articles.title'])
    .where('media_usage.media_id', '=', mediaId)
    .orderBy('articles.id', 'desc')
    .execute();
}

/** A page of uploads, newest first, each with the number of articles showing it; and the total. */
export async function selectMediaPage(
  db: Queryable,
  page: { limit: number; offset: number },
): Promise<{ rows: (Media & { usageCount: number })[]; total: number }> {
  const [rows, count] = await Promise.all([
    db
      .selectFrom('media')
      .selectAll('media')
      .select((eb) =>
        eb
          .selectFrom('media_usage')
          .select((sub) => sub.fn.countAll<number>().as('n'))
          .whereRef('media_usage.media_id', '=', 'media.id')
          .as('usage_count'),
      )
      .orderBy('media.created_at', 'desc')
      .orderBy('media.id', 'desc')
      .limit(page.limit)
      .offset(page.offset)
      .execute(),
    db.selectFrom('media').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows: rows.map((row) => ({ ...toMedia(row), usageCount: Number(row.usage_count ?? 0) })), total: Number(count.n) };
}

export async function selectMedia(db: Queryable, id: number): Promise<Media | null> {
  const row = await db.selectFrom('media').selectAll().where('id', '=', id).executeTakeFirst();
  return row ? toMedia(row) : null;
}

/** Every media row among `ids`, in one query. */
export async function selectMediaByIds(db: Queryable, ids: readonly number[]): Promise<Media[]> {
  if (ids.length === 0) return [];
  const rows = await db.selectFrom('media').selectAll().where('id', 'in', [...ids]).execute();
  return rows.map(toMedia);
}

/** Changes the reader-facing text; false when there is no such row. */
export async function updateMediaText(
  db: Queryable,
  id: number,
  changes: { alt?: string; caption?: string | null; credit?: string | null },
): Promise<boolean> {
  if (Object.keys(changes).length === 0) return (await selectMedia(db, id)) !== null;
  const result = await db.updateTable('media').set(changes).where('id', '=', id).executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
