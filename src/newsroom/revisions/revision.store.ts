/** SQL for article_revisions. Snapshots stay JSON text here; the service parses them. */

import type { Queryable } from '../../articles/outlet.store.js';

export interface RevisionRow {
  articleId: number;
  version: number;
  savedById: number | null;
  savedByName: string | null;
  savedAt: string;
  snapshot: string;
}

/**
 * Inserts one revision; false when (article, version) is already recorded. ON CONFLICT DO
 * NOTHING works the same in SQLite and PostgreSQL, so no driver error codes are matched.
 */
export async function insertRevision(
  db: Queryable,
  row: { articleId: number; version: number; savedBy: number | null; savedAt: string; snapshot: string },
): Promise<boolean> {
  const result = await db
    .insertInto('article_revisions')
    .values({ article_id: row.articleId, version: row.version, saved_by: row.savedBy, saved_at: row.savedAt, snapshot: row.snapshot })
    .onConflict((oc) => oc.columns(['article_id', 'version']).doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0n) > 0;
}

function revisionsOf(db: Queryable, articleId: number) {
  return db
    .selectFrom('article_revisions as r')
    .leftJoin('people as p', 'p.id', 'r.saved_by')
    .select([
      'r.article_id as articleId',
      'r.version',
      'r.saved_by as savedById',
      'p.display_name as savedByName',
      'r.saved_at as savedAt',
      'r.snapshot',
    ])
    .where('r.article_id', '=', articleId);
}

/** Every revision of an article, newest version first. */
export async function selectRevisions(db: Queryable, articleId: number): Promise<RevisionRow[]> {
  return revisionsOf(db, articleId).orderBy('r.version', 'desc').execute();
}

/** One revision, or undefined. */
export async function selectRevision(db: Queryable, articleId: number, version: number): Promise<RevisionRow | undefined> {
  return revisionsOf(db, articleId).where('r.version', '=', version).executeTakeFirst();
}
