import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { Readable } from 'node:stream';
import { addTestStaff } from '../newsroom/auth/admin-api.testing.js';
import type { Actor } from '../newsroom/staff/actor.js';
import type { FileStore } from '../platform/files/file-store.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { deleteMedia, getMedia, storeImage } from './media.service.js';
import { smallImage } from './test-images.testing.js';

/** A FileStore in memory whose delete fails for keys in `failing`. */
function flakyStore(failing: Set<string>): FileStore & { keys(): string[] } {
  const files = new Map<string, Buffer>();
  return {
    keys: () => [...files.keys()].sort(),
    async put(key, data) {
      files.set(key, data);
    },
    async get(key) {
      return files.get(key) ?? null;
    },
    async stream(key) {
      const data = files.get(key);
      return data ? { body: Readable.from(data), bytes: data.length } : null;
    },
    async exists(key) {
      return files.has(key);
    },
    async delete(key) {
      if (failing.has(key)) throw new Error(`disk refused ${key}`);
      files.delete(key);
    },
  };
}

for (const dialect of TEST_DIALECTS) {
  describe(`deleteMedia when a file cannot be removed (${dialect})`, () => {
    let database: TestDatabase;
    let editor: Actor;
    before(async () => {
      database = await createTestDatabase(dialect);
      const { id } = await addTestStaff(database.db, { email: 'editor@delete.test', name: '图片编辑', role: 'editor' });
      editor = { id, displayName: '图片编辑', role: 'editor', allDesks: true, deskIds: [] };
    });
    after(async () => {
      await database.drop();
    });

    it('deletes the row, reports the file, and removes the other files', async () => {
      const failing = new Set<string>();
      const files = flakyStore(failing);
      const { media } = await storeImage(database.db, files, { buffer: await smallImage('png', 600, 400), alt: '删除失败的测试图', uploadedBy: null });
      assert.equal(files.keys().length, 4);
      const stuck = media.variants[1]?.key as string;
      failing.add(stuck);

      const reported: [string, string][] = [];
      await deleteMedia(database.db, files, editor, media.id, { onFileError: (key, err) => reported.push([key, (err as Error).message]) });
      assert.deepEqual(reported, [[stuck, `disk refused ${stuck}`]]);
      assert.deepEqual(files.keys(), [stuck], 'only the file that failed is left');
      await assert.rejects(getMedia(database.db, media.id), { status: 404 });
      const audit = await database.db.selectFrom('audit_log').select(['action', 'subject_id']).where('subject_type', '=', 'media').orderBy('id').execute();
      assert.deepEqual(audit, [
        { action: 'media.upload', subject_id: String(media.id) },
        { action: 'media.delete', subject_id: String(media.id) },
      ]);
    });
  });
}
