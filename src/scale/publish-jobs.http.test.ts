/**
 * Scale mode's scheduling hook through the admin API of a real server (XINWEN_JOBS=graphile):
 * scheduling an article stores a publish-article job at its time, rescheduling moves it,
 * unscheduling removes it; and every article event a write emits is a stored job before the
 * write is answered. PostgreSQL and Redis only.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { Redis } from 'ioredis';
import { addTestStaff, adminClient, type TestSession } from '../newsroom/auth/admin-api.testing.js';
import { redisAvailable, TEST_REDIS_URL, uniqueRedisPrefix } from '../platform/counters/redis/redis.testing.js';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';

const skip = !TEST_DIALECTS.includes('postgres')
  ? 'scale mode needs PostgreSQL: run with TEST_DIALECTS including postgres'
  : !(await redisAvailable())
    ? `scale mode needs Redis at ${TEST_REDIS_URL}`
    : false;

interface JobRow {
  task_identifier: string;
  key: string | null;
  /** As the app's pg connection gives timestamps: a string. */
  run_at: string;
  payload: Record<string, unknown>;
}

describe('scale mode: jobs added by the newsroom (postgres, redis)', { skip }, () => {
  let server: TestServer;
  let session: TestSession;
  const prefix = uniqueRedisPrefix();

  // graphile-worker's public `jobs` view leaves payloads out; its tables hold them.
  const jobs = async (): Promise<JobRow[]> =>
    (
      await sql<JobRow>`select t.identifier as task_identifier, j.key, j.run_at, j.payload
        from graphile_worker._private_jobs j join graphile_worker._private_tasks t on t.id = j.task_id order by j.id`.execute(server.database.db)
    ).rows;
  const api = () => adminClient(server.url);

  before(async () => {
    server = await startTestServer('postgres', { env: { XINWEN_JOBS: 'graphile', REDIS_URL: TEST_REDIS_URL, XINWEN_REDIS_PREFIX: prefix.prefix } });
    await setUpNewsroom(server.database.db);
    await addTestStaff(server.database.db, { email: 'desk@example.org', name: '编辑', role: 'admin' });
    session = await api().session('desk@example.org');
  });
  after(async () => {
    await server?.close();
    const redis = new Redis(TEST_REDIS_URL);
    await prefix.cleanUp(redis);
    redis.disconnect();
  });

  it('schedule, reschedule and unschedule keep one publish-article job at the article’s time', async () => {
    const created = await api().call('POST', '/articles', { session, body: { title: '定时稿件', text: '正文。', section: 'top' } });
    const id = Number(created.json.id);
    const first = new Date(Date.now() + 3_600_000);
    const scheduled = await api().call('POST', `/articles/${id}/publish`, { session, body: { version: created.json.version, publishAt: first.toISOString() } });
    assert.equal(scheduled.json.status, 'scheduled');
    const key = `publish-article:${id}`;
    const atFirst = (await jobs()).filter((j) => j.key === key);
    assert.equal(atFirst.length, 1);
    assert.equal(atFirst[0]?.task_identifier, 'publish-article');
    assert.equal(new Date(String(atFirst[0]?.run_at)).getTime(), first.getTime());

    const second = new Date(Date.now() + 7_200_000);
    const moved = await api().call('POST', `/articles/${id}/publish`, { session, body: { version: scheduled.json.version, publishAt: second.toISOString() } });
    assert.equal(moved.json.status, 'scheduled');
    const atSecond = (await jobs()).filter((j) => j.key === key);
    assert.deepEqual(
      atSecond.map((j) => [new Date(j.run_at).getTime(), j.payload.publishAt]),
      [[second.getTime(), second.toISOString()]],
      'the one job moved to the new time',
    );

    const unscheduled = await api().call('POST', `/articles/${id}/unschedule`, { session, body: { version: moved.json.version } });
    assert.equal(unscheduled.status, 200, JSON.stringify(unscheduled.json));
    assert.deepEqual((await jobs()).filter((j) => j.key === key), []);
  });

  it('a publish is answered once its event is a stored job (no worker runs here)', async () => {
    const created = await api().call('POST', '/articles', { session, body: { title: '即时稿件', text: '正文。', section: 'top' } });
    const id = Number(created.json.id);
    const published = await api().call('POST', `/articles/${id}/publish`, { session, body: { version: created.json.version } });
    assert.equal(published.json.status, 'published');
    const events = (await jobs()).filter((j) => j.task_identifier === 'article-event');
    assert.deepEqual(
      events.map((j) => [j.key, j.payload]),
      [[`article-event:${id}:article.published`, { type: 'article.published', articleId: id }]],
    );
  });
});
