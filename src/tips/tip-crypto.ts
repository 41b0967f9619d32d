import { Decrypter, Encrypter, generateX25519Identity, identityToRecipient } from 'age-encryption';
import { AGE_MAGIC, RECEIPT_SCRYPT_LOG_N } from './tips-protocol.js';

/** A public age X25519 recipient as age prints it. */
const RECIPIENT = /^age1[02-9ac-hj-np-z]{58}$/;
/** A secret age X25519 identity as age prints it. */
const IDENTITY = /^AGE-SECRET-KEY-1[02-9AC-HJ-NP-Z]{58}$/;

/** Whether `value` is an `age1…` X25519 recipient (the only kind Debian's age 1.1 reads too). */
export function isAgeRecipient(value: string): boolean {
  return RECIPIENT.test(value);
}

/** Whether `value` is an `AGE-SECRET-KEY-1…` X25519 identity. */
export function isAgeIdentity(value: string): boolean {
  return IDENTITY.test(value);
}

/** A fresh X25519 identity and its recipient. */
export async function newIdentity(): Promise<{ identity: string; recipient: string }> {
  const identity = await generateX25519Identity();
  return { identity, recipient: await identityToRecipient(identity) };
}

/** The recipient of an identity. */
export async function recipientOf(identity: string): Promise<string> {
  return identityToRecipient(identity);
}

/**
 * The tip's identity age-encrypted with the receipt as scrypt passphrase (base64 of the binary
 * age file). The work factor is 2^15 rather than age's 2^18: the receipt carries 53 random bits
 * (a passphrase age's default assumes far fewer), and the server unlocks it on the no-JavaScript
 * path, where 256 MiB per request would be an easy way to exhaust it.
 */
export async function lockIdentity(identity: string, receiptDigits: string): Promise<string> {
  const encrypter = new Encrypter();
  encrypter.setPassphrase(receiptDigits);
  encrypter.setScryptWorkFactor(RECEIPT_SCRYPT_LOG_N);
  return Buffer.from(await encrypter.encrypt(identity)).toString('base64');
}

/** The identity locked by lockIdentity, or null when the receipt does not open it. */
export async function unlockIdentity(locked: string, receiptDigits: string): Promise<string | null> {
  const decrypter = new Decrypter();
  decrypter.addPassphrase(receiptDigits);
  try {
    const identity = await decrypter.decrypt(Buffer.from(locked, 'base64'), 'text');
    return isAgeIdentity(identity) ? identity : null;
  } catch {
    return null;
  }
}

/** An encrypter for every one of `recipients`. */
export function encrypterFor(recipients: readonly string[]): Encrypter {
  if (recipients.length === 0) throw new Error('no recipients to encrypt to');
  const encrypter = new Encrypter();
  for (const recipient of recipients) encrypter.addRecipient(recipient);
  return encrypter;
}

/** Encrypts a whole (small) plaintext to `recipients`. */
export async function encryptBytes(recipients: readonly string[], plaintext: Uint8Array | string): Promise<Uint8Array> {
  return encrypterFor(recipients).encrypt(plaintext);
}

/** Decrypts a whole (small) ciphertext with `identities`; throws when none of them opens it. */
export async function decryptBytes(identities: readonly string[], ciphertext: Uint8Array): Promise<Uint8Array> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  return decrypter.decrypt(ciphertext);
}

/** A streaming decryption of `ciphertext` with `identities` (the header is read before it resolves). */
export async function decryptStream(identities: readonly string[], ciphertext: ReadableStream<Uint8Array>): Promise<ReadableStream<Uint8Array>> {
  const decrypter = new Decrypter();
  for (const identity of identities) decrypter.addIdentity(identity);
  return decrypter.decrypt(ciphertext);
}

const MAGIC_BYTES = new TextEncoder().encode(AGE_MAGIC);

/** Whether `bytes` begins like a binary age file. */
export function startsLikeAge(bytes: Uint8Array): boolean {
  if (bytes.length < MAGIC_BYTES.length) return false;
  return MAGIC_BYTES.every((b, i) => bytes[i] === b);
}

/**
 * The stanza types of an age header at the start of `bytes` (e.g. `['X25519', 'X25519']`), or
 * null when the header is not complete within `bytes` or is not age. Only the `-> type` lines
 * are read; the server never needs (or has) a key to go further.
 */
export function headerStanzaTypes(bytes: Uint8Array): string[] | null {
  if (!startsLikeAge(bytes)) return null;
  const end = Math.min(bytes.length, 64 * 1024);
  const text = new TextDecoder('latin1').decode(bytes.subarray(0, end));
  const macAt = text.indexOf('\n---');
  if (macAt < 0) return null;
  return text
    .slice(0, macAt)
    .split('\n')
    .filter((line) => line.startsWith('-> '))
    .map((line) => line.slice(3).split(' ')[0] ?? '');
}
