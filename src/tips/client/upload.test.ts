/**
 * The browser's upload pieces, run in Node (same Web Streams and age): chunking a stream, the
 * retry loop, sealing a draft (payload + streamed files) under the total limit, and the round
 * trip from chunks back to the plaintext with the newsroom's key.
 * Run: node --import tsx --test src/tips/client/upload.test.ts
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Decrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { TipMessagePayload, TipsConfig } from '../tips-protocol.js';
import { parseIdentityFile, TipCryptoError } from './age-tools.js';
import { chunksOf, withRetry } from './chunks.js';
import { checkDraft, formatBytes, seal } from './upload.js';

function streamOf(...pieces: number[]): ReadableStream<Uint8Array> {
  let n = 0;
  return new ReadableStream({
    pull(controller) {
      const size = pieces.shift();
      if (size === undefined) return controller.close();
      controller.enqueue(Uint8Array.from({ length: size }, () => n++ % 251));
    },
  });
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const c of chunks) out.push(c);
  return out;
}

function joined(parts: Uint8Array[]): Uint8Array {
  const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    all.set(p, at);
    at += p.length;
  }
  return all;
}

describe('chunksOf', () => {
  it('cuts any pieces into chunks of exactly the size, the last one short, bytes in order', async () => {
    const chunks = await collect(chunksOf(streamOf(3, 10, 1, 7, 0, 4), 8));
    assert.deepEqual(
      chunks.map((c) => c.length),
      [8, 8, 8, 1],
    );
    assert.deepEqual([...joined(chunks)], Array.from({ length: 25 }, (_, i) => i % 251));
  });

  it('yields nothing for an empty stream and one chunk for an exact fit', async () => {
    assert.deepEqual(await collect(chunksOf(streamOf(), 4)), []);
    assert.deepEqual(
      (await collect(chunksOf(streamOf(2, 2), 4))).map((c) => c.length),
      [4],
    );
  });

  it('gives each chunk its own buffer, so a chunk kept for a retry is not overwritten', async () => {
    const [first, second] = await collect(chunksOf(streamOf(8), 4));
    assert.deepEqual([...(first ?? [])], [0, 1, 2, 3]);
    assert.deepEqual([...(second ?? [])], [4, 5, 6, 7]);
  });

  it('refuses a chunk size that is not a positive integer', async () => {
    await assert.rejects(collect(chunksOf(streamOf(1), 0)), /positive integer/);
  });
});

describe('withRetry', () => {
  it('asks after each failure and tries the same send again; a refusal to retry ends it', async () => {
    let calls = 0;
    const asked: string[] = [];
    const result = await withRetry(
      async () => {
        calls += 1;
        if (calls < 3) throw new Error(`fail ${calls}`);
        return 'ok';
      },
      async (error) => {
        asked.push((error as Error).message);
      },
    );
    assert.equal(result, 'ok');
    assert.deepEqual(asked, ['fail 1', 'fail 2']);
    await assert.rejects(
      withRetry(
        () => Promise.reject(new Error('down')),
        () => Promise.reject(new Error('gave up')),
      ),
      /gave up/,
    );
  });
});

describe('sealing a tip', () => {
  const config = (recipients: string[], maxTotalBytes = 1024 * 1024): TipsConfig => ({ recipients, maxTotalBytes, chunkBytes: 64 * 1024, maxFiles: 3 });

  it('encrypts the payload and streams each file; the chunks put back together decrypt to the file', async () => {
    const identity = await generateX25519Identity();
    const recipients = [await identityToRecipient(identity)];
    const content = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
    const file = new File([content], '账本.bin', { type: 'application/octet-stream' });
    const sealed = await seal({ message: '线索正文', contact: '  微信 abc ', files: [file] }, config(recipients));

    const d = new Decrypter();
    d.addIdentity(identity);
    const payload = JSON.parse(await d.decrypt(sealed.message, 'text')) as TipMessagePayload;
    assert.equal(payload.message, '线索正文');
    assert.equal(payload.contact, '微信 abc');
    assert.deepEqual(payload.files, [{ name: '账本.bin', type: 'application/octet-stream', size: 300_000 }]);

    const sealedFile = sealed.files[0];
    assert.ok(sealedFile);
    const chunks = await collect(chunksOf(sealedFile.stream, 64 * 1024));
    assert.equal(chunks.reduce((s, c) => s + c.length, 0), sealedFile.bytes, 'the size known before upload is the size sent');
    assert.equal(sealed.totalBytes, sealed.message.length + sealedFile.bytes);
    assert.ok(chunks.slice(0, -1).every((c) => c.length === 64 * 1024));
    assert.deepEqual(await d.decrypt(joined(chunks)), content);
  });

  it('refuses before any upload when the ciphertext would pass the limit, in Chinese', async () => {
    const recipients = [await identityToRecipient(await generateX25519Identity())];
    const file = new File([new Uint8Array(2000)], 'big.bin');
    await assert.rejects(seal({ message: 'x', contact: '', files: [file] }, config(recipients, 1500)), (e: unknown) => {
      assert.ok(e instanceof TipCryptoError);
      assert.equal(e.message, '附件总大小（2 KB）超过了每条线索 2 KB 的上限（含加密开销），请删去部分文件后再发送。');
      return true;
    });
  });

  it('refuses without newsroom keys, an empty tip and too many files', async () => {
    await assert.rejects(seal({ message: 'x', contact: '', files: [] }, config([])), /尚未设置加密公钥/);
    const c = config(['age1x']);
    assert.throws(() => checkDraft({ message: '  ', contact: '', files: [] }, c, true), /请填写线索内容/);
    const f = new File(['a'], 'a.txt');
    assert.throws(() => checkDraft({ message: 'x', contact: '', files: [f, f, f, f] }, c, true), /最多附上 3 个文件/);
  });
});

describe('identity files and sizes', () => {
  it('reads the secret keys of an identity file and ignores comments', () => {
    const key = 'AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ';
    assert.deepEqual(parseIdentityFile(`# created: 2025\n# public key: age1abc\n${key}\r\n`), [key]);
    assert.throws(() => parseIdentityFile('age1abc\n'), /没有 age 私钥/);
  });

  it('formats sizes for readers', () => {
    assert.equal(formatBytes(200 * 1024 * 1024), '200 MB');
    assert.equal(formatBytes(1536), '2 KB');
    assert.equal(formatBytes(12), '12 字节');
  });
});
