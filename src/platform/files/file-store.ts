import type { Readable } from 'node:stream';

/**
 * Where uploaded files live, addressed by key. The local disk is the embedded default; an S3
 * (or other object store) adapter implements the same interface in its own folder.
 */
export interface FileStore {
  /** Stores `data` under `key`, replacing what was there; readers never see a half-written file. */
  put(key: string, data: Buffer): Promise<void>;
  /** The whole file, or null when there is none. */
  get(key: string): Promise<Buffer | null>;
  /**
   * The file as a stream (for serving), or null when there is none; with `range`, only bytes
   * `start` to `end` inclusive (HTTP Range). `bytes` is always the whole file's size.
   */
  stream(key: string, range?: { start: number; end: number }): Promise<{ body: Readable; bytes: number } | null>;
  exists(key: string): Promise<boolean>;
  /** Removes the file; a missing file is not an error. */
  delete(key: string): Promise<void>;
}

// Segments of letters, digits, `.`, `_` and `-` that start with a letter or digit, so no
// segment can be `.` or `..` and no key can be absolute or escape the store.
const SAFE_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}(\/[A-Za-z0-9][A-Za-z0-9._-]{0,199}){0,4}$/;

/** True for keys every store accepts: relative, `/`-separated, no `..`, at most 5 segments. */
export function isSafeKey(key: string): boolean {
  return SAFE_KEY.test(key) && !key.includes('..');
}

/** Throws unless `key` is safe (see isSafeKey); stores call it before touching anything. */
export function assertSafeKey(key: string): void {
  if (!isSafeKey(key)) throw new Error(`Unsafe file key: ${JSON.stringify(key)}`);
}
