import fastifyCookie from '@fastify/cookie';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import fp from 'fastify-plugin';
import { NotFoundError } from '../platform/errors.js';
import { EDITIONS, EDITION_LIST, editionPath, splitEditionPath, type Edition } from '../web/editions.js';
import type { FingerprintedConverter, PageConverter } from './page-conversion.js';
import { EDITION_COOKIE } from './preferred-edition.js';

export interface EditionsOptions {
  pages: PageConverter;
  /** The converter for a page: the article's (with its overrides) on an article page, else the newsroom's. */
  converterFor(articleId: number | null): Promise<FingerprintedConverter>;
  /**
   * The edition a response is in: its address's prefix, or for unprefixed reader pages
   * (accounts, errors) the edition their links point into (`edition` in the site context);
   * null for responses that are in no edition (the newsroom's pages) and stay as rendered.
   */
  editionOf(request: FastifyRequest): Promise<Edition | null>;
  /** Whether the converted page is worth keeping (not when the page cache keeps it already); default yes. */
  keepConverted?(reply: FastifyReply): boolean;
}

/** Responses whose text is converted to the edition's script. */
const CONVERTED_TYPES = /^(text\/html|application\/(rss\+xml|atom\+xml|xml))\b/;

const ONE_YEAR_S = 365 * 24 * 3600;

// The article a page shows, so its per-article overrides apply (set by the article route).
const pageArticle = new WeakMap<FastifyRequest, number>();

/** Marks the response to `request` as the page of article `id`: its overrides take part in conversion. */
export function convertWithArticleOverrides(request: FastifyRequest, id: number): void {
  pageArticle.set(request, id);
}

/**
 * Converts every HTML page, feed and sitemap to its edition's script as it is sent, and
 * serves the 简体/繁體 switch: `GET /edition/{zh-hans|zh-hant}?next=/zh-hant/…` remembers
 * the choice in a cookie and returns the reader to the page in that edition.
 */
/** A path of this site (one leading slash; `//` and `/\\` would leave it) without control characters. */
const SITE_PATH = /^\/(?![/\\])[^\u0000-\u001f\u007f]*$/;

/**
 * Where the switch returns the reader: `next` when it is a page of this site in the chosen
 * edition or outside the editions (an account page); anything else, to the edition's home page.
 */
export function switchTarget(next: unknown, edition: Edition): string {
  if (typeof next !== 'string' || !SITE_PATH.test(next)) return editionPath(edition, '/');
  const inEdition = splitEditionPath(next.split('?')[0] ?? '');
  return inEdition === null || inEdition.edition === edition ? next : editionPath(edition, '/');
}

async function editions(app: FastifyInstance, { pages, converterFor, editionOf, keepConverted }: EditionsOptions) {
  app.addHook('onSend', async (request, reply, payload) => {
    if (typeof payload !== 'string') return payload;
    const type = reply.getHeader('content-type');
    if (typeof type !== 'string' || !CONVERTED_TYPES.test(type)) return payload;
    const edition = await editionOf(request);
    if (edition === null) return payload;
    return pages.convert(payload, edition, await converterFor(pageArticle.get(request) ?? null), keepConverted?.(reply) ?? true);
  });

  await app.register(async (scope) => {
    await scope.register(fastifyCookie);
    scope.get<{ Params: { edition: string }; Querystring: { next?: string } }>('/edition/:edition', async (request, reply) => {
      const edition = EDITION_LIST.find((e) => EDITIONS[e].prefix === `/${request.params.edition}`);
      if (!edition) throw new NotFoundError('没有这个版本。');
      const target = switchTarget(request.query.next, edition);
      reply.setCookie(EDITION_COOKIE, edition, { path: '/', sameSite: 'lax', maxAge: ONE_YEAR_S, secure: request.protocol === 'https' });
      return reply.header('cache-control', 'private, no-store').redirect(target, 303);
    });
  });
}

/** The editions, applied to the whole app (not encapsulated): its hook converts every response. */
export const editionsPlugin = fp(editions, { name: 'editions' });
