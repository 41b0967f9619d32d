import type { FastifyRequest } from 'fastify';

/**
 * Whether a browser says this request was made by a page of another origin: fetch metadata
 * (`Sec-Fetch-Site` other than same-origin or none), else an `Origin` naming another host.
 * A client that sends neither is not a browser carrying borrowed cookies; forms that need more
 * pair this with a token.
 */
export function fromOtherOrigin(request: FastifyRequest): boolean {
  const site = request.headers['sec-fetch-site'];
  if (typeof site === 'string') return site !== 'same-origin' && site !== 'none';
  const origin = request.headers.origin;
  if (typeof origin !== 'string' || origin === 'null') return false;
  try {
    return new URL(origin).host !== request.host;
  } catch {
    return true;
  }
}
