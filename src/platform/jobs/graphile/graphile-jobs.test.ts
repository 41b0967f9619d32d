/**
 * graphile-worker behind the job seam, on a fresh PostgreSQL database: a job added with a key
 * and a time runs once with three runners, at its latest time; removed, it never runs; a
 * runner stopped during a job lets it finish; a worker killed during a job has it run again by
 * another, while a live worker's long job is left to it. PostgreSQL only (the engine lives there).
 */
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../../../testing/databases.js';
import type { JobLogger, JobRunner } from '../background-work.js';
import { openGraphileQueue, startGraphileRunner, type GraphileQueue } from './graphile-jobs.js';

const quiet: JobLogger = { error: () => {}, warn: () => {}, info: () => {}, debug: () => {} };

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('graphile-worker schema (postgres)', { skip: TEST_DIALECTS.includes('postgres') ? false : 'needs TEST_DIALECTS to include postgres' }, () => {
  it('is installed once when several processes open the queue on a fresh database at once', async () => {
    const t = await createTestDatabase('postgres');
    try {
      const opened = await Promise.allSettled(Array.from({ length: 6 }, () => openGraphileQueue({ connectionString: t.url, log: quiet })));
      for (const result of opened) if (result.status === 'fulfilled') await result.value.close();
      assert.deepEqual(
        opened.map((r) => (r.status === 'fulfilled' ? 'ok' : String(r.reason))),
        Array.from({ length: 6 }, () => 'ok'),
      );
    } finally {
      await t.drop();
    }
  });
});

describe('graphile-worker jobs (postgres)', { skip: TEST_DIALECTS.includes('postgres') ? false : 'needs TEST_DIALECTS to include postgres' }, () => {
  let t: TestDatabase;
  let queue: GraphileQueue;
  const runners: JobRunner[] = [];
  const runs: { task: string; payload: unknown; at: number; runner: number }[] = [];
  let release: (() => void) | null = null;

  before(async () => {
    t = await createTestDatabase('postgres');
    queue = await openGraphileQueue({ connectionString: t.url, log: quiet });
    for (let runner = 0; runner < 3; runner++) {
      runners.push(
        await startGraphileRunner({
          connectionString: t.url,
          log: quiet,
          pollIntervalMs: 200,
          work: {
            shared: [],
            jobs: {
              record: async (payload) => void runs.push({ task: 'record', payload, at: Date.now(), runner }),
              slow: async (payload) => {
                await new Promise<void>((resolve) => (release = resolve));
                runs.push({ task: 'slow', payload, at: Date.now(), runner });
              },
            },
          },
        }),
      );
    }
  });
  after(async () => {
    for (const runner of runners) await runner.stop();
    await queue?.close();
    await t?.drop();
  });

  it('runs a keyed job once across three runners, at the time it was last given', async () => {
    const first = new Date(Date.now() + 300);
    await queue.add('record', { n: 1 }, { jobKey: 'record:a', runAt: first });
    const later = new Date(Date.now() + 1_200);
    await queue.add('record', { n: 2 }, { jobKey: 'record:a', runAt: later });
    await until(() => runs.length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 1_000)); // time for a second run, if there were one
    assert.equal(runs.length, 1, JSON.stringify(runs));
    assert.deepEqual(runs[0]?.payload, { n: 2 });
    assert.ok((runs[0]?.at ?? 0) >= later.getTime() - 50, 'not before its new time');
  });

  it('never runs a job removed while it waits', async () => {
    runs.length = 0;
    await queue.add('record', { n: 3 }, { jobKey: 'record:b', runAt: new Date(Date.now() + 500) });
    await queue.remove('record:b');
    await queue.add('record', { n: 4 }, { runAt: new Date(Date.now() + 800) });
    await until(() => runs.length > 0, 10_000);
    await new Promise((r) => setTimeout(r, 500));
    assert.deepEqual(runs.map((r) => r.payload), [{ n: 4 }]);
  });

  it('a runner being stopped finishes the job it is running', async () => {
    runs.length = 0;
    await queue.add('slow', { n: 5 });
    await until(() => release !== null, 10_000);
    const busy = runners.pop();
    // Whichever runner took it: stop them all but one, and let the job finish during the stops.
    const stops = [busy, ...runners.splice(0)].filter((r): r is JobRunner => r !== undefined).map((r) => r.stop());
    setTimeout(() => release?.(), 200);
    await Promise.all(stops);
    assert.deepEqual(runs.map((r) => r.payload), [{ n: 5 }], 'the job ran to its end before stop() resolved');
  });
});

describe('graphile-worker jobs of workers that die (postgres)', { skip: TEST_DIALECTS.includes('postgres') ? false : 'needs TEST_DIALECTS to include postgres' }, () => {
  const DYING_WORKER = fileURLToPath(new URL('./dying-worker.testing.ts', import.meta.url));
  let t: TestDatabase;
  let queue: GraphileQueue;
  before(async () => {
    t = await createTestDatabase('postgres');
    queue = await openGraphileQueue({ connectionString: t.url, log: quiet });
  });
  after(async () => {
    await queue?.close();
    await t?.drop();
  });

  /** A runner that looks for dead workers' jobs every 200 ms, taking one for dead after 500 ms. */
  const sweepingRunner = (jobs: Record<string, (payload: unknown) => Promise<void>>) =>
    startGraphileRunner({ connectionString: t.url, log: quiet, pollIntervalMs: 200, deadWorkerSweepMs: 200, deadWorkerGraceMs: 500, work: { shared: [], jobs } });

  it('runs again the job a worker was running when it was killed, within a sweep, not 4 hours later', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', DYING_WORKER, t.url], { stdio: ['ignore', 'pipe', 'inherit'] });
    let printed = '';
    child.stdout.on('data', (chunk: Buffer) => (printed += chunk.toString()));
    const exited = once(child, 'exit');
    try {
      await until(() => printed.includes('ready'), 60_000);
      await queue.add('hang', { n: 6 });
      await until(() => printed.includes('running'), 10_000);
    } finally {
      child.kill('SIGKILL');
      await exited;
    }
    const ran: unknown[] = [];
    const runner = await sweepingRunner({ hang: async (payload) => void ran.push(payload) });
    try {
      await until(() => ran.length > 0, 20_000);
      assert.deepEqual(ran, [{ n: 6 }]);
    } finally {
      await runner.stop();
    }
  });

  it('leaves a live worker its job, however long it runs', async () => {
    const runs: string[] = [];
    // Both runners can take the job; whichever does holds it for four times the grace.
    const long = (runner: string) => async () => {
      runs.push(runner);
      await new Promise((resolve) => setTimeout(resolve, 2_000));
    };
    const first = await sweepingRunner({ long: long('first') });
    const second = await sweepingRunner({ long: long('second') });
    try {
      await queue.add('long', {});
      await until(() => runs.length > 0, 10_000);
      // Ten sweeps of each runner while the job is locked past the grace.
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      assert.equal(runs.length, 1, `the job ran on ${runs.join(' and ')}`);
    } finally {
      await Promise.all([first.stop(), second.stop()]);
    }
  });
});
