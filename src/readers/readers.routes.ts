import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { PasswordCost } from '../newsroom/staff/passwords.js';
import type { Db } from '../platform/db/database.js';
import type { Mailer } from '../platform/mail/mailer.js';
import { createMailOutbox } from '../platform/mail/outbox.js';
import type { SiteContext } from '../web/site-context.js';
import { mailLinksFor, type AccountContext } from './account-actions.js';
import { accountPageRoutes } from './account.routes.js';
import { createReaderLimits, type ReaderLimits } from './reader-limits.js';
import { readerApiRoutes } from './reader-api.routes.js';
import { createReaderSessionStore } from './reader-session-store.js';

export interface ReaderAccountRoutesOptions {
  db: Db;
  mailer: Mailer;
  /** Outlet, sections and assets for the account pages. */
  siteContext(request: FastifyRequest): Promise<SiteContext>;
  /** The site's public origin for links in mail; default the address the server listens on. */
  publicUrl?: string;
  limits?: ReaderLimits;
  now?: () => Date;
  /** Lower argon2 cost for tests only. */
  passwordCost?: PasswordCost;
}

/**
 * Reader accounts: the pages under /account (plain HTML forms that work without JavaScript)
 * and the JSON API under /api/readers for the comment widget. Everything here is per reader,
 * so nothing is cached (`no-store`) or indexed. Mail goes out in the background; closing the
 * server waits for it.
 */
export async function readerAccountRoutes(app: FastifyInstance, options: ReaderAccountRoutesOptions): Promise<void> {
  const { db } = options;
  await app.register(fastifyCookie);
  app.addHook('onSend', async (_request, reply, payload) => {
    reply.header('cache-control', 'no-store');
    reply.header('x-robots-tag', 'noindex, nofollow');
    return payload;
  });

  const outbox = createMailOutbox(options.mailer, (err, message) =>
    app.log.error({ err, to: message.to, subject: message.subject, mailer: options.mailer.description }, 'reader mail failed'),
  );
  app.addHook('onClose', () => outbox.drain());

  let warned = false;
  const origin = () => {
    if (options.publicUrl) return options.publicUrl;
    if (!warned) {
      warned = true;
      app.log.warn('XINWEN_PUBLIC_URL is not set: links in reader mail use the address the server listens on');
    }
    const address = app.server.address();
    if (address === null || typeof address === 'string') return 'http://localhost';
    const host = address.family === 'IPv6' ? `[${address.address}]` : address.address;
    return `http://${host}:${address.port}`;
  };

  const ctx: AccountContext = {
    db,
    sessions: createReaderSessionStore(db),
    limits: options.limits ?? createReaderLimits(),
    outbox,
    mailLinks: () => mailLinksFor(db, origin),
    now: () => options.now?.() ?? new Date(),
    log: app.log,
    ...(options.passwordCost && { passwordCost: options.passwordCost }),
  };

  await app.register(async (api) => readerApiRoutes(api, ctx), { prefix: '/api/readers' });
  await app.register(async (pages) => accountPageRoutes(pages, { ctx, siteContext: options.siteContext }));
}
