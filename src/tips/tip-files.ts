import { randomBytes } from 'node:crypto';
import { Readable } from 'node:stream';
import type { FileStore } from '../platform/files/file-store.js';

/**
 * A tip item's ciphertext lives in the tip file store as numbered chunks `{fileKey}/0`,
 * `{fileKey}/1`, …: the browser uploads it that way, the no-JavaScript path writes it that way,
 * and an object store needs no append. The file key is random, so it says nothing about the tip.
 */
export function newFileKey(): string {
  return randomBytes(16).toString('hex');
}

/** The store key of chunk `index` of an item. */
export function chunkKey(fileKey: string, index: number): string {
  return `${fileKey}/${index}`;
}

/** The item's ciphertext as one stream (its chunks one after another, each read as it is reached). */
export function readItem(files: FileStore, fileKey: string, chunkCount: number): Readable {
  async function* chunks() {
    for (let index = 0; index < chunkCount; index++) {
      const found = await files.stream(chunkKey(fileKey, index));
      if (!found) throw new Error(`tip file chunk ${chunkKey(fileKey, index)} is missing`);
      for await (const piece of found.body) yield piece as Buffer;
    }
  }
  return Readable.from(chunks());
}

/** Removes every chunk of an item (`chunkCount` or more: a chunk written but never counted is removed too). */
export async function deleteItemFiles(files: FileStore, fileKey: string, chunkCount: number): Promise<void> {
  for (let index = 0; index <= chunkCount; index++) await files.delete(chunkKey(fileKey, index));
}

/**
 * Collects a stream of ciphertext into chunks of `chunkBytes` and stores each as it fills, so a
 * file of any size passes through with one chunk in memory. `reserve(n)` is called before each
 * chunk is stored and may throw (the tip's size limit).
 */
export class ChunkWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  chunks = 0;
  bytes = 0;

  constructor(
    private readonly files: FileStore,
    readonly fileKey: string,
    private readonly chunkBytes: number,
    private readonly reserve: (bytes: number) => Promise<void>,
  ) {}

  async write(data: Uint8Array): Promise<void> {
    let rest = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    while (rest.length > 0) {
      const room = this.chunkBytes - this.pendingBytes;
      const piece = rest.subarray(0, room);
      this.pending.push(Buffer.from(piece));
      this.pendingBytes += piece.length;
      rest = rest.subarray(piece.length);
      if (this.pendingBytes === this.chunkBytes) await this.flush();
    }
  }

  /** Stores what is left as the last chunk. */
  async end(): Promise<void> {
    if (this.pendingBytes > 0) await this.flush();
  }

  private async flush(): Promise<void> {
    const chunk = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.reserve(chunk.length);
    await this.files.put(chunkKey(this.fileKey, this.chunks), chunk);
    this.chunks++;
    this.bytes += chunk.length;
  }
}

/** A Node stream (or any async iterable of bytes) as a web stream, counting the bytes that pass. */
export function toWebStream(source: AsyncIterable<Uint8Array>, counter: { bytes: number } = { bytes: 0 }): ReadableStream<Uint8Array> {
  const iterator = source[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await iterator.next();
      if (next.done) {
        controller.close();
        return;
      }
      counter.bytes += next.value.length;
      controller.enqueue(next.value);
    },
    async cancel() {
      await iterator.return?.();
    },
  });
}
