import type { Db } from '../db/database.js';

export interface AddJobOptions {
  /**
   * Jobs with one key collapse: adding again replaces the job still waiting. A job already
   * running is left to finish and the new one waits, so a change made during a run is not missed.
   */
  jobKey?: string;
  /** The earliest time the job may run; default now. */
  runAt?: Date;
}

/**
 * Where one-off jobs are added (scale mode: graphile-worker on PostgreSQL). Features see only
 * this interface; the engine behind it is chosen by the composition root.
 */
export interface JobQueue {
  /** Adds a job for `task` with a JSON `payload`; resolves once the job is stored. */
  add(task: string, payload: Record<string, unknown>, options?: AddJobOptions): Promise<void>;
  /** Removes the waiting job with `jobKey`, if any (one already running finishes). */
  remove(jobKey: string): Promise<void>;
}

// One queue per database handle, as with the publish bus: services reach it through the `db`
// they already take, and embedded mode (no queue) costs them nothing.
const queues = new WeakMap<Db, JobQueue>();

/** Makes `queue` this database handle's job queue; returns a function that detaches it. */
export function attachJobQueue(db: Db, queue: JobQueue): () => void {
  queues.set(db, queue);
  return () => {
    if (queues.get(db) === queue) queues.delete(db);
  };
}

/** The job queue of this database handle, or null in embedded mode (periodic tasks do the work). */
export function jobQueue(db: Db): JobQueue | null {
  return queues.get(db) ?? null;
}
