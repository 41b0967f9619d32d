import type { FastifyRequest } from 'fastify';

/**
 * Every address of the tip channel: the reader pages in either edition (and the unprefixed
 * `/tips`, which redirects), the public API and the newsroom's inbox. The HTTP server logs only
 * the method and route pattern of these and answers them `no-store` with `no-referrer`.
 */
export const TIP_PRIVATE_PATHS = /^(?:\/zh-han[st])?\/tips(?:[/?]|$)|^\/api\/(?:admin\/)?tips(?:[/?]|$)|^\/admin\/tips(?:[/?]|$)/;

// Pages that carry a receipt or decrypted replies: the route converts them to the edition's
// script itself, so the shared conversion cache never holds them.
const convertedByRoute = new WeakSet<FastifyRequest>();

/** Marks the response to `request` as already in its edition's script. */
export function markConvertedByRoute(request: FastifyRequest): void {
  convertedByRoute.add(request);
}

/** Whether the route converted the response itself (the editions hook must leave it alone). */
export function isConvertedByRoute(request: FastifyRequest): boolean {
  return convertedByRoute.has(request);
}
