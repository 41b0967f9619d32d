/**
 * age (npm age-encryption) as the tip pages use it: encrypting text and file streams to the
 * newsroom's recipients, reading an identity file, decrypting to text or to a Blob. Plaintext
 * only ever lives in this page's memory.
 */
import { armor, Decrypter, Encrypter, type ReadableStreamWithSize } from 'age-encryption';

/** The problem a person can act on, in Chinese (the page shows `message`). */
export class TipCryptoError extends Error {
  override name = 'TipCryptoError';
}

function encrypterFor(recipients: readonly string[]): Encrypter {
  if (recipients.length === 0) throw new TipCryptoError('编辑部尚未设置加密公钥，暂时无法加密发送。');
  const e = new Encrypter();
  for (const r of recipients) e.addRecipient(r);
  return e;
}

/** Encrypts a string (UTF-8) to every recipient; binary age file. */
export function encryptText(recipients: readonly string[], text: string): Promise<Uint8Array> {
  return encrypterFor(recipients).encrypt(text);
}

/** Encrypts a stream to every recipient, as a stream (`.size(plain)` gives the ciphertext size). */
export function encryptStream(recipients: readonly string[], plaintext: ReadableStream<Uint8Array>): Promise<ReadableStreamWithSize> {
  return encrypterFor(recipients).encrypt(plaintext);
}

/** Bytes that may be ASCII-armored (-----BEGIN AGE ENCRYPTED FILE-----) or binary age. */
export function unarmor(bytes: Uint8Array): Uint8Array {
  const head = new TextDecoder().decode(bytes.subarray(0, 40));
  if (!head.trimStart().startsWith('-----BEGIN AGE ENCRYPTED FILE-----')) return bytes;
  return armor.decode(new TextDecoder().decode(bytes));
}

/**
 * The secret keys in an identity file (as `age-keygen` or `xinwen tips keygen` write it):
 * every line starting AGE-SECRET-KEY-, comments and blank lines ignored. Throws a Chinese
 * message when there is none.
 */
export function parseIdentityFile(text: string): string[] {
  const keys = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => /^AGE-SECRET-KEY-(PQ-)?1[0-9A-Z]+$/.test(line));
  if (keys.length === 0) throw new TipCryptoError('这个文件里没有 age 私钥（应有以 AGE-SECRET-KEY-1 开头的一行）。');
  return keys;
}

function decrypterFor(identities: readonly string[]): Decrypter {
  const d = new Decrypter();
  for (const identity of identities) d.addIdentity(identity);
  return d;
}

/** Turns age's English failures into a message a journalist can act on. */
function explain(error: unknown): never {
  const message = error instanceof Error ? error.message : String(error);
  if (/no identity matched/i.test(message)) throw new TipCryptoError('已载入的私钥无法解密这份内容（它是用别的公钥加密的）。');
  if (/incorrect passphrase|invalid scrypt|scrypt/i.test(message)) throw new TipCryptoError('回执码不正确，无法解锁。');
  throw new TipCryptoError(`解密失败：${message}`);
}

/** Decrypts a whole (small) age file to UTF-8 text. */
export async function decryptText(identities: readonly string[], ciphertext: Uint8Array): Promise<string> {
  try {
    return await decrypterFor(identities).decrypt(unarmor(ciphertext), 'text');
  } catch (error) {
    return explain(error);
  }
}

/** Decrypts a passphrase-locked age file (the per-tip identity locked with the receipt) to text. */
export async function decryptWithPassphrase(passphrase: string, ciphertext: Uint8Array): Promise<string> {
  const d = new Decrypter();
  d.addPassphrase(passphrase);
  try {
    return await d.decrypt(unarmor(ciphertext), 'text');
  } catch (error) {
    return explain(error);
  }
}

/**
 * Decrypts a ciphertext stream into a Blob of `type`. The Blob is assembled from the decrypted
 * pieces as they arrive, so the browser can keep a large one out of the JavaScript heap.
 */
export async function decryptStreamToBlob(identities: readonly string[], ciphertext: ReadableStream<Uint8Array>, type: string): Promise<Blob> {
  let plaintext: ReadableStream<Uint8Array>;
  try {
    plaintext = await decrypterFor(identities).decrypt(ciphertext);
  } catch (error) {
    return explain(error);
  }
  const parts: Blob[] = [];
  const reader = plaintext.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // age's decrypter hands out fresh (never shared) buffers.
      parts.push(new Blob([value as Uint8Array<ArrayBuffer>]));
    }
  } catch (error) {
    return explain(error);
  }
  return new Blob(parts, { type });
}
