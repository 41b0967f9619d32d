import type { Db } from '../../platform/db/database.js';
import type { SessionStore, StoredSession } from './session-store.js';

/** Sessions in the `sessions` table: the embedded default, and fine for a few hundred staff on PostgreSQL. */
export function createDbSessionStore(db: Db): SessionStore {
  return {
    async create(session: StoredSession) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          person_id: session.personId,
          csrf_token: session.csrfToken,
          created_at: session.createdAt,
          last_seen_at: session.lastSeenAt,
          expires_at: session.expiresAt,
          user_agent: session.userAgent,
        })
        .execute();
    },

    async find(id: string) {
      const row = await db.selectFrom('sessions').selectAll().where('id', '=', id).executeTakeFirst();
      return (
        row && {
          id: row.id,
          personId: row.person_id,
          csrfToken: row.csrf_token,
          createdAt: row.created_at,
          lastSeenAt: row.last_seen_at,
          expiresAt: row.expires_at,
          userAgent: row.user_agent,
        }
      );
    },

    async touch(id: string, lastSeenAt: string, expiresAt: string) {
      await db.updateTable('sessions').set({ last_seen_at: lastSeenAt, expires_at: expiresAt }).where('id', '=', id).execute();
    },

    async destroy(id: string) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },

    async destroyAllForPerson(personId: number, options: { except?: string } = {}) {
      let query = db.deleteFrom('sessions').where('person_id', '=', personId);
      if (options.except !== undefined) query = query.where('id', '!=', options.except);
      const result = await query.executeTakeFirst();
      return Number(result.numDeletedRows);
    },

    async deleteExpired(now: string) {
      const result = await db.deleteFrom('sessions').where('expires_at', '<=', now).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
