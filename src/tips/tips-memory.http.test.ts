import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { freePort, memoryOf } from '../deploy/instances.js';
import { createTestDatabase, TEST_DIALECTS, type TestDatabase } from '../testing/databases.js';
import { setUpNewsroom } from '../testing/fixtures.js';
import { chunkKey } from './tip-files.js';
import { addNewsroomKey, placesHolding } from './tips.testing.js';
import { XINWEN_BIN } from '../testing/processes.js';

const MB = 1024 * 1024;
const FILE_BYTES = 100 * MB;
/**
 * How much the server process's resident memory may grow while a 100 MB attachment goes
 * through the plain form. Buffering the file even once would need 100 MB for it alone; a stream
 * needs a few chunks (4 MiB stored at a time, 64 KiB age blocks) plus what the garbage collector
 * has not yet returned. Measured on a 2-core VM: about 64 MB for 20 MB and for 100 MB, 32 MB for
 * 190 MB — the growth does not follow the file's size, it is the collector's slack. The bound sits
 * under the 100 MB that holding the file once would cost, so buffering fails the test.
 */
const RSS_GROWTH_BOUND = 96 * MB;

/** The resident set of a process in bytes, from /proc (Linux). */
const rssOf = (pid: number) => memoryOf(pid).rssMb * 1024 * 1024;

for (const dialect of TEST_DIALECTS) {
  describe(`a 100 MB attachment through the plain form streams with bounded memory (${dialect})`, () => {
    let database: TestDatabase;
    let dataDir: string;
    let child: ChildProcess;
    let url: string;
    let newsroom: { identity: string; recipient: string };

    before(async () => {
      database = await createTestDatabase(dialect);
      dataDir = mkdtempSync(join(tmpdir(), 'xinwen-memory-'));
      await setUpNewsroom(database.db);
      newsroom = await addNewsroomKey(database.db);
      // The server in its own process, as `xinwen serve` runs it, so its memory is its own.
      const port = await freePort();
      url = `http://127.0.0.1:${port}`;
      child = spawn(process.execPath, [XINWEN_BIN, 'serve', '--port', String(port), '--host', '127.0.0.1'], {
        env: { ...process.env, DATABASE_URL: database.url, XINWEN_DATA_DIR: dataDir, LOG_LEVEL: 'warn' },
        stdio: ['ignore', 'ignore', 'inherit'],
      });
      for (let i = 0; i < 300; i++) {
        if (await fetch(`${url}/healthz`).then((r) => r.ok, () => false)) return;
        await new Promise((r) => setTimeout(r, 100));
      }
      throw new Error('the server did not start');
    });
    after(async () => {
      child?.kill('SIGTERM');
      await new Promise((r) => child?.once('exit', r));
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    });

    it('uploads, encrypts and stores 100 MB while RSS stays within the bound, and decrypts to the same bytes', async () => {
      const marker = `XWBIG${randomBytes(8).toString('hex')}`;
      // One random megabyte repeated (so the test itself holds 1 MB), the marker at the start.
      const block = randomBytes(MB);
      Buffer.from(marker).copy(block);
      const expected = createHash('sha256');
      const boundary = `----xw${randomBytes(8).toString('hex')}`;
      const head = Buffer.from(
        `--${boundary}\r\nContent-Disposition: form-data; name="message"\r\n\r\n大文件测试\r\n` +
          `--${boundary}\r\nContent-Disposition: form-data; name="attachments"; filename="big.bin"\r\nContent-Type: application/octet-stream\r\n\r\n`,
      );
      const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
      let sent = -1;
      const body = new ReadableStream<Uint8Array>({
        pull(controller) {
          if (sent === -1) controller.enqueue(head);
          else if (sent < FILE_BYTES) {
            controller.enqueue(block);
            expected.update(block);
          } else {
            controller.enqueue(tail);
            controller.close();
          }
          sent = sent === -1 ? 0 : sent + MB;
        },
      });

      const pid = child.pid ?? 0;
      if (!existsSync(`/proc/${pid}/status`)) throw new Error('needs /proc to read the server process memory');
      // Warm: one small tip first, so start-up allocations (age, argon2, multipart) are not counted.
      const warm = new FormData();
      warm.append('message', '预热');
      assert.equal((await fetch(`${url}/zh-hans/tips`, { method: 'POST', body: warm })).status, 200);
      const baseline = rssOf(pid);
      let peak = baseline;
      const sampler = setInterval(() => {
        peak = Math.max(peak, rssOf(pid));
      }, 10);
      const started = Date.now();
      let response: Response;
      try {
        response = await fetch(`${url}/zh-hans/tips`, {
          method: 'POST',
          headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
          body,
          duplex: 'half',
        } as RequestInit);
        await response.text();
      } finally {
        clearInterval(sampler);
      }
      const growth = peak - baseline;
      console.log(
        `# 100 MB plain upload (${dialect}): server RSS ${(baseline / MB).toFixed(0)} → peak ${(peak / MB).toFixed(0)} MB (growth ${(growth / MB).toFixed(1)} MB, bound ${RSS_GROWTH_BOUND / MB} MB); ${((Date.now() - started) / 1000).toFixed(1)} s`,
      );
      assert.equal(response.status, 200);
      assert.ok(growth < RSS_GROWTH_BOUND, `RSS grew ${(growth / MB).toFixed(1)} MB`);
      assert.deepEqual(await placesHolding({ database, dataDir }, marker), []);

      // Debian's age reads the stored chunks, in order, back to the same 100 MB.
      const item = await database.db.selectFrom('tip_items').selectAll().where('kind', '=', 'file').executeTakeFirstOrThrow();
      assert.ok(item.bytes > FILE_BYTES);
      const idFile = join(dataDir, 'identity.txt');
      writeFileSync(idFile, `${newsroom.identity}\n`, { mode: 0o600 });
      const age = spawn('age', ['-d', '-i', idFile], { stdio: ['pipe', 'pipe', 'inherit'] });
      const actual = createHash('sha256');
      let bytes = 0;
      age.stdout.on('data', (piece: Buffer) => {
        actual.update(piece);
        bytes += piece.length;
      });
      const exited = new Promise<number | null>((resolve) => age.once('close', resolve));
      for (let index = 0; index < item.chunk_count; index++) {
        for await (const piece of createReadStream(join(dataDir, 'tips', chunkKey(item.file_key, index)))) {
          if (!age.stdin.write(piece)) await new Promise((r) => age.stdin.once('drain', r));
        }
      }
      age.stdin.end();
      assert.equal(await exited, 0);
      assert.equal(bytes, FILE_BYTES);
      assert.equal(actual.digest('hex'), expected.digest('hex'));
    });
  });
}
