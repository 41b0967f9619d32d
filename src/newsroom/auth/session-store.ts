/**
 * Where staff sessions live. The embedded default keeps them in the database
 * (db-session-store.ts); scale mode can add a Redis store with the same interface.
 * Sessions are keyed by the sha256 of the cookie token: a store never sees the token.
 */
export interface SessionStore {
  create(session: StoredSession): Promise<void>;
  /** The session with this id (token hash), expired or not; the caller checks expiry. */
  find(id: string): Promise<StoredSession | undefined>;
  /** Slides the idle expiry forward. */
  touch(id: string, lastSeenAt: string, expiresAt: string): Promise<void>;
  destroy(id: string): Promise<void>;
  /** Ends every session of a person, except `except` (a session id) if given; resolves to how many ended. */
  destroyAllForPerson(personId: number, options?: { except?: string }): Promise<number>;
  /** Forgets sessions that expired before `now`; resolves to how many. */
  deleteExpired(now: string): Promise<number>;
}

/** A session as stored. Instants are ISO-8601 UTC strings. */
export interface StoredSession {
  /** sha256 (hex) of the cookie token. */
  id: string;
  personId: number;
  csrfToken: string;
  createdAt: string;
  lastSeenAt: string;
  expiresAt: string;
  userAgent: string | null;
}
