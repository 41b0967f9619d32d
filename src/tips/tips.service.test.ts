import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { addTestStaff } from '../newsroom/auth/admin-api.testing.js';
import { createLocalFileStore } from '../platform/files/local/local-file-store.js';
import { TEST_DIALECTS, createTestDatabase, type TestDatabase } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { encryptBytes } from './tip-crypto.js';
import { createTipBudget } from './tips-budget.js';
import { addReply, appendChunk, createItem, finishUpload, purgeTips, startTip, tipByReceipt, updateTipSettings, type TipDeps } from './tips.service.js';
import { addNewsroomKey, filesUnder } from './tips.testing.js';

const DAY = 24 * 3600 * 1000;

for (const dialect of TEST_DIALECTS) {
  describe(`tip retention (${dialect})`, () => {
    let database: TestDatabase;
    let dir: string;
    let deps: TipDeps;
    let recipient: string;

    before(async () => {
      database = await createTestDatabase(dialect);
      await setUpNewsroom(database.db);
      recipient = (await addNewsroomKey(database.db)).recipient;
      dir = mkdtempSync(join(tmpdir(), 'xinwen-tips-retention-'));
      deps = { db: database.db, files: createLocalFileStore({ root: dir }), budget: createTipBudget(), receiptCost: { memoryCost: 1024, timeCost: 1 } };
    });
    after(async () => {
      await database.drop();
      rmSync(dir, { recursive: true, force: true });
    });

    /** A finished tip with one message, sent at `at`. */
    async function tipAt(at: Date): Promise<{ tipId: number; receipt: string }> {
      const { uploadId, tipId, receipt } = await startTip(deps, { now: at });
      const { itemId } = await createItem(deps, uploadId, { kind: 'message' }, { now: at });
      await appendChunk(deps, uploadId, itemId, 0, Buffer.from(await encryptBytes([recipient], '{"v":1}')), { now: at });
      await finishUpload(deps, uploadId, { now: at });
      return { tipId, receipt };
    }

    it('counts from the last activity: a reply keeps an old tip; idle tips go with their files after N days', async () => {
      const start = new Date('2026-01-01T00:00:00Z');
      const idle = await tipAt(start);
      const answered = await tipAt(start);
      const replier = await addTestStaff(database.db, { email: 'editor@retention.test', name: '陈编辑', role: 'editor' });
      const reply = await encryptBytes([recipient, recipient], '{"v":1,"message":"收到"}');
      await addReply(deps, answered.tipId, replier.id, Buffer.from(reply), { now: new Date(start.getTime() + 60 * DAY) });
      const files = filesUnder(dir).length;

      assert.deepEqual(await purgeTips(deps, { now: new Date(start.getTime() + 89 * DAY) }), { tips: 0, uploads: 0 }, 'day 89: both stay');
      assert.deepEqual(await purgeTips(deps, { now: new Date(start.getTime() + 91 * DAY) }), { tips: 1, uploads: 0 }, 'day 91: the idle one goes');
      assert.equal(filesUnder(dir).length, files - 1);
      await assert.rejects(tipByReceipt(deps, idle.receipt), /回执码不正确/);
      assert.ok(await tipByReceipt(deps, answered.receipt));

      await updateTipSettings(deps.db, { inboxRoles: ['editor'], retentionDays: 10, maxTotalBytes: 200 * 1024 * 1024 });
      assert.deepEqual(await purgeTips(deps, { now: new Date(start.getTime() + 71 * DAY) }), { tips: 1, uploads: 0 }, 'a shorter setting applies at once');
      assert.equal(filesUnder(dir).length, 0);
      await updateTipSettings(deps.db, { inboxRoles: ['editor'], retentionDays: 90, maxTotalBytes: 200 * 1024 * 1024 });
    });

    it('deletes uploads left unfinished for an hour, not sooner; a tip whose first upload never finished goes too', async () => {
      const start = new Date('2026-03-01T00:00:00Z');
      const { uploadId, tipId } = await startTip(deps, { now: start });
      const { itemId } = await createItem(deps, uploadId, { kind: 'message' }, { now: start });
      await appendChunk(deps, uploadId, itemId, 0, Buffer.from(await encryptBytes([recipient], 'x')), { now: start });
      assert.equal(filesUnder(dir).length, 1);
      assert.deepEqual(await purgeTips(deps, { now: new Date(start.getTime() + 59 * 60_000) }), { tips: 0, uploads: 0 });
      assert.deepEqual(await purgeTips(deps, { now: new Date(start.getTime() + 61 * 60_000) }), { tips: 1, uploads: 1 });
      assert.equal(await database.db.selectFrom('tips').select('id').where('id', '=', tipId).executeTakeFirst(), undefined);
      assert.equal(filesUnder(dir).length, 0);
    });
  });
}
