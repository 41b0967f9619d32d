import { createServer, type IncomingMessage, type Server, type ServerOptions, type ServerResponse } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyServerFactory } from 'fastify';
import fp from 'fastify-plugin';
import { acceptedEncodings, createPageEntry, encodingFor, matchesEntry, type PageCache, type PageEntry, type PageHeaders } from './page-cache.js';

/** How a route declared a response shared (the same for every reader). */
export interface SharedPage {
  /** Surrogate keys: a purge of any drops the stored page. */
  keys: readonly string[];
  /** Keep it no longer than this (a page showing lists that change with time); default the cache's TTL. */
  maxAgeMs?: number;
}

const sharedPages = new WeakMap<FastifyReply, SharedPage>();

/**
 * Declares the response a shared page: if it ends as a 200 without Set-Cookie, it is stored
 * under these surrogate keys. Routes call it through web/surrogate-keys.ts.
 */
export function markSharedPage(reply: FastifyReply, page: SharedPage): void {
  sharedPages.set(reply, page);
}

/** Whether the route declared the response a shared page (the page cache may keep it). */
export function isSharedPage(reply: FastifyReply): boolean {
  return sharedPages.has(reply);
}

export interface PageCacheHttpOptions {
  cache: PageCache;
  /**
   * The cache key of a request's page, or null when its answer can never come from the cache.
   * It must hold everything the page's bytes depend on besides the data the surrogate keys
   * cover (the address, and whatever else the composition root knows varies).
   */
  keyOf(request: IncomingMessage): string | null | Promise<string | null>;
  /** Clock in epoch milliseconds for entries' creation time (tests); default Date.now. */
  now?: () => number;
}

export interface PageCacheHttp {
  /** Fastify's `serverFactory`: an HTTP server whose listener answers hits before Fastify sees them. */
  serverFactory: FastifyServerFactory<Server>;
  /**
   * Stores misses: register it at the app's root after every plugin whose onSend hook changes
   * a page's bytes or headers (onSend hooks run in registration order), so the entry holds
   * the response exactly as it is sent.
   */
  plugin: (app: FastifyInstance) => Promise<void>;
}

/** A GET on its way through Fastify whose page the cache may keep. */
interface Fill {
  key: string;
  epoch: number;
  /** Lets requests waiting for this page go on (to the entry, or to render it themselves). */
  release(): void;
}

/**
 * The encoding to send an entry in: the best the request accepts among those made. When the
 * best is not made yet, the cache starts making it for the readers after this one.
 */
function encodingOf(cache: PageCache, key: string, entry: PageEntry, request: IncomingMessage) {
  const accepted = acceptedEncodings(request.headers['accept-encoding']);
  const encoding = encodingFor(entry, accepted);
  const best = accepted[0] ?? 'identity';
  if (encoding !== best) cache.encode(key, entry, best);
  return encoding;
}

function send(cache: PageCache, key: string, entry: PageEntry, request: IncomingMessage, response: ServerResponse): void {
  if (matchesEntry(request.headers['if-none-match'], entry)) {
    response.writeHead(304, entry.wireNotModifiedHeaders);
    response.end();
    return;
  }
  const encoding = encodingOf(cache, key, entry, request);
  response.writeHead(200, entry.wireHeaders[encoding] ?? entry.wireHeaders.identity);
  if (request.method === 'HEAD') response.end();
  else response.end(entry.bodies[encoding] ?? entry.bodies.identity);
}

/**
 * The page cache on the HTTP path. A hit is answered in the server's request listener, before
 * Fastify routes the request: the entry's headers (security headers and all) were copied from
 * the response that filled it, so a hit is the same response without the routing, hooks and
 * rendering. A miss goes through Fastify, and its onSend hook stores what the route rendered.
 * Concurrent misses for one page wait for the first one's render instead of rendering it too.
 */
export function createPageCacheHttp({ cache, keyOf, now = Date.now }: PageCacheHttpOptions): PageCacheHttp {
  const fillsInProgress = new Map<string, Promise<void>>();
  const fills = new WeakMap<IncomingMessage, Fill>();

  const startFill = (request: IncomingMessage, response: ServerResponse, key: string) => {
    let release = () => {};
    const done = new Promise<void>((resolve) => {
      release = () => {
        if (fillsInProgress.get(key) === done) fillsInProgress.delete(key);
        resolve();
      };
    });
    fillsInProgress.set(key, done);
    fills.set(request, { key, epoch: cache.epoch(), release });
    // However the request ends (sent, failed, aborted), the waiters go on.
    response.once('close', release);
  };

  /** True when the request was answered from the cache. */
  const answer = async (request: IncomingMessage, response: ServerResponse): Promise<boolean> => {
    const key = await keyOf(request);
    if (key === null) return false;
    let entry = cache.get(key);
    const inProgress = entry ? undefined : fillsInProgress.get(key);
    if (inProgress) {
      // Waits once: if that render was not stored (a 404, a purge meanwhile) this one renders.
      await inProgress;
      entry = cache.get(key);
    } else if (!entry && request.method === 'GET') {
      startFill(request, response, key);
    }
    if (!entry) return false;
    send(cache, key, entry, request, response);
    return true;
  };

  const serverFactory: FastifyServerFactory<Server> = (handler, options) => {
    const server = createServer((options.http ?? {}) as ServerOptions, (request, response) => {
      if (request.method !== 'GET' && request.method !== 'HEAD') return handler(request, response);
      answer(request, response).then(
        (answered) => {
          if (!answered) handler(request, response);
        },
        // The key could not be worked out (the database is away): Fastify answers as it would without a cache.
        () => handler(request, response),
      );
    });
    // What Fastify sets on the server it creates itself.
    if (typeof options.keepAliveTimeout === 'number') server.keepAliveTimeout = options.keepAliveTimeout;
    if (typeof options.requestTimeout === 'number') server.requestTimeout = options.requestTimeout;
    if (typeof options.connectionTimeout === 'number') server.setTimeout(options.connectionTimeout);
    if (typeof options.maxRequestsPerSocket === 'number' && options.maxRequestsPerSocket > 0) server.maxRequestsPerSocket = options.maxRequestsPerSocket;
    return server;
  };

  const store = async (app: FastifyInstance) => {
    app.addHook('onSend', async (request, reply, payload) => {
      const fill = fills.get(request.raw);
      if (!fill) return payload;
      fills.delete(request.raw);
      const shared = sharedPages.get(reply);
      const type = reply.getHeader('content-type');
      const body = typeof payload === 'string' || Buffer.isBuffer(payload) ? payload : null;
      // Only a shared page's 200 is kept; anything that sets a cookie belongs to one reader.
      if (!shared || reply.statusCode !== 200 || reply.hasHeader('set-cookie') || typeof type !== 'string' || body === null) {
        fill.release();
        return payload;
      }
      // The entry holds the bytes as rendered: compressing them here would double a miss's cost
      // (the compressed copies are made in the thread pool once a reader asks for one).
      const entry = createPageEntry({
        body,
        contentType: type,
        keys: shared.keys,
        headers: reply.getHeaders() as PageHeaders,
        createdAt: now(),
        ...(shared.maxAgeMs !== undefined && { maxAgeMs: shared.maxAgeMs }),
      });
      const stored = cache.set(fill.key, entry, fill.epoch);
      fill.release();
      // This reader gets the identity bytes a hit would send, marked as the miss it was.
      for (const [name, value] of Object.entries(entry.headers.identity)) if (name !== 'content-length') reply.header(name, value);
      reply.removeHeader('content-encoding');
      reply.header('x-cache', 'MISS');
      if (stored) encodingOf(cache, fill.key, entry, request.raw);
      if (matchesEntry(request.headers['if-none-match'], entry)) {
        reply.code(304);
        reply.removeHeader('content-type');
        return null;
      }
      return entry.bodies.identity;
    });
  };

  return { serverFactory, plugin: fp(store, { name: 'page-cache' }) };
}
