import type { PeriodicTask } from './periodic.js';

/**
 * Periodic work needed once for the whole site, whichever process does it: every `intervalMs`
 * in each process (embedded mode; the task must be safe to run in several at once) or on `cron`
 * by one worker of many (graphile mode; graphile-worker's crontab fires each tick once).
 */
export interface SharedTask extends PeriodicTask {
  /** A crontab time, e.g. `* * * * *` for every minute (graphile's finest step). */
  cron: string;
}

/** A one-off job's handler: the payload it was added with (JSON, to be validated). */
export type JobHandler = (payload: unknown) => Promise<void>;

/** Everything a job engine runs: shared periodic tasks and one-off jobs by task name. */
export interface BackgroundWork {
  shared: SharedTask[];
  jobs: Record<string, JobHandler>;
}

/** Where an engine reports; Fastify's logger fits. */
export interface JobLogger {
  error(details: object, message: string): void;
  warn(details: object, message: string): void;
  info(details: object, message: string): void;
  debug(details: object, message: string): void;
}

/** A started engine. */
export interface JobRunner {
  /** Stops taking jobs and waits for those running (graceful shutdown). */
  stop(): Promise<void>;
}
