import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { TEST_DIALECTS } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { startTestServer, type TestServer } from '../testing/server.js';
import { headerStanzaTypes } from '../tips/tip-crypto.js';
import { ageDecrypt, filesUnder, sendTipAsBrowser } from '../tips/tips.testing.js';
import type { TipsConfig } from '../tips/tips-protocol.js';
import { XINWEN_BIN } from '../testing/processes.js';


function xinwen(args: string[], env: Record<string, string>): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [XINWEN_BIN, ...args], { env: { ...process.env, LOG_LEVEL: 'warn', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const identityOf = (file: string) => readFileSync(file, 'utf8').split('\n').find((l) => l.startsWith('AGE-SECRET-KEY-1')) ?? '';

for (const dialect of TEST_DIALECTS) {
  describe(`xinwen tips commands (${dialect})`, () => {
    let server: TestServer;
    let env: Record<string, string>;
    let dir: string;
    const tipIds: Record<string, number> = {};

    before(async () => {
      server = await startTestServer(dialect);
      await setUpNewsroom(server.database.db);
      env = { DATABASE_URL: server.database.url, XINWEN_DATA_DIR: server.dataDir };
      dir = mkdtempSync(join(tmpdir(), 'xinwen-tips-cli-'));
    });
    after(async () => {
      await server.close();
      rmSync(dir, { recursive: true, force: true });
    });

    const config = async () => (await (await fetch(`${server.url}/api/tips/config`)).json()) as TipsConfig;
    const newestTipId = async () => (await server.database.db.selectFrom('tips').select('id').orderBy('id', 'desc').executeTakeFirstOrThrow()).id;

    it('keygen writes a 0600 identity file, adds its key, prints it, and never overwrites', async () => {
      const file = join(dir, 'desk-2025.txt');
      const made = await xinwen(['tips', 'keygen', '--out', file, '--label', '调查组 2025'], env);
      assert.equal(made.code, 0, made.stderr);
      const key = made.stdout.split('\n')[0] ?? '';
      assert.match(key, /^age1[0-9a-z]{58}$/);
      assert.equal(statSync(file).mode & 0o777, 0o600);
      assert.match(readFileSync(file, 'utf8'), new RegExp(`# public key: ${key}\\nAGE-SECRET-KEY-1`));
      assert.deepEqual((await config()).recipients, [key]);
      const again = await xinwen(['tips', 'keygen', '--out', file], env);
      assert.equal(again.code, 2);
      assert.match(again.stderr, /already exists/);
      assert.equal(identityOf(file), identityOf(file));
      const keys = await xinwen(['tips', 'keys'], env);
      assert.match(keys.stdout, new RegExp(`^${key}\\tactive\\tadded .*\\t调查组 2025$`, 'm'));
    });

    it('rotation: new tips go to the new key only; old tips still open with the old identity', async () => {
      const oldFile = join(dir, 'desk-2025.txt');
      await sendTipAsBrowser(server.url, { message: '旧密钥时期的线索' });
      tipIds.old = await newestTipId();
      const newFile = join(dir, 'desk-2026.txt');
      const made = await xinwen(['tips', 'keygen', '--out', newFile], env);
      assert.equal(made.code, 0, made.stderr);
      const oldKey = (await config()).recipients[0] ?? '';
      const retired = await xinwen(['tips', 'retire', oldKey], env);
      assert.equal(retired.code, 0, retired.stderr);
      assert.deepEqual((await config()).recipients, [made.stdout.split('\n')[0]]);
      assert.match((await xinwen(['tips', 'keys'], env)).stdout, new RegExp(`^${oldKey}\\tretired `, 'm'));

      await sendTipAsBrowser(server.url, { message: '新密钥时期的线索' });
      tipIds.new = await newestTipId();
      const item = await server.database.db.selectFrom('tip_items').select('file_key').where('tip_id', '=', tipIds.new).executeTakeFirstOrThrow();
      const cipher = readFileSync(join(server.dataDir, 'tips', item.file_key, '0'));
      assert.deepEqual(headerStanzaTypes(cipher), ['X25519'], 'one recipient: the new key');
      assert.match(new TextDecoder().decode(await ageDecrypt(cipher, { identities: [identityOf(newFile)] })), /新密钥时期/);
      await assert.rejects(ageDecrypt(cipher, { identities: [identityOf(oldFile)] }));

      const out = join(dir, 'out-old');
      const oldRead = await xinwen(['tips', 'decrypt', '--identity', oldFile, '--out', out, '--tip', String(tipIds.old)], env);
      assert.equal(oldRead.code, 0, oldRead.stderr);
      assert.match(readFileSync(join(out, `tip-${tipIds.old}`, 'message.txt'), 'utf8'), /旧密钥时期的线索/);
      const wrongKey = await xinwen(['tips', 'decrypt', '--identity', oldFile, '--out', join(dir, 'out-wrong'), '--tip', String(tipIds.new)], env);
      assert.equal(wrongKey.code, 0, wrongKey.stderr);
      assert.match(wrongKey.stdout, /1 item\(s\) could not be read with this identity/);
    });

    it('decrypt keeps attachment names inside the tip folder', async () => {
      const newFile = join(dir, 'desk-2026.txt');
      await sendTipAsBrowser(server.url, {
        message: '名字有问题的附件',
        files: [
          { name: '../../逃逸.txt', type: 'text/plain', bytes: Buffer.from('一') },
          { name: '..', type: 'text/plain', bytes: Buffer.from('二') },
          { name: '/etc/passwd', type: 'text/plain', bytes: Buffer.from('三') },
          { name: '逃逸.txt', type: 'text/plain', bytes: Buffer.from('四') },
        ],
      });
      const id = await newestTipId();
      const out = join(dir, 'out-names');
      const result = await xinwen(['tips', 'decrypt', '--identity', newFile, '--out', out, '--tip', String(id)], env);
      assert.equal(result.code, 0, result.stderr);
      assert.deepEqual(readdirSync(out), [`tip-${id}`]);
      const names = readdirSync(join(out, `tip-${id}`)).sort();
      assert.deepEqual(names, ['message.json', 'message.txt', 'passwd', '逃逸-2.txt', '逃逸.txt', 'attachment'].sort());
      assert.equal(readFileSync(join(out, `tip-${id}`, '逃逸-2.txt'), 'utf8'), '四');
      assert.ok(!existsSync(join(dir, '逃逸.txt')));
    });

    it('purge deletes tips idle past the retention days and uploads unfinished for an hour; delete removes one tip', async () => {
      const { db } = server.database;
      const long = new Date(Date.now() - 91 * 24 * 3600 * 1000).toISOString();
      await db.updateTable('tips').set({ updated_at: long }).where('id', '=', tipIds.old ?? 0).execute();
      const abandoned = (await (await fetch(`${server.url}/api/tips`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as { uploadId: string };
      await db.updateTable('tip_uploads').set({ created_at: new Date(Date.now() - 2 * 3600 * 1000).toISOString() }).where('id', '=', abandoned.uploadId).execute();
      const oldKeys = (await db.selectFrom('tip_items').select('file_key').where('tip_id', '=', tipIds.old ?? 0).execute()).map((r) => r.file_key);
      assert.ok(oldKeys.length > 0);

      const purged = await xinwen(['tips', 'purge'], env);
      assert.equal(purged.code, 0, purged.stderr);
      assert.match(purged.stdout, /Deleted 2 tip\(s\) and 1 unfinished upload\(s\)\./);
      assert.equal(await db.selectFrom('tips').select('id').where('id', '=', tipIds.old ?? 0).executeTakeFirst(), undefined);
      for (const key of oldKeys) assert.ok(!existsSync(join(server.dataDir, 'tips', key)) || readdirSync(join(server.dataDir, 'tips', key)).length === 0, key);
      assert.ok(await db.selectFrom('tips').select('id').where('id', '=', tipIds.new ?? 0).executeTakeFirst(), 'a recent tip stays');

      const before = filesUnder(server.dataDir).length;
      const deleted = await xinwen(['tips', 'delete', String(tipIds.new)], env);
      assert.equal(deleted.code, 0, deleted.stderr);
      assert.equal(filesUnder(server.dataDir).length, before - 1);
      const missing = await xinwen(['tips', 'delete', String(tipIds.new)], env);
      assert.equal(missing.code, 2);
    });
  });
}
