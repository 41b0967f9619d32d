import type { Multipart } from '@fastify/multipart';
import { ValidationError } from '../platform/errors.js';
import { ChunkWriter, toWebStream } from './tip-files.js';
import { encrypterFor } from './tip-crypto.js';
import { createItem, deleteTip, discardUpload, finishUpload, reserveBytes, startFollowUp, startTip, type TipDeps } from './tips.service.js';
import { MAX_CONTACT_CHARS, MAX_FILE_NAME_CHARS, MAX_MESSAGE_CHARS, TIP_CHUNK_BYTES, type TipMessagePayload } from './tips-protocol.js';
import * as store from './tips.store.js';

/** What a plain (no-JavaScript) submission produced. */
export interface PlainSubmitResult {
  tipId: number;
  /** The receipt, formatted; null for a follow-up (the reader already has it). */
  receipt: string | null;
  files: number;
}

/** Pipes an age ciphertext stream into the item's chunks, reserving each chunk against the tip's limit. */
async function storeCiphertext(deps: TipDeps, tipId: number, itemId: number, ciphertext: ReadableStream<Uint8Array>): Promise<void> {
  const item = await store.selectItem(deps.db, itemId);
  if (!item) throw new Error(`tip item ${itemId} vanished during upload`);
  const writer = new ChunkWriter(deps.files, item.file_key, TIP_CHUNK_BYTES, (bytes) => reserveBytes(deps, tipId, bytes));
  const reader = ciphertext.getReader();
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      await writer.write(value);
    }
    await writer.end();
  } finally {
    // Counted even on failure, so deleting the tip removes every chunk that was written.
    await store.setItemSize(deps.db, itemId, writer.chunks, writer.bytes);
    reader.releaseLock();
  }
}

/** The base name of an uploaded file, without directories or control characters, at most MAX_FILE_NAME_CHARS. */
export function cleanFileName(name: string): string {
  const base = name.split(/[/\\]/).pop() ?? '';
  return [...base.replace(/[\u0000-\u001f\u007f]/g, '')].slice(0, MAX_FILE_NAME_CHARS).join('').trim() || '附件';
}

/**
 * The no-JavaScript path: reads a multipart form (`message`, `contact`, any number of
 * `attachments`, and for a follow-up a `receipt` field FIRST) and streams each attachment
 * straight through age encryption to the active newsroom recipients into the tip file store:
 * plaintext exists only in memory, a chunk at a time. The text fields and the attachments' names,
 * types and sizes go into the message item, encrypted last. Any failure (the size limit, a bad
 * field, a dropped connection) deletes what was written and rethrows.
 */
export async function submitPlainTip(deps: TipDeps, parts: AsyncIterable<Multipart>, { followUp = false, now = () => new Date() } = {}): Promise<PlainSubmitResult> {
  const iterator = parts[Symbol.asyncIterator]();
  let started: { uploadId: string; tipId: number; recipients: string[]; receipt: string | null };
  let pending: Multipart | null = null;
  if (followUp) {
    const first = await iterator.next();
    const part = first.done ? null : first.value;
    if (!part || part.type !== 'field' || part.fieldname !== 'receipt') throw new ValidationError('表单有误：缺少回执码。');
    const follow = await startFollowUp(deps, part.value, { now: now() });
    started = { ...follow, receipt: null };
  } else {
    const first = await iterator.next();
    pending = first.done ? null : first.value;
    const tip = await startTip(deps, { now: now() });
    started = { uploadId: tip.uploadId, tipId: tip.tipId, recipients: tip.recipients, receipt: tip.receipt };
  }

  const { uploadId, tipId, recipients } = started;
  const fields: Record<string, string> = {};
  const files: TipMessagePayload['files'] = [];
  const encrypter = encrypterFor(recipients);
  const itemIds: number[] = [];
  try {
    for (;;) {
      let part: Multipart;
      if (pending) {
        part = pending;
        pending = null;
      } else {
        const next = await iterator.next();
        if (next.done) break;
        part = next.value;
      }
      if (part.type === 'field') {
        if (part.valueTruncated) throw new ValidationError(`「${part.fieldname}」太长。`);
        if (typeof part.value === 'string') fields[part.fieldname] = part.value;
        continue;
      }
      if (part.fieldname !== 'attachments' || part.filename === '') {
        part.file.resume(); // an empty file input, or a field this form does not have
        continue;
      }
      const { itemId } = await createItem(deps, uploadId, { kind: 'file' }, { now: now(), messageLast: true });
      itemIds.push(itemId);
      const counter = { bytes: 0 };
      const ciphertext = await encrypter.encrypt(toWebStream(part.file, counter));
      await storeCiphertext(deps, tipId, itemId, ciphertext);
      if (part.file.truncated) throw new ValidationError('附件太大，未能提交。');
      files.push({ name: cleanFileName(part.filename), type: part.mimetype.slice(0, 100), size: counter.bytes });
    }

    const message = (fields.message ?? '').trim();
    const contact = (fields.contact ?? '').trim();
    if (message === '' && files.length === 0) throw new ValidationError('请写下您要告诉我们的事，或附上文件。');
    if ([...message].length > MAX_MESSAGE_CHARS) throw new ValidationError(`留言最多 ${MAX_MESSAGE_CHARS} 个字。`);
    if ([...contact].length > MAX_CONTACT_CHARS) throw new ValidationError(`联系方式最多 ${MAX_CONTACT_CHARS} 个字。`);
    const payload: TipMessagePayload = { v: 1, message, contact, files, sentAt: now().toISOString() };
    const { itemId } = await createItem(deps, uploadId, { kind: 'message' }, { now: now(), messageLast: true });
    itemIds.push(itemId);
    await storeCiphertext(deps, tipId, itemId, await encrypter.encrypt(JSON.stringify(payload)).then(bytesAsStream));
    await finishUpload(deps, uploadId, { now: now() });
    return { tipId, receipt: started.receipt, files: files.length };
  } catch (error) {
    if (followUp) await discardUpload(deps, uploadId);
    else await deleteTip(deps, tipId);
    throw error;
  }
}

function bytesAsStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}
