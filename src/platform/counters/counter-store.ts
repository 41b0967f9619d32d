/**
 * Batched counters: many cheap increments in the request path, written to the database in
 * batches by a flusher. The embedded default keeps them in process memory (memory/); scale
 * mode keeps them in Redis (redis/), shared by every app process. The keys are opaque strings
 * chosen by the feature that counts; the platform knows nothing about what they mean.
 */

/** Count only the first increment per `key` within `ttlSeconds` (e.g. one view per reader per 30 min). */
export interface CountOnce {
  key: string;
  ttlSeconds: number;
}

/** The answer to an increment. */
export interface IncrementResult {
  /** False when `once` had already been seen within its window: nothing was added. */
  counted: boolean;
  /** Unflushed value of each key, in the order asked, after this increment. */
  pending: number[];
}

/** Counts taken out of the store to be written elsewhere. */
export interface CounterBatch {
  /** Unique per batch; a batch offered again after a failure keeps its id. */
  id: string;
  /** Key -> how much to add. */
  counts: ReadonlyMap<string, number>;
}

/**
 * Writes a batch for good (one database transaction). It must be idempotent by `batch.id`:
 * a batch whose write failed, or whose outcome is unknown, is offered again with the same id.
 */
export type CounterSink = (batch: CounterBatch) => Promise<void>;

export interface CounterStore {
  /** Adds 1 to each of `keys` (unless `once` was already seen) and answers their unflushed values. */
  increment(keys: readonly string[], once?: CountOnce): Promise<IncrementResult>;
  /** Unflushed values of `keys`, including a batch this process is writing right now. */
  pending(keys: readonly string[]): Promise<number[]>;
  /**
   * Moves everything counted so far into `sink`. Flushes never overlap within a process;
   * resolves to the number of keys written. A sink failure keeps the batch for the next flush.
   */
  flush(sink: CounterSink): Promise<number>;
  /** Stops using the store; call `flush` first to keep the counts (the app's shutdown does). */
  close(): Promise<void>;
}

/** Runs `fn` after every earlier call has settled: flushes of one store never overlap. */
export function serialised<T>(): (fn: () => Promise<T>) => Promise<T> {
  let tail: Promise<unknown> = Promise.resolve();
  return (fn) => {
    const run = tail.then(fn, fn);
    tail = run.catch(() => undefined);
    return run;
  };
}
