/**
 * Cutting an (encrypted) stream into upload chunks, and sending each with a retry the person
 * decides on. Only one chunk is held in memory at a time, so a 200 MB file costs one chunk.
 */

/**
 * Reads `stream` and yields pieces of exactly `size` bytes (the last one may be shorter; an
 * empty stream yields nothing). Stops reading when the consumer stops asking (backpressure).
 */
export async function* chunksOf(stream: ReadableStream<Uint8Array>, size: number): AsyncGenerator<Uint8Array<ArrayBuffer>> {
  if (!Number.isInteger(size) || size <= 0) throw new Error(`chunk size must be a positive integer, not ${size}`);
  const reader = stream.getReader();
  let buffer = new Uint8Array(size);
  let used = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      let rest = value;
      while (rest.length > 0) {
        const n = Math.min(size - used, rest.length);
        buffer.set(rest.subarray(0, n), used);
        used += n;
        rest = rest.subarray(n);
        if (used === size) {
          yield buffer;
          // A fresh buffer: the consumer may still hold the one it was given (a retry).
          buffer = new Uint8Array(size);
          used = 0;
        }
      }
    }
    if (used > 0) yield buffer.slice(0, used);
  } finally {
    reader.releaseLock();
  }
}

/** What a failed send asks the page: resolve to try again, reject to give up. */
export type AskRetry = (error: unknown) => Promise<void>;

/**
 * Runs `send` until it succeeds: a failure waits for `askRetry` (the page shows the error and a
 * 重试 button), and a rejection of `askRetry` ends the upload with that rejection.
 */
export async function withRetry<T>(send: () => Promise<T>, askRetry: AskRetry): Promise<T> {
  for (;;) {
    try {
      return await send();
    } catch (error) {
      await askRetry(error);
    }
  }
}
