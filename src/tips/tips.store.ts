import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { TipItemTable, TipRecipientTable, TipTable, TipUploadTable } from '../platform/db/schema.js';

export type TipRow = Selectable<TipTable>;
export type TipItemRow = Selectable<TipItemTable>;
export type TipUploadRow = Selectable<TipUploadTable>;
export type TipRecipientRow = Selectable<TipRecipientTable>;

export interface TipSettingsRow {
  inboxRoles: string[];
  retentionDays: number;
  maxTotalBytes: number;
}

// ---- recipients ----

export async function selectRecipients(db: Queryable, { activeOnly }: { activeOnly: boolean }): Promise<TipRecipientRow[]> {
  let query = db.selectFrom('tip_recipients').selectAll().orderBy('id');
  if (activeOnly) query = query.where('retired_at', 'is', null);
  return query.execute();
}

/** Inserts a recipient; false when the key is already listed. */
export async function insertRecipient(db: Queryable, row: { publicKey: string; label: string; createdAt: string }): Promise<boolean> {
  const inserted = await db
    .insertInto('tip_recipients')
    .values({ public_key: row.publicKey, label: row.label, created_at: row.createdAt, retired_at: null })
    .onConflict((oc) => oc.column('public_key').doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** Retires an active recipient; false when there is no such active key. */
export async function retireRecipientRow(db: Queryable, publicKey: string, at: string): Promise<boolean> {
  const result = await db.updateTable('tip_recipients').set({ retired_at: at }).where('public_key', '=', publicKey).where('retired_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

// ---- settings ----

export async function selectSettings(db: Queryable): Promise<TipSettingsRow> {
  const row = await db.selectFrom('tip_settings').selectAll().where('id', '=', 1).executeTakeFirstOrThrow();
  return {
    inboxRoles: row.inbox_roles.split(',').filter((r) => r !== ''),
    retentionDays: Number(row.retention_days),
    maxTotalBytes: Number(row.max_total_bytes),
  };
}

export async function updateSettings(db: Queryable, settings: TipSettingsRow): Promise<void> {
  await db
    .updateTable('tip_settings')
    .set({ inbox_roles: settings.inboxRoles.join(','), retention_days: settings.retentionDays, max_total_bytes: settings.maxTotalBytes })
    .where('id', '=', 1)
    .execute();
}

// ---- tips ----

export async function insertTip(
  db: Queryable,
  tip: { receiptTag: string; receiptHash: string; readerRecipient: string; lockedIdentity: string; at: string },
): Promise<number> {
  const row = await db
    .insertInto('tips')
    .values({
      receipt_tag: tip.receiptTag,
      receipt_hash: tip.receiptHash,
      reader_recipient: tip.readerRecipient,
      locked_identity: tip.lockedIdentity,
      status: 'uploading',
      assignee_id: null,
      total_bytes: 0,
      created_at: tip.at,
      updated_at: tip.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function selectTip(db: Queryable, id: number): Promise<TipRow | undefined> {
  return db.selectFrom('tips').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Tips whose receipt has this lookup tag (finished or not). */
export async function selectTipsByTag(db: Queryable, tag: string): Promise<TipRow[]> {
  return db.selectFrom('tips').selectAll().where('receipt_tag', '=', tag).orderBy('id').execute();
}

export async function updateTipRow(db: Queryable, id: number, changes: { status?: string; assigneeId?: number | null; updatedAt: string }): Promise<void> {
  await db
    .updateTable('tips')
    .set({
      updated_at: changes.updatedAt,
      ...(changes.status !== undefined && { status: changes.status }),
      ...(changes.assigneeId !== undefined && { assignee_id: changes.assigneeId }),
    })
    .where('id', '=', id)
    .execute();
}

/** Adds `bytes` to the tip's total if it stays within `max`; false (nothing changed) otherwise. */
export async function reserveTipBytes(db: Queryable, tipId: number, bytes: number, max: number): Promise<boolean> {
  const result = await db
    .updateTable('tips')
    .set((eb) => ({ total_bytes: eb('total_bytes', '+', bytes) }))
    .where('id', '=', tipId)
    .where((eb) => eb(eb('total_bytes', '+', bytes), '<=', max))
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function releaseTipBytes(db: Queryable, tipId: number, bytes: number): Promise<void> {
  if (bytes <= 0) return;
  await db
    .updateTable('tips')
    .set((eb) => ({ total_bytes: eb('total_bytes', '-', bytes) }))
    .where('id', '=', tipId)
    .execute();
}

export interface TipListRow extends TipRow {
  assignee_name: string | null;
  item_count: number;
}

function listQuery(db: Queryable, status: string | null) {
  let query = db.selectFrom('tips').where('tips.status', '!=', 'uploading');
  if (status) query = query.where('tips.status', '=', status);
  return query;
}

/** Finished tips, most recent activity first, with their assignee's name and finished item count. */
export async function selectTipList(db: Queryable, { status, limit, offset }: { status: string | null; limit: number; offset: number }): Promise<TipListRow[]> {
  const rows = await listQuery(db, status)
    .leftJoin('people', 'people.id', 'tips.assignee_id')
    .selectAll('tips')
    .select('people.display_name as assignee_name')
    .select((eb) =>
      eb
        .selectFrom('tip_items')
        .whereRef('tip_items.tip_id', '=', 'tips.id')
        .where('tip_items.complete', '=', 1)
        .select((c) => c.fn.countAll<number>().as('n'))
        .as('item_count'),
    )
    .orderBy('tips.updated_at', 'desc')
    .orderBy('tips.id', 'desc')
    .limit(limit)
    .offset(offset)
    .execute();
  return rows.map((r) => ({ ...r, item_count: Number(r.item_count ?? 0) }));
}

export async function countTips(db: Queryable, status: string | null): Promise<number> {
  const row = await listQuery(db, status)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

export async function selectPersonName(db: Queryable, id: number): Promise<string | null> {
  const row = await db.selectFrom('people').select('display_name').where('id', '=', id).executeTakeFirst();
  return row?.display_name ?? null;
}

/** Whether `id` is a staff member with a login (an assignee must be one). */
export async function isStaffMember(db: Queryable, id: number): Promise<boolean> {
  const row = await db.selectFrom('people').select('id').where('id', '=', id).where('email', 'is not', null).executeTakeFirst();
  return row !== undefined;
}

export async function deleteTipRow(db: Queryable, id: number): Promise<void> {
  await db.deleteFrom('tip_items').where('tip_id', '=', id).execute();
  await db.deleteFrom('tip_uploads').where('tip_id', '=', id).execute();
  await db.deleteFrom('tips').where('id', '=', id).execute();
}

/** Tips whose last activity is before `before` (finished or not). */
export async function selectTipIdsIdleSince(db: Queryable, before: string): Promise<number[]> {
  const rows = await db.selectFrom('tips').select('id').where('updated_at', '<', before).orderBy('id').execute();
  return rows.map((r) => r.id);
}

// ---- uploads ----

export async function insertUpload(db: Queryable, upload: { id: string; tipId: number; at: string }): Promise<void> {
  await db.insertInto('tip_uploads').values({ id: upload.id, tip_id: upload.tipId, created_at: upload.at, finished_at: null }).execute();
}

export async function selectUpload(db: Queryable, id: string): Promise<TipUploadRow | undefined> {
  return db.selectFrom('tip_uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Marks an open upload finished; false when it was finished already (or is gone). */
export async function markUploadFinished(db: Queryable, id: string, at: string): Promise<boolean> {
  const result = await db.updateTable('tip_uploads').set({ finished_at: at }).where('id', '=', id).where('finished_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Open uploads started before `before`. */
export async function selectExpiredUploads(db: Queryable, before: string): Promise<TipUploadRow[]> {
  return db.selectFrom('tip_uploads').selectAll().where('finished_at', 'is', null).where('created_at', '<', before).orderBy('created_at').execute();
}

export async function deleteUploadRow(db: Queryable, id: string): Promise<void> {
  await db.deleteFrom('tip_items').where('upload_id', '=', id).execute();
  await db.deleteFrom('tip_uploads').where('id', '=', id).execute();
}

/** The 1-based position of each finished upload of a tip, by upload id. */
export async function selectUploadOrder(db: Queryable, tipId: number): Promise<Map<string, number>> {
  const rows = await db.selectFrom('tip_uploads').select('id').where('tip_id', '=', tipId).where('finished_at', 'is not', null).orderBy('finished_at').orderBy('id').execute();
  return new Map(rows.map((r, i) => [r.id, i + 1]));
}

// ---- items ----

export async function insertItem(
  db: Queryable,
  item: { tipId: number; uploadId: string | null; kind: string; author: string; authorId: number | null; fileKey: string; chunkCount: number; bytes: number; complete: boolean; at: string },
): Promise<number> {
  const row = await db
    .insertInto('tip_items')
    .values({
      tip_id: item.tipId,
      upload_id: item.uploadId,
      kind: item.kind,
      author: item.author,
      author_id: item.authorId,
      file_key: item.fileKey,
      chunk_count: item.chunkCount,
      bytes: item.bytes,
      complete: item.complete ? 1 : 0,
      created_at: item.at,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function selectItem(db: Queryable, id: number): Promise<TipItemRow | undefined> {
  return db.selectFrom('tip_items').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function selectUploadItems(db: Queryable, uploadId: string): Promise<TipItemRow[]> {
  return db.selectFrom('tip_items').selectAll().where('upload_id', '=', uploadId).orderBy('id').execute();
}

/** Every item of a tip, finished or not (for deleting its files). */
export async function selectAllTipItems(db: Queryable, tipId: number): Promise<TipItemRow[]> {
  return db.selectFrom('tip_items').selectAll().where('tip_id', '=', tipId).orderBy('id').execute();
}

export interface TipItemListRow extends TipItemRow {
  author_name: string | null;
}

/** A tip's finished items, oldest first, with the name of a reply's author. */
export async function selectCompleteTipItems(db: Queryable, tipId: number, author?: string): Promise<TipItemListRow[]> {
  let query = db
    .selectFrom('tip_items')
    .leftJoin('people', 'people.id', 'tip_items.author_id')
    .selectAll('tip_items')
    .select('people.display_name as author_name')
    .where('tip_items.tip_id', '=', tipId)
    .where('tip_items.complete', '=', 1);
  if (author) query = query.where('tip_items.author', '=', author);
  return query.orderBy('tip_items.id').execute();
}

/** Counts a stored chunk if the item still expects `index`; false when another chunk got there first. */
export async function advanceItem(db: Queryable, itemId: number, index: number, bytes: number): Promise<boolean> {
  const result = await db
    .updateTable('tip_items')
    .set((eb) => ({ chunk_count: index + 1, bytes: eb('bytes', '+', bytes) }))
    .where('id', '=', itemId)
    .where('chunk_count', '=', index)
    .where('complete', '=', 0)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function completeUploadItems(db: Queryable, uploadId: string): Promise<void> {
  await db.updateTable('tip_items').set({ complete: 1 }).where('upload_id', '=', uploadId).execute();
}

export async function setItemSize(db: Queryable, itemId: number, chunkCount: number, bytes: number): Promise<void> {
  await db.updateTable('tip_items').set({ chunk_count: chunkCount, bytes }).where('id', '=', itemId).execute();
}
