/**
 * A `xinwen worker` stand-in for graphile-jobs.test.ts, run as its own process: a runner whose
 * `hang` job never ends, so the test can kill the process (SIGKILL) while the job is locked.
 * Prints `ready` once it runs jobs and `running` when the job starts.
 * Usage: node --import tsx dying-worker.testing.ts CONNECTION_STRING
 */
import { startGraphileRunner } from './graphile-jobs.js';

const connectionString = process.argv[2];
if (connectionString === undefined) throw new Error('usage: dying-worker.testing.ts CONNECTION_STRING');
const quiet = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };
await startGraphileRunner({
  connectionString,
  log: quiet,
  pollIntervalMs: 200,
  work: {
    shared: [],
    jobs: {
      hang: async () => {
        process.stdout.write('running\n');
        await new Promise<never>(() => {});
      },
    },
  },
});
process.stdout.write('ready\n');
