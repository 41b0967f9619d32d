import { join } from 'node:path';
import { InvalidArgumentError, type Command } from 'commander';
import { createPublishBus, publishBus } from '../articles/publish-events.js';
import { loadConfig, type Config } from '../config.js';
import { startAudioWorker } from '../listen/audio-worker.js';
import { createEspeakEngine } from '../listen/espeak/espeak-engine.js';
import { createRedisPurgeChannel } from '../platform/cache/redis/redis-purge-channel.js';
import { openDatabase } from '../platform/db/database.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import type { JobLogger } from '../platform/jobs/background-work.js';
import { openGraphileQueue, startGraphileRunner } from '../platform/jobs/graphile/graphile-jobs.js';
import { attachJobQueue } from '../platform/jobs/job-queue.js';
import { openRedis } from '../platform/redis/open-redis.js';
import { attachPublishPipeline } from '../publish-pipeline.js';
import { relayArticleEvents, sharedTasks, workerJobs } from '../scale/background.js';
import { createTipBudget } from '../tips/tips-budget.js';

export interface WorkerCommandHelpers {
  UsageError: new (message: string) => Error;
}

const LEVELS = { trace: 10, debug: 20, info: 30, warn: 40, error: 50, fatal: 60, silent: Infinity } as const;

/**
 * One JSON object a line on stdout, in the shape of the server's log (level, time, msg and the
 * details), so one log pipeline reads both.
 */
function jsonLogger(level: Config['logLevel']): JobLogger {
  const threshold = LEVELS[level];
  const write = (at: keyof typeof LEVELS, details: object, msg: string) => {
    if (LEVELS[at] < threshold) return;
    const fields: Record<string, unknown> = { ...details };
    const err = fields.err;
    if (err instanceof Error) fields.err = { type: err.name, message: err.message, stack: err.stack };
    process.stdout.write(`${JSON.stringify({ level: LEVELS[at], time: Date.now(), pid: process.pid, name: 'xinwen-worker', ...fields, msg })}\n`);
  };
  return {
    error: (details, msg) => write('error', details, msg),
    warn: (details, msg) => write('warn', details, msg),
    info: (details, msg) => write('info', details, msg),
    debug: (details, msg) => write('debug', details, msg),
  };
}

/**
 * Runs until SIGTERM or SIGINT: graphile-worker jobs (article events through the publish
 * pipeline, scheduled publishes at their time, the shared periodic tasks on their crontab) and,
 * with XINWEN_AUDIO_RENDER=on, the audio renderer. No HTTP. On a signal it takes no new job,
 * finishes the ones running, and exits 0.
 */
async function runWorker(options: { concurrency: number }, helpers: WorkerCommandHelpers): Promise<never> {
  const config = loadConfig();
  if (config.jobs !== 'graphile' || !config.redisUrl) {
    throw new helpers.UsageError(
      'xinwen worker runs jobs on PostgreSQL: set XINWEN_JOBS=graphile with a PostgreSQL DATABASE_URL and REDIS_URL. In embedded mode xinwen serve does this work itself.',
    );
  }
  const log = jsonLogger(config.logLevel);
  const database = await openDatabase(config.databaseUrl);
  const { db } = database;
  const files = createLocalFileStore({ root: join(config.dataDir, 'media') });
  const redis = await openRedis(config.redisUrl);
  const purges = createRedisPurgeChannel({ redis, channel: `${config.redisPrefix}purge`, log });
  const queue = await openGraphileQueue({ connectionString: config.databaseUrl, log });
  const detachQueue = attachJobQueue(db, queue);
  // Events of this worker's own writes (a scheduled publish) become jobs like everyone else's;
  // the jobs deliver them on a bus of their own, with the pipeline attached.
  const detachRelay = relayArticleEvents(db, queue, log);
  const pipeline = createPublishBus();
  const detachPipeline = attachPublishPipeline(db, log, { files, purges, bus: pipeline });
  const tips = { db, files: createLocalFileStore({ root: join(config.dataDir, 'tips') }), budget: createTipBudget() };
  const runner = await startGraphileRunner({
    connectionString: config.databaseUrl,
    work: { shared: sharedTasks({ db, tips, log }), jobs: workerJobs({ db, pipeline }) },
    log,
    concurrency: options.concurrency,
  });
  const audio = config.audioRender === 'on' ? startAudioWorker({ db, files, engine: createEspeakEngine(), log }) : null;
  log.info({ concurrency: options.concurrency, audio: config.audioRender }, 'worker started');

  const shutdown = async (signal: string) => {
    log.info({ signal }, 'worker stopping: finishing running jobs');
    let code = 0;
    try {
      await runner.stop();
      await audio?.stop();
      await pipeline.idle();
      await publishBus(db).idle();
    } catch (error) {
      log.error({ err: error }, 'worker shutdown failed');
      code = 1;
    }
    detachPipeline();
    detachRelay();
    detachQueue();
    await queue.close();
    await purges.close();
    await redis.quit();
    await database.close();
    process.exit(code);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  return new Promise<never>(() => {
    // Runs until a signal arrives; shutdown() exits the process.
  });
}

/** `xinwen worker`: the job runner of scale mode (docs/deploy.md). */
export function registerWorkerCommand(program: Command, helpers: WorkerCommandHelpers): void {
  program
    .command('worker')
    .description('run jobs (scale mode, XINWEN_JOBS=graphile): the publish pipeline, scheduled publishes, periodic tasks, audio')
    .option('--concurrency <n>', 'jobs run at once in this process (default 2)', (value) => {
      const n = Number(value);
      if (!/^\d+$/.test(value) || n < 1 || n > 64) throw new InvalidArgumentError('must be a whole number from 1 to 64');
      return n;
    }, 2)
    .action(async (options: { concurrency: number }) => {
      await runWorker(options, helpers);
    });
}
