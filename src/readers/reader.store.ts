import type { Selectable } from 'kysely';
import type { Queryable } from '../platform/db/database.js';
import type { ReaderTable } from '../platform/db/schema.js';

export type ReaderRow = Selectable<ReaderTable>;

/** What a one-time link is for. */
export type LinkPurpose = 'verify_email' | 'reset_password';

/** Inserts a reader; resolves to the new id, or null when the email is taken. */
export async function insertReader(
  db: Queryable,
  reader: { email: string; displayName: string; passwordHash: string; createdAt: string },
): Promise<number | null> {
  const row = await db
    .insertInto('readers')
    .values({ email: reader.email, display_name: reader.displayName, password_hash: reader.passwordHash, created_at: reader.createdAt })
    // Two registrations racing for one address: the loser learns it here, not from a crash.
    .onConflict((oc) => oc.column('email').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row?.id ?? null;
}

export async function findReaderById(db: Queryable, id: number): Promise<ReaderRow | undefined> {
  return db.selectFrom('readers').selectAll().where('id', '=', id).executeTakeFirst();
}

/** By the stored (normalised) email. */
export async function findReaderByEmail(db: Queryable, email: string): Promise<ReaderRow | undefined> {
  return db.selectFrom('readers').selectAll().where('email', '=', email).executeTakeFirst();
}

export async function updateDisplayName(db: Queryable, id: number, displayName: string): Promise<void> {
  await db.updateTable('readers').set({ display_name: displayName }).where('id', '=', id).execute();
}

export async function updatePasswordHash(db: Queryable, id: number, passwordHash: string): Promise<void> {
  await db.updateTable('readers').set({ password_hash: passwordHash }).where('id', '=', id).execute();
}

/** Sets verified_at unless it is already set (the first verification is the one kept). */
export async function markVerified(db: Queryable, id: number, at: string): Promise<void> {
  await db.updateTable('readers').set({ verified_at: at }).where('id', '=', id).where('verified_at', 'is', null).execute();
}

export async function insertLinkToken(
  db: Queryable,
  token: { id: string; readerId: number; purpose: LinkPurpose; createdAt: string; expiresAt: string },
): Promise<void> {
  await db
    .insertInto('reader_tokens')
    .values({ id: token.id, reader_id: token.readerId, purpose: token.purpose, created_at: token.createdAt, expires_at: token.expiresAt })
    .execute();
}

/** The reader a live (unused, unexpired) token of `purpose` belongs to, without using it up. */
export async function findLiveToken(db: Queryable, id: string, purpose: LinkPurpose, now: string): Promise<number | null> {
  const row = await db
    .selectFrom('reader_tokens')
    .select('reader_id')
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return row?.reader_id ?? null;
}

/**
 * Uses up a live token: one conditional UPDATE, so of two requests with the same link exactly
 * one succeeds. Resolves to its reader, or null when it is unknown, used or expired.
 */
export async function consumeToken(db: Queryable, id: string, purpose: LinkPurpose, now: string): Promise<number | null> {
  const readerId = await findLiveToken(db, id, purpose, now);
  if (readerId === null) return null;
  const result = await db
    .updateTable('reader_tokens')
    .set({ used_at: now })
    .where('id', '=', id)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .where('expires_at', '>', now)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) === 1 ? readerId : null;
}

/** Retires every live token of `purpose` for the reader (a newer link replaces older ones). */
export async function retireTokens(db: Queryable, readerId: number, purpose: LinkPurpose, now: string): Promise<void> {
  await db
    .updateTable('reader_tokens')
    .set({ used_at: now })
    .where('reader_id', '=', readerId)
    .where('purpose', '=', purpose)
    .where('used_at', 'is', null)
    .execute();
}

/** Forgets tokens that expired before `now`. */
export async function deleteExpiredTokens(db: Queryable, now: string): Promise<number> {
  const result = await db.deleteFrom('reader_tokens').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
