import type { FastifyReply, FastifyRequest } from 'fastify';
import { outletSettings } from '../../articles/outlet.service.js';
import type { Db } from '../../platform/db/database.js';
import type { AdminAssets } from './admin-assets.js';
import type { AdminPageContext } from './admin-pages.view.js';
import { UI_LANG_COOKIE, pickUiLang } from './i18n.js';

const ONE_YEAR_S = 365 * 24 * 3600;

/**
 * What every admin page renders with: the UI language (`?lang=`, then the cookie, then
 * Accept-Language; a valid `?lang=` is remembered in the cookie), the outlet, who is signed in
 * and the session's CSRF token for plain forms. `path` defaults to the request's path.
 */
export async function adminPageContext(
  db: Db,
  assets: AdminAssets,
  request: FastifyRequest,
  reply: FastifyReply,
  path: string = request.url.split('?')[0] ?? '/admin',
): Promise<AdminPageContext> {
  const query = (request.query as { lang?: string } | undefined)?.lang;
  const lang = pickUiLang(query, request.cookies[UI_LANG_COOKIE], request.headers['accept-language']);
  if (query && query === lang) reply.setCookie(UI_LANG_COOKIE, lang, { path: '/admin', sameSite: 'lax', httpOnly: true, maxAge: ONE_YEAR_S });
  const outlet = await outletSettings(db);
  const actor = request.actor;
  return {
    lang,
    assets,
    outletName: outlet.shortName,
    timeZone: outlet.timezone,
    user: actor ? { displayName: actor.displayName, role: actor.role } : null,
    path,
    csrfToken: request.auth?.via === 'session' ? request.auth.csrfToken : null,
  };
}
