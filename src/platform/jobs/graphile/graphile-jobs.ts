import { EventEmitter } from 'node:events';
import type { Logger, Runner, TaskList, WorkerEvents, WorkerUtils } from 'graphile-worker';
import type { BackgroundWork, JobLogger, JobRunner } from '../background-work.js';
import type { JobQueue } from '../job-queue.js';
import { holdWorkerLiveness, unlockDeadWorkers } from './dead-workers.js';

/** Attempts for a one-off job before graphile-worker gives up on it (its backoff is exponential). */
const MAX_ATTEMPTS = 10;

/** How often each runner process looks for jobs locked by dead workers (dead-workers.ts). */
const DEAD_WORKER_SWEEP_MS = 30_000;
/** How long a job must have been locked before its worker can be taken for dead. */
const DEAD_WORKER_GRACE_MS = 30_000;

// graphile-worker is loaded by the first process that opens the queue (XINWEN_JOBS=graphile):
// the embedded default never holds it.
const graphile = () => import('graphile-worker');

/** graphile-worker's log lines, into our logger (its levels are error, warning, info, debug). */
async function graphileLogger(log: JobLogger): Promise<Logger> {
  const { Logger } = await graphile();
  return new Logger((scope) => (level, message, meta) => {
    const details = { ...scope, ...meta };
    const name: string = level;
    if (name === 'error') log.error(details, `jobs: ${message}`);
    else if (name === 'warning') log.warn(details, `jobs: ${message}`);
    else if (name === 'info') log.info(details, `jobs: ${message}`);
    else log.debug(details, `jobs: ${message}`);
  });
}

export interface GraphileQueue extends JobQueue {
  /** Releases the queue's connections. */
  close(): Promise<void>;
}

/**
 * The job queue on PostgreSQL (graphile-worker). Installs or upgrades the `graphile_worker`
 * schema first (a no-op when it is current; safe from several processes at once, under an
 * advisory lock), so a process can add jobs before any worker has started.
 */
export async function openGraphileQueue(options: { connectionString: string; log: JobLogger }): Promise<GraphileQueue> {
  const { makeWorkerUtils } = await graphile();
  const utils: WorkerUtils = await makeWorkerUtils({
    connectionString: options.connectionString,
    // Adding a job is one short statement; app processes need few connections for it.
    maxPoolSize: 2,
    logger: await graphileLogger(options.log),
  });
  try {
    await utils.migrate();
  } catch (error) {
    await utils.release();
    throw error;
  }
  return {
    async add(task, payload, spec = {}) {
      await utils.addJob(task, payload, {
        maxAttempts: MAX_ATTEMPTS,
        ...(spec.jobKey !== undefined && { jobKey: spec.jobKey, jobKeyMode: 'replace' as const }),
        ...(spec.runAt !== undefined && { runAt: spec.runAt }),
      });
    },
    async remove(jobKey) {
      await utils.withPgClient((client) => client.query('select graphile_worker.remove_job($1)', [jobKey]));
    },
    async close() {
      await utils.release();
    },
  };
}

export interface GraphileRunnerOptions {
  connectionString: string;
  work: BackgroundWork;
  log: JobLogger;
  /** Jobs this process runs at once. Default 2. */
  concurrency?: number;
  /** How often, in ms, the runner looks for jobs whose run_at has come (new jobs arrive by LISTEN at once). Default 1000. */
  pollIntervalMs?: number;
  /** How often, in ms, it frees the jobs of workers that died without stopping. Default 30 s. */
  deadWorkerSweepMs?: number;
  /** How long, in ms, a job must have been locked before its worker can be taken for dead. Default 30 s. */
  deadWorkerGraceMs?: number;
}

/**
 * Runs `work` with graphile-worker: one-off jobs by name, and each shared task on its crontab
 * time, which graphile fires once per tick across every runner on the database. Signals are
 * left to the caller (`xinwen worker` stops the runner on SIGTERM, finishing running jobs).
 */
export async function startGraphileRunner(options: GraphileRunnerOptions): Promise<JobRunner> {
  const taskList: TaskList = {};
  for (const [name, handler] of Object.entries(options.work.jobs)) {
    taskList[name] = async (payload) => handler(payload);
  }
  for (const task of options.work.shared) {
    taskList[task.name] = async () => {
      await task.run(new Date());
    };
  }
  const concurrency = options.concurrency ?? 2;
  const { run, makeWorkerUtils } = await graphile();
  const logger = await graphileLogger(options.log);
  // graphile-worker locks jobs in the name of the runner's worker pool: its liveness lock is
  // held from the pool's creation (before run() resolves).
  const liveness = await holdWorkerLiveness(options.connectionString, options.log);
  const events: WorkerEvents = new EventEmitter();
  events.on('pool:create', ({ workerPool }) => liveness.hold(workerPool.id));
  let utils: WorkerUtils | null = null;
  let runner: Runner;
  try {
    utils = await makeWorkerUtils({ connectionString: options.connectionString, maxPoolSize: 1, logger });
    runner = await run({
      connectionString: options.connectionString,
      events,
      concurrency,
      // Its own pool only takes, completes and listens for jobs (handlers use the app's database
      // handle), so a few connections beyond the jobs running at once are enough.
      maxPoolSize: Math.max(4, concurrency + 2),
      pollInterval: options.pollIntervalMs ?? 1000,
      noHandleSignals: true,
      logger,
      taskList,
      // A failed tick is not retried: the next tick does the same work (max=1).
      crontab: options.work.shared.map((task) => `${task.cron} ${task.name} ?max=1`).join('\n'),
    });
  } catch (error) {
    await utils?.release();
    await liveness.close();
    throw error;
  }
  const sweepUtils = utils;
  const graceMs = options.deadWorkerGraceMs ?? DEAD_WORKER_GRACE_MS;
  let sweeping: Promise<void> = Promise.resolve();
  const sweep = setInterval(() => {
    sweeping = unlockDeadWorkers(sweepUtils.withPgClient, graceMs).then(
      (dead) => {
        if (dead.length > 0) options.log.warn({ workerIds: dead }, 'jobs: freed the jobs of workers that died while running them; they run again');
      },
      (error: unknown) => options.log.error({ err: error }, 'jobs: the sweep for dead workers failed'),
    );
  }, options.deadWorkerSweepMs ?? DEAD_WORKER_SWEEP_MS);
  sweep.unref();
  return {
    async stop() {
      clearInterval(sweep);
      await runner.stop();
      await sweeping;
      await sweepUtils.release();
      // Only now: until its jobs are finished, this process's workers are alive.
      await liveness.close();
    },
  };
}
