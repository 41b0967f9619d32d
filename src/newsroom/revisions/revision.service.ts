/**
 * Article revisions: every save is recorded as a snapshot of the editable fields, any two
 * versions can be compared, and any one handed back for restoring as a new version.
 */

import type { Queryable } from '../../articles/outlet.store.js';
import { AppError, NotFoundError } from '../../platform/errors.js';
import { compareSnapshots, type SnapshotComparison } from './compare.js';
import { insertRevision, selectRevision, selectRevisions, type RevisionRow } from './revision.store.js';
import { bodyCharacterCount, parseSnapshot, toSnapshot, type RevisionSnapshot } from './snapshot.js';

/** Who saved a revision; null when unknown (an import, or a person since deleted). */
export type SavedBy = { id: number; name: string } | null;

/** One line of an article's history. */
export interface RevisionSummary {
  version: number;
  savedBy: SavedBy;
  /** ISO-8601 instant. */
  savedAt: string;
  title: string;
  /** Body characters, whitespace not counted. */
  characterCount: number;
  /** e.g. 「市政府宣布新政（1,204字）」 */
  summary: string;
}

/** One revision with its content. */
export interface Revision {
  articleId: number;
  version: number;
  savedBy: SavedBy;
  savedAt: string;
  snapshot: RevisionSnapshot;
}

export interface RevisionComparison {
  articleId: number;
  from: Omit<Revision, 'snapshot'>;
  to: Omit<Revision, 'snapshot'>;
  fields: SnapshotComparison;
}

function savedBy(row: RevisionRow): SavedBy {
  return row.savedById === null ? null : { id: row.savedById, name: row.savedByName ?? '' };
}

function toRevision(row: RevisionRow): Revision {
  return {
    articleId: row.articleId,
    version: row.version,
    savedBy: savedBy(row),
    savedAt: row.savedAt,
    snapshot: parseSnapshot(row.snapshot, row),
  };
}

async function requireRevision(db: Queryable, articleId: number, version: number): Promise<Revision> {
  const row = await selectRevision(db, articleId, version);
  if (!row) throw new NotFoundError(`找不到这篇稿件的第 ${version} 版`, `article ${articleId} has no revision ${version}`);
  return toRevision(row);
}

/**
 * Records `snapshot` as `version` of the article. Call it in the transaction that saves the
 * article, with the version that save produced. A version already recorded is a 409
 * `revision_exists` (the save raced another; nothing is overwritten).
 */
export async function recordRevision(
  db: Queryable,
  input: { articleId: number; version: number; savedBy: number | null; snapshot: RevisionSnapshot; now: Date },
): Promise<void> {
  const inserted = await insertRevision(db, {
    articleId: input.articleId,
    version: input.version,
    savedBy: input.savedBy,
    savedAt: input.now.toISOString(),
    snapshot: JSON.stringify(toSnapshot(input.snapshot)),
  });
  if (!inserted) {
    throw new AppError(
      409,
      'revision_exists',
      '这一版已被保存，请刷新后重试',
      `article ${input.articleId} already has a revision ${input.version}`,
    );
  }
}

/** The article's history, newest version first; empty when it has none. */
export async function listRevisions(db: Queryable, articleId: number): Promise<RevisionSummary[]> {
  const rows = await selectRevisions(db, articleId);
  return rows.map((row) => {
    const snapshot = parseSnapshot(row.snapshot, row);
    const characterCount = bodyCharacterCount(snapshot.body);
    return {
      version: row.version,
      savedBy: savedBy(row),
      savedAt: row.savedAt,
      title: snapshot.title,
      characterCount,
      summary: `${snapshot.title}（${characterCount.toLocaleString('en-US')}字）`,
    };
  });
}

/** One revision with its snapshot, or undefined when the article has no such version. */
export async function getRevision(db: Queryable, articleId: number, version: number): Promise<Revision | undefined> {
  const row = await selectRevision(db, articleId, version);
  return row ? toRevision(row) : undefined;
}

/**
 * Compares version `fromVersion` (before) with `toVersion` (after), field by field; either
 * order works. Throws NotFoundError when either version is missing.
 */
export async function compareRevisions(
  db: Queryable,
  articleId: number,
  fromVersion: number,
  toVersion: number,
): Promise<RevisionComparison> {
  const [from, to] = await Promise.all([requireRevision(db, articleId, fromVersion), requireRevision(db, articleId, toVersion)]);
  const { snapshot: before, ...fromMeta } = from;
  const { snapshot: after, ...toMeta } = to;
  return { articleId, from: fromMeta, to: toMeta, fields: compareSnapshots(before, after) };
}

/**
 * The content of `version`, for the article service to save as a NEW version (history is
 * never rewritten). Throws NotFoundError when the version is missing.
 */
export async function snapshotForRestore(db: Queryable, articleId: number, version: number): Promise<RevisionSnapshot> {
  return (await requireRevision(db, articleId, version)).snapshot;
}
