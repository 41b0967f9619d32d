import type { FastifyInstance } from 'fastify';
import { register, signIn, signOut, type AccountContext } from './account-actions.js';
import { assertReaderCsrf, clearReaderCookies, hasReaderCookies, readerSession } from './reader-auth.js';
import { publicReader } from './reader.service.js';

/** The neutral answer to a registration, whether or not the address already had an account. */
export const CHECK_MAIL_MESSAGE = '我们已向您填写的邮箱发送了一封邮件，请按邮件中的说明完成注册。';

/**
 * The reader JSON API under /api/readers, for the comment widget: who is signed in (with the
 * CSRF token its posts need), register, login and logout. Only application/json bodies are
 * parsed here, so another site's plain form cannot reach register or login (a JSON post from
 * another origin needs a CORS preflight, which is never granted).
 */
export async function readerApiRoutes(app: FastifyInstance, ctx: AccountContext): Promise<void> {
  /** `{reader: {id, displayName, verified} | null, csrfToken: string | null}` */
  app.get('/me', async (request, reply) => {
    const session = await readerSession(ctx.db, request);
    // An ended or expired session: drop the cookies, so the page script stops asking.
    if (!session && hasReaderCookies(request)) clearReaderCookies(reply, request);
    return { reader: session ? publicReader(session.reader) : null, csrfToken: session?.csrfToken ?? null };
  });

  app.post('/register', async (request, reply) => {
    await register(ctx, request, request.body);
    return reply.code(202).send({ status: 'check_mail', message: CHECK_MAIL_MESSAGE });
  });

  app.post('/login', async (request, reply) => {
    const session = await signIn(ctx, request, reply, request.body);
    return { reader: publicReader(session.reader), csrfToken: session.csrfToken };
  });

  /** Ends this browser's session (CSRF token required); without a live session it only clears the cookies. */
  app.post('/logout', async (request, reply) => {
    const session = await readerSession(ctx.db, request);
    if (session) assertReaderCsrf(request, session);
    await signOut(ctx, request, reply, session);
    return reply.code(204).send();
  });
}
