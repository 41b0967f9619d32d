import type { SessionStore, StoredSession } from '../newsroom/auth/session-store.js';
import type { Db } from '../platform/db/database.js';

/**
 * Reader sessions in the `reader_sessions` table, behind the same SessionStore interface as
 * staff sessions, so the newsroom's session logic (token hashing, sliding and absolute expiry)
 * serves both. Here a session's `personId` is a *reader* id: the two kinds never share a table,
 * a cookie or an id space.
 */
export function createReaderSessionStore(db: Db): SessionStore {
  const toSession = (row: {
    id: string;
    reader_id: number;
    csrf_token: string;
    created_at: string;
    last_seen_at: string;
    expires_at: string;
    user_agent: string | null;
  }): StoredSession => ({
    id: row.id,
    personId: row.reader_id,
    csrfToken: row.csrf_token,
    createdAt: row.created_at,
    lastSeenAt: row.last_seen_at,
    expiresAt: row.expires_at,
    userAgent: row.user_agent,
  });

  return {
    async create(session) {
      await db
        .insertInto('reader_sessions')
        .values({
          id: session.id,
          reader_id: session.personId,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          user_agent: session.userAgent,
        })
        .execute();
    },
    async find(id) {
      const row = await db.selectFrom('reader_sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return row && toSession(row);
    },
    async touch(id, lastSeenAt, expiresAt) {
      await db.updateTable('reader_sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
    },
    async destroy(id) {
      await db.deleteFrom('reader_sessions').where('id', '=', id).execute();
    },
    async destroyAllForPerson(readerId, options = {}) {
      let query = db.deleteFrom('reader_sessions').where('reader_id', '=', readerId);
      if (options.except !== undefined) query = query.where('id', '!=', options.except);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpired(now) {
      const result = await db.deleteFrom('reader_sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
