/**
 * One SQLite file written by two processes, as two `xinwen serve` instances or a CLI import
 * beside the server do. The other writer is a worker thread with its own connection, so it
 * can wait on the lock without stopping this thread.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../database.js';

const OTHER_WRITER = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require('better-sqlite3');
const database = new Database(workerData.path);
database.pragma('busy_timeout = 5000');
const insert = database.prepare("insert into tags (name) values ('另一进程')");
parentPort.postMessage('writing');
insert.run();
database.close();
parentPort.postMessage('written');
`;

describe('SQLite shared by two processes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'xinwen-sqlite-lock-'));
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('a transaction that reads, then writes, is not failed by a write from another process', async () => {
    const path = join(dir, 'shared.db');
    const { db, close } = await openDatabase(`sqlite:${path}`);
    try {
      const names = await db.transaction().execute(async (trx) => {
        const before = await trx.selectFrom('tags').select('name').execute();
        // The other process writes now. It must queue behind this transaction; with a
        // deferred BEGIN it would commit first and this transaction's write would fail.
        const other = new Worker(OTHER_WRITER, { eval: true, workerData: { path } });
        const messages: string[] = [];
        const otherDone = new Promise<void>((resolve, reject) => {
          other.on('message', (message: string) => {
            messages.push(message);
            if (message === 'written') resolve();
          });
          other.once('error', reject);
        });
        while (messages.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
        // An unqueued insert takes well under a millisecond; give it far more.
        await new Promise((resolve) => setTimeout(resolve, 200));
        assert.deepEqual(messages, ['writing'], 'the other process waits for the open transaction');
        await trx.insertInto('tags').values({ name: '本进程' }).execute();
        return { before: before.map((r) => r.name), otherDone };
      });
      assert.deepEqual(names.before, []);
      await names.otherDone;
      const stored = await db.selectFrom('tags').select('name').orderBy('id').execute();
      assert.deepEqual(stored.map((r) => r.name), ['本进程', '另一进程']);
    } finally {
      await close();
    }
  });
});
