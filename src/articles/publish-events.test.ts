import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { announceArticleChange, publishBus, type ArticleEvent, type SubscriberFailure } from './publish-events.js';

describe('publish bus', () => {
  let database: TestDatabase;
  let other: TestDatabase;
  before(async () => {
    database = await createTestDatabase('sqlite');
    other = await createTestDatabase('sqlite');
  });
  after(async () => {
    await database.drop();
    await other.drop();
  });

  it('announces what a committed change meant for the public site', async () => {
    const seen: ArticleEvent[] = [];
    const detach = publishBus(database.db).subscribe('recorder', async (event) => {
      seen.push(event);
    });
    announceArticleChange(database.db, 1, false, true);
    announceArticleChange(database.db, 1, true, true);
    announceArticleChange(database.db, 1, true, false);
    announceArticleChange(database.db, 2, false, false);
    await publishBus(database.db).idle();
    detach();
    assert.deepEqual(
      seen.map((e) => `${e.type} ${e.articleId}`),
      ['article.published 1', 'article.changed 1', 'article.unpublished 1'],
      'a change to copy that was never public announces nothing',
    );
  });

  it('keeps each database handle’s subscribers apart, and refuses a second subscriber of one name', async () => {
    const seen: number[] = [];
    const detach = publishBus(other.db).subscribe('recorder', async (event) => {
      seen.push(event.articleId);
    });
    assert.throws(() => publishBus(other.db).subscribe('recorder', async () => {}), /already attached/);
    announceArticleChange(database.db, 7, false, true);
    announceArticleChange(other.db, 8, false, true);
    await publishBus(other.db).idle();
    detach();
    assert.deepEqual(seen, [8]);
  });

  it('retries a failing subscriber, reports every failure, and never holds up the others', async () => {
    const bus = publishBus(database.db);
    const failures: SubscriberFailure[] = [];
    bus.configure({ retries: 2, retryDelayMs: 1, onFailure: (failure) => failures.push(failure) });
    let calls = 0;
    const delivered: number[] = [];
    const detachFlaky = bus.subscribe('flaky', async () => {
      calls++;
      if (calls < 3) throw new Error(`attempt ${calls} failed`);
    });
    const detachBroken = bus.subscribe('broken', async () => {
      throw new Error('always');
    });
    const detachSteady = bus.subscribe('steady', async (event) => {
      delivered.push(event.articleId);
    });
    bus.emit({ type: 'article.changed', articleId: 5 });
    await bus.idle();
    detachFlaky();
    detachBroken();
    detachSteady();
    assert.equal(calls, 3, 'succeeded on its third attempt');
    assert.deepEqual(delivered, [5]);
    assert.deepEqual(
      failures.map((f) => `${f.subscriber} ${f.attempts}`).sort(),
      ['broken 1', 'broken 2', 'broken 3', 'flaky 1', 'flaky 2'],
      'the last report of a subscriber that gives up has attempts = retries + 1',
    );
  });
});
