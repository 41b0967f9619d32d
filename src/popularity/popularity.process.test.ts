/**
 * Shutdown and crash with a real `xinwen serve` process: SIGTERM writes every acknowledged
 * view; kill -9 loses at most the views of the last flush interval (documented in
 * docs/architecture.md). The flush interval is 1 s here (XINWEN_VIEW_FLUSH_MS), 5 s by default.
 */
import assert from 'node:assert/strict';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { createArticle, setUpNewsroom } from '../testing/fixtures.js';
import { startServeProcess, type XinwenProcess } from '../testing/processes.js';
import { sendView, storedViews } from './popularity.testing.js';

const FLUSH_MS = 1000;

/** Starts `xinwen serve` on `databaseUrl` and waits until it answers. */
function serve(databaseUrl: string, dataDir: string): Promise<XinwenProcess & { url: string }> {
  return startServeProcess({ DATABASE_URL: databaseUrl, XINWEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn', XINWEN_VIEW_FLUSH_MS: String(FLUSH_MS) });
}

async function beacons(url: string, id: number, n: number, net: number) {
  for (let i = 0; i < n; i++) {
    const answer = await sendView(url, id, { ip: `10.${net}.${i >> 8}.${i & 255}` });
    assert.equal(answer.body.counted, true, JSON.stringify(answer));
  }
}

for (const dialect of TEST_DIALECTS) {
  describe(`views across process shutdown and crash (${dialect})`, () => {
    let t: TestDatabase;
    let dataDir: string;
    before(async () => {
      t = await createTestDatabase(dialect);
      await setUpNewsroom(t.db);
      dataDir = mkdtempSync(join(tmpdir(), 'xinwen-views-proc-'));
    });
    after(async () => {
      await t?.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('SIGTERM writes every acknowledged view before the process exits', async () => {
      const id = await createArticle(t.db);
      const { child, url, output } = await serve(t.url, dataDir);
      await beacons(url, id, 40, 1);
      const exited = once(child, 'exit');
      child.kill('SIGTERM'); // at once: most of these views have not been flushed yet
      const [code] = await exited;
      assert.equal(code, 0, output());
      assert.equal(await storedViews(t, id), 40);
    });

    it('kill -9 loses at most the views counted since the last flush', async () => {
      const id = await createArticle(t.db);
      const { child, url } = await serve(t.url, dataDir);
      await beacons(url, id, 30, 2);
      await new Promise((r) => setTimeout(r, FLUSH_MS * 2.5)); // past at least one flush
      await beacons(url, id, 10, 3);
      const exited = once(child, 'exit');
      child.kill('SIGKILL');
      await exited;
      const stored = await storedViews(t, id);
      assert.ok(stored >= 30, `the flushed views survive (${stored})`);
      assert.ok(stored <= 40, `nothing counted twice (${stored})`);
      // A new process starts from what was flushed.
      const restarted = await serve(t.url, dataDir);
      try {
        const answer = await sendView(restarted.url, id, { ip: '10.9.9.9' });
        assert.deepEqual(answer.body, { views: stored + 1, counted: true });
      } finally {
        const done = once(restarted.child, 'exit');
        restarted.child.kill('SIGTERM');
        await done;
      }
      assert.equal(await storedViews(t, id), stored + 1);
    });
  });
}
