import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import type { Db } from '../platform/db/database.js';
import type { TestServer } from '../testing/server.js';
import type { TestSession } from '../newsroom/auth/admin-api.testing.js';
import { addRecipient } from './tips.service.js';
import type { ChunkResponse, CreateItemResponse, StartTipResponse, TipMessagePayload, TipsConfig } from './tips-protocol.js';

/** Every regular file under `dir`. */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}

/**
 * Where `marker` can be found at rest: the SQLite database file with its WAL and shared memory
 * (raw bytes), or on PostgreSQL every row of the tip tables; and every file under the data dir.
 */
export async function placesHolding(server: Pick<TestServer, 'database' | 'dataDir'>, marker: string): Promise<string[]> {
  const found: string[] = [];
  const needle = Buffer.from(marker, 'utf8');
  const { url, db } = server.database;
  if (url.startsWith('sqlite:')) {
    const file = url.slice('sqlite:'.length);
    for (const path of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(path) && readFileSync(path).includes(needle)) found.push(path);
  } else {
    for (const table of ['tips', 'tip_items', 'tip_uploads', 'tip_recipients', 'tip_settings'] as const) {
      const rows = await db.selectFrom(table).selectAll().execute();
      if (JSON.stringify(rows).includes(marker)) found.push(`table ${table}`);
    }
  }
  for (const path of filesUnder(server.dataDir)) if (readFileSync(path).includes(needle)) found.push(path);
  return found;
}

/** A newsroom key pair, its public key added to the outlet's recipients. */
export async function addNewsroomKey(db: Db, label = '测试密钥'): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  const recipient = await identityToRecipient(identity);
  await addRecipient(db, recipient, label);
  return { identity, recipient };
}

async function json<T>(response: Response): Promise<T> {
  const text = await response.text();
  assert.ok(response.ok, `${response.url}: ${response.status} ${text}`);
  return JSON.parse(text) as T;
}

async function post<T>(url: string, body: unknown): Promise<T> {
  return json<T>(await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }));
}

/** Cuts a web stream of ciphertext into `chunkBytes` pieces and PUTs each in order. */
async function uploadStream(base: string, uploadId: string, itemId: number, stream: ReadableStream<Uint8Array>, chunkBytes: number): Promise<void> {
  const reader = stream.getReader();
  let pending: Uint8Array[] = [];
  let pendingBytes = 0;
  let index = 0;
  const flush = async () => {
    const body = Buffer.concat(pending, pendingBytes);
    pending = [];
    pendingBytes = 0;
    await json<ChunkResponse>(
      await fetch(`${base}/api/tips/uploads/${uploadId}/items/${itemId}/chunks/${index++}`, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body }),
    );
  };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    let rest = value;
    while (rest.length > 0) {
      const piece = rest.subarray(0, chunkBytes - pendingBytes);
      pending.push(piece);
      pendingBytes += piece.length;
      rest = rest.subarray(piece.length);
      if (pendingBytes === chunkBytes) await flush();
    }
  }
  if (pendingBytes > 0) await flush();
}

/** Sends a tip exactly as the browser does: config, start, the encrypted message, each encrypted file in chunks, finish. */
export async function sendTipAsBrowser(
  base: string,
  tip: { message: string; contact?: string; files?: { name: string; type: string; bytes: Uint8Array }[] },
  { receipt }: { receipt?: string } = {},
): Promise<{ receipt: string; uploadId: string }> {
  const config = await json<TipsConfig>(await fetch(`${base}/api/tips/config`));
  const started = receipt ? { ...(await post<{ uploadId: string }>(`${base}/api/tips/followups`, { receipt })), receipt } : await post<StartTipResponse>(`${base}/api/tips`, {});
  const encrypter = new Encrypter();
  for (const r of config.recipients) encrypter.addRecipient(r);
  const files = tip.files ?? [];
  const payload: TipMessagePayload = {
    v: 1,
    message: tip.message,
    contact: tip.contact ?? '',
    files: files.map((f) => ({ name: f.name, type: f.type, size: f.bytes.length })),
    sentAt: new Date().toISOString(),
  };
  const message = await post<CreateItemResponse>(`${base}/api/tips/uploads/${started.uploadId}/items`, { kind: 'message' });
  await uploadStream(base, started.uploadId, message.itemId, await encrypter.encrypt(new Blob([JSON.stringify(payload)]).stream()), config.chunkBytes);
  for (const file of files) {
    const item = await post<CreateItemResponse>(`${base}/api/tips/uploads/${started.uploadId}/items`, { kind: 'file' });
    await uploadStream(base, started.uploadId, item.itemId, await encrypter.encrypt(new Blob([Buffer.from(file.bytes)]).stream()), config.chunkBytes);
  }
  await post(`${base}/api/tips/uploads/${started.uploadId}/finish`, {});
  return { receipt: started.receipt, uploadId: started.uploadId };
}

/** A staff request with a session (cookie and CSRF token). */
export async function staffFetch(base: string, session: TestSession, method: string, path: string, body?: Uint8Array | object): Promise<Response> {
  const headers: Record<string, string> = { cookie: session.cookie, 'x-csrf-token': session.csrfToken };
  let payload: BodyInit | undefined;
  if (body instanceof Uint8Array) {
    headers['content-type'] = 'application/octet-stream';
    payload = Buffer.from(body);
  } else if (body !== undefined) {
    headers['content-type'] = 'application/json';
    payload = JSON.stringify(body);
  }
  return fetch(`${base}/api/admin${path}`, { method, headers, ...(payload !== undefined && { body: payload }) });
}

/** Decrypts a whole age file with identities (or a passphrase). */
export async function ageDecrypt(bytes: Uint8Array, { identities = [], passphrase }: { identities?: string[]; passphrase?: string }): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  if (passphrase) decrypter.addPassphrase(passphrase);
  return decrypter.decrypt(bytes);
}

/** Encrypts a reply as the newsroom's browser does: to the tip's recipient and every newsroom recipient. */
export async function encryptReply(readerRecipient: string, newsroomRecipients: string[], message: string): Promise<Uint8Array> {
  const encrypter = new Encrypter();
  for (const r of [readerRecipient, ...newsroomRecipients]) encrypter.addRecipient(r);
  return encrypter.encrypt(JSON.stringify({ v: 1, message, sentAt: new Date().toISOString() }));
}
