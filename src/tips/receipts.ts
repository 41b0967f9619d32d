import { createHash, randomBytes, randomInt } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';
import { RECEIPT_DIGITS } from './tips-protocol.js';

/**
 * argon2id cost for receipt hashes. The default is the library's (19 MiB, 2 passes: OWASP's
 * minimum); tests pass a cheaper one. Verification reads the cost from the stored hash.
 */
export interface ReceiptCost {
  memoryCost?: number;
  timeCost?: number;
}

/** 16 uniformly random decimal digits (log2 10^16 ≈ 53 bits), as ASCII digits without spaces. */
export function newReceipt(): string {
  let digits = '';
  for (let i = 0; i < RECEIPT_DIGITS; i++) digits += String(randomInt(10));
  return digits;
}

/**
 * The lookup tag that lets a receipt find its tip without trying every tip's slow hash: the
 * first 16 bits (4 hex digits) of SHA-256 of the receipt. It is stored in clear, so it gives away
 * 16 of the receipt's 53 bits to someone holding the database; the other 37 bits still sit behind
 * argon2id (and behind scrypt for the locked identity), about 1.4e11 guesses of ~50 ms each per
 * tip. In return a lookup verifies only the tips that share the tag: one in 65,536, so a handful
 * even with many thousands of tips within the retention period. A keyed tag (HMAC with a server
 * secret) would hide those 16 bits but adds a secret to keep and rotate; a salted hash alone
 * would force a verification of every stored tip per lookup.
 */
export function receiptTag(digits: string): string {
  return createHash('sha256').update(digits).digest('hex').slice(0, 4);
}

/** The receipt's argon2id hash (PHC string with its own random salt). */
export async function hashReceipt(digits: string, cost: ReceiptCost = {}): Promise<string> {
  return hash(digits, cost);
}

/** Whether `digits` matches `receiptHash`; a malformed hash is a mismatch. */
export async function verifyReceipt(receiptHash: string, digits: string): Promise<boolean> {
  try {
    return await verify(receiptHash, digits);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Spends one verification's time, so a receipt with no candidate tip takes as long to refuse. */
export async function verifyDummyReceipt(digits: string): Promise<void> {
  dummyHash ??= hashReceipt(randomBytes(8).toString('hex'));
  await verifyReceipt(await dummyHash, digits);
}
