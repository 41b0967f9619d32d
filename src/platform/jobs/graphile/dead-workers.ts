import pg from 'pg';
import type { JobLogger } from '../background-work.js';

/**
 * A worker process that dies without stopping (SIGKILL, OOM, power loss) leaves the jobs it was
 * running locked, and graphile-worker frees such locks only after 4 hours. Here PostgreSQL
 * tells the living from the dead. graphile-worker locks a job in the name of a worker id (in
 * 0.17, the id of the runner's worker pool, `locked_by`); a process holds a session advisory
 * lock named after each of its worker ids, on a connection of its own, and PostgreSQL drops
 * those locks when that connection goes, however the process ended. A sweep in every runner
 * process frees the jobs of worker ids whose lock is free. Jobs are safe to run again.
 */

/** The first key of every liveness lock ('XWKR'), keeping them apart from other advisory locks. */
const LIVENESS_LOCKS = 0x58574b52;
const HOLD = `select pg_advisory_lock(${LIVENESS_LOCKS}, hashtext($1))`;
const TRY = `select pg_try_advisory_lock(${LIVENESS_LOCKS}, hashtext($1)) as free`;
const RELEASE = `select pg_advisory_unlock(${LIVENESS_LOCKS}, hashtext($1))`;
/** After the liveness connection fails, the wait before connecting again. */
const RECONNECT_MS = 1_000;

export interface WorkerLiveness {
  /** Holds the lock of a worker id of this process, from now until `close`. */
  hold(workerId: string): void;
  /** Lets the locks go (after the runner has stopped and finished its jobs). */
  close(): Promise<void>;
}

/**
 * The liveness locks of this process's workers, on one connection. If it fails, it connects
 * again and takes every lock again; meanwhile a sweep elsewhere may take this process's
 * workers for dead and free their jobs, which then run twice, harmlessly.
 */
export async function holdWorkerLiveness(connectionString: string, log: JobLogger): Promise<WorkerLiveness> {
  const workerIds = new Set<string>();
  let client: pg.Client | null = null;
  let closed = false;
  let reconnect: ReturnType<typeof setTimeout> | null = null;

  const connect = async (): Promise<void> => {
    const next = new pg.Client({ connectionString });
    next.on('error', (error) => {
      log.warn({ err: error }, 'jobs: the worker liveness connection failed; connecting again');
      if (client === next) client = null;
      next.end().catch(() => undefined);
      if (!closed && reconnect === null) {
        reconnect = setTimeout(() => {
          reconnect = null;
          connect().catch((reason: unknown) => log.error({ err: reason }, 'jobs: the worker liveness connection could not be made again'));
        }, RECONNECT_MS);
      }
    });
    await next.connect();
    for (const id of workerIds) await next.query(HOLD, [id]);
    if (closed) {
      await next.end();
      return;
    }
    client = next;
  };
  await connect();

  return {
    hold(workerId) {
      workerIds.add(workerId);
      client?.query(HOLD, [workerId]).catch((error: unknown) => log.warn({ err: error, workerId }, 'jobs: a worker liveness lock was not taken'));
    },
    async close() {
      closed = true;
      if (reconnect !== null) clearTimeout(reconnect);
      await client?.end();
      client = null;
    },
  };
}

/** Something that lends a pooled connection (graphile-worker's `WorkerUtils.withPgClient`). */
type WithPgClient = <T>(callback: (client: pg.PoolClient) => Promise<T>) => Promise<T>;

/**
 * Frees the jobs of dead workers: those locked for more than `lockedForMs` by a worker whose
 * liveness lock is free. Returns the dead workers' ids. The grace covers the moment between a
 * worker's start and its lock being taken.
 */
export async function unlockDeadWorkers(withPgClient: WithPgClient, lockedForMs: number): Promise<string[]> {
  return withPgClient(async (client) => {
    const { rows } = await client.query<{ locked_by: string }>(
      'select distinct locked_by from graphile_worker.jobs where locked_by is not null and locked_at < now() - make_interval(secs => $1)',
      [lockedForMs / 1000],
    );
    const dead: string[] = [];
    for (const { locked_by: workerId } of rows) {
      const { rows: answer } = await client.query<{ free: boolean }>(TRY, [workerId]);
      if (answer[0]?.free !== true) continue;
      dead.push(workerId);
      await client.query(RELEASE, [workerId]);
    }
    if (dead.length > 0) await client.query('select graphile_worker.force_unlock_workers($1::text[])', [dead]);
    return dead;
  });
}
