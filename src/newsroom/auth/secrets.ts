import { createHash, randomBytes } from 'node:crypto';

/** A random secret of `bytes` bytes, base64url (32 bytes: 43 characters). */
export function randomSecret(bytes = 32): string {
  return randomBytes(bytes).toString('base64url');
}

/**
 * sha256 (hex) of a session or API token. The tokens are 256-bit random, so a fast hash is
 * enough: a stolen table cannot be turned back into working tokens.
 */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
