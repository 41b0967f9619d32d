/**
 * Which articles show which uploads. The articles feature calls these on every save of
 * content: first to refuse image blocks naming an upload that does not exist, then to record
 * what the saved body shows, which is what keeps a used image from being deleted.
 */

import type { BodyBlock } from '../articles/model.js';
import type { Queryable } from '../platform/db/database.js';
import { replaceArticleUsage, selectExistingMediaIds, selectMediaUsers } from './media.store.js';

// Media ids are 32-bit integer columns: a bigger number cannot name a row (and PostgreSQL
// would reject it as a parameter rather than find nothing).
const MAX_ID = 2_147_483_647;

/** The distinct media ids a body's image blocks name, in order of first appearance. */
export function bodyMediaIds(body: readonly BodyBlock[]): number[] {
  return [...new Set(body.flatMap((b) => (b.type === 'image' ? [b.mediaId] : [])))];
}

/** Those of `ids` that name no upload, in one query. */
export async function missingMediaIds(db: Queryable, ids: readonly number[]): Promise<Set<number>> {
  const unique = [...new Set(ids)];
  const existing = await selectExistingMediaIds(
    db,
    unique.filter((id) => Number.isSafeInteger(id) && id > 0 && id <= MAX_ID),
  );
  return new Set(unique.filter((id) => !existing.has(id)));
}

/**
 * Records that article `articleId` now shows exactly the uploads its `body` names. Call it in
 * the transaction that saves the body, after checking the ids with missingMediaIds.
 */
export async function recordBodyMedia(db: Queryable, articleId: number, body: readonly BodyBlock[]): Promise<void> {
  await replaceArticleUsage(db, articleId, bodyMediaIds(body));
}

/** The articles (id, title) whose current content shows the upload, newest first. */
export async function articlesUsingMedia(db: Queryable, mediaId: number): Promise<{ id: number; title: string }[]> {
  return selectMediaUsers(db, mediaId);
}
