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

export async function insertMedia(db: Queryable, media: Omit<Media, 'id'>): Promise<number> {
  const { id } = await db
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
    .returning('id')
    .executeTakeFirstOrThrow();
  return id;
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
