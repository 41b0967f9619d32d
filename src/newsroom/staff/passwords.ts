import { randomBytes } from 'node:crypto';
import { hash, verify } from '@node-rs/argon2';

/**
 * argon2id cost. Production always uses the library's defaults (19 MiB, 2 passes, 1 lane:
 * OWASP's minimum for argon2id); tests may pass a cheaper one to keep the suite quick.
 */
export interface PasswordCost {
  memoryCost?: number;
  timeCost?: number;
}

/** What a password must satisfy: at least 10 characters, not the email address or the name. */
export const PASSWORD_MIN_LENGTH = 10;
// argon2 accepts any length; a cap keeps a megabyte "password" from costing anything.
const PASSWORD_MAX_LENGTH = 200;

/** Hashes `password` with argon2id (PHC string with its own salt and parameters). */
export async function hashPassword(password: string, cost: PasswordCost = {}): Promise<string> {
  // argon2id is the library's default algorithm; its `Algorithm` is an ambient const enum,
  // which isolated modules cannot read (passwords.test.ts checks the `$argon2id$` prefix).
  return hash(password, cost);
}

/** Whether `password` matches `passwordHash`; a malformed hash is a mismatch, not a crash. */
export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/**
 * Spends the time of one verification against a hash no password matches, so that an
 * unknown email address takes as long to refuse as a wrong password.
 */
export async function verifyDummyPassword(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(await dummyHash, password);
}

/**
 * The policy's complaints about `password` for the person with `email` and `name`, in
 * Chinese; an empty list means it is acceptable.
 */
export function passwordProblems(password: string, who: { email: string; name: string }): string[] {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < PASSWORD_MIN_LENGTH) problems.push(`密码至少需要 ${PASSWORD_MIN_LENGTH} 个字符（现为 ${length} 个）`);
  if (length > PASSWORD_MAX_LENGTH) problems.push(`密码不能超过 ${PASSWORD_MAX_LENGTH} 个字符`);
  const folded = password.trim().toLowerCase();
  if (folded === who.email.trim().toLowerCase()) problems.push('密码不能与登录邮箱相同');
  if (folded === who.name.trim().toLowerCase()) problems.push('密码不能与姓名相同');
  return problems;
}

/** A random one-time password (16 URL-safe characters, 96 bits), shown once and changed at first login. */
export function generateOneTimePassword(): string {
  return randomBytes(12).toString('base64url');
}
