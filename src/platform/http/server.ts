import type { Server } from 'node:http';
import Fastify, { LogController, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerFactory } from 'fastify';
import { AppError, TooManyRequestsError } from '../errors.js';

/** Renders a reader-facing error page; features supply it so the platform knows no templates. */
export type ErrorPageRenderer = (status: number, publicMessage: string, request: FastifyRequest) => Promise<string>;

export interface HttpServerOptions {
  logLevel: string;
  renderErrorPage: ErrorPageRenderer;
  /** Extra script sources for the Content Security Policy (e.g. an inline script's hash). */
  scriptSources?: string[];
  /**
   * Where a GET or HEAD that matches no route is sent instead of a 404, or null for the 404
   * (the editions send an unprefixed address to the reader's edition). The redirect is 302,
   * private and uncached, since it may depend on the reader.
   */
  redirectUnmatched?: (request: FastifyRequest) => Promise<string | null>;
  /**
   * Addresses whose visitors must leave no trace (the tip channel): their log lines carry the
   * method and route pattern only (no address, port, user agent, referrer or URL parameters),
   * and their responses are `no-store` with `Referrer-Policy: no-referrer`.
   */
  privatePaths?: RegExp;
  /** Where log lines go instead of stdout (tests read them). */
  logStream?: { write(line: string): void };
  /** Creates the HTTP server around Fastify's request listener (the page cache answers hits there). */
  serverFactory?: FastifyServerFactory<Server>;
  /** The address Fastify routes and handlers see, from the one requested (Fastify's `rewriteUrl`). */
  rewriteUrl?: (url: string) => string;
}

const GENERIC_MESSAGES: Record<number, string> = {
  400: '请求的地址或参数有误，请检查后再试。',
  404: '您要找的页面不存在或已被删除。',
  500: '服务器暂时无法处理您的请求，请稍后再试。',
};

/** Everything under /api/ answers errors in JSON; the rest are pages for readers. */
function wantsJson(request: FastifyRequest): boolean {
  return request.url.startsWith('/api/');
}

async function sendError(
  request: FastifyRequest,
  reply: FastifyReply,
  status: number,
  code: string,
  message: string,
  render: ErrorPageRenderer,
  fields: Record<string, unknown> = {},
) {
  reply.code(status).header('cache-control', 'no-store');
  if (wantsJson(request)) return reply.send({ error: { code, message, ...fields } });
  let html: string;
  try {
    html = await render(status, message, request);
  } catch (renderError) {
    // The error page itself failed (the database may be down): fall back to plain text.
    request.log.error({ err: renderError }, 'error page failed to render');
    return reply.type('text/plain; charset=utf-8').send(`${status} ${message}`);
  }
  return reply.type('text/html; charset=utf-8').send(html);
}

/**
 * A Fastify instance with Xinwen's HTTP conventions: security headers with a strict CSP,
 * typed errors turned into Chinese error pages (JSON under /api/), and a Chinese 404.
 */
export function createHttpServer(options: HttpServerOptions): FastifyInstance {
  const privatePaths = options.privatePaths ?? null;
  const rewriteUrl = options.rewriteUrl;
  const isPrivate = (request: FastifyRequest) => privatePaths !== null && privatePaths.test(request.url);
  const app = Fastify({
    logger: {
      level: options.logLevel,
      ...(options.logStream && { stream: options.logStream }),
      serializers: {
        // Fastify's own request serializer plus nothing; on private paths, only what cannot identify anyone.
        req: (request: FastifyRequest) =>
          isPrivate(request)
            ? { method: request.method, route: request.routeOptions.url ?? '(private)' }
            : { method: request.method, url: request.url, host: request.host, remoteAddress: request.ip, remotePort: request.socket.remotePort },
      },
    },
    // One log line per request is noise at info level; debug and trace keep them.
    logController: new LogController({ disableRequestLogging: options.logLevel !== 'debug' && options.logLevel !== 'trace' }),
    trustProxy: true,
    ...(options.serverFactory && { serverFactory: options.serverFactory }),
    ...(rewriteUrl && { rewriteUrl: (request: { url?: string }) => rewriteUrl(request.url ?? '/') }),
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
  });
  const csp = [
    "default-src 'self'",
    `script-src 'self' ${(options.scriptSources ?? []).join(' ')}`.trim(),
    "style-src 'self'",
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');

  app.addHook('onSend', async (request, reply, payload) => {
    reply.header('content-security-policy', csp);
    reply.header('x-content-type-options', 'nosniff');
    reply.header('referrer-policy', 'strict-origin-when-cross-origin');
    reply.header('x-frame-options', 'DENY');
    if (isPrivate(request)) {
      reply.header('cache-control', 'no-store');
      reply.header('referrer-policy', 'no-referrer');
      reply.header('cross-origin-opener-policy', 'same-origin');
      reply.header('cross-origin-resource-policy', 'same-origin');
    }
    return payload;
  });

  app.setNotFoundHandler(async (request, reply) => {
    if ((request.method === 'GET' || request.method === 'HEAD') && options.redirectUnmatched && !wantsJson(request)) {
      const location = await options.redirectUnmatched(request);
      if (location) return reply.header('cache-control', 'private, no-store').redirect(location, 302);
    }
    return sendError(request, reply, 404, 'not_found', GENERIC_MESSAGES[404] as string, options.renderErrorPage);
  });

  app.setErrorHandler((error, request, reply) => {
    if (error instanceof AppError) {
      if (error instanceof TooManyRequestsError) reply.header('retry-after', String(error.retryAfterSeconds));
      return sendError(request, reply, error.status, error.code, error.publicMessage, options.renderErrorPage, error.jsonFields());
    }
    const status = typeof (error as { statusCode?: unknown }).statusCode === 'number' ? (error as { statusCode: number }).statusCode : 500;
    if (status >= 400 && status < 500) {
      const message = GENERIC_MESSAGES[status] ?? (GENERIC_MESSAGES[400] as string);
      return sendError(request, reply, status, 'bad_request', message, options.renderErrorPage);
    }
    request.log.error({ err: error }, 'request failed');
    return sendError(request, reply, 500, 'internal', GENERIC_MESSAGES[500] as string, options.renderErrorPage);
  });

  return app;
}
