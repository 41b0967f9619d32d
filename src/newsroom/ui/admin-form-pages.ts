import type { FastifyInstance } from 'fastify';
import type { Db } from '../../platform/db/database.js';
import { authPlugin } from '../auth/auth.plugin.js';
import type { SessionStore } from '../auth/session-store.js';

/**
 * Prepares a plugin of newsroom pages that work as plain forms (/admin/spam, /admin/dictionary,
 * /admin/stories): staff authentication, url-encoded form bodies as objects, and answers that
 * are never cached or indexed.
 */
export async function setUpAdminFormPages(app: FastifyInstance, { db, sessions }: { db: Db; sessions: SessionStore }): Promise<void> {
  await app.register(authPlugin, { db, sessions });
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) =>
    done(null, Object.fromEntries(new URLSearchParams(String(body)))),
  );
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
    return payload;
  });
}
