import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Command } from 'commander';
import { runCli, UsageError } from '../cli/commands.js';
import { loadConfig } from '../config.js';

const PG = 'postgres://postgres@127.0.0.1:5432/xinwen';

describe('scale mode settings', () => {
  it('jobs stay embedded unless XINWEN_JOBS asks, even with PostgreSQL and Redis', () => {
    assert.equal(loadConfig({ DATABASE_URL: PG, REDIS_URL: 'redis://127.0.0.1:6379' }).jobs, 'embedded');
    assert.equal(loadConfig({ DATABASE_URL: PG, REDIS_URL: 'redis://127.0.0.1:6379', XINWEN_JOBS: 'graphile' }).jobs, 'graphile');
  });

  it('graphile jobs need PostgreSQL and Redis, and say so', () => {
    assert.throws(() => loadConfig({ XINWEN_JOBS: 'graphile', REDIS_URL: 'redis://127.0.0.1:6379' }), /XINWEN_JOBS=graphile needs a PostgreSQL DATABASE_URL/);
    assert.throws(() => loadConfig({ XINWEN_JOBS: 'graphile', DATABASE_URL: PG }), /XINWEN_JOBS=graphile needs REDIS_URL/);
    assert.throws(() => loadConfig({ XINWEN_JOBS: 'pg-boss' }), /jobs/);
  });

  it('xinwen worker refuses to start in embedded mode', async () => {
    const saved = process.env.XINWEN_JOBS;
    process.env.XINWEN_JOBS = 'embedded';
    try {
      await assert.rejects(runCli(new Command(), ['node', 'xinwen', 'worker']), (error: unknown) => {
        assert.ok(error instanceof UsageError);
        assert.match(error.message, /set XINWEN_JOBS=graphile/);
        return true;
      });
    } finally {
      if (saved === undefined) delete process.env.XINWEN_JOBS;
      else process.env.XINWEN_JOBS = saved;
    }
  });
});
