/**
 * Sending one upload of a tip (the first one, or a receipt holder's follow-up): encrypt the
 * message payload and every file to the newsroom's recipients, check the total against the
 * limit BEFORE anything is sent, then upload item by item, chunk by chunk
 * (protocol: src/tips/tips-protocol.ts). Files are read as streams through age's streaming
 * encrypter, so memory holds one chunk, never a whole file.
 */
import type { ReadableStreamWithSize } from 'age-encryption';
import { MAX_CONTACT_CHARS, MAX_FILE_NAME_CHARS, MAX_MESSAGE_CHARS, type TipMessagePayload, type TipsConfig } from '../tips-protocol.js';
import { encryptStream, encryptText, TipCryptoError } from './age-tools.js';
import { chunksOf, withRetry, type AskRetry } from './chunks.js';
import { createItem, finishUpload, putChunk } from './tips-api.js';

/** What the reader filled in. */
export interface TipDraft {
  message: string;
  contact: string;
  files: File[];
}

/** Where the progress goes: bytes of ciphertext sent per item and in all. */
export interface UploadProgress {
  /** Called once the sizes are known: the message's and each file's ciphertext bytes. */
  planned(messageBytes: number, fileBytes: number[]): void;
  /** `item` is -1 for the message, else the file's index. */
  sent(item: number, bytes: number): void;
  /** A step's name for the status line. */
  step(text: string): void;
  askRetry: AskRetry;
}

/** 12.3 MB / 850 KB / 20 字节, for limits and sizes shown to readers. */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 * 1024) return `${(bytes / (1024 * 1024)).toFixed(bytes >= 100 * 1024 * 1024 ? 0 : 1)} MB`;
  if (bytes >= 1024) return `${Math.ceil(bytes / 1024)} KB`;
  return `${bytes} 字节`;
}

/** Checks what the reader wrote against the protocol's limits; a Chinese message otherwise. */
export function checkDraft(draft: TipDraft, config: TipsConfig, needMessage: boolean): void {
  const message = draft.message.trim();
  if (needMessage && message === '' && draft.files.length === 0) throw new TipCryptoError('请填写线索内容，或附上文件。');
  if (draft.message.length > MAX_MESSAGE_CHARS) throw new TipCryptoError(`线索内容最多 ${MAX_MESSAGE_CHARS} 字，现在是 ${draft.message.length} 字。`);
  if (draft.contact.length > MAX_CONTACT_CHARS) throw new TipCryptoError(`联系方式最多 ${MAX_CONTACT_CHARS} 字。`);
  if (draft.files.length > config.maxFiles) throw new TipCryptoError(`一次最多附上 ${config.maxFiles} 个文件，现在选了 ${draft.files.length} 个。`);
}

/** The message item's plaintext: what was written plus the attachments' names, types and sizes. */
export function messagePayload(draft: TipDraft): TipMessagePayload {
  return {
    v: 1,
    message: draft.message,
    contact: draft.contact.trim(),
    files: draft.files.map((f) => ({ name: f.name.slice(0, MAX_FILE_NAME_CHARS), type: f.type || 'application/octet-stream', size: f.size })),
    sentAt: new Date().toISOString(),
  };
}

/** Encrypted and measured, not yet sent. */
export interface SealedDraft {
  message: Uint8Array;
  files: { stream: ReadableStreamWithSize; bytes: number }[];
  totalBytes: number;
}

/**
 * Encrypts the payload and sets up each file's encrypting stream (nothing is read yet), and
 * refuses before any upload when the ciphertext would pass the tip's limit.
 */
export async function seal(draft: TipDraft, config: TipsConfig): Promise<SealedDraft> {
  const message = await encryptText(config.recipients, JSON.stringify(messagePayload(draft)));
  const files: SealedDraft['files'] = [];
  for (const file of draft.files) {
    const stream = await encryptStream(config.recipients, file.stream());
    files.push({ stream, bytes: stream.size(file.size) });
  }
  const totalBytes = message.length + files.reduce((sum, f) => sum + f.bytes, 0);
  if (totalBytes > config.maxTotalBytes) {
    await Promise.all(files.map((f) => f.stream.cancel().catch(() => undefined)));
    const plain = draft.files.reduce((sum, f) => sum + f.size, 0);
    throw new TipCryptoError(`附件总大小（${formatBytes(plain)}）超过了每条线索 ${formatBytes(config.maxTotalBytes)} 的上限（含加密开销），请删去部分文件后再发送。`);
  }
  return { message, files, totalBytes };
}

async function sendItem(uploadId: string, kind: 'message' | 'file', chunks: AsyncIterable<Uint8Array<ArrayBuffer>>, item: number, progress: UploadProgress): Promise<void> {
  const { itemId } = await withRetry(() => createItem(uploadId, kind), progress.askRetry);
  let index = 0;
  let sent = 0;
  for await (const chunk of chunks) {
    const at = index;
    await withRetry(() => putChunk(uploadId, itemId, at, chunk), progress.askRetry);
    index += 1;
    sent += chunk.length;
    progress.sent(item, sent);
  }
}

async function* slices(bytes: Uint8Array, size: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  for (let at = 0; at < bytes.length; at += size) yield bytes.slice(at, at + size);
}

/**
 * Uploads a sealed draft to `uploadId` (message first, then the files in order) and finishes
 * the upload. Failed requests wait for the person's 重试 (see UploadProgress.askRetry).
 */
export async function uploadSealed(uploadId: string, sealed: SealedDraft, config: TipsConfig, progress: UploadProgress): Promise<void> {
  progress.planned(
    sealed.message.length,
    sealed.files.map((f) => f.bytes),
  );
  progress.step('正在发送加密后的留言…');
  await sendItem(uploadId, 'message', slices(sealed.message, config.chunkBytes), -1, progress);
  for (const [i, file] of sealed.files.entries()) {
    progress.step(`正在加密并发送第 ${i + 1} 个文件（共 ${sealed.files.length} 个）…`);
    await sendItem(uploadId, 'file', chunksOf(file.stream, config.chunkBytes), i, progress);
  }
  progress.step('正在完成…');
  await withRetry(() => finishUpload(uploadId), progress.askRetry);
}
