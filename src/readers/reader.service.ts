import { outletSettings } from '../articles/outlet.service.js';
import { hashSecret, randomSecret } from '../newsroom/auth/secrets.js';
import type { SessionStore } from '../newsroom/auth/session-store.js';
import { hashPassword, verifyDummyPassword, verifyPassword, type PasswordCost } from '../newsroom/staff/passwords.js';
import type { Db, Queryable } from '../platform/db/database.js';
import { UnauthorizedError, ValidationError } from '../platform/errors.js';
import { parseInput } from '../platform/validation.js';
import {
  DisplayNameChangeSchema,
  ForgotPasswordSchema,
  LinkTokenSchema,
  PasswordResetSchema,
  ReaderCredentialsSchema,
  RegistrationSchema,
  reservedNameProblem,
} from './reader.schema.js';
import {
  consumeToken,
  deleteExpiredTokens,
  findLiveToken,
  findReaderByEmail,
  findReaderById,
  insertLinkToken,
  insertReader,
  markVerified,
  retireTokens,
  updateDisplayName,
  updatePasswordHash,
  type LinkPurpose,
  type ReaderRow,
} from './reader.store.js';

/** A reader account (for comments). Readers are not staff and never see staff pages. */
export interface Reader {
  id: number;
  displayName: string;
  email: string;
  verified: boolean;
  createdAt: string;
}

/** What other readers and the comment widget may see of a reader. */
export interface PublicReader {
  id: number;
  displayName: string;
  verified: boolean;
}

/** How long one-time links work: 48 hours to verify an email, 1 hour to reset a password. */
export const LINK_TTL_MS: Record<LinkPurpose, number> = { verify_email: 48 * 3_600_000, reset_password: 3_600_000 };

/** The message for any unknown, used or expired link. */
export const DEAD_LINK_MESSAGE = '链接无效或已过期，请重新申请。';

/** One message for an unknown email and a wrong password, so neither reveals which accounts exist. */
export const BAD_CREDENTIALS_MESSAGE = '邮箱或密码不正确。';

interface ServiceOptions {
  now?: Date;
  /** Lower argon2 cost, for tests only. */
  passwordCost?: PasswordCost;
}

function toReader(row: ReaderRow): Reader {
  return { id: row.id, displayName: row.display_name, email: row.email, verified: row.verified_at !== null, createdAt: row.created_at };
}

/** The public part of a reader. */
export function publicReader(reader: Reader): PublicReader {
  return { id: reader.id, displayName: reader.displayName, verified: reader.verified };
}

/** The reader with this id, or null. */
export async function getReader(db: Queryable, id: number): Promise<Reader | null> {
  const row = await findReaderById(db, id);
  return row ? toReader(row) : null;
}

async function assertNameAllowed(db: Queryable, displayName: string): Promise<void> {
  const outlet = await outletSettings(db);
  const problem = reservedNameProblem(displayName, [outlet.name, outlet.shortName]);
  if (problem) throw new ValidationError('昵称不可用', [`displayName: ${problem}`]);
}

/** Issues a one-time link token for `purpose`, retiring older ones; returns the token (the table keeps its sha256). */
async function issueLinkToken(db: Queryable, readerId: number, purpose: LinkPurpose, now: Date): Promise<string> {
  const token = randomSecret(32);
  await deleteExpiredTokens(db, now.toISOString());
  await retireTokens(db, readerId, purpose, now.toISOString());
  await insertLinkToken(db, {
    id: hashSecret(token),
    readerId,
    purpose,
    createdAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + LINK_TTL_MS[purpose]).toISOString(),
  });
  return token;
}

/** The outcome of a registration: who to mail, and what. The caller answers alike in both cases. */
export type Registration =
  | { kind: 'created'; reader: Reader; verifyToken: string }
  | { kind: 'exists'; reader: Reader };

/**
 * Registers a reader (validated: email, display name 2–24 characters without web addresses or
 * staff-like words, password ≥ 8). When the email is taken nothing changes and the existing
 * account is returned, so the caller can mail its owner instead; the password is hashed either
 * way, so both take as long.
 */
export async function registerReader(db: Db, input: unknown, options: ServiceOptions = {}): Promise<Registration> {
  const { email, displayName, password } = parseInput(RegistrationSchema, input, '注册信息有误');
  await assertNameAllowed(db, displayName);
  const now = options.now ?? new Date();
  const passwordHash = await hashPassword(password, options.passwordCost);
  return db.transaction().execute(async (tx) => {
    const id = await insertReader(tx, { email, displayName, passwordHash, createdAt: now.toISOString() });
    if (id === null) {
      const existing = await findReaderByEmail(tx, email);
      if (!existing) throw new Error(`reader ${email} vanished during registration`);
      return { kind: 'exists', reader: toReader(existing) };
    }
    const verifyToken = await issueLinkToken(tx, id, 'verify_email', now);
    const row = await findReaderById(tx, id);
    if (!row) throw new Error(`reader ${id} vanished during registration`);
    return { kind: 'created', reader: toReader(row), verifyToken };
  });
}

/** A fresh verification link token for a reader who is not verified yet; null when they already are. */
export async function newVerificationToken(db: Db, readerId: number, options: { now?: Date } = {}): Promise<string | null> {
  const row = await findReaderById(db, readerId);
  if (!row || row.verified_at !== null) return null;
  return db.transaction().execute((tx) => issueLinkToken(tx, readerId, 'verify_email', options.now ?? new Date()));
}

/** Uses up a verification link and marks the reader verified; 400 with DEAD_LINK_MESSAGE for a dead link. */
export async function verifyReaderEmail(db: Db, token: unknown, options: { now?: Date } = {}): Promise<Reader> {
  const valid = LinkTokenSchema.safeParse(token);
  if (!valid.success) throw new ValidationError(DEAD_LINK_MESSAGE);
  const now = (options.now ?? new Date()).toISOString();
  const reader = await db.transaction().execute(async (tx) => {
    const readerId = await consumeToken(tx, hashSecret(valid.data), 'verify_email', now);
    if (readerId === null) return null;
    await markVerified(tx, readerId, now);
    return findReaderById(tx, readerId);
  });
  if (!reader) throw new ValidationError(DEAD_LINK_MESSAGE);
  return toReader(reader);
}

/**
 * Checks an email and password; resolves to the reader. An unknown email and a wrong password
 * fail alike (401, one message, a dummy hash verified so both take as long). Unverified
 * readers may sign in; what they may do is up to each feature.
 */
export async function authenticateReader(db: Queryable, credentials: unknown): Promise<Reader> {
  const { email, password } = parseInput(ReaderCredentialsSchema, credentials, '请填写邮箱和密码');
  const row = await findReaderByEmail(db, email);
  if (!row) {
    await verifyDummyPassword(password);
    throw new UnauthorizedError(BAD_CREDENTIALS_MESSAGE, 'invalid_credentials');
  }
  if (!(await verifyPassword(row.password_hash, password))) throw new UnauthorizedError(BAD_CREDENTIALS_MESSAGE, 'invalid_credentials');
  return toReader(row);
}

/**
 * Starts a password reset for the email in `input`: a reset token for its reader, or null when
 * no reader has it. The caller answers alike in both cases.
 */
export async function startPasswordReset(
  db: Db,
  input: unknown,
  options: { now?: Date } = {},
): Promise<{ email: string; reset: { reader: Reader; token: string } | null }> {
  const { email } = parseInput(ForgotPasswordSchema, input, '请填写注册时使用的邮箱');
  const row = await findReaderByEmail(db, email);
  if (!row) return { email, reset: null };
  const token = await db.transaction().execute((tx) => issueLinkToken(tx, row.id, 'reset_password', options.now ?? new Date()));
  return { email, reset: { reader: toReader(row), token } };
}

/** Whether a reset link is still usable (for showing its form); does not use it up. */
export async function resetLinkIsLive(db: Queryable, token: unknown, options: { now?: Date } = {}): Promise<boolean> {
  const valid = LinkTokenSchema.safeParse(token);
  if (!valid.success) return false;
  return (await findLiveToken(db, hashSecret(valid.data), 'reset_password', (options.now ?? new Date()).toISOString())) !== null;
}

/**
 * Sets a new password through a reset link: uses the link up, marks the email verified (the
 * link proved it), and ends every session of the reader. 400 for a bad password or a dead link.
 */
export async function resetReaderPassword(db: Db, sessions: SessionStore, input: unknown, options: ServiceOptions = {}): Promise<Reader> {
  const { token, password } = parseInput(PasswordResetSchema, input, '新密码有误');
  const now = (options.now ?? new Date()).toISOString();
  const passwordHash = await hashPassword(password, options.passwordCost);
  const reader = await db.transaction().execute(async (tx) => {
    const readerId = await consumeToken(tx, hashSecret(token), 'reset_password', now);
    if (readerId === null) return null;
    await updatePasswordHash(tx, readerId, passwordHash);
    await markVerified(tx, readerId, now);
    return findReaderById(tx, readerId);
  });
  if (!reader) throw new ValidationError(DEAD_LINK_MESSAGE);
  await sessions.destroyAllForPerson(reader.id);
  return toReader(reader);
}

/** Changes a reader's display name (same rules as at registration). */
export async function renameReader(db: Db, readerId: number, input: unknown): Promise<Reader> {
  const { displayName } = parseInput(DisplayNameChangeSchema, input, '昵称有误');
  await assertNameAllowed(db, displayName);
  await updateDisplayName(db, readerId, displayName);
  const reader = await getReader(db, readerId);
  if (!reader) throw new UnauthorizedError('请先登录。');
  return reader;
}
