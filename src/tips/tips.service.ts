import { randomBytes } from 'node:crypto';
import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { Db } from '../platform/db/database.js';
import { AppError, ConflictError, NotFoundError, ValidationError } from '../platform/errors.js';
import type { FileStore } from '../platform/files/file-store.js';
import { parseInput } from '../platform/validation.js';
import { STAFF_ROLES } from '../newsroom/staff/actor.js';
import { hashReceipt, newReceipt, receiptTag, verifyDummyReceipt, verifyReceipt, type ReceiptCost } from './receipts.js';
import { headerStanzaTypes, isAgeRecipient, lockIdentity, newIdentity, startsLikeAge } from './tip-crypto.js';
import { chunkKey, deleteItemFiles, newFileKey, readItem } from './tip-files.js';
import type { TipBudget } from './tips-budget.js';
import {
  MAX_FILES_PER_UPLOAD,
  MAX_REPLY_BYTES,
  TIP_CHUNK_BYTES,
  TIP_ITEM_KINDS,
  TIP_TRIAGE_STATUSES,
  UPLOAD_EXPIRY_MS,
  formatReceipt,
  normaliseReceipt,
  type ChunkResponse,
  type CreateItemResponse,
  type FinishResponse,
  type StartTipResponse,
  type TipSettings,
  type TipStatus,
  type TipsConfig,
} from './tips-protocol.js';
import * as store from './tips.store.js';

/** What the tip services need: the database, the tip file store, the site-wide budget. */
export interface TipDeps {
  db: Db;
  files: FileStore;
  budget: TipBudget;
  /** argon2id cost of receipt hashes (tests make it cheap); default the library's. */
  receiptCost?: ReceiptCost;
}

/** The same answer for a wrong receipt and for one whose tip is gone: nothing says which. */
export const RECEIPT_NOT_FOUND = '回执码不正确，或这条线索已按保存期限删除。请核对后再试。';

export class TipTooLargeError extends AppError {
  constructor(maxBytes: number) {
    super(413, 'tip_too_large', `线索的内容超过了 ${Math.floor(maxBytes / (1024 * 1024))} MB 的总上限，未能提交。请删减附件后再试。`);
    this.name = 'TipTooLargeError';
  }
}

const NO_RECIPIENTS = new AppError(503, 'tips_unavailable', '本站的新闻线索通道尚未启用（编辑部还没有设置接收密钥），请稍后再试。');

const receiptNotFound = () => new AppError(404, 'receipt_not_found', RECEIPT_NOT_FOUND);

/** 409 for a chunk that is not the next one; `expectedIndex` says where to resume. */
export class ChunkOrderError extends ConflictError {
  constructor(readonly expectedIndex: number) {
    super(`分块顺序不对：下一个应为第 ${expectedIndex} 块。`, 'chunk_out_of_order');
  }

  override jsonFields(): Record<string, unknown> {
    return { expectedIndex: this.expectedIndex };
  }
}

// ---- configuration, recipients and settings ----

/** The active newsroom recipients (`age1…`). */
export async function activeRecipients(db: Db): Promise<string[]> {
  return (await store.selectRecipients(db, { activeOnly: true })).map((r) => r.public_key);
}

/** What a browser needs to send a tip. */
export async function tipsConfig(db: Db): Promise<TipsConfig> {
  const [recipients, settings] = await Promise.all([activeRecipients(db), store.selectSettings(db)]);
  return { recipients, maxTotalBytes: settings.maxTotalBytes, chunkBytes: TIP_CHUNK_BYTES, maxFiles: MAX_FILES_PER_UPLOAD };
}

/** Every recipient, retired ones too, oldest first. */
export async function listRecipients(db: Db): Promise<{ publicKey: string; label: string; createdAt: string; retiredAt: string | null }[]> {
  return (await store.selectRecipients(db, { activeOnly: false })).map((r) => ({ publicKey: r.public_key, label: r.label, createdAt: r.created_at, retiredAt: r.retired_at }));
}

/** Adds a newsroom recipient; new tips are encrypted to it from now on. */
export async function addRecipient(db: Db, publicKey: string, label: string, { now = new Date() } = {}): Promise<void> {
  if (!isAgeRecipient(publicKey)) throw new ValidationError('公钥格式不正确：应为 age1 开头的 age X25519 公钥。');
  if (!(await store.insertRecipient(db, { publicKey, label: label.trim().slice(0, 100), createdAt: now.toISOString() }))) {
    throw new ConflictError('这个公钥已经在接收密钥列表中。', 'recipient_exists');
  }
}

/** Retires a recipient: new tips are no longer encrypted to it; tips made for it stay readable by its identity. */
export async function retireRecipient(db: Db, publicKey: string, { now = new Date() } = {}): Promise<void> {
  if (!(await store.retireRecipientRow(db, publicKey, now.toISOString()))) throw new NotFoundError('没有这个正在使用的接收公钥。');
}

export async function tipSettings(db: Db): Promise<TipSettings> {
  return store.selectSettings(db);
}

export const TipSettingsSchema = z.object({
  inboxRoles: z.array(z.enum(STAFF_ROLES, { error: '角色应为 admin、editor、reporter 或 moderator' })).min(1, '至少要有一个角色可以查看线索'),
  retentionDays: z.number({ error: '保存天数应为数字' }).int('保存天数应为整数').min(1, '保存天数至少 1 天').max(3650, '保存天数最多 3650 天'),
  maxTotalBytes: z.number({ error: '上限应为数字' }).int('上限应为整数').min(1024 * 1024, '上限至少 1 MB').max(2 * 1024 * 1024 * 1024, '上限最多 2 GB'),
});

/** Replaces the settings (admins). Admins can always open the inbox, so `admin` is kept in the roles. */
export async function updateTipSettings(db: Db, input: unknown): Promise<TipSettings> {
  const parsed = parseInput(TipSettingsSchema, input, '线索设置有误');
  const inboxRoles = [...new Set(['admin' as const, ...parsed.inboxRoles])];
  await store.updateSettings(db, { ...parsed, inboxRoles });
  return store.selectSettings(db);
}

// ---- sending ----

async function createTipRow(deps: TipDeps, now: Date): Promise<{ tipId: number; receipt: string }> {
  const digits = newReceipt();
  const { identity, recipient } = await newIdentity();
  const [receiptHash, lockedIdentity] = await Promise.all([hashReceipt(digits, deps.receiptCost), lockIdentity(identity, digits)]);
  const tipId = await store.insertTip(deps.db, { receiptTag: receiptTag(digits), receiptHash, readerRecipient: recipient, lockedIdentity, at: now.toISOString() });
  return { tipId, receipt: digits };
}

function newUploadId(): string {
  return randomBytes(24).toString('base64url');
}

/** Starts a tip (state `uploading`) and its first upload; the receipt is returned once. */
export async function startTip(deps: TipDeps, { now = new Date() } = {}): Promise<StartTipResponse & { tipId: number; recipients: string[] }> {
  const recipients = await activeRecipients(deps.db);
  if (recipients.length === 0) throw NO_RECIPIENTS;
  await deps.budget.takeStart();
  const { tipId, receipt } = await createTipRow(deps, now);
  const uploadId = newUploadId();
  await store.insertUpload(deps.db, { id: uploadId, tipId, at: now.toISOString() });
  return { uploadId, receipt: formatReceipt(receipt), tipId, recipients };
}

/** The tip a receipt belongs to, or the same 404 for a wrong receipt and a deleted tip. */
export async function tipByReceipt(deps: TipDeps, receiptInput: unknown): Promise<store.TipRow> {
  const digits = typeof receiptInput === 'string' ? normaliseReceipt(receiptInput) : null;
  if (!digits) throw new ValidationError('回执码应为 16 位数字。');
  await deps.budget.takeReceiptCheck();
  const candidates = await store.selectTipsByTag(deps.db, receiptTag(digits));
  if (candidates.length === 0) await verifyDummyReceipt(digits);
  for (const tip of candidates) {
    if (await verifyReceipt(tip.receipt_hash, digits)) {
      if (tip.status === 'uploading') break;
      return tip;
    }
  }
  throw receiptNotFound();
}

/** Starts a follow-up upload on the receipt's tip. */
export async function startFollowUp(deps: TipDeps, receipt: unknown, { now = new Date() } = {}): Promise<{ uploadId: string; tipId: number; recipients: string[] }> {
  const tip = await tipByReceipt(deps, receipt);
  const recipients = await activeRecipients(deps.db);
  if (recipients.length === 0) throw NO_RECIPIENTS;
  await deps.budget.takeStart();
  const uploadId = newUploadId();
  await store.insertUpload(deps.db, { id: uploadId, tipId: tip.id, at: now.toISOString() });
  return { uploadId, tipId: tip.id, recipients };
}

/** An upload that may still take items: 404 when unknown, 409 when finished or expired. */
async function openUpload(deps: TipDeps, uploadId: string, now: Date): Promise<store.TipUploadRow> {
  const upload = await store.selectUpload(deps.db, uploadId);
  if (!upload) throw new AppError(404, 'upload_not_found', '上传不存在或已过期，请重新提交。');
  if (upload.finished_at !== null || now.getTime() - Date.parse(upload.created_at) > UPLOAD_EXPIRY_MS) {
    throw new ConflictError('这次上传已经结束或已过期，请重新提交。', 'upload_closed');
  }
  return upload;
}

const ItemSchema = z.object({ kind: z.enum(TIP_ITEM_KINDS, { error: 'kind 应为 message 或 file' }) });

/** Adds an item to an open upload: one message first (JS path), at most MAX_FILES_PER_UPLOAD files. */
export async function createItem(deps: TipDeps, uploadId: string, input: unknown, { now = new Date(), messageLast = false } = {}): Promise<CreateItemResponse> {
  const { kind } = parseInput(ItemSchema, input, '条目信息有误');
  const upload = await openUpload(deps, uploadId, now);
  const items = await store.selectUploadItems(deps.db, uploadId);
  const messages = items.filter((i) => i.kind === 'message').length;
  if (kind === 'message' && messages > 0) throw new ConflictError('每次提交只能有一条留言。', 'message_exists');
  if (kind === 'file' && messages === 0 && !messageLast) throw new ConflictError('请先上传留言，再上传附件。', 'message_first');
  if (kind === 'file' && items.length - messages >= MAX_FILES_PER_UPLOAD) {
    throw new AppError(400, 'too_many_items', `每次最多上传 ${MAX_FILES_PER_UPLOAD} 个附件。`);
  }
  const itemId = await store.insertItem(deps.db, {
    tipId: upload.tip_id,
    uploadId,
    kind,
    author: 'source',
    authorId: null,
    fileKey: newFileKey(),
    chunkCount: 0,
    bytes: 0,
    complete: false,
    at: now.toISOString(),
  });
  return { itemId };
}

/** Reserves `bytes` of the tip's total (and of the site's hourly budget), or throws 413 / 429. */
export async function reserveBytes(deps: TipDeps, tipId: number, bytes: number): Promise<void> {
  const { maxTotalBytes } = await store.selectSettings(deps.db);
  if (!(await store.reserveTipBytes(deps.db, tipId, bytes, maxTotalBytes))) throw new TipTooLargeError(maxTotalBytes);
  try {
    await deps.budget.takeBytes(bytes);
  } catch (error) {
    await store.releaseTipBytes(deps.db, tipId, bytes);
    throw error;
  }
}

// One chunk at a time per item in this process, so two copies of the same chunk cannot both be written.
const itemLocks = new Map<number, Promise<unknown>>();

async function withItemLock<T>(itemId: number, work: () => Promise<T>): Promise<T> {
  const before = itemLocks.get(itemId) ?? Promise.resolve();
  const run = before.then(work, work);
  const settled = run.catch(() => undefined);
  itemLocks.set(itemId, settled);
  try {
    return await run;
  } finally {
    if (itemLocks.get(itemId) === settled) itemLocks.delete(itemId);
  }
}

/** Stores chunk `index` of an item: in order, ≤ TIP_CHUNK_BYTES, chunk 0 an age header, within the tip's limit. */
export async function appendChunk(deps: TipDeps, uploadId: string, itemId: number, index: number, body: Buffer, { now = new Date() } = {}): Promise<ChunkResponse> {
  if (!Number.isSafeInteger(index) || index < 0) throw new ValidationError('分块序号应为非负整数。');
  if (body.length === 0) throw new ValidationError('分块不能为空。');
  if (body.length > TIP_CHUNK_BYTES) throw new AppError(413, 'tip_too_large', `每个分块最多 ${TIP_CHUNK_BYTES} 字节。`);
  const upload = await openUpload(deps, uploadId, now);
  return withItemLock(itemId, async () => {
    const item = await store.selectItem(deps.db, itemId);
    if (!item || item.upload_id !== upload.id) throw new NotFoundError('这次上传中没有这个条目。');
    if (item.chunk_count !== index) throw new ChunkOrderError(item.chunk_count);
    if (index === 0 && !startsLikeAge(body)) throw new ValidationError('上传的内容不是 age 密文：线索必须先在浏览器中加密。');
    await reserveBytes(deps, upload.tip_id, body.length);
    try {
      await deps.files.put(chunkKey(item.file_key, index), body);
      if (!(await store.advanceItem(deps.db, itemId, index, body.length))) throw new ChunkOrderError(index + 1);
    } catch (error) {
      await store.releaseTipBytes(deps.db, upload.tip_id, body.length);
      throw error;
    }
    const tip = await store.selectTip(deps.db, upload.tip_id);
    return { nextIndex: index + 1, itemBytes: item.bytes + body.length, tipBytes: tip?.total_bytes ?? 0 };
  });
}

/** Finishes an upload: it needs one message and no empty item; the tip becomes `new` after its first upload. */
export async function finishUpload(deps: TipDeps, uploadId: string, { now = new Date() } = {}): Promise<FinishResponse & { tipId: number }> {
  const upload = await openUpload(deps, uploadId, now);
  const items = await store.selectUploadItems(deps.db, uploadId);
  if (!items.some((i) => i.kind === 'message')) throw new ValidationError('提交中缺少留言。');
  if (items.some((i) => i.chunk_count === 0)) throw new ValidationError('有条目还没有上传完。');
  const at = now.toISOString();
  const status = await deps.db.transaction().execute(async (tx) => {
    if (!(await store.markUploadFinished(tx, uploadId, at))) throw new ConflictError('这次上传已经结束。', 'upload_closed');
    await store.completeUploadItems(tx, uploadId);
    const tip = await store.selectTip(tx, upload.tip_id);
    const next = tip?.status === 'uploading' ? 'new' : (tip?.status ?? 'new');
    await store.updateTipRow(tx, upload.tip_id, { status: next, updatedAt: at });
    return next as TipStatus;
  });
  return { status, items: items.length, bytes: items.reduce((sum, i) => sum + i.bytes, 0), tipId: upload.tip_id };
}

// ---- the receipt holder ----

/** What the receipt holder may see: status, times, the locked identity and the replies. */
export async function tipForReceipt(deps: TipDeps, receipt: unknown) {
  const tip = await tipByReceipt(deps, receipt);
  const replies = await store.selectCompleteTipItems(deps.db, tip.id, 'newsroom');
  return { tip, replies };
}

/** A reply's ciphertext, for the holder of the tip's receipt. */
export async function replyForReceipt(deps: TipDeps, receipt: unknown, replyId: number): Promise<{ body: Readable; bytes: number }> {
  const tip = await tipByReceipt(deps, receipt);
  const item = await store.selectItem(deps.db, replyId);
  if (!item || item.tip_id !== tip.id || item.author !== 'newsroom' || item.complete !== 1) throw new NotFoundError('没有这条回复。');
  return { body: readItem(deps.files, item.file_key, item.chunk_count), bytes: item.bytes };
}

// ---- the newsroom ----

/** An item's ciphertext for staff. */
export async function itemCiphertext(deps: TipDeps, tipId: number, itemId: number): Promise<{ body: Readable; bytes: number }> {
  const item = await store.selectItem(deps.db, itemId);
  if (!item || item.tip_id !== tipId || item.complete !== 1) throw new NotFoundError('没有这个条目。');
  return { body: readItem(deps.files, item.file_key, item.chunk_count), bytes: item.bytes };
}

/** Stores a newsroom reply: an age file for the tip's recipient and every active newsroom recipient. */
export async function addReply(deps: TipDeps, tipId: number, authorId: number, body: Buffer, { now = new Date() } = {}): Promise<number> {
  const tip = await store.selectTip(deps.db, tipId);
  if (!tip || tip.status === 'uploading') throw new NotFoundError('没有这条线索。');
  if (body.length === 0 || body.length > MAX_REPLY_BYTES) throw new ValidationError(`回复的密文应在 1 到 ${MAX_REPLY_BYTES} 字节之间。`);
  const stanzas = headerStanzaTypes(body);
  if (!stanzas) throw new ValidationError('回复不是 age 密文：请在浏览器中加密后再发送。');
  const needed = 1 + (await activeRecipients(deps.db)).length;
  const x25519 = stanzas.filter((s) => s === 'X25519').length;
  if (x25519 < needed) {
    throw new ValidationError(`回复须同时加密给线索提供者和编辑部的全部 ${needed - 1} 个公钥（共 ${needed} 个接收者），现只有 ${x25519} 个。`);
  }
  const fileKey = newFileKey();
  await deps.files.put(chunkKey(fileKey, 0), body);
  const at = now.toISOString();
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const id = await store.insertItem(tx, { tipId, uploadId: null, kind: 'message', author: 'newsroom', authorId, fileKey, chunkCount: 1, bytes: body.length, complete: true, at });
      await store.updateTipRow(tx, tipId, { updatedAt: at });
      return id;
    });
  } catch (error) {
    await deleteItemFiles(deps.files, fileKey, 1);
    throw error;
  }
}

const PatchSchema = z
  .object({
    status: z.enum(TIP_TRIAGE_STATUSES, { error: '状态应为 new、in_progress、done 或 spam' }).optional(),
    assigneeId: z.number().int().positive().nullable().optional(),
  })
  .strict();

/** Triage: status and assignee. */
export async function patchTip(deps: TipDeps, tipId: number, input: unknown, { now = new Date() } = {}): Promise<void> {
  const patch = parseInput(PatchSchema, input, '线索的修改有误');
  const tip = await store.selectTip(deps.db, tipId);
  if (!tip || tip.status === 'uploading') throw new NotFoundError('没有这条线索。');
  if (patch.assigneeId != null && !(await store.isStaffMember(deps.db, patch.assigneeId))) throw new ValidationError('指派对象不是编辑部成员。');
  await store.updateTipRow(deps.db, tipId, {
    updatedAt: now.toISOString(),
    ...(patch.status !== undefined && { status: patch.status }),
    ...(patch.assigneeId !== undefined && { assigneeId: patch.assigneeId }),
  });
}

/** Deletes a tip with its items, then their files (a file that cannot be removed is left, never a row without files). */
export async function deleteTip(deps: TipDeps, tipId: number): Promise<boolean> {
  const tip = await store.selectTip(deps.db, tipId);
  if (!tip) return false;
  const items = await store.selectAllTipItems(deps.db, tipId);
  await deps.db.transaction().execute((tx) => store.deleteTipRow(tx, tipId));
  for (const item of items) await deleteItemFiles(deps.files, item.file_key, item.chunk_count);
  return true;
}

/** Removes an unfinished follow-up upload: its items, their files, and their bytes from the tip's total. */
export async function discardUpload(deps: TipDeps, uploadId: string): Promise<void> {
  const upload = await store.selectUpload(deps.db, uploadId);
  if (!upload || upload.finished_at !== null) return;
  const items = await store.selectUploadItems(deps.db, uploadId);
  await deps.db.transaction().execute(async (tx) => {
    await store.deleteUploadRow(tx, uploadId);
    await store.releaseTipBytes(tx, upload.tip_id, items.reduce((sum, i) => sum + i.bytes, 0));
  });
  for (const item of items) await deleteItemFiles(deps.files, item.file_key, item.chunk_count);
}

/**
 * Retention: deletes tips whose last activity (a finished upload, a reply, a triage change) is
 * older than the retention days, and uploads left unfinished for UPLOAD_EXPIRY_MS (with the tip
 * itself when that was its first upload).
 */
export async function purgeTips(deps: TipDeps, { now = new Date() } = {}): Promise<{ tips: number; uploads: number }> {
  const { retentionDays } = await store.selectSettings(deps.db);
  let tips = 0;
  let uploads = 0;
  for (const upload of await store.selectExpiredUploads(deps.db, new Date(now.getTime() - UPLOAD_EXPIRY_MS).toISOString())) {
    const tip = await store.selectTip(deps.db, upload.tip_id);
    if (tip?.status === 'uploading') {
      if (await deleteTip(deps, tip.id)) tips++;
    } else {
      await discardUpload(deps, upload.id);
    }
    uploads++;
  }
  const cutoff = new Date(now.getTime() - retentionDays * 24 * 3600 * 1000).toISOString();
  for (const id of await store.selectTipIdsIdleSince(deps.db, cutoff)) if (await deleteTip(deps, id)) tips++;
  return { tips, uploads };
}

