import type { Db } from '../../platform/db/database.js';
import { recordAudit } from '../audit/audit.service.js';
import { newCsrfToken } from './csrf.js';
import { hashSecret, randomSecret } from './secrets.js';
import type { SessionStore, StoredSession } from './session-store.js';

/** How long sessions live. */
export interface SessionPolicy {
  /** A session unused this long ends (sliding expiry). */
  idleMs: number;
  /** No session outlives this, however busy. */
  absoluteMs: number;
  /** The idle expiry is slid at most this often, so a busy page is not a write per request. */
  touchEveryMs: number;
}

const DAY = 86_400_000;

/** 14 days idle, 30 days at most, last-seen written at most once a minute. */
export const DEFAULT_SESSION_POLICY: SessionPolicy = { idleMs: 14 * DAY, absoluteMs: 30 * DAY, touchEveryMs: 60_000 };

interface SessionOptions {
  now?: Date;
  policy?: SessionPolicy;
}

/**
 * Starts a session for `personId`. Returns the cookie token (32 random bytes, base64url),
 * which is not stored anywhere: the store keeps only its sha256.
 */
export async function startSession(
  store: SessionStore,
  personId: number,
  options: SessionOptions & { userAgent?: string | null } = {},
): Promise<{ token: string; session: StoredSession }> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const token = randomSecret(32);
  const session: StoredSession = {
    id: hashSecret(token),
    personId,
    csrfToken: newCsrfToken(),
    createdAt: now.toISOString(),
    lastSeenAt: now.toISOString(),
    expiresAt: new Date(now.getTime() + Math.min(policy.idleMs, policy.absoluteMs)).toISOString(),
    userAgent: options.userAgent?.slice(0, 300) ?? null,
  };
  // Logins are rare enough to sweep out expired sessions as they happen.
  await store.deleteExpired(session.createdAt);
  await store.create(session);
  return { token, session };
}

/** The live session for a cookie token, its idle expiry slid forward; null if unknown or expired. */
export async function resolveSession(store: SessionStore, token: string, options: SessionOptions = {}): Promise<StoredSession | null> {
  const now = options.now ?? new Date();
  const policy = options.policy ?? DEFAULT_SESSION_POLICY;
  const session = await store.find(hashSecret(token));
  if (!session) return null;
  if (Date.parse(session.expiresAt) <= now.getTime()) {
    await store.destroy(session.id);
    return null;
  }
  if (now.getTime() - Date.parse(session.lastSeenAt) >= policy.touchEveryMs) {
    const hardEnd = Date.parse(session.createdAt) + policy.absoluteMs;
    const expiresAt = new Date(Math.min(now.getTime() + policy.idleMs, hardEnd)).toISOString();
    await store.touch(session.id, now.toISOString(), expiresAt);
    return { ...session, lastSeenAt: now.toISOString(), expiresAt };
  }
  return session;
}

/** Ends one session (logging out on this device). */
export async function endSession(store: SessionStore, sessionId: string): Promise<void> {
  await store.destroy(sessionId);
}


/** "Log out everywhere": ends every session of the person (API tokens stay valid) and audits it. */
export async function logOutEverywhere(db: Db, store: SessionStore, personId: number, options: { now?: Date } = {}): Promise<number> {
  const ended = await store.destroyAllForPerson(personId);
  await recordAudit(
    db,
    { actorId: personId, action: 'session.logout_everywhere', subjectType: 'person', subjectId: personId, details: { sessionsEnded: ended } },
    options,
  );
  return ended;
}
