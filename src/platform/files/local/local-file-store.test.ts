import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { isSafeKey } from '../file-store.js';
import { createLocalFileStore } from './local-file-store.js';

describe('local file store', () => {
  const root = mkdtempSync(join(tmpdir(), 'xinwen-files-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  const store = createLocalFileStore({ root: join(root, 'media') });

  it('puts, reads, streams and deletes by key, leaving no temporary files', async () => {
    await store.put('ab/photo-480.webp', Buffer.from('图片'));
    assert.equal(await store.exists('ab/photo-480.webp'), true);
    assert.equal((await store.get('ab/photo-480.webp'))?.toString(), '图片');
    const streamed = await store.stream('ab/photo-480.webp');
    assert.equal(streamed?.bytes, Buffer.byteLength('图片'));
    streamed?.body.destroy();
    assert.deepEqual(readdirSync(join(root, 'media', 'ab')), ['photo-480.webp']);
    await store.delete('ab/photo-480.webp');
    await store.delete('ab/photo-480.webp');
    assert.equal(await store.exists('ab/photo-480.webp'), false);
    assert.equal(await store.get('ab/photo-480.webp'), null);
    assert.equal(await store.stream('ab/photo-480.webp'), null);
  });

  it('refuses keys that could leave the store', async () => {
    for (const key of ['../etc/passwd', 'a/../../b', '/abs', 'a//b', '.hidden', 'a\\b', '', 'a/..', 'a..b']) {
      assert.equal(isSafeKey(key), false, key);
      await assert.rejects(store.put(key, Buffer.from('x')), /Unsafe file key/);
    }
    assert.equal(isSafeKey('k3j9-960.webp'), true);
  });
});
